"""The four ledger sheets (validation and writes), processed in SHEETS order."""

from __future__ import annotations

from liuhao.ledger.imports.columns import ACTIVITY_SPEC, ATTENDANCE_SPEC, PAIR_SPEC, PLAN_SPEC
from liuhao.ledger.imports.sheets.activities import ActivitySheet, AttendanceSheet
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.ledger.imports.sheets.documents import PairSheet, PlanSheet

HANDLERS: dict[str, type[LedgerSheet]] = {
    ACTIVITY_SPEC.name: ActivitySheet,
    ATTENDANCE_SPEC.name: AttendanceSheet,
    PLAN_SPEC.name: PlanSheet,
    PAIR_SPEC.name: PairSheet,
}

__all__ = ["HANDLERS", "LedgerData", "LedgerSheet"]
