"""Excel (.xlsx) import of the service-front records (服务阵地, Criteria C05, C10, C11, C12.1):
sheets 活动场所, 驻室接待, 提案建议, 党员事务, 服务事项, 党员先锋岗, 动态通知.

Built on the ledger import's machinery (itself on the roster import's): columns.py (the sheets),
sheets.py (validation against preloaded data and bulk writes), service.py (dry run and
all-or-nothing commit), template.py (the downloadable template).
"""

from __future__ import annotations

from liuhao.frontline.imports.service import frontline_import_workbook

__all__ = ["frontline_import_workbook"]
