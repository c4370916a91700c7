"""Service-front fixtures: the ledger's `crew` (a branch with members and a leadership team) and a
college with a party representative."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from liuhao.ledger.tests.conftest import Crew, crew
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory


@pytest.fixture
def rep(tree: Any) -> Any:
    """陈代表: a full member of tree.branch and a party representative of tree.college."""
    person = PersonFactory(university=tree.university, unit=tree.college, name="陈代表")
    MembershipFactory(person=person, org=tree.branch)
    PositionFactory(
        person=person,
        org=tree.college,
        kind="representative",
        started_on=dt.date(2023, 6, 1),
        congress_name="第十三次党代会",
        congress_term_start=dt.date(2023, 6, 1),
        congress_term_end=dt.date(2028, 5, 31),
    )
    return person


__all__ = ["Crew", "crew", "rep"]
