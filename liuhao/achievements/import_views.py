"""Web flow of the achievements import (Criteria C14.2, C16.1, C17.1): upload → dry-run report →
confirm; template download with the sheets 承诺践诺, 工作成果, 研究与实践成果, 服务品牌, 品牌历程 and a
说明 sheet (the shared flow: ledger/views/import_flow.py)."""

from __future__ import annotations

from liuhao.achievements.imports import (
    SHEETS,
    TEMPLATE_FILENAME,
    achievements_import_workbook,
    build_achievements_template,
)
from liuhao.ledger.views.import_flow import ImportFlow

FLOW = ImportFlow(
    namespace="achievements",
    title="承诺践诺与成果导入",
    denied="您无权导入承诺践诺与成果（需要台账登记权限）",
    success="导入成功",
    start_template="achievements/import_start.html",
    importer=achievements_import_workbook,
    template=build_achievements_template,
    template_filename=TEMPLATE_FILENAME,
    context={"sheets": SHEETS},
)
import_start, import_commit, import_template = FLOW.views()
