"""factory_boy factories for the ledger. Rows are built directly (tests of the services use the
services); `entered_at` defaults to the day after the event, 20:00 Beijing time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from liuhao.ledger.choices import ActivityKind, AttendanceStatus, PlanKind
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    PlanDocument,
)


def entered(day: dt.date, days_after: int = 1) -> dt.datetime:
    """An aware datetime `days_after` days after `day`, at 20:00 in the project's time zone."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time(20, 0))
    )


def _university(o: Any) -> Any:
    return o.org.university


class ActivityFactory(DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    org = None
    university = factory.LazyAttribute(_university)
    kind = ActivityKind.THEORY_SEMINAR
    held_on = dt.date(2025, 10, 15)
    topic = factory.Sequence(lambda n: f"学习研讨第{n}次")
    entered_at = factory.LazyAttribute(lambda o: entered(o.held_on))


class AttendanceFactory(DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    activity = None
    person = None
    status = AttendanceStatus.PRESENT


class DecisionFactory(DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    activity = None
    text = "研究确定发展对象"
    members_entitled = 5
    members_present = 4


class PlanDocumentFactory(DjangoModelFactory[PlanDocument]):
    class Meta:
        model = PlanDocument

    org = None
    university = factory.LazyAttribute(_university)
    kind = PlanKind.OVERALL_PLAN
    title = "服务型党组织建设总体规划"
    valid_from = dt.date(2024, 9, 1)
    valid_until = None
    entered_at = factory.LazyAttribute(lambda o: entered(o.valid_from))


class ContactPairFactory(DjangoModelFactory[ContactPair]):
    class Meta:
        model = ContactPair

    org = None
    university = factory.LazyAttribute(_university)
    leader = None
    target = None
    started_on = dt.date(2024, 9, 1)
    entered_at = factory.LazyAttribute(lambda o: entered(o.started_on))


class ContactVisitFactory(DjangoModelFactory[ContactVisit]):
    class Meta:
        model = ContactVisit

    org = None
    university = factory.LazyAttribute(_university)
    leader = None
    visited_on = dt.date(2025, 10, 10)
    topic = "走访联系点"
    entered_at = factory.LazyAttribute(lambda o: entered(o.visited_on))
