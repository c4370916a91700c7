"""factory_boy factories of the service-front records (rows built directly; `entered_at` is the
day after the event at 20:00 Beijing time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.ledger.tests.factories import entered


def _university(o: Any) -> Any:
    return o.org.university or o.org


class VenueFactory(DjangoModelFactory[Venue]):
    class Meta:
        model = Venue

    org = None
    university = factory.LazyAttribute(_university)
    kind = "activity_room"
    name = "党员活动室"
    is_fixed = True
    equipment = "投影仪、会议桌椅"
    opened_on = dt.date(2024, 3, 1)
    entered_at = factory.LazyAttribute(lambda o: entered(o.opened_on))


class ReceptionFactory(DjangoModelFactory[Reception]):
    class Meta:
        model = Reception

    org = None
    university = factory.LazyAttribute(_university)
    representative = None
    held_on = dt.date(2025, 10, 15)
    visitor_count = 3
    entered_at = factory.LazyAttribute(lambda o: entered(o.held_on))


class ProposalFactory(DjangoModelFactory[Proposal]):
    class Meta:
        model = Proposal

    org = None
    university = factory.LazyAttribute(_university)
    representative = None
    kind = "proposal"
    title = factory.Sequence(lambda n: f"提案{n}")
    submitted_on = dt.date(2025, 10, 15)
    entered_at = factory.LazyAttribute(lambda o: entered(o.submitted_on))


class MemberAffairFactory(DjangoModelFactory[MemberAffair]):
    class Meta:
        model = MemberAffair

    org = None
    university = factory.LazyAttribute(_university)
    kind = "transfer"
    person = None
    received_on = dt.date(2025, 10, 13)
    completed_on = dt.date(2025, 10, 15)
    entered_at = factory.LazyAttribute(lambda o: entered(o.completed_on or o.received_on))


class ServiceItemFactory(DjangoModelFactory[ServiceItem]):
    class Meta:
        model = ServiceItem

    org = None
    university = factory.LazyAttribute(_university)
    name = "组织关系转接"
    process = "提交申请→审核→办结"
    responsible = None
    time_limit_days = 5
    published_on = dt.date(2024, 3, 1)
    entered_at = factory.LazyAttribute(lambda o: entered(o.published_on))


class VanguardPostFactory(DjangoModelFactory[VanguardPost]):
    class Meta:
        model = VanguardPost
        skip_postgeneration_save = True

    org = None
    university = factory.LazyAttribute(_university)
    kind = "post"
    name = "党员先锋岗"
    set_up_on = dt.date(2024, 3, 1)
    entered_at = factory.LazyAttribute(lambda o: entered(o.set_up_on))

    @factory.post_generation
    def people(obj: VanguardPost, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.members.set(extracted)


class NewsFactory(DjangoModelFactory[News]):
    class Meta:
        model = News

    org = None
    university = factory.LazyAttribute(_university)
    kind = "news"
    title = factory.Sequence(lambda n: f"动态{n}")
    published_on = dt.date(2025, 10, 15)
    entered_at = factory.LazyAttribute(lambda o: entered(o.published_on))
