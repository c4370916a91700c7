"""The downloadable ledger import template: a 说明 sheet and the nine data sheets (活动, 出勤, 决议, 规划,
结对, 走访, 任务, 党务公开, 服务记录), built by the roster import's template builder (header comments,
shaded required columns, drop-downs)."""

from __future__ import annotations

from liuhao.ledger.imports.columns import SHEETS
from liuhao.orgs.imports.template import build_template

TEMPLATE_FILENAME = "六好-台账导入模板.xlsx"

GUIDE = [
    "六好平台 · 工作台账导入模板使用说明",
    "",
    "1. 本文件包含“活动”“出勤”“决议”“规划”“结对”“走访”“任务”“党务公开”“服务记录”九个数据工作表，可以只保留需要的工作表；本“说明”工作表导入时会被忽略。",
    "2. 导入顺序同上，“出勤”“决议”表可以引用本文件“活动”表中新增的活动；决议只能登记在“决策会议”填“是”的支委会/党委会或党员大会上。",
    "3. 第 1 行是表头，请不要修改列名；可以删除选填列。把鼠标放在表头上可以看到每列的填写说明；粉色表头为必填列。",
    "4. 重复导入时按键更新：活动按（组织代码、活动日期、活动类型、主题），出勤按（活动、工号/学号），决议按（活动、决议内容），规划按（组织代码、文件类型、标题、生效日期），结对按（组织代码、班子成员工号、服务对象工号/学号、开始日期），走访按（组织代码、班子成员工号、走访日期、主题），任务按（组织代码、任务名称、布置日期），党务公开按（组织代码、公开事项、公开日期），服务记录按（组织代码、工号/学号、服务日期、服务类型）。内容没有变化的行不会被修改。",
    "5. 只需填写必填列：台账只登记已经开展的活动，不要求上传照片等佐证材料。",
    "6. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。",
    "7. 只能导入您有权登记台账的组织；出勤人员须是该组织在活动当天的在册党员或班子成员；实到人数不能多于应到人数；已经发生的事项日期不能晚于今天。",
    "",
    "各工作表：",
]


def build_ledger_template() -> bytes:
    """The ledger template workbook as .xlsx bytes."""
    return build_template(SHEETS, GUIDE)
