"""Capability checks: `can_<verb>_<entity>(actor, obj) -> bool` (CONVENTIONS B3)."""

from __future__ import annotations

from typing import Any

from liuhao.core.roles import Capability
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for


def can_view_org(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.VIEW_ORG, org)


def can_manage_org(actor: Any, org: Organization) -> bool:
    """Create children under, edit, move or dissolve `org` (checked on the org and its new parent)."""
    return scope_for(actor).can(Capability.MANAGE_ORG, org)


def can_create_university(actor: Any) -> bool:
    return scope_for(actor).is_province


def can_view_people(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.VIEW_PEOPLE, org)


def can_manage_people(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.MANAGE_PEOPLE, org)


def can_import(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.IMPORT, org)


def can_view_audit(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.VIEW_AUDIT, org)
