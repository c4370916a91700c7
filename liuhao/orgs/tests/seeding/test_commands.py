"""`liuhao seed` refuses to overwrite, --reset starts over; `liuhao demo` is idempotent and its
log-ins work (issue 2 items 1 and 9)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory

from liuhao.accounts.models import User
from liuhao.core.exceptions import InvalidState
from liuhao.core.roles import Role
from liuhao.orgs.models import Organization, Person, RoleAssignment
from liuhao.orgs.seeding.demo import DEMO_PASSWORD
from liuhao.orgs.seeding.run import seed_run
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_refuses_when_orgs_exist(db: Any, tiny_tier: Any) -> None:
    seed_run(scale=tiny_tier)
    count = Organization.objects.count()
    with pytest.raises(InvalidState, match="已有组织数据"):
        seed_run(scale=tiny_tier)
    with pytest.raises(CommandError, match="--reset"):
        run("seed", "--scale", "demo")
    assert Organization.objects.count() == count


def test_reset_replaces_the_data_and_keeps_province_roles(db: Any, tiny_tier: Any) -> None:
    seed_run(scale=tiny_tier, seed=1)
    admin: Any = UserFactory(username="prov")
    RoleAssignmentFactory(user=admin, role=Role.PROVINCE_ADMIN, org=None)
    scoped: Any = RoleAssignmentFactory(
        user=admin, role=Role.REVIEWER, org=Organization.objects.get(code="U001")
    )
    output = run("seed", "--scale", "demo", "--reset", "--seed", "3")
    assert "已清空原有数据" in output
    assert "orgs.Person" in output
    assert (
        Organization.objects.filter(code="U002").count() == 0
    )  # the tiny tier's second university
    assert RoleAssignment.objects.filter(user=admin, role=Role.PROVINCE_ADMIN).exists()
    assert not RoleAssignment.objects.filter(pk=scoped.pk).exists()


def test_seed_rejects_an_unknown_scale(db: Any) -> None:
    with pytest.raises(CommandError):
        run("seed", "--scale", "galaxy")


def test_demo_seeds_once_and_prints_the_same_logins(db: Any) -> None:
    first = run("demo")
    assert "已生成演示高校" in first
    users, persons = User.objects.count(), Person.objects.count()
    second = run("demo")
    assert "跳过生成演示数据" in second
    assert "已计算演示评估" in first and "演示评估" not in second  # the seeded terms, once
    assert [x for x in first.splitlines()[1:] if "演示评估" not in x] == second.splitlines()[1:]
    assert (User.objects.count(), Person.objects.count()) == (users, persons)
    assert RoleAssignment.objects.count() == len(Role.values)
    for role in Role:
        assert role.label in second
    assert DEMO_PASSWORD in second


def test_demo_logins_work_and_are_linked_to_people(db: Any) -> None:
    run("demo")
    request = RequestFactory().get("/")
    for username in ("province", "univ", "secretary", "committee", "member", "reviewer"):
        client = Client()
        assert client.login(request=request, username=username, password=DEMO_PASSWORD), username
    for username in ("univ", "secretary", "committee", "member"):
        assert Person.objects.filter(user__username=username).count() == 1, username
    member = RoleAssignment.objects.get(user__username="member")
    assert member.role == Role.PARTY_MEMBER and not member.recursive
    secretary = Person.objects.get(user__username="secretary")
    assert secretary.positions.filter(kind="secretary", org__kind="college_committee").exists()


def test_demo_on_existing_data_does_not_seed(db: Any, tree: Any) -> None:
    output = run("demo")
    assert "跳过生成演示数据" in output
    assert Organization.objects.filter(kind="university_committee").count() == 2
    assert User.objects.filter(username="univ").exists()
