"""Excel (.xlsx) import of the ledger (台账): sheets 活动, 出勤, 决议, 规划, 结对, 走访, 任务, 党务公开,
服务记录 (issue 3 item 10, issue 4).

Built on the roster import's machinery in orgs/imports (streaming reader, cell parsers, header
binding, issue list and report, the sheet row loop, staging and the template builder): columns.py
(the sheets), sheets/ (validation and writes per sheet), service.py (dry run and
all-or-nothing commit), template.py (the downloadable template).
"""

from __future__ import annotations

from liuhao.ledger.imports.service import ledger_import_universities, ledger_import_workbook

__all__ = ["ledger_import_universities", "ledger_import_workbook"]
