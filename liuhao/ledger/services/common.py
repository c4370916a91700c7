"""Helpers shared by the ledger services: the permission check and the record's audit scope."""

from __future__ import annotations

from typing import Any

from liuhao.core.exceptions import NotPermitted
from liuhao.ledger.permissions import can_record_ledger
from liuhao.orgs.models import Organization
from liuhao.orgs.services.common import require, scope_of, validate

__all__ = [
    "check_can_record",
    "entered_by",
    "require",
    "scope_of",
    "university_id_of",
    "validate",
]


def check_can_record(
    actor: Any, org: Organization, message: str = "您无权登记该组织的工作台账"
) -> None:
    if not can_record_ledger(actor, org):
        raise NotPermitted(message)


def entered_by(actor: Any) -> Any:
    """The user to store as `entered_by` (None for system writes and anonymous actors)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def university_id_of(org: Organization) -> int:
    """The university of `org` (a university committee is its own university)."""
    return int(org.university_id or org.pk)
