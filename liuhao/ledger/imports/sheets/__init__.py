"""The ledger sheets (validation and writes), processed in SHEETS order."""

from __future__ import annotations

from liuhao.ledger.imports.columns import (
    ACTIVITY_SPEC,
    ATTENDANCE_SPEC,
    DISCLOSURE_SPEC,
    PAIR_SPEC,
    PLAN_SPEC,
    SERVICE_SPEC,
    TASK_SPEC,
)
from liuhao.ledger.imports.sheets.activities import ActivitySheet, AttendanceSheet
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.ledger.imports.sheets.documents import PairSheet, PlanSheet
from liuhao.ledger.imports.sheets.work import DisclosureSheet, ServiceSheet, TaskSheet

HANDLERS: dict[str, type[LedgerSheet]] = {
    ACTIVITY_SPEC.name: ActivitySheet,
    ATTENDANCE_SPEC.name: AttendanceSheet,
    PLAN_SPEC.name: PlanSheet,
    PAIR_SPEC.name: PairSheet,
    TASK_SPEC.name: TaskSheet,
    DISCLOSURE_SPEC.name: DisclosureSheet,
    SERVICE_SPEC.name: ServiceSheet,
}

__all__ = ["HANDLERS", "LedgerData", "LedgerSheet"]
