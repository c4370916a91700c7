"""Capability checks for the ledger: `can_<verb>_<entity>(actor, obj) -> bool` (CONVENTIONS B3)."""

from __future__ import annotations

from typing import Any

from liuhao.core.roles import Capability
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for


def can_view_ledger(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.VIEW_ORG, org)


def can_record_ledger(actor: Any, org: Organization) -> bool:
    """Record, edit or delete the ledger of `org`: its secretary or committee member (or a level
    above: a college secretary for its branches, the university and province admins)."""
    return scope_for(actor).can(Capability.RECORD_LEDGER, org)
