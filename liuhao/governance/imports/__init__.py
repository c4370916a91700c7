"""Excel (.xlsx) import of the governance records: sheets 经费, 换届, 关怀帮扶, 表彰, 评议, 定级,
述职 and 党性分析 (criteria C08, C09), on the roster and ledger imports' machinery: columns.py, sheets.py,
service.py (dry run and all-or-nothing commit), template.py (the downloadable template)."""

from __future__ import annotations

from liuhao.governance.imports.service import governance_import_workbook

__all__ = ["governance_import_workbook"]
