"""Assessment API: runs, an org's result, its gap list, recompute — auth, scope, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.api.tests.support import ROLES, assert_error, send, session_client, token_client
from liuhao.standards.models import AssessmentRun
from liuhao.standards.services import recompute as recompute_module
from liuhao.standards.services.runs import assessment_run
from liuhao.standards.tests.support import make_standard
from liuhao.standards.tests.test_views import PERIOD, TODAY, staff_branch

BASE = "/api/v1/assessment"


@pytest.fixture
def run(tree):
    staff_branch(tree.branch)
    return assessment_run(standard=make_standard(), period_code=PERIOD, today=TODAY)


@pytest.fixture
def on_march_10(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC))


def test_requires_authentication(tree, run, client):
    assert_error(client.get(f"{BASE}/runs/"), 401, "not_authenticated")
    assert_error(client.get(f"{BASE}/orgs/{tree.branch.pk}/result/"), 401)


def test_run_list_and_detail_by_token(tree, actors, run):
    api = token_client(actors.org_secretary)
    body = api.get(f"{BASE}/runs/").json()
    assert [r["id"] for r in body["items"]] == [run.pk] and body["has_next"] is False
    item = body["items"][0]
    assert item["standard"] == "test-std" and item["period_code"] == PERIOD
    # No source is pending since the surveys app implements survey.* (issue 6).
    assert item["awaiting"] == [] and item["root"] is None
    assert api.get(f"{BASE}/runs/{run.pk}/").json()["org_count"] == run.org_count


def test_runs_are_scoped(tree, actors, run):
    other = assessment_run(
        standard=run.standard, period_code=PERIOD, root=tree.other_university, today=TODAY
    )
    api = token_client(actors.org_secretary)
    ids = [r["id"] for r in api.get(f"{BASE}/runs/").json()["items"]]
    assert other.pk not in ids and run.pk in ids
    assert_error(api.get(f"{BASE}/runs/{other.pk}/"), 404, "not_found")
    assert token_client(actors.party_member).get(f"{BASE}/runs/").json()["items"] == []
    assert_error(token_client(actors.outsider).get(f"{BASE}/runs/{run.pk}/"), 404)
    assert_error(api.get(f"{BASE}/runs/99999999999999999999/"), 404)


def test_org_result_newest_or_by_run(tree, actors, run):
    second = assessment_run(standard=run.standard, period_code=PERIOD, today=TODAY)
    api = token_client(actors.committee_member)
    body = api.get(f"{BASE}/orgs/{tree.branch.pk}/result/").json()
    assert body["run"] == second.pk and body["org_code"] == "U001-C01-B01"
    assert body["band_label"] in {"好", "差"} and isinstance(body["verdict"], bool)
    codes = {c["code"]: c for c in body["checkpoints"]}
    assert codes["T01.1"]["status"] == "met" and codes["T01.1"]["status_label"] == "达标"
    assert codes["T01.1"]["evidence"][0]["type"] == "orgs.position"
    assert codes["T02.1"]["status_label"] == "待数据"
    assert {d["code"] for d in body["dimensions"]} == {"D1", "D2"}
    older = api.get(f"{BASE}/orgs/{tree.branch.pk}/result/?run={run.pk}").json()
    assert older["run"] == run.pk
    assert_error(api.get(f"{BASE}/orgs/{tree.branch.pk}/result/?period=2024-2025"), 404)


@pytest.mark.parametrize("role", ROLES)
def test_result_scope_matrix(tree, actors, run, role):
    """VIEW_ASSESSMENT over the org, else 404 (the party member sees the branch, not its results)."""
    expected = {
        "province_admin": 200,
        "university_admin": 200,
        "org_secretary": 200,
        "committee_member": 200,
        "party_member": 404,
        "reviewer": 200,
        "outsider": 404,
    }[role]
    api = token_client(getattr(actors, role))
    response = api.get(f"{BASE}/orgs/{tree.branch.pk}/result/")
    assert response.status_code == expected
    gaps = api.get(f"{BASE}/orgs/{tree.other_branch.pk}/gaps/")
    assert gaps.status_code == (404 if role == "committee_member" else expected)
    other = api.get(f"{BASE}/orgs/{tree.other_univ_branch.pk}/result/")
    assert other.status_code == (200 if role == "province_admin" else 404)


def test_gap_list(tree, actors, run):
    body = token_client(actors.reviewer).get(f"{BASE}/orgs/{tree.other_branch.pk}/gaps/").json()
    assert body["run"] == run.pk and body["period_code"] == PERIOD
    item = next(i for i in body["items"] if i["code"] == "T01.1")
    assert item["gap"] == "配齐党务工作力量" and item["due"] == "2026-02-14"
    assert item["title"] == "党务工作力量配备" and item["status_label"] == "未达标"


def test_recompute_inline_returns_the_run(tree, actors, on_march_10):
    make_standard()
    api = token_client(actors.org_secretary)
    response = send(api, "POST", f"{BASE}/recompute/", {"period": PERIOD, "root": tree.college.pk})
    assert response.status_code == 202, response.content
    body = response.json()
    run = AssessmentRun.objects.get()
    assert body == {"inline": True, "org_count": 3, "run_id": run.pk, "task_id": None}
    assert run.root_id == tree.college.pk and run.triggered_by == actors.org_secretary


@pytest.mark.django_db(transaction=True)
def test_recompute_large_subtree_is_queued_on_commit(tree, actors, on_march_10, monkeypatch):
    monkeypatch.setattr(recompute_module, "INLINE_MAX_ORGS", 1)
    make_standard()
    api = token_client(actors.university_admin)
    response = send(
        api, "POST", f"{BASE}/recompute/", {"period": PERIOD, "root": tree.university.pk}
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["inline"] is False and body["run_id"] is None and body["task_id"]
    # the test settings run tasks immediately: the queued task has produced the run
    run = AssessmentRun.objects.get()
    assert run.root_id == tree.university.pk and run.status == "done"


@pytest.mark.parametrize(
    ("payload", "status", "code", "needle"),
    [
        ({"period": "2025"}, 400, "validation_failed", "格式不正确"),
        ({"period": "2030-2031-1"}, 400, "validation_failed", "尚未开始"),
        ({"period": PERIOD, "standard": "no-such"}, 400, "unknown_standard", "未找到指标体系"),
        ({}, 400, "validation_failed", "period"),
    ],
)
def test_recompute_refuses_unknown_period_or_standard(
    tree, actors, on_march_10, payload, status, code, needle
):
    make_standard()
    api = token_client(actors.university_admin)
    body = assert_error(
        send(api, "POST", f"{BASE}/recompute/", {"root": tree.university.pk, **payload}),
        status,
        code,
    )
    assert needle in body["message"]
    assert not AssessmentRun.objects.exists()


def test_recompute_permissions(tree, actors, on_march_10):
    make_standard()
    url = f"{BASE}/recompute/"
    # province-wide only for the province
    assert_error(send(token_client(actors.university_admin), "POST", url, {"period": PERIOD}), 403)
    # visible but without ASSESS: 403; outside scope: 404
    assert_error(
        send(
            token_client(actors.reviewer), "POST", url, {"period": PERIOD, "root": tree.college.pk}
        ),
        403,
        "not_permitted",
    )
    assert_error(
        send(
            token_client(actors.org_secretary),
            "POST",
            url,
            {"period": PERIOD, "root": tree.other_university.pk},
        ),
        404,
    )
    assert_error(
        send(
            token_client(actors.outsider), "POST", url, {"period": PERIOD, "root": tree.branch.pk}
        ),
        404,
    )
    assert not AssessmentRun.objects.exists()
    response = send(token_client(actors.province_admin), "POST", url, {"period": PERIOD})
    assert response.status_code == 202 and response.json()["org_count"] == 8


def test_recompute_by_session_needs_csrf(tree, actors, on_march_10):
    make_standard()
    client = session_client(actors.org_secretary, enforce_csrf=True)
    response = send(
        client, "POST", f"{BASE}/recompute/", {"period": PERIOD, "root": tree.branch.pk}
    )
    assert_error(response, 403)
    assert not AssessmentRun.objects.exists()


def test_openapi_lists_the_assessment_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/assessment/runs/",
        "/api/v1/assessment/runs/{run_id}/",
        "/api/v1/assessment/orgs/{org_id}/result/",
        "/api/v1/assessment/orgs/{org_id}/gaps/",
        "/api/v1/assessment/recompute/",
    ]:
        assert path in paths, path
    assert "202" in paths["/api/v1/assessment/recompute/"]["post"]["responses"]
