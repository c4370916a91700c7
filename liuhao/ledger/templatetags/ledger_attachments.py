"""`{% attachments_section record %}`: the attachments card of any ledger record's detail page.

Lists the record's attachments (one query) with their sha256 and size, and, for those who may
record the org's ledger, an optional upload form and delete buttons (issue 4: attachments with
sha256 for every record type; always optional, DESIGN §8).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.rules import ledger_rules
from liuhao.ledger.selectors import attachments_of, record_kind

register = template.Library()


@register.inclusion_tag("ledger/attachments_section.html", takes_context=True)
def attachments_section(context: Any, record: LedgerRecord) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "record": record,
        "kind": record_kind(record),
        "attachments": list(attachments_of(record)),
        "can_record": bool(user is not None and can_record_ledger(user, record.org)),
        "next": request.get_full_path() if request is not None else "",
        "accept": ",".join(ledger_rules().attachment_types),
        "limit_mb": int(settings.LEDGER_ATTACHMENT_MAX_BYTES) // (1024 * 1024),
        "csrf_token": context.get("csrf_token"),
    }
