"""Reads of the achievements app, scoped to the actor's subtrees (CONVENTIONS B5): lists filter with
`scope_for(actor).q("org__path")`; a record outside the scope answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ReviewRating,
    ServiceBrand,
)
from liuhao.ledger.selectors import member_person_ids
from liuhao.orgs.models import Organization, Person, subtree_q
from liuhao.orgs.periods import Period
from liuhao.orgs.selectors.scope import get_visible_or_404, scope_for


def _pk(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return -1


def _scoped(qs: QuerySet[Any], actor: Any) -> QuerySet[Any]:
    return qs.filter(scope_for(actor).q("org__path"))


def _get(actor: Any, qs: QuerySet[Any], pk: int | str) -> Any:
    return get_visible_or_404(_scoped(qs, actor), pk=_pk(pk))


def commitment_list(
    actor: Any, org: Organization | None = None, *, year: Period | None = None
) -> QuerySet[Commitment]:
    """Commitments in `org`'s subtree (C14.2), of the academic year if given."""
    qs = _scoped(Commitment.objects.all(), actor)
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org__path"))
    if year is not None:
        qs = qs.filter(committed_on__range=(year.start, year.end))
    return qs.select_related("org", "person").order_by("org__path", "person__number", "id")


def commitment_get(actor: Any, pk: int | str) -> Commitment:
    return _get(actor, Commitment.objects.select_related("org", "person"), pk)  # type: ignore[no-any-return]


def commitment_roster(
    actor: Any, org: Organization, year: Period, on: dt.date
) -> list[tuple[Person, Commitment | None]]:
    """The org's full and probationary members on `on` with their commitment of the year (or None):
    the 承诺践诺 page and its one-form bulk entry (C14.2). Two queries after the scope check."""
    org = get_visible_or_404(Organization.objects.filter(scope_for(actor).q()), pk=org.pk)
    ids = member_person_ids(org, on)
    by_person = {c.person_id: c for c in commitment_list(actor, org, year=year)}
    people = Person.objects.filter(pk__in=ids).order_by("number")
    return [(p, by_person.get(p.pk)) for p in people]


def achievement_list(actor: Any, org: Organization | None = None) -> QuerySet[Achievement]:
    qs = _scoped(Achievement.objects.all(), actor)
    if org is not None:
        qs = qs.filter(org=org)
    return qs.select_related("org").order_by("-achieved_on", "-id")


def achievement_get(actor: Any, pk: int | str) -> Achievement:
    return _get(actor, Achievement.objects.select_related("org"), pk)  # type: ignore[no-any-return]


def output_list(actor: Any, org: Organization | None = None) -> QuerySet[Output]:
    qs = _scoped(Output.objects.all(), actor)
    if org is not None:
        qs = qs.filter(org=org)
    return qs.select_related("org").order_by("-published_on", "-id")


def output_get(actor: Any, pk: int | str) -> Output:
    return _get(actor, Output.objects.select_related("org"), pk)  # type: ignore[no-any-return]


def brand_list(actor: Any, org: Organization | None = None) -> QuerySet[ServiceBrand]:
    qs = _scoped(ServiceBrand.objects.all(), actor)
    if org is not None:
        qs = qs.filter(org=org)
    return qs.select_related("org").order_by("founded_on", "id")


def brand_get(actor: Any, pk: int | str) -> ServiceBrand:
    return _get(actor, ServiceBrand.objects.select_related("org"), pk)  # type: ignore[no-any-return]


def brand_event_get(actor: Any, pk: int | str) -> BrandEvent:
    return _get(actor, BrandEvent.objects.select_related("org", "brand", "brand__org"), pk)  # type: ignore[no-any-return]


def rating_get(actor: Any, pk: int | str) -> ReviewRating:
    """One reviewer rating of an org the actor sees, else 404."""
    return _get(actor, ReviewRating.objects.select_related("org"), pk)  # type: ignore[no-any-return]


def brand_events(actor: Any, brand: ServiceBrand) -> QuerySet[BrandEvent]:
    brand = brand_get(actor, brand.pk)
    return BrandEvent.objects.filter(brand=brand).order_by("-happened_on", "-id")


def rating_list(
    actor: Any, org: Organization, period_code: str | None = None
) -> QuerySet[ReviewRating]:
    """Reviewer ratings of `org` (visible to whoever sees the org)."""
    org = get_visible_or_404(Organization.objects.filter(scope_for(actor).q()), pk=org.pk)
    qs = ReviewRating.objects.filter(org=org)
    if period_code:
        qs = qs.filter(period_code=period_code)
    return qs.select_related("reviewer").order_by("period_code", "checkpoint_code", "id")
