"""Excel (.xlsx) import of commitments (C14.2), achievements (C16.1), outputs, service brands and
their history (C17.1), on the roster and ledger imports' machinery: columns.py (the sheets),
sheets.py (set-based validation and bulk writes), service.py (dry run and all-or-nothing commit),
template.py (the downloadable template). The web flow is the shared ImportFlow."""

from __future__ import annotations

from liuhao.achievements.imports.columns import SHEET_NAMES, SHEETS
from liuhao.achievements.imports.service import achievements_import_workbook
from liuhao.achievements.imports.template import TEMPLATE_FILENAME, build_achievements_template

__all__ = [
    "SHEETS",
    "SHEET_NAMES",
    "TEMPLATE_FILENAME",
    "achievements_import_workbook",
    "build_achievements_template",
]
