"""Web flow of the development case import: upload → dry-run report → confirm; template download
with the 发展党员 sheet and a 说明 sheet (the shared flow: ledger/views/import_flow.py)."""

from __future__ import annotations

from liuhao.development.imports import (
    SPEC,
    TEMPLATE_FILENAME,
    build_case_template,
    case_import_workbook,
)
from liuhao.ledger.views.import_flow import ImportFlow

FLOW = ImportFlow(
    namespace="development",
    title="发展党员导入",
    denied="您无权导入发展党员档案（需要台账登记权限）",
    success="发展党员导入成功",
    start_template="development/import_start.html",
    importer=case_import_workbook,
    template=build_case_template,
    template_filename=TEMPLATE_FILENAME,
    context={"spec": SPEC},
)
import_start, import_commit, import_template = FLOW.views()
