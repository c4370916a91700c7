"""Development fixtures: a branch with full members (contacts, introducers) and an applicant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory


@dataclass
class Dev:
    members: list[Any]  # four full members of tree.branch
    applicant: Any  # a teacher born 2000-01-01 without a membership
    young: Any  # a student born 2010-01-01


@pytest.fixture
def dev(tree: Any) -> Dev:
    members = []
    for n in "甲乙丙丁":
        person = PersonFactory(university=tree.university, unit=tree.college, name=f"党员{n}")
        MembershipFactory(person=person, org=tree.branch)
        members.append(person)
    applicant = PersonFactory(
        university=tree.university,
        unit=tree.college,
        name="申请人",
        number="A0001",
        birth_date=dt.date(2000, 1, 1),
        young_teacher=True,
    )
    young = PersonFactory(
        university=tree.university,
        unit=tree.college,
        name="少年",
        number="A0002",
        category="undergraduate",
        birth_date=dt.date(2010, 1, 1),
    )
    return Dev(members, applicant, young)


def full_case(dev: Dev, **over: Any) -> dict[str, Any]:
    """A case that keeps every rule of 2014, admitted 2024-11-01 and full 2025-11-05."""
    m = dev.members
    data: dict[str, Any] = {
        "person": dev.applicant,
        "applied_on": dt.date(2023, 3, 1),
        "talk_on": dt.date(2023, 3, 15),
        "activist_on": dt.date(2023, 9, 1),
        "contact_1": m[0],
        "contact_2": m[1],
        "candidate_on": dt.date(2024, 9, 10),
        "introducer_1": m[2],
        "introducer_2": m[3],
        "training_days": 3,
        "training_hours": 24,
        "review_on": dt.date(2024, 10, 1),
        "review_passed": True,
        "notice_start": dt.date(2024, 10, 8),
        "notice_end": dt.date(2024, 10, 14),
        "prereview_on": dt.date(2024, 10, 20),
        "admitted_on": dt.date(2024, 11, 1),
        "vote_entitled": 10,
        "vote_present": 9,
        "vote_yes": 9,
        "approved_on": dt.date(2024, 12, 1),
        "full_on": dt.date(2025, 11, 5),
        "full_vote_entitled": 10,
        "full_vote_present": 8,
        "full_vote_yes": 8,
        "full_approved_on": dt.date(2025, 11, 20),
    }
    data.update(over)
    return data


def until(data: dict[str, Any], stage_field: str) -> dict[str, Any]:
    """The case data cut after the step whose date is `stage_field`."""
    order = list(data)
    return {k: data[k] for k in order[: order.index(stage_field) + 1]}
