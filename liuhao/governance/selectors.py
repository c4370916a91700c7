"""Reads of the governance records, scoped to the actor's subtrees (CONVENTIONS B5; out of scope →
404), and the rosters the services check against (full members, gradable sub-orgs)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet

from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.orgs.choices import MembershipStage, OrgKind
from liuhao.orgs.models import Membership, Organization, subtree_q
from liuhao.orgs.selectors.scope import get_visible_or_404, scope_for

M = TypeVar("M", bound=models.Model)

# entity name (API path and URL name) → model
ENTITIES: dict[str, type[models.Model]] = {
    "funding": Funding,
    "election": Election,
    "care": CareRecord,
    "commendation": Commendation,
    "report": LeaderReport,
    "grading": OrgGrading,
    "evaluation": MemberEvaluation,
    "spirit": SpiritAnalysis,
}


def _pk(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return -1


def record_list(actor: Any, model: type[M], org: Organization | None = None) -> QuerySet[M]:
    """Records of `model` in the actor's scope (of `org` only, when given), newest first."""
    qs = model._default_manager.filter(scope_for(actor).q("org__path"))  # type: ignore[misc]
    if org is not None:
        qs = qs.filter(org=org)
    return qs.select_related("org")  # type: ignore[no-any-return]


def record_get(actor: Any, model: type[M], pk: int | str) -> M:
    """One record in the actor's scope, else NotFound (404)."""
    qs = model._default_manager.filter(scope_for(actor).q("org__path")).select_related("org")
    return get_visible_or_404(qs, pk=_pk(pk))  # type: ignore[no-any-return]


def current_election(org: Organization, on: dt.date) -> Election | None:
    """The latest election of the org on or before `on` (no actor: callers checked the org)."""
    return (
        Election.objects.filter(org=org, elected_on__lte=on).order_by("-elected_on", "-id").first()
    )


# ---- rosters (no actor: the services call these after their own permission check) --------------


def full_member_ids(org: Organization, on: dt.date) -> set[int]:
    """Full members (正式党员) of the org's subtree on `on`: those 民主评议 grades."""
    return set(
        Membership.objects.filter(subtree_q(org.path, "org__path"), stage=MembershipStage.FULL)
        .active_on(on)
        .values_list("person_id", flat=True)
    )


def full_members(org: Organization, on: dt.date) -> list[Any]:
    """The full members of the org on `on` with their persons, by number (the 民主评议 list)."""
    rows = (
        Membership.objects.filter(subtree_q(org.path, "org__path"), stage=MembershipStage.FULL)
        .active_on(on)
        .select_related("person")
        .order_by("person__number")
    )
    seen: dict[int, Any] = {}
    for row in rows:
        seen.setdefault(row.person_id, row.person)
    return list(seen.values())


def gradable_sub_orgs(org: Organization) -> list[Organization]:
    """The org's direct active sub-organizations that 分类定级 grades (Party groups are not)."""
    return list(
        Organization.objects.active()
        .filter(parent=org)
        .exclude(kind=OrgKind.GROUP)
        .order_by("path")
    )
