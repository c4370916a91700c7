"""factory_boy factories for the governance records (rows built directly; `entered_at` the day
after the event, 20:00 Beijing time)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
)
from liuhao.ledger.tests.factories import entered


def _university(o: Any) -> Any:
    return o.org.university


class FundingFactory(DjangoModelFactory[Funding]):
    class Meta:
        model = Funding

    org = None
    university = factory.LazyAttribute(_university)
    allocated_on = dt.date(2025, 10, 1)
    amount = Decimal("5000")
    source = "party_fee"
    entered_at = factory.LazyAttribute(lambda o: entered(o.allocated_on))


class ElectionFactory(DjangoModelFactory[Election]):
    class Meta:
        model = Election

    org = None
    university = factory.LazyAttribute(_university)
    elected_on = dt.date(2024, 6, 1)
    term_years = 3
    entered_at = factory.LazyAttribute(lambda o: entered(o.elected_on))


class CareRecordFactory(DjangoModelFactory[CareRecord]):
    class Meta:
        model = CareRecord

    org = None
    university = factory.LazyAttribute(_university)
    cared_on = dt.date(2025, 10, 1)
    kind = "visit"
    summary = "走访慰问老党员"
    entered_at = factory.LazyAttribute(lambda o: entered(o.cared_on))


class CommendationFactory(DjangoModelFactory[Commendation]):
    class Meta:
        model = Commendation

    org = None
    university = factory.LazyAttribute(_university)
    awarded_on = dt.date(2025, 10, 1)
    kind = "member"
    level = "university"
    title = "优秀共产党员"
    entered_at = factory.LazyAttribute(lambda o: entered(o.awarded_on))


class LeaderReportFactory(DjangoModelFactory[LeaderReport]):
    class Meta:
        model = LeaderReport

    org = None
    university = factory.LazyAttribute(_university)
    reported_on = dt.date(2025, 10, 1)
    reporter = None
    members_entitled = 10
    raters = 9
    ratings = factory.LazyFunction(lambda: {"好": 8, "较好": 1})
    entered_at = factory.LazyAttribute(lambda o: entered(o.reported_on))


class OrgGradingFactory(DjangoModelFactory[OrgGrading]):
    class Meta:
        model = OrgGrading

    org = None
    university = factory.LazyAttribute(_university)
    year = 2025
    graded_on = dt.date(2025, 10, 1)
    entered_at = factory.LazyAttribute(lambda o: entered(o.graded_on))


class OrgGradeFactory(DjangoModelFactory[OrgGrade]):
    class Meta:
        model = OrgGrade

    grading = None
    sub_org = None
    band = "一般"


class MemberEvaluationFactory(DjangoModelFactory[MemberEvaluation]):
    class Meta:
        model = MemberEvaluation

    org = None
    university = factory.LazyAttribute(_university)
    year = 2025
    decided_on = dt.date(2025, 10, 1)
    entered_at = factory.LazyAttribute(lambda o: entered(o.decided_on))


class MemberGradeFactory(DjangoModelFactory[MemberGrade]):
    class Meta:
        model = MemberGrade

    evaluation = None
    person = None
    grade = "合格"
