"""The downloadable import template: a 说明 sheet (ignored on import) and the four data sheets.

Headers are the Chinese column names; each header cell carries a comment describing what to enter,
required columns are shaded, and choice and 是/否 columns get drop-down lists of the Chinese labels
(a warning, not a hard stop, so pasted code values are still accepted). There are no example rows.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from liuhao.orgs.imports.columns import GUIDE_SHEET, SHEETS, Column, SheetSpec

TEMPLATE_FILENAME = "六好-导入模板.xlsx"
VALIDATION_ROWS = 200_000  # drop-downs cover this many data rows
REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")
OPTIONAL_FILL = PatternFill("solid", fgColor="EEF2F7")
AUTHOR = "六好平台"

GUIDE = [
    "六好平台 · 数据导入模板使用说明",
    "",
    "1. 本文件包含“组织”“人员”“党员身份”“职务”四个数据工作表，可以只保留需要的工作表；本“说明”工作表导入时会被忽略。",
    "2. 导入顺序为 组织 → 人员 → 党员身份 → 职务，后面的工作表可以引用前面工作表中新增的组织和人员。",
    "3. 第 1 行是表头，请不要修改列名；可以删除选填列，但不能增加其他列。把鼠标放在表头上可以看到每列的填写说明；粉色表头为必填列。",
    "4. 重复导入时按键更新：组织按“组织代码”，人员按本校内的“工号/学号”，党员身份按人员（每人一条在册记录），职务按（工号/学号、任职组织代码、职务、任职开始日期）。内容没有变化的行不会被修改。",
    "5. 日期可以是 Excel 日期，也可以写成 2001-09-01、2001/09/01 或 2001.09.01；是/否 列填“是”或“否”；下拉列可填中文名称。",
    "6. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。",
    "7. 只能导入您所管理高校的数据；组织代码、上级组织代码必须是本校已有的组织或本文件中的组织。",
    "",
    "各工作表：",
]


def _drop_down(column: Column) -> DataValidation | None:
    if column.kind == "bool":
        options = ["是", "否"]
    elif column.kind == "choice" and column.choices is not None:
        options = [str(label) for label in column.choices.labels]
    else:
        return None
    return DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="请从下拉列表中选择",
        error=f"“{column.header}”可选：{'、'.join(options)}",
    )


def build_template(
    sheets: tuple[SheetSpec, ...] = SHEETS, guide_lines: list[str] | None = None
) -> bytes:
    """The template workbook as .xlsx bytes (the roster's sheets by default; the ledger import
    passes its own sheets and guide)."""
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    lines = [*(GUIDE if guide_lines is None else guide_lines)]
    for spec in sheets:
        required = "、".join(c.header for c in spec.columns if c.required)
        lines.append(f"· {spec.name}：{spec.description}必填列：{required}。")
    for index, line in enumerate(lines, start=1):
        cell = guide.cell(row=index, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120

    for spec in sheets:
        sheet = workbook.create_sheet(spec.name)
        for position, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(position)
            cell = sheet.cell(row=1, column=position, value=column.header)
            cell.font = Font(bold=True)
            cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
            comment = Comment(column.template_note(), AUTHOR)
            comment.width, comment.height = 260, 120
            cell.comment = comment
            sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
            if column.kind == "date":
                sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
            elif column.kind == "text":
                sheet.column_dimensions[letter].number_format = "@"  # keep leading zeros of numbers
            validation = _drop_down(column)
            if validation is not None:
                validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
