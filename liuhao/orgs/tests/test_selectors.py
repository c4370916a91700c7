"""Selectors: stats by stage/category, leadership as of a date, structural warnings, constant query counts."""

from __future__ import annotations

import datetime as dt

from liuhao.orgs.selectors.orgs import org_leadership, org_stats, org_structural_warnings
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory


def _members(branch, n, stage="full", category="teacher"):
    for _ in range(n):
        person = PersonFactory(unit=branch.parent, category=category)
        kwargs = {"stage": stage}
        if stage == "probationary":
            kwargs["full_on"] = None
        MembershipFactory(person=person, org=branch, **kwargs)


def test_stats_count_only_open_memberships_by_stage(tree, actors):
    _members(tree.other_branch, 3)
    _members(tree.other_branch, 2, stage="probationary", category="student")
    stats = org_stats(tree.college)
    assert stats.by_stage["full"] == 4  # 3 + the party member of the fixture
    assert stats.by_stage["probationary"] == 2
    assert stats.full_members == 4 and stats.all_members == 6
    assert stats.by_category == {"teacher": 4, "student": 2}
    assert stats.sub_orgs_by_kind == {"branch": 2}


def test_leadership_as_of_a_date(tree):
    old = PositionFactory(
        org=tree.college,
        person=PersonFactory(unit=tree.college),
        kind="secretary",
        started_on=dt.date(2019, 1, 1),
        ended_on=dt.date(2023, 12, 31),
    )
    new = PositionFactory(
        org=tree.college,
        person=PersonFactory(unit=tree.college),
        kind="secretary",
        started_on=dt.date(2024, 1, 1),
    )
    deputy = PositionFactory(
        org=tree.college,
        person=PersonFactory(unit=tree.college),
        kind="deputy_secretary",
        started_on=dt.date(2020, 1, 1),
    )
    PositionFactory(
        org=tree.college,
        person=PersonFactory(unit=tree.college),
        kind="fulltime_worker",
        started_on=dt.date(2020, 1, 1),
    )
    assert org_leadership(tree.college, dt.date(2022, 5, 1)) == [old, deputy]
    assert org_leadership(tree.college, dt.date(2025, 5, 1)) == [new, deputy]
    assert org_leadership(tree.college, dt.date(2018, 5, 1)) == []


def test_structural_warnings_use_yaml_thresholds(tree, today):
    _members(tree.other_branch, 1)
    warnings = {
        w.code
        for w in org_structural_warnings(tree.other_branch, org_stats(tree.other_branch), today)
    }
    assert warnings == {"branch_too_small", "no_secretary"}
    _members(tree.other_branch, 7)
    PositionFactory(
        org=tree.other_branch, person=PersonFactory(unit=tree.college), kind="secretary"
    )
    warnings = {
        w.code
        for w in org_structural_warnings(tree.other_branch, org_stats(tree.other_branch), today)
    }
    assert warnings == {"committee_missing"}


def test_stats_query_count_is_constant(tree, django_assert_max_num_queries):
    _members(tree.other_branch, 12)
    with django_assert_max_num_queries(3):
        org_stats(tree.university)
