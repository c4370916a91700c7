"""factory_boy factories for the ledger. Rows are built directly (tests of the services use the
services); `entered_at` defaults to the day after the event, 20:00 Beijing time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from liuhao.ledger.choices import ActivityKind, AttendanceStatus, PlanKind, ServiceKind
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
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


class ServiceRecordFactory(DjangoModelFactory[ServiceRecord]):
    class Meta:
        model = ServiceRecord

    org = None
    university = factory.LazyAttribute(_university)
    person = None
    served_on = dt.date(2025, 10, 12)
    kind = ServiceKind.VOLUNTEER
    hours = 2
    entered_at = factory.LazyAttribute(lambda o: entered(o.served_on))


class TaskFactory(DjangoModelFactory[Task]):
    class Meta:
        model = Task

    org = None
    university = factory.LazyAttribute(_university)
    owner = None
    title = factory.Sequence(lambda n: f"任务{n}")
    steps = "拟定方案\n组织实施\n总结报告"
    assigned_on = dt.date(2025, 9, 10)
    due_on = dt.date(2025, 10, 31)
    completed_on = None
    entered_at = factory.LazyAttribute(lambda o: entered(o.assigned_on))


class DisclosureFactory(DjangoModelFactory[Disclosure]):
    class Meta:
        model = Disclosure

    org = None
    university = factory.LazyAttribute(_university)
    title = factory.Sequence(lambda n: f"党务公开事项{n}")
    published_on = dt.date(2025, 10, 8)
    entered_at = factory.LazyAttribute(lambda o: entered(o.published_on))
