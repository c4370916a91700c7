"""Writes to the ledger: atomic, permission-checked, validated and audited (CONVENTIONS B3)."""

from liuhao.ledger.services.activities import (
    activity_delete,
    activity_record,
    activity_update,
    attendance_all_present,
    attendance_set,
    decision_record,
)
from liuhao.ledger.services.contacts import (
    contact_pair_create,
    contact_pair_end,
    contact_visit_record,
)
from liuhao.ledger.services.documents import (
    attachment_add,
    attachment_delete,
    attachments_add,
    attachments_drop_for,
    plan_record,
    plan_update,
)
from liuhao.ledger.services.work import (
    disclosure_create,
    disclosure_delete,
    disclosure_update,
    service_record_delete,
    service_record_update,
    service_records_create,
    task_create,
    task_delete,
    task_update,
)

__all__ = [
    "activity_delete",
    "activity_record",
    "activity_update",
    "attachment_add",
    "attachment_delete",
    "attachments_add",
    "attachments_drop_for",
    "attendance_all_present",
    "attendance_set",
    "contact_pair_create",
    "contact_pair_end",
    "contact_visit_record",
    "decision_record",
    "disclosure_create",
    "disclosure_delete",
    "disclosure_update",
    "plan_record",
    "plan_update",
    "service_record_delete",
    "service_record_update",
    "service_records_create",
    "task_create",
    "task_delete",
    "task_update",
]
