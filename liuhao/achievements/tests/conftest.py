"""Fixtures of the achievements tests: a member of the branch, a standard with a review checkpoint."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory
from liuhao.standards.tests.support import DOCUMENT, make_standard

REVIEW = {
    "code": "T02.3",
    "title": "评审专家评价成效",
    "label": "评审评分",
    "todo": "提升成效",
    "method": "review",
    "frequency": "year",
    "rule": {"op": ">=", "target": 4, "partial": 3},
    "source": "评审",
}


@pytest.fixture
def member(tree: Any) -> Any:
    person = PersonFactory(university=tree.university, name="党员甲", number="T1001")
    MembershipFactory(person=person, org=tree.branch)
    return person


@pytest.fixture
def standard(db: Any) -> Any:
    doc = copy.deepcopy(DOCUMENT)
    doc["dimensions"][1]["criteria"][0]["checkpoints"].append(REVIEW)
    return make_standard(doc)
