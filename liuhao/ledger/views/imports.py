"""Web flow of the ledger import: upload → dry-run report → confirm (commit); template download
with the sheets 活动, 出勤, 规划, 结对 … and a 说明 sheet (the shared flow: views/import_flow.py)."""

from __future__ import annotations

from liuhao.ledger.imports import ledger_import_workbook
from liuhao.ledger.imports.columns import SHEETS
from liuhao.ledger.imports.template import TEMPLATE_FILENAME, build_ledger_template
from liuhao.ledger.views.import_flow import ImportFlow

FLOW = ImportFlow(
    namespace="ledger",
    title="台账导入",
    denied="您无权导入工作台账（需要台账登记权限）",
    success="台账导入成功",
    start_template="ledger/import_start.html",
    importer=ledger_import_workbook,
    template=build_ledger_template,
    template_filename=TEMPLATE_FILENAME,
    context={"sheets": SHEETS},
)
import_start, import_commit, import_template = FLOW.views()
