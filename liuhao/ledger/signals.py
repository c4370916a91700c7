"""The post_delete hook that removes the generic attachment links of a deleted ledger record.

Activities, plan documents and tasks hold their attachments through foreign keys (the database
cascades); every other ledger record (a reception, an election, an achievement …) is linked through
`Attachment.record_type/record_id`, which no database constraint can cascade, so the ledger app
connects this receiver to each concrete ledger record model when the apps are ready.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete

from liuhao.ledger.models import Activity, Attachment, PlanDocument, Task
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.services.documents import attachments_drop_for

_OWN_KEYS = (Activity, PlanDocument, Task, Attachment)


def _drop_attachments(sender: type[LedgerRecord], instance: LedgerRecord, **kwargs: Any) -> None:
    attachments_drop_for(instance)


def connect() -> None:
    """Connect the receiver to every concrete ledger record model of every installed app (a
    receiver per model rather than for all senders keeps Django's fast delete for the rest)."""
    for model in apps.get_models():
        if issubclass(model, LedgerRecord) and not issubclass(model, _OWN_KEYS):
            post_delete.connect(
                _drop_attachments, sender=model, dispatch_uid=f"attachments:{model._meta.label}"
            )
