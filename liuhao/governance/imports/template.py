"""The downloadable governance import template: a 说明 sheet and the eight data sheets."""

from __future__ import annotations

from liuhao.governance.imports.columns import SHEETS
from liuhao.orgs.imports.template import build_template

TEMPLATE_FILENAME = "六好-保障激励与考核评议导入模板.xlsx"

GUIDE = [
    "六好平台 · 保障激励与考核评议导入模板使用说明",
    "",
    "1. 本文件包含“经费”“换届”“关怀帮扶”“表彰”“评议”“定级”“述职”“党性分析”八个数据工作表，可以只保留需要的工作表；本“说明”工作表导入时会被忽略。",
    "2. 第 1 行是表头，请不要修改列名；可以删除选填列。把鼠标放在表头上可以看到每列的填写说明；粉色表头为必填列。",
    "3. 重复导入时按键更新：经费按（组织代码、拨付日期、经费来源），换届按（组织代码、选举日期），关怀帮扶按（组织代码、帮扶日期、帮扶内容），表彰按（组织代码、表彰日期、名称），述职按（组织代码、述职日期、述职人），党性分析按（组织代码、分析日期、工号/学号）。内容没有变化的行不会被修改。",
    "4. “评议”表每名党员一行、“定级”表每个下级组织一行，按（组织代码、年度）组成一轮；已登记的轮次请在网页上修改。“优秀”不超过参评人数的1/3。",
    "5. 日期不能晚于今天；金额不能为负数；任期须为规定年限（院系党委5年，党总支、党支部3年）；述职人须是该组织的班子成员，参加评议人数不超过应参加人数，各等次人数之和等于参加评议人数。",
    "6. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。",
    "",
    "各工作表：",
]


def build_governance_template() -> bytes:
    """The governance template workbook as .xlsx bytes."""
    return build_template(SHEETS, GUIDE)
