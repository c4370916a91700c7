"""Web flow of the governance import (criteria C08, C09): upload → dry-run report → confirm;
template download with the sheets 经费, 换届, 关怀帮扶, 表彰, 评议, 定级, 述职, 党性分析 and a
说明 sheet (the shared flow: ledger/views/import_flow.py)."""

from __future__ import annotations

from liuhao.governance.imports import governance_import_workbook
from liuhao.governance.imports.columns import SHEETS
from liuhao.governance.imports.template import TEMPLATE_FILENAME, build_governance_template
from liuhao.ledger.views.import_flow import ImportFlow

FLOW = ImportFlow(
    namespace="governance",
    title="保障激励与考核评议导入",
    denied="您无权导入工作台账（需要台账登记权限）",
    success="导入成功",
    start_template="governance/import_start.html",
    importer=governance_import_workbook,
    template=build_governance_template,
    template_filename=TEMPLATE_FILENAME,
    context={"sheets": SHEETS},
)
import_start, import_commit, import_template = FLOW.views()
