"""API authentication: bearer tokens for integrations, the session (with CSRF) for browsers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from liuhao.accounts.models import ApiToken
from liuhao.accounts.services import api_token_create, api_token_revoke
from liuhao.api.tests.support import assert_error, send, session_client, token_client

ORGS = "/api/v1/orgs/orgs/"
CSRF = "a" * 32  # a valid unmasked CSRF secret, used as both cookie and header


def _bearer(value: str) -> Client:
    return Client(headers={"Authorization": value})


def test_anonymous_gets_401_in_the_error_shape(tree):
    response = Client().get(ORGS)
    body = assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["extra"] == {}


def test_valid_token_resolves_to_its_user_and_scope(tree, actors):
    rows = token_client(actors.org_secretary).get(ORGS).json()["items"]
    assert {r["code"] for r in rows} == {"U001-C01", "U001-C01-B01", "U001-C01-B02"}


def test_token_and_session_see_the_same(tree, actors):
    by_token = token_client(actors.committee_member).get("/api/v1/orgs/persons/").json()
    by_session = session_client(actors.committee_member).get("/api/v1/orgs/persons/").json()
    assert by_token == by_session and by_token["items"]


def test_revoked_token_is_refused(tree, actors):
    token, raw = api_token_create(actor=None, user=actors.province_admin, name="对接")
    assert _bearer(f"Bearer {raw}").get(ORGS).status_code == 200
    api_token_revoke(actor=None, prefix=token.prefix)
    assert_error(_bearer(f"Bearer {raw}").get(ORGS), 401, "not_authenticated")


def test_expired_token_is_refused(tree, actors):
    long_ago = timezone.now() - dt.timedelta(days=10)
    _, raw = api_token_create(
        actor=None, user=actors.province_admin, name="旧", days=1, now=long_ago
    )
    assert_error(_bearer(f"Bearer {raw}").get(ORGS), 401)


def test_token_of_inactive_user_is_refused(tree, actors):
    _, raw = api_token_create(actor=None, user=actors.province_admin, name="对接")
    actors.province_admin.is_active = False
    actors.province_admin.save()
    assert_error(_bearer(f"Bearer {raw}").get(ORGS), 401)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer lh_not-a-real-token",
        "bearer   ",
        "Token lh_abc",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 5000,
        "Bearer lh_\u4e2d\u6587",
        "garbage",
    ],
)
def test_malformed_or_unknown_authorization_is_401(tree, header):
    assert_error(_bearer(header).get(ORGS), 401, "not_authenticated")


def test_token_lookup_writes_nothing(tree, actors, django_assert_max_num_queries):
    client = token_client(actors.province_admin)
    before = ApiToken.objects.get().updated_at
    with django_assert_max_num_queries(4):  # token+user, role assignments, own person, page
        assert client.get(ORGS).status_code == 200
    assert ApiToken.objects.get().updated_at == before


def test_token_writes_need_no_csrf(tree, actors):
    client = token_client(actors.org_secretary)
    client.handler.enforce_csrf_checks = True
    response = send(client, "PATCH", f"{ORGS}{tree.branch.pk}/", {"name": "新名称党支部"})
    assert response.status_code == 200, response.content


def test_session_write_without_csrf_is_refused(tree, actors):
    client = session_client(actors.org_secretary, enforce_csrf=True)
    response = send(client, "PATCH", f"{ORGS}{tree.branch.pk}/", {"name": "新名称党支部"})
    assert_error(response, 403, "csrf_failed")
    tree.branch.refresh_from_db()
    assert tree.branch.name != "新名称党支部"


def test_session_write_with_csrf_succeeds(tree, actors):
    client = session_client(actors.org_secretary, enforce_csrf=True)
    client.cookies["csrftoken"] = CSRF
    response = client.patch(
        f"{ORGS}{tree.branch.pk}/",
        data='{"name": "新名称党支部"}',
        content_type="application/json",
        headers={"X-CSRFToken": CSRF},
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "新名称党支部"


def test_session_reads_need_no_csrf(tree, actors):
    client = session_client(actors.reviewer, enforce_csrf=True)
    assert client.get(ORGS).status_code == 200


def test_bad_token_with_no_session_is_401_not_csrf_403(tree):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer nope"})
    assert_error(send(client, "POST", ORGS, {"code": "X"}), 401)


def test_docs_and_schema_need_no_login(tree):
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/docs").status_code == 200


def test_docs_page_loads_its_assets_from_our_own_static_files(tree):
    """Campus intranets have no internet: Swagger UI must come from the ninja package, not a CDN."""
    html = Client().get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(url.startswith("/static/") for url in assets), assets
