"""Test helpers for the API: a populated tree (persons, memberships, posts in and out of every
actor's scope) and clients authenticated by token or by session. Plain functions, not fixtures, so
test modules in other apps can import them without fixture shadowing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.test import Client

from liuhao.accounts.services import api_token_create
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory

ROLES = [
    "province_admin",
    "university_admin",
    "org_secretary",
    "committee_member",
    "party_member",
    "reviewer",
    "outsider",
]


@dataclass
class World:
    """The conftest tree plus one person / membership / post per org, keyed by a short name."""

    tree: Any
    actors: Any
    orgs: dict[str, Organization]
    persons: dict[str, Any]
    memberships: dict[str, Any]
    positions: dict[str, Any]


def build_world(tree: Any, actors: Any) -> World:
    """Persons: branch (B01), other_branch (B02), other_college (C02), other_univ (U002 branch) and
    member (the party member: unit C01, membership in B01). Posts in B01, B02, C02 and U002's branch."""
    orgs = {o.code: o for o in Organization.objects.all()}
    member = Person.objects.get(user=actors.party_member)
    persons = {
        "branch": PersonFactory(unit=tree.branch, name="支部甲", number="B0001"),
        "other_branch": PersonFactory(unit=tree.other_branch, name="研究生乙", number="B0002"),
        "other_college": PersonFactory(unit=tree.other_college, name="外语丙", number="B0003"),
        "other_univ": PersonFactory(unit=tree.other_univ_branch, name="理工丁", number="B0004"),
        "member": member,
    }
    memberships = {
        "branch": MembershipFactory(person=persons["branch"], org=tree.branch),
        "member": member.memberships.get(),
        "other_branch": MembershipFactory(person=persons["other_branch"], org=tree.other_branch),
        "other_univ": MembershipFactory(person=persons["other_univ"], org=tree.other_univ_branch),
    }
    positions = {
        "branch": PositionFactory(person=persons["branch"], org=tree.branch),
        "other_branch": PositionFactory(person=persons["other_branch"], org=tree.other_branch),
        "other_college": PositionFactory(person=persons["other_college"], org=tree.other_college),
        "other_univ": PositionFactory(person=persons["other_univ"], org=tree.other_univ_branch),
    }
    return World(tree, actors, orgs, persons, memberships, positions)


def token_client(user: Any, *, days: int | None = None) -> Client:
    """A client that sends `Authorization: Bearer <fresh token of user>`."""
    _, raw = api_token_create(actor=None, user=user, name="测试", days=days)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def session_client(user: Any, *, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data: Any = None) -> Any:
    """Send JSON (or raw bytes/str as the body) and return the response."""
    body = data if isinstance(data, bytes | str) else json.dumps(data, default=str)
    call = getattr(client, method.lower())
    if method.upper() in {"GET", "HEAD"}:
        return call(url)
    if data is None:
        return call(url, content_type="application/json")
    return call(url, data=body, content_type="application/json")


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the API's error shape with `status` (and `code`, if given)."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) >= {"code", "message"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    if code:
        assert body["code"] == code, body
    return body  # type: ignore[no-any-return]


TODAY = dt.date(2025, 11, 20)
