"""The downloadable ledger import template: a 说明 sheet and the sheets 活动, 出勤, 规划, 结对, built by
the roster import's template builder (header comments, shaded required columns, drop-downs)."""

from __future__ import annotations

from liuhao.ledger.imports.columns import SHEETS
from liuhao.orgs.imports.template import build_template

TEMPLATE_FILENAME = "六好-台账导入模板.xlsx"

GUIDE = [
    "六好平台 · 工作台账导入模板使用说明",
    "",
    "1. 本文件包含“活动”“出勤”“规划”“结对”四个数据工作表，可以只保留需要的工作表；本“说明”工作表导入时会被忽略。",
    "2. 导入顺序为 活动 → 出勤 → 规划 → 结对，“出勤”表可以引用本文件“活动”表中新增的活动。",
    "3. 第 1 行是表头，请不要修改列名；可以删除选填列。把鼠标放在表头上可以看到每列的填写说明；粉色表头为必填列。",
    "4. 重复导入时按键更新：活动按（组织代码、活动日期、活动类型、主题），出勤按（活动、工号/学号），规划按（组织代码、文件类型、标题、生效日期），结对按（组织代码、班子成员工号、服务对象工号/学号、开始日期）。内容没有变化的行不会被修改。",
    "5. 只需填写必填列：台账只登记已经开展的活动，不要求上传照片等佐证材料。",
    "6. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。",
    "7. 只能导入您有权登记台账的组织；出勤人员须是该组织在活动当天的在册党员或班子成员。",
    "",
    "各工作表：",
]


def build_ledger_template() -> bytes:
    """The ledger template workbook as .xlsx bytes."""
    return build_template(SHEETS, GUIDE)
