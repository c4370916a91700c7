"""The ledger sheets (validation and writes), processed in SHEETS order."""

from __future__ import annotations

from liuhao.ledger.imports.columns import (
    ACTIVITY_SPEC,
    ATTENDANCE_SPEC,
    DECISION_SPEC,
    DISCLOSURE_SPEC,
    PAIR_SPEC,
    PLAN_SPEC,
    SERVICE_SPEC,
    TASK_SPEC,
    VISIT_SPEC,
)
from liuhao.ledger.imports.sheets.activities import ActivitySheet, AttendanceSheet, DecisionSheet
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.ledger.imports.sheets.documents import PairSheet, PlanSheet, VisitSheet
from liuhao.ledger.imports.sheets.work import DisclosureSheet, ServiceSheet, TaskSheet

HANDLERS: dict[str, type[LedgerSheet]] = {
    ACTIVITY_SPEC.name: ActivitySheet,
    ATTENDANCE_SPEC.name: AttendanceSheet,
    DECISION_SPEC.name: DecisionSheet,
    PLAN_SPEC.name: PlanSheet,
    PAIR_SPEC.name: PairSheet,
    VISIT_SPEC.name: VisitSheet,
    TASK_SPEC.name: TaskSheet,
    DISCLOSURE_SPEC.name: DisclosureSheet,
    SERVICE_SPEC.name: ServiceSheet,
}

__all__ = ["HANDLERS", "LedgerData", "LedgerSheet"]
