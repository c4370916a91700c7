"""Reads of the service front (服务阵地), scoped to the actor's subtrees (CONVENTIONS B5): lists
filter with `scope_for(actor).q("org__path")`; a record outside the actor's scope answers 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.frontline.rules import frontline_rules
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.choices import MembershipStage, PositionKind
from liuhao.orgs.models import Membership, Organization, Person, Position, subtree_q
from liuhao.orgs.selectors.scope import get_visible_or_404, scope_for
from liuhao.orgs.workdays import WorkdayCalendar

R = TypeVar("R", bound=LedgerRecord)

RELATED: dict[type[LedgerRecord], tuple[str, ...]] = {
    Venue: ("org",),
    Reception: ("org", "representative", "venue"),
    Proposal: ("org", "representative"),
    MemberAffair: ("org", "person"),
    ServiceItem: ("org", "responsible"),
    VanguardPost: ("org",),
    News: ("org",),
}


def _pk(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return -1


def record_list(actor: Any, model: type[R], org: Organization | None = None) -> QuerySet[R]:
    """Records of `model` in the actor's scope (of `org` when given), in the model's order."""
    qs = model._default_manager.filter(scope_for(actor).q("org__path"))  # type: ignore[attr-defined]
    if org is not None:
        qs = qs.filter(org=org)
    qs = qs.select_related(*RELATED[model])
    if model is VanguardPost:
        qs = qs.prefetch_related("members")
    return qs  # type: ignore[no-any-return]


def record_get(actor: Any, model: type[R], pk: int | str) -> R:
    """One record in the actor's scope, else NotFound (404)."""
    qs = model._default_manager.filter(scope_for(actor).q("org__path"))  # type: ignore[attr-defined]
    return get_visible_or_404(  # type: ignore[no-any-return]
        qs.select_related("university", *RELATED[model]), pk=_pk(pk)
    )


@dataclass(frozen=True, slots=True)
class AffairRow:
    affair: MemberAffair
    workdays: int  # working days taken (completed) or elapsed so far (open)
    overdue: bool


def affair_rows(
    affairs: list[MemberAffair], today: dt.date, calendar: WorkdayCalendar | None = None
) -> list[AffairRow]:
    """Member affairs with their working days and the overdue flag (Criterion C10.2): open for more
    than `member_affairs_overdue_workdays` working days (frontline-rules.yaml)."""
    if not affairs:
        return []
    limit = frontline_rules().member_affairs_overdue_workdays
    calendar = calendar or WorkdayCalendar.load(start=min(a.received_on for a in affairs))
    rows = []
    for a in affairs:
        days = calendar.workdays_between(a.received_on, a.completed_on or today)
        rows.append(AffairRow(a, days, a.completed_on is None and days > limit))
    return rows


def public_items(org: Organization, today: dt.date) -> tuple[list[ServiceItem], list[News]]:
    """What an org publishes (no personal data beyond the responsible person's name): its service
    items in force and its latest news (Criteria C11.1, C12.1). Not scoped: a public page."""
    items = list(
        ServiceItem.objects.filter(org=org, published_on__lte=today)
        .exclude(withdrawn_on__lte=today)
        .select_related("responsible")
        .order_by("name")
    )
    news = list(
        News.objects.filter(org=org, published_on__lte=today).order_by("-published_on")[:20]
    )
    return items, news


def representatives_of(org: Organization, on: dt.date) -> QuerySet[Person]:
    """Persons holding a party-representative post in `org`'s subtree on `on` (form choices)."""
    posts = Position.objects.filter(
        subtree_q(org.path, "org__path"),
        Q(ended_on__isnull=True) | Q(ended_on__gte=on),
        kind=PositionKind.REPRESENTATIVE,
        started_on__lte=on,
    ).values("person_id")
    return Person.objects.filter(pk__in=posts).order_by("name_pinyin", "pk")


def members_of(org: Organization, on: dt.date, *, former: bool = False) -> QuerySet[Person]:
    """Full and probationary members of `org`'s subtree on `on` (with `former`, also those whose
    membership there has ended: a transfer out is a member-affairs service)."""
    qs = Membership.objects.filter(subtree_q(org.path, "org__path"))
    if not former:
        qs = qs.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on),
            stage__in=(MembershipStage.PROBATIONARY, MembershipStage.FULL),
        )
    return Person.objects.filter(pk__in=qs.values("person_id")).order_by("name_pinyin", "pk")


def venues_of(org: Organization) -> QuerySet[Venue]:
    return Venue.objects.filter(org=org).order_by("-opened_on", "-id")
