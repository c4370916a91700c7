"""/api/v1/notifications/ (issue 7 item 6): own notifications only, waiting items, mark read."""

from __future__ import annotations

import datetime as dt

from liuhao.api.tests.support import token_client
from liuhao.notifications.models import Notification
from liuhao.notifications.services import notify
from liuhao.notifications.waiting import WaitingItem, register_waiting, unregister_waiting

BASE = "/api/v1/notifications/"


def _waiting(user):
    return [WaitingItem("review", "3 份自评待审核", "/assessments/", dt.date(2026, 4, 1), 3)]


def test_list_waiting_and_read(db, actors):
    me, other = actors.org_secretary, actors.committee_member
    mine = notify([me], kind="return", title="自评被退回", url="/x/")[0]
    theirs = notify([other], kind="info", title="别人的")[0]
    client = token_client(me)
    body = client.get(BASE).json()
    assert [n["title"] for n in body["items"]] == ["自评被退回"]
    assert body["items"][0]["kind_label"] == "退回"
    register_waiting(_waiting)
    try:
        summary = client.get(f"{BASE}waiting/").json()
    finally:
        unregister_waiting(_waiting)
    assert summary["unread"] == 1
    assert summary["waiting"][0] == {
        "kind": "review",
        "kind_label": "待评审",
        "title": "3 份自评待审核",
        "url": "/assessments/",
        "due": "2026-04-01",
        "count": 3,
    }
    response = client.post(f"{BASE}{theirs.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.post(f"{BASE}{mine.pk}/read/").json() == {"changed": 1}
    assert client.post(f"{BASE}read-all/").json() == {"changed": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.post(f"{BASE}99999999999999/read/").status_code == 404


def test_needs_authentication(db):
    from django.test import Client

    assert Client().get(BASE).status_code == 401
