"""Shared fixtures: a small org tree (university → college committee → branch, plus a second
university) and one actor for each role (CONVENTIONS B9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from liuhao.core.roles import Role
from liuhao.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    RoleAssignmentFactory,
    UserFactory,
)

# Property tests check properties, not speed: on a loaded CI machine (two cores, xdist workers,
# a browser) a 200 ms deadline fails at random, so no deadline.
hypothesis_settings.register_profile("liuhao", deadline=None)
hypothesis_settings.load_profile("liuhao")


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Every test starts with an empty cache: the test settings' cache is one per process, and a
    test's database rows are rolled back while what was cached from them stays (liuhao.orgs.workdays
    caches figures derived from the calendar)."""
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class Tree:
    university: Any
    college: Any
    branch: Any
    other_branch: Any  # a sibling branch under the same college
    other_college: Any  # another college of the same university
    other_university: Any
    other_univ_branch: Any


@pytest.fixture
def tree(db: Any) -> Tree:
    university = OrganizationFactory(
        kind="university_committee", name="南京示范大学党委", code="U001"
    )
    college = OrganizationFactory(
        parent=university, kind="college_committee", name="计算机学院党委", code="U001-C01"
    )
    branch = OrganizationFactory(
        parent=college,
        kind="branch",
        branch_type="teacher",
        name="计算机系教工第一党支部",
        code="U001-C01-B01",
    )
    other_branch = OrganizationFactory(
        parent=college,
        kind="branch",
        branch_type="graduate",
        name="计算机学院研究生第一党支部",
        code="U001-C01-B02",
    )
    other_college = OrganizationFactory(
        parent=university, kind="college_committee", name="外国语学院党委", code="U001-C02"
    )
    other_university = OrganizationFactory(
        kind="university_committee", name="江苏理工大学党委", code="U002"
    )
    other_univ_branch = OrganizationFactory(
        parent=OrganizationFactory(
            parent=other_university, kind="college_committee", name="机械学院党委", code="U002-C01"
        ),
        kind="branch",
        branch_type="undergraduate",
        name="机械学院本科生党支部",
        code="U002-C01-B01",
    )
    return Tree(
        university,
        college,
        branch,
        other_branch,
        other_college,
        other_university,
        other_univ_branch,
    )


@dataclass
class Actors:
    province_admin: Any
    university_admin: Any
    org_secretary: Any  # secretary of the college committee (sees the college subtree)
    committee_member: Any  # committee member of the branch
    party_member: Any  # a member of the branch
    reviewer: Any  # reviewer assigned to the college
    outsider: Any  # logged in, no role at all


@pytest.fixture
def actors(tree: Tree) -> Actors:
    def user_with(role: str, org: Any, username: str, recursive: bool = True) -> Any:
        user = UserFactory(username=username)
        RoleAssignmentFactory(user=user, role=role, org=org, recursive=recursive)
        return user

    party_member = user_with(Role.PARTY_MEMBER, tree.branch, "member", recursive=False)
    person = PersonFactory(
        university=tree.university, unit=tree.college, user=party_member, name="党员甲"
    )
    MembershipFactory(person=person, org=tree.branch)
    return Actors(
        province_admin=user_with(Role.PROVINCE_ADMIN, None, "province"),
        university_admin=user_with(Role.UNIVERSITY_ADMIN, tree.university, "univ"),
        org_secretary=user_with(Role.ORG_SECRETARY, tree.college, "secretary"),
        committee_member=user_with(Role.COMMITTEE_MEMBER, tree.branch, "committee"),
        party_member=party_member,
        reviewer=user_with(Role.REVIEWER, tree.college, "reviewer"),
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def today() -> dt.date:
    return dt.date(2025, 11, 20)


__all__ = ["PositionFactory"]
