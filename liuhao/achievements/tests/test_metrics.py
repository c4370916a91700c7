"""Metrics C14.2, C16.1, C17.1: exact values for every org in scope, roll-up, 补录, query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.achievements.tests.factories import (
    AchievementFactory,
    BrandEventFactory,
    CommitmentFactory,
    OutputFactory,
    ServiceBrandFactory,
)
from liuhao.ledger.tests.factories import entered
from liuhao.orgs.tests.factories import MembershipFactory, OrganizationFactory, PersonFactory
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, get_metric

YEAR = PeriodWindow("2025-2026", "year", dt.date(2025, 9, 1), dt.date(2026, 8, 31))
AS_OF = dt.date(2025, 11, 20)


def run(key: str, orgs: list[Any], as_of: dt.date = AS_OF, **params: Any) -> Any:
    ids = frozenset(o.pk for o in orgs)
    ctx = MetricContext(org_ids=ids, windows={YEAR: ids}, as_of=as_of, params=params)
    fn = get_metric(key).fn
    assert fn is not None, f"{key} is still pending"
    return fn(ctx)


def members(org: Any, n: int, stage: str = "full") -> list[Any]:
    out = []
    for _ in range(n):
        person = PersonFactory(university=org.university)
        MembershipFactory(person=person, org=org, stage=stage)
        out.append(person)
    return out


def test_commitment_rate_counts_evaluated_commitments_of_members_and_rolls_up(tree):
    branch, other = tree.branch, tree.other_branch
    people = members(branch, 4)
    probationary = members(branch, 1, "probationary")
    counted = [
        CommitmentFactory(org=branch, person=people[0]),
        CommitmentFactory(org=branch, person=probationary[0]),
        # entered 40 days later: 补录
        CommitmentFactory(
            org=branch, person=people[1], entered_at=entered(dt.date(2025, 9, 20), 40)
        ),
    ]
    # not evaluated yet; evaluated after as_of; last year's commitment: none counts
    CommitmentFactory(
        org=branch,
        person=people[2],
        evaluated_on=None,
        leader_score=None,
        peer_score=None,
        masses_score=None,
    )
    CommitmentFactory(
        org=branch,
        person=people[3],
        committed_on=dt.date(2025, 3, 1),
        evaluated_on=dt.date(2025, 6, 1),
    )
    others = members(other, 2)
    CommitmentFactory(org=other, person=others[0])
    group = OrganizationFactory(
        parent=branch, kind="group", name="第一党小组", code="U001-C01-B01-G1"
    )
    orgs = [branch, other, tree.college, group, tree.other_college]
    result = run("ledger.commitment_rate", orgs)
    assert result[branch.pk].value == 3 / 5
    assert result[branch.pk].evidence == tuple(sorted(c.pk for c in counted))
    assert result[branch.pk].late == (counted[2].pk,)
    assert result[branch.pk].records == "achievements.commitment"
    assert result[other.pk].value == 1 / 2
    assert result[tree.college.pk].value == 4 / 7  # the subtree's members
    assert result[group.pk].value == 3 / 5  # a Party group reads its branch
    assert result[tree.other_college.pk].value is None  # no members: awaiting data


def test_commitment_rate_ignores_members_who_left(tree):
    branch = tree.branch
    stays, leaves = members(branch, 2)
    CommitmentFactory(org=branch, person=stays)
    CommitmentFactory(org=branch, person=leaves)
    leaves.memberships.update(ended_on=dt.date(2025, 11, 1))
    assert run("ledger.commitment_rate", [branch])[branch.pk].value == 1.0


def test_achievement_count_counts_own_records_in_the_year(tree):
    branch = tree.branch
    kept = [
        AchievementFactory(org=branch, category="talent", achieved_on=dt.date(2025, 9, 1)),
        AchievementFactory(org=branch, category="culture", achieved_on=AS_OF),
    ]
    AchievementFactory(org=branch, achieved_on=dt.date(2025, 8, 31))
    AchievementFactory(org=branch, achieved_on=dt.date(2025, 11, 21))
    AchievementFactory(org=tree.college)
    result = run("ledger.achievement_count", [branch, tree.other_branch])
    assert result[branch.pk].value == 2.0
    assert result[branch.pk].evidence == tuple(sorted(a.pk for a in kept))
    assert result[tree.other_branch.pk].value == 0.0


def test_brand_count_counts_outputs_and_active_brands(tree):
    branch, college = tree.branch, tree.college
    output = OutputFactory(org=branch, kind="practice")
    OutputFactory(org=branch, published_on=dt.date(2024, 10, 1))  # last year
    active = ServiceBrandFactory(org=branch)  # founded 2023, an event this year
    BrandEventFactory(brand=active)
    BrandEventFactory(brand=active, happened_on=dt.date(2025, 11, 1))
    idle = ServiceBrandFactory(org=branch)  # no event this year
    BrandEventFactory(brand=idle, happened_on=dt.date(2024, 12, 1))
    ServiceBrandFactory(org=college, founded_on=dt.date(2025, 10, 1))  # founded this year
    result = run("ledger.brand_count", [branch, college, tree.other_branch])
    assert result[branch.pk].value == 2.0
    assert result[branch.pk].evidence == (output.pk,)
    assert dict(result[branch.pk].detail) == {"outputs": 1.0, "brands": 1.0}
    assert result[college.pk].value == 1.0
    assert result[tree.other_branch.pk].value == 0.0


def test_queries_do_not_grow_with_orgs(tree):
    def count(orgs: list[Any]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            for key in ("ledger.commitment_rate", "ledger.achievement_count", "ledger.brand_count"):
                run(key, orgs)
        return len(ctx.captured_queries)

    few = count([tree.branch])
    for i in range(5):
        org = OrganizationFactory(parent=tree.college, kind="branch", code=f"U001-C01-X{i}")
        members(org, 2)
        CommitmentFactory(org=org, person=PersonFactory(university=tree.university))
    many = count([tree.branch, *OrganizationFactory._meta.model.objects.filter(code__contains="X")])
    assert many == few
