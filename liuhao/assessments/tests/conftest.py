"""Fixtures for the assessment tests: the shipped jiangsu-2015 package, a finished year run over
the first university, and the office-holders of the review chain (issue 7 item 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from liuhao.core.roles import Role
from liuhao.orgs.tests.factories import (
    PersonFactory,
    PositionFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from liuhao.standards.services.loading import BUILTIN_DIR, standard_load
from liuhao.standards.services.runs import assessment_run

YEAR = "2024-2025"
TODAY = dt.date(2025, 11, 20)


@dataclass
class Chain:
    standard: Any
    run: Any
    branch_secretary: Any  # ORG_SECRETARY on the branch: starts, fills and submits
    branch_member: Any  # COMMITTEE_MEMBER on the branch: fills, may not submit
    college_secretary: Any  # current secretary of the college committee (Position + role)
    college_person: Any
    university_admin: Any
    province_admin: Any
    other_university_admin: Any


def _user(username: str, name: str, role: str | None = None, org: Any = None) -> Any:
    user = UserFactory(username=username, display_name=name)
    if role:
        RoleAssignmentFactory(user=user, role=role, org=org)
    return user


def build_chain(tree: Any) -> Chain:
    """The package, a finished year run over the first university and the chain's people."""
    standard, _ = standard_load(path=BUILTIN_DIR / "jiangsu-2015.yaml")
    run = assessment_run(standard=standard, period_code=YEAR, root=tree.university, today=TODAY)
    college_secretary = _user("cs", "王书记", Role.ORG_SECRETARY, tree.college)
    person = PersonFactory(university=tree.university, unit=tree.college, user=college_secretary)
    PositionFactory(
        person=person, org=tree.college, kind="secretary", started_on=dt.date(2023, 1, 1)
    )
    return Chain(
        standard=standard,
        run=run,
        branch_secretary=_user("bs", "李支书", Role.ORG_SECRETARY, tree.branch),
        branch_member=_user("bm", "赵委员", Role.COMMITTEE_MEMBER, tree.branch),
        college_secretary=college_secretary,
        college_person=person,
        university_admin=_user("ua", "组织部刘", Role.UNIVERSITY_ADMIN, tree.university),
        province_admin=_user("pa", "省工委陈", Role.PROVINCE_ADMIN),
        other_university_admin=_user(
            "oua", "外校组织部", Role.UNIVERSITY_ADMIN, tree.other_university
        ),
    )


@pytest.fixture
def chain(tree: Any) -> Chain:
    return build_chain(tree)
