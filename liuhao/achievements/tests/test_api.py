"""The achievements API: scoped lists and details (outside → 404), writers only (403), Chinese 400s
naming the field with nothing stored, audited writes, ratings by reviewers only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liuhao.achievements.models import Achievement, Commitment, Output, ReviewRating, ServiceBrand
from liuhao.achievements.tests.factories import AchievementFactory, CommitmentFactory
from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent

API = "/api/v1/achievements"
DAY = "2025-09-20"


def test_commitment_create_patch_list_delete(tree, actors, member):
    writer = token_client(actors.committee_member)
    body = {
        "org": tree.branch.pk,
        "person": member.pk,
        "committed_on": DAY,
        "content": "带头做好本职",
    }
    response = send(writer, "POST", f"{API}/commitments/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(target_id=str(pk), verb="create").exists()
    response = send(
        writer,
        "PATCH",
        f"{API}/commitments/{pk}/",
        {"evaluated_on": "2025-11-01", "peer_score": 91},
    )
    assert response.status_code == 200 and response.json()["peer_score"] == 91
    listed = send(writer, "GET", f"{API}/commitments/?org={tree.branch.pk}&year=2025-2026")
    assert [c["id"] for c in listed.json()["items"]] == [pk]
    assert_error(send(writer, "GET", f"{API}/commitments/?org={tree.college.pk}"), 404)
    assert_error(send(writer, "GET", f"{API}/commitments/?year=2025"), 400)
    assert send(writer, "DELETE", f"{API}/commitments/{pk}/").status_code == 204
    assert not Commitment.objects.exists()


def test_commitment_bad_input(tree, actors, member):
    writer = token_client(actors.committee_member)
    base = {"org": tree.branch.pk, "person": member.pk, "committed_on": DAY, "content": "承诺"}
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    for changes, field in (
        ({"committed_on": future}, "committed_on"),
        ({"evaluated_on": "2025-11-01", "leader_score": 150}, "leader_score"),
        ({"evaluated_on": "2025-09-01", "leader_score": 90}, "evaluated_on"),
        ({"person": actors.party_member.person.pk + 1000}, "person"),
    ):
        response = send(writer, "POST", f"{API}/commitments/", {**base, **changes})
        assert response.status_code in (400, 404)
        body = assert_error(response, response.status_code)
        assert field in body.get("extra", {}).get("fields", {}), body
    assert not Commitment.objects.exists()
    assert_error(
        send(writer, "POST", f"{API}/commitments/", {**base, "org": tree.other_branch.pk}), 404
    )


def test_records_scope_and_permissions(tree, actors):
    writer = token_client(actors.committee_member)
    for path, body, model in (
        (
            "achievements",
            {"category": "culture", "title": "文化节", "achieved_on": DAY},
            Achievement,
        ),
        ("outputs", {"kind": "practice", "title": "案例", "published_on": DAY}, Output),
        ("brands", {"name": "先锋驿站", "founded_on": "2024-03-01"}, ServiceBrand),
    ):
        response = send(writer, "POST", f"{API}/{path}/", {"org": tree.branch.pk, **body})
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        assert model.objects.filter(pk=pk).exists()
        assert send(writer, "GET", f"{API}/{path}/{pk}/").status_code == 200
        assert_error(send(token_client(actors.outsider), "GET", f"{API}/{path}/{pk}/"), 404)
    brand = ServiceBrand.objects.get()
    response = send(
        writer, "POST", f"{API}/brands/{brand.pk}/events/", {"happened_on": DAY, "summary": "活动"}
    )
    assert response.status_code == 201
    bad = send(
        writer,
        "POST",
        f"{API}/brands/{brand.pk}/events/",
        {"happened_on": "2020-01-01", "summary": "活动"},
    )
    assert "happened_on" in assert_error(bad, 400)["extra"]["fields"]
    achievement = AchievementFactory(org=tree.branch)
    reviewer = token_client(actors.reviewer)
    assert send(reviewer, "GET", f"{API}/achievements/{achievement.pk}/").status_code == 200
    assert_error(
        send(reviewer, "PATCH", f"{API}/achievements/{achievement.pk}/", {"title": "改"}), 403
    )
    assert_error(send(writer, "GET", f"{API}/achievements/999999999999/"), 404)


def test_ratings(tree, actors, member, standard):
    CommitmentFactory(org=tree.branch, person=member)
    body = {
        "org": tree.branch.pk,
        "period_code": "2025-2026",
        "checkpoint_code": "T02.3",
        "score": 4,
    }
    assert_error(send(token_client(actors.org_secretary), "POST", f"{API}/ratings/", body), 403)
    reviewer = token_client(actors.reviewer)
    bad = send(reviewer, "POST", f"{API}/ratings/", {**body, "score": 7})
    assert "score" in assert_error(bad, 400)["extra"]["fields"]
    assert send(reviewer, "POST", f"{API}/ratings/", body).status_code == 201
    assert ReviewRating.objects.count() == 1
    listed = send(reviewer, "GET", f"{API}/ratings/?org={tree.branch.pk}")
    assert listed.status_code == 200 and listed.json()[0]["score"] in ("4.0", 4.0, "4")
