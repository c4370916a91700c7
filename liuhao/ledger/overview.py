"""Reads behind the ledger pages and forms (actor-scoped, grouped queries only).

`org_ledger_overview` gathers one org's ledger for a period: activities (with attendance counts from
one grouped query), plan documents in force during the period, contact pairs open during it and the
visits made in it, in a constant number of queries whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from liuhao.ledger.choices import ActivityKind, AttendanceStatus
from liuhao.ledger.models import (
    Activity,
    ContactPair,
    ContactVisit,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.ledger.selectors import (
    activity_list,
    activity_roster,
    contact_pair_list,
    contact_visit_list,
    disclosure_list,
    plan_list,
    service_record_list,
    task_list,
)
from liuhao.orgs.choices import LEADERSHIP_KINDS
from liuhao.orgs.models import AcademicCalendar, Organization, Person, Position
from liuhao.orgs.periods import Period, TermStarts, period_containing, period_from_code


def term_starts(org: Organization) -> TermStarts | None:
    """The university's term dates (None: the defaults)."""
    return AcademicCalendar.objects.filter(university_id=org.university_id or org.pk).first()


def recent_periods(today: dt.date, starts: TermStarts | None, count: int = 6) -> list[Period]:
    """The current term and the `count - 1` terms before it, newest first, then the current year."""
    periods = [period_containing(today, "term", starts)]
    while len(periods) < count:
        periods.append(period_containing(periods[-1].start - dt.timedelta(days=1), "term", starts))
    return [*periods, period_containing(today, "year", starts)]


def period_or_current(code: str | None, today: dt.date, starts: TermStarts | None) -> Period:
    """The period named by `code` (a term or academic-year code), else the current term."""
    if code:
        try:
            return period_from_code(code, starts)
        except Exception:
            return period_containing(today, "term", starts)
    return period_containing(today, "term", starts)


@dataclass(frozen=True, slots=True)
class LedgerOverview:
    period: Period
    activities: QuerySet[Activity]
    plans: list[PlanDocument]
    pairs: list[ContactPair]
    visits: list[ContactVisit]
    tasks: list[Task] = field(default_factory=list)  # due in the period (C07.1)
    disclosures: list[Disclosure] = field(default_factory=list)  # C07.2
    services: list[ServiceRecord] = field(default_factory=list)  # C06.3


def org_activities(
    actor: Any, org: Organization, period: Period, kind: str = ""
) -> QuerySet[Activity]:
    """Activities of `org` held in `period` (of one kind, if given) with attendance counts."""
    kinds = [kind] if kind in ActivityKind.values else None
    return activity_list(actor, org, start=period.start, end=period.end, kinds=kinds).annotate(
        present_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        attendance_count=Count("attendance"),
        decision_count=Count("decisions", distinct=True),
    )


def org_ledger_overview(
    actor: Any, org: Organization, period: Period, kind: str = ""
) -> LedgerOverview:
    """One org's ledger over `period` (the activities as a queryset, to be paginated)."""
    plans = [
        p
        for p in plan_list(actor, org)
        if p.valid_from <= period.end and (p.valid_until is None or p.valid_until >= period.start)
    ]
    pairs = [
        p
        for p in contact_pair_list(actor, org)
        if p.started_on <= period.end and (p.ended_on is None or p.ended_on >= period.start)
    ]
    visits = list(contact_visit_list(actor, org, start=period.start, end=period.end)[:200])
    start, end = period.start, period.end
    return LedgerOverview(
        period,
        org_activities(actor, org, period, kind),
        plans,
        pairs,
        visits,
        tasks=list(task_list(actor, org, start=start, end=end)[:200]),
        disclosures=list(disclosure_list(actor, org, start=start, end=end)[:200]),
        services=list(service_record_list(actor, org, start=start, end=end)[:200]),
    )


def roster_persons(org: Organization, kind: str, on: dt.date) -> list[Person]:
    """Who is expected at an activity of `kind` on `on`, by number (DESIGN §8: the default list)."""
    probe = Activity(org=org, kind=kind or ActivityKind.OTHER, held_on=on)
    ids = activity_roster(probe)
    return list(Person.objects.filter(pk__in=ids).order_by("number"))


def leader_choices(org: Organization) -> QuerySet[Person]:
    """Persons who hold or held a leadership post in `org` (the service checks the day)."""
    ids = Position.objects.filter(org=org, kind__in=LEADERSHIP_KINDS).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("number")
