"""The downloadable achievements import template: a 说明 sheet and the five data sheets."""

from __future__ import annotations

from liuhao.achievements.imports.columns import SHEETS
from liuhao.orgs.imports.template import build_template

TEMPLATE_FILENAME = "六好-承诺践诺与成果导入模板.xlsx"

GUIDE = [
    "六好平台 · 承诺践诺与成果导入模板使用说明",
    "",
    "1. 本文件包含“承诺践诺”“工作成果”“研究与实践成果”“服务品牌”“品牌历程”五个数据工作表，可以只保留需要的工作表；本“说明”工作表导入时会被忽略。",
    "2. 第 1 行是表头，请不要修改列名；可以删除选填列（删除的列在更新时保持原值）。把鼠标放在表头上可以看到每列的填写说明；粉色表头为必填列。",
    "3. 重复导入时按键更新：承诺践诺按（党员、学年），工作成果按（组织代码、成果类别、成果名称、取得日期），研究与实践成果按（组织代码、成果类型、成果名称、形成日期），服务品牌按（组织代码、品牌名称）。内容没有变化的行不会被修改。",
    "4. 日期不能晚于今天；践诺报告日期、评议日期不能早于承诺日期；评议得分 0–100，填写得分时须填写评议日期；停用日期不能早于创立日期；品牌历程的日期须在品牌创立之后、停用之前。",
    "5. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。只能导入您有权登记的组织；不要求上传照片等佐证材料。",
    "",
    "各工作表：",
]


def build_achievements_template() -> bytes:
    """The achievements template workbook as .xlsx bytes."""
    return build_template(SHEETS, GUIDE)
