"""factory_boy factories of the achievements app; `entered_at` defaults to the day after the event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ReviewRating,
    ServiceBrand,
)
from liuhao.ledger.tests.factories import entered


def _university(o: Any) -> Any:
    return o.org.university or o.org


class CommitmentFactory(DjangoModelFactory[Commitment]):
    class Meta:
        model = Commitment

    org = None
    person = None
    university = factory.LazyAttribute(_university)
    committed_on = dt.date(2025, 9, 20)
    content = "带头完成教学任务，结对帮扶两名学生"
    evaluated_on = dt.date(2025, 11, 10)
    leader_score = 90
    peer_score = 92
    masses_score = 88
    entered_at = factory.LazyAttribute(lambda o: entered(o.committed_on))


class AchievementFactory(DjangoModelFactory[Achievement]):
    class Meta:
        model = Achievement

    org = None
    university = factory.LazyAttribute(_university)
    category = "talent"
    title = factory.Sequence(lambda n: f"育人成果{n}")
    achieved_on = dt.date(2025, 10, 10)
    entered_at = factory.LazyAttribute(lambda o: entered(o.achieved_on))


class OutputFactory(DjangoModelFactory[Output]):
    class Meta:
        model = Output

    org = None
    university = factory.LazyAttribute(_university)
    kind = "theory"
    title = factory.Sequence(lambda n: f"调研报告{n}")
    published_on = dt.date(2025, 10, 10)
    entered_at = factory.LazyAttribute(lambda o: entered(o.published_on))


class ServiceBrandFactory(DjangoModelFactory[ServiceBrand]):
    class Meta:
        model = ServiceBrand

    org = None
    university = factory.LazyAttribute(_university)
    name = factory.Sequence(lambda n: f"红烛领航{n}")
    founded_on = dt.date(2023, 5, 4)
    entered_at = factory.LazyAttribute(lambda o: entered(o.founded_on))


class BrandEventFactory(DjangoModelFactory[BrandEvent]):
    class Meta:
        model = BrandEvent

    brand = None
    org = factory.LazyAttribute(lambda o: o.brand.org)
    university = factory.LazyAttribute(_university)
    happened_on = dt.date(2025, 10, 20)
    summary = "品牌活动：社区义诊"
    entered_at = factory.LazyAttribute(lambda o: entered(o.happened_on))


class ReviewRatingFactory(DjangoModelFactory[ReviewRating]):
    class Meta:
        model = ReviewRating

    reviewer = None
    org = None
    period_code = "2025-2026"
    checkpoint_code = "C16.2"
    score = 4
    rated_on = dt.date(2025, 11, 15)
