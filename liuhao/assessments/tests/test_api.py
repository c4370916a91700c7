"""The self-assessment API (issue 7 items 1, 2): the chain by token, scope, bad input in Chinese."""

from __future__ import annotations

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.assessments.models import CheckpointScore, ReviewStep, SelfAssessment
from liuhao.assessments.tests.conftest import YEAR

BASE = "/api/v1/self-assessments"


def test_the_chain_through_the_api(tree, chain, actors):
    org = token_client(chain.branch_secretary)
    response = send(org, "POST", f"{BASE}/", {"org": tree.branch.pk, "period": YEAR})
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["status"] == "draft" and any(c["code"] == "C16.2" for c in body["checkpoints"])
    assert (
        send(
            org, "POST", f"{BASE}/{pk}/narratives/", {"criterion": "C01", "text": "说明"}
        ).status_code
        == 200
    )
    link = {"checkpoint": "C16.2", "title": "成果", "url": "https://example.edu.cn/a"}
    assert send(org, "POST", f"{BASE}/{pk}/evidence/", link).status_code == 200
    assert send(org, "POST", f"{BASE}/{pk}/submit/").json()["current_level"] == "college"
    assert_error(send(org, "POST", f"{BASE}/{pk}/submit/"), 400, "invalid_state")

    college = token_client(chain.college_secretary)
    queue = college.get(f"{BASE}/reviews/").json()
    assert queue["counts"] == {"college": 1} and queue["items"][0]["id"] == pk
    assert send(college, "POST", f"{BASE}/{pk}/accept/", {}).json()["current_level"] == "university"

    univ = token_client(chain.university_admin)
    error = assert_error(
        send(univ, "POST", f"{BASE}/{pk}/scores/", {"checkpoint": "C16.2", "score": 7}), 400
    )
    assert "score" in error["extra"]["fields"]
    assert not CheckpointScore.objects.exists()
    scored = send(univ, "POST", f"{BASE}/{pk}/scores/", {"checkpoint": "C16.2", "score": 4})
    row = next(c for c in scored.json()["checkpoints"] if c["code"] == "C16.2")
    assert (
        row["score"] == 4 and row["status"] == "met" and row["computed_status"] == "awaiting_data"
    )
    assert_error(send(univ, "POST", f"{BASE}/{pk}/return/", {"reason": ""}), 400)
    assert send(univ, "POST", f"{BASE}/{pk}/return/", {"reason": "补充材料"}).json()["status"] == (
        "returned"
    )
    assert ReviewStep.objects.count() == 2


def test_scope(tree, chain, actors):
    org = token_client(chain.branch_secretary)
    pk = send(org, "POST", f"{BASE}/", {"org": tree.branch.pk, "period": YEAR}).json()["id"]
    assert_error(token_client(chain.other_university_admin).get(f"{BASE}/{pk}/"), 404)
    assert_error(token_client(actors.party_member).get(f"{BASE}/{pk}/"), 404)
    assert token_client(actors.reviewer).get(f"{BASE}/{pk}/").status_code == 200
    assert_error(send(token_client(actors.reviewer), "POST", f"{BASE}/{pk}/accept/", {}), 403)
    assert_error(token_client(chain.branch_secretary).get(f"{BASE}/0/"), 404)
    assert_error(
        send(org, "POST", f"{BASE}/", {"org": tree.other_univ_branch.pk, "period": YEAR}), 404
    )
    assert SelfAssessment.objects.count() == 1
