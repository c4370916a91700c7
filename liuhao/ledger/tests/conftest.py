"""Ledger fixtures: a branch with members and a leadership team (on top of the root `tree`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory


@dataclass
class Crew:
    secretary: Any
    committee: list[Any]  # deputy and committee members (with the secretary: the leadership)
    members: list[Any]  # full members who hold no post
    outsider: Any  # a member of the sibling branch


@pytest.fixture
def crew(tree: Any) -> Crew:
    """Branch `tree.branch`: secretary 王书记, 2 committee members, 4 plain members (all full)."""
    start = dt.date(2024, 1, 1)

    def member(name: str, org: Any = None) -> Any:
        person = PersonFactory(university=tree.university, unit=tree.college, name=name)
        MembershipFactory(person=person, org=org or tree.branch)
        return person

    secretary = member("王书记")
    PositionFactory(person=secretary, org=tree.branch, kind="secretary", started_on=start)
    committee = [member("李委员"), member("赵委员")]
    for person, duty in zip(committee, ("organization", "propaganda"), strict=True):
        PositionFactory(
            person=person, org=tree.branch, kind="committee_member", duty=duty, started_on=start
        )
    members = [member(f"党员{n}") for n in "甲乙丙丁"]
    outsider = member("张三", tree.other_branch)
    return Crew(secretary, committee, members, outsider)
