"""Excel (.xlsx) import of orgs, persons, memberships and positions (issue 2, item 8).

Layout: columns.py (the four sheets), cells.py (cell parsers), reader.py (safe opening, headers),
sheets/ (validation and bulk writes per sheet), service.py (dry run and all-or-nothing commit),
template.py (the downloadable template), staging.py (uploads kept between dry run and commit).
"""

from __future__ import annotations

from liuhao.orgs.imports.errors import ImportRejected, Issue
from liuhao.orgs.imports.report import ImportReport, SheetSummary
from liuhao.orgs.imports.service import import_universities, import_workbook

__all__ = [
    "ImportRejected",
    "ImportReport",
    "Issue",
    "SheetSummary",
    "import_universities",
    "import_workbook",
]
