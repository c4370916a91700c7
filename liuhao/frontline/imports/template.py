"""The downloadable service-front import template: a 说明 sheet and the seven data sheets, built by
the roster import's template builder (header comments, shaded required columns, drop-downs)."""

from __future__ import annotations

from liuhao.frontline.imports.columns import SHEETS
from liuhao.orgs.imports.template import build_template

TEMPLATE_FILENAME = "六好-服务阵地导入模板.xlsx"

GUIDE = [
    "六好平台 · 服务阵地台账导入模板使用说明",
    "",
    "1. 本文件包含“活动场所”“驻室接待”“提案建议”“党员事务”“服务事项”“党员先锋岗”“动态通知”七个数据工作表，可以只保留需要的工作表；本“说明”工作表导入时会被忽略。",
    "2. 导入顺序同上，“驻室接待”表的接待场所可以引用本文件“活动场所”表中新增的场所。",
    "3. 第 1 行是表头，请不要修改列名；可以删除选填列。把鼠标放在表头上可以看到每列的填写说明；粉色表头为必填列。",
    "4. 重复导入时按键更新：场所按（组织代码、场所名称），驻室接待按（组织代码、党代表工号、接待日期），提案建议按（组织代码、党代表工号、标题、提交日期），党员事务按（组织代码、事务类型、办理对象工号、受理日期），服务事项按（组织代码、服务事项、公开日期），先锋岗按（组织代码、名称、设立日期），动态通知按（组织代码、标题、发布日期）。内容没有变化的行不会被修改。",
    "5. 已经发生的事项（提交、答复、受理、办结、发布）日期不能晚于今天；结束日期不能早于开始日期；党代表须在当天担任党代表，先锋岗党员须是该组织的党员。",
    "6. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。",
    "7. 只能导入您有权登记台账的组织。",
    "",
    "各工作表：",
]


def build_frontline_template() -> bytes:
    """The service-front template workbook as .xlsx bytes."""
    return build_template(SHEETS, GUIDE)
