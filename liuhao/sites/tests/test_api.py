"""The site-cycle API: scoped like the pages, refused input is 400 naming the field (issue 7)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from liuhao.sites.models import Application
from liuhao.sites.services.cycle import expert_assign
from liuhao.sites.tests.support import expert_of, open_cycle, reviewed, year_run

BASE = "/api/v1/sites"


@pytest.fixture
def cycle(tree, actors):
    run = year_run()
    reviewed(tree.branch, run)
    reviewed(tree.other_branch, run)
    return open_cycle(actors.province_admin)


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_apply_recommend_and_score_through_the_api(client, tree, actors, cycle):
    client.force_login(actors.university_admin)
    url = f"{BASE}/cycles/{cycle.pk}/applications/"
    resp = client.post(url, {"org_id": tree.branch.pk}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["status"] == "applied"
    b = client.post(url, {"org_id": tree.other_branch.pk}, content_type="application/json").json()
    a = resp.json()
    resp = client.post(
        f"{BASE}/cycles/{cycle.pk}/recommendations/",
        {"university_id": tree.university.pk, "ranking": [a["id"], b["id"]]},
        content_type="application/json",
    )
    assert resp.status_code == 400 and "超过本校名额" in resp.json()["message"]
    assert "ranking" in resp.json()["extra"]["fields"]
    resp = client.post(
        f"{BASE}/cycles/{cycle.pk}/recommendations/",
        {"university_id": tree.university.pk, "ranking": [a["id"]]},
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()[0]["rank"] == 1
    assert [x["org_id"] for x in client.get(url).json()] == [tree.branch.pk, tree.other_branch.pk]
    expert = expert_of(tree.other_university)
    assignment = expert_assign(
        actor=actors.province_admin,
        application=Application.objects.get(pk=a["id"]),
        expert=expert,
        kind="report",
    )
    score_url = f"{BASE}/assignments/{assignment.pk}/scores/"
    body = {"scores": {"C16.2": "4", "C17.2": "4"}, "comment": "好"}
    assert client.post(score_url, body, content_type="application/json").status_code == 403
    client.force_login(expert)
    bad = {"scores": {"C16.2": "7", "C17.2": "4"}, "comment": "好"}
    resp = client.post(score_url, bad, content_type="application/json")
    assert resp.status_code == 400 and "score_C16.2" in resp.json()["extra"]["fields"]
    resp = client.post(score_url, body, content_type="application/json")
    assert resp.status_code == 200 and resp.json() == {"C16.2": "4.00", "C17.2": "4.00"}


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_api_scope(client, tree, actors, cycle):
    client.force_login(actors.party_member)
    assert client.get(f"{BASE}/cycles/{cycle.pk}/applications/").status_code == 403
    resp = client.post(
        f"{BASE}/cycles/{cycle.pk}/applications/",
        {"org_id": tree.other_univ_branch.pk},
        content_type="application/json",
    )
    assert resp.status_code in (403, 404)
    assert not Application.objects.exists()
    client.force_login(actors.university_admin)
    resp = client.post(
        f"{BASE}/cycles/{cycle.pk}/applications/",
        {"org_id": tree.other_univ_branch.pk},
        content_type="application/json",
    )
    assert resp.status_code == 404  # another university's org is outside scope
    assert client.get(f"{BASE}/named/").json() == []
