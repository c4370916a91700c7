"""The ledger API under /api/v1/ledger/: activities with attendance and decisions, plans, contact
pairs and visits; scoped (outside → 404), writers only (403), Chinese 400s naming the field with
nothing stored, audited writes, constant query counts on the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    PlanDocument,
)
from liuhao.ledger.tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    ContactPairFactory,
    ContactVisitFactory,
    PlanDocumentFactory,
)
from liuhao.ledger.tests.views.conftest import ledger_counts

API = "/api/v1/ledger"


@pytest.fixture
def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def writer(actors):
    return token_client(actors.committee_member)


def test_create_activity_with_attendance_and_decision(writer, tree, crew, actors, yesterday):
    body = {
        "org": tree.branch.pk,
        "kind": "committee_meeting",
        "held_on": yesterday.isoformat(),
        "topic": "支委会：研究发展对象",
        "is_decision_meeting": True,
        "attendance": [{"person": crew.committee[0].pk, "status": "excused"}],
        "all_present": True,
        "decisions": [{"text": "确定发展对象", "members_entitled": 3, "members_present": 2}],
    }
    response = send(writer, "POST", f"{API}/activities/", body)
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["topic"] == "支委会：研究发展对象" and out["org"] == tree.branch.pk
    statuses = {row["person"]: row["status"] for row in out["attendance"]}
    assert statuses[crew.committee[0].pk] == "excused"
    assert statuses[crew.secretary.pk] == "present"
    assert out["decisions"][0]["has_quorum"] is True
    activity = Activity.objects.get()
    assert AuditEvent.objects.filter(target_id=activity.pk, verb="create").exists()
    assert writer.get(f"{API}/activities/{activity.pk}/").json()["id"] == activity.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"topic": ""}, "topic"),
        ({"kind": "picnic"}, "kind"),
        ({"held_on": "2025-02-30"}, "held_on"),
        ({"held_on": "FUTURE"}, "活动日期"),
        ({"attendance": [{"person": "OUTSIDER", "status": "present"}]}, "出勤人员"),
        ({"decisions": [{"text": "x"}]}, "决策会议"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_activity_is_refused_naming_the_field(writer, tree, crew, yesterday, changes, field):
    body = {
        "org": tree.branch.pk,
        "kind": "theory_seminar",
        "held_on": yesterday.isoformat(),
        "topic": "学习",
    }
    for key, value in changes.items():
        if value == "FUTURE":
            value = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        if key == "attendance":
            value = [{"person": crew.outsider.pk, "status": "present"}]
        body[key] = value
    before = ledger_counts()
    error = assert_error(send(writer, "POST", f"{API}/activities/", body), 400)
    assert field in error["message"], error
    assert ledger_counts() == before


def test_patch_and_delete_activity(writer, tree, crew, yesterday):
    activity = ActivityFactory(org=tree.branch, held_on=yesterday)
    AttendanceFactory(activity=activity, person=crew.members[0])
    url = f"{API}/activities/{activity.pk}/"
    response = send(
        writer,
        "PATCH",
        url,
        {
            "topic": "更正后的主题",
            "attendance": [{"person": crew.members[0].pk, "status": "absent"}],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["topic"] == "更正后的主题"
    assert Attendance.objects.get().status == "absent"
    assert_error(send(writer, "PATCH", url, {"topic": None}), 400)
    assert send(writer, "DELETE", url).status_code == 204
    assert not Activity.objects.exists()


def test_activity_list_filters_and_constant_queries(
    writer, actors, tree, crew, yesterday, django_assert_max_num_queries
):
    for n in range(8):
        activity = ActivityFactory(org=tree.branch, held_on=yesterday - dt.timedelta(days=n))
        for person in crew.members:
            AttendanceFactory(activity=activity, person=person)
    ActivityFactory(org=tree.other_branch, held_on=yesterday, kind="party_lecture")
    ActivityFactory(org=tree.other_univ_branch, held_on=yesterday)
    with django_assert_max_num_queries(10):
        body = writer.get(f"{API}/activities/?org={tree.branch.pk}&page_size=50").json()
    assert len(body["items"]) == 8 and len(body["items"][0]["attendance"]) == 4
    assert writer.get(f"{API}/activities/?kind=party_lecture").json()["items"] == []
    college = token_client(actors.org_secretary)
    kinds = college.get(f"{API}/activities/?kind=party_lecture").json()["items"]
    assert [a["org"] for a in kinds] == [tree.other_branch.pk]
    everything = writer.get(f"{API}/activities/?page_size=100").json()["items"]
    assert {a["org"] for a in everything} == {tree.branch.pk}  # committee member: own branch


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("province_admin", 200, 201),
        ("university_admin", 200, 201),
        ("org_secretary", 200, 201),
        ("committee_member", 200, 201),
        ("party_member", 200, 403),
        ("reviewer", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_scope_and_capability_by_role(actors, tree, crew, yesterday, role, read, write):
    client = token_client(getattr(actors, role))
    activity = ActivityFactory(org=tree.branch, held_on=yesterday)
    assert client.get(f"{API}/activities/{activity.pk}/").status_code == read
    body = {"org": tree.branch.pk, "kind": "other", "held_on": yesterday.isoformat(), "topic": "x"}
    assert send(client, "POST", f"{API}/activities/", body).status_code == write
    other = ActivityFactory(org=tree.other_univ_branch, held_on=yesterday)
    expected = 200 if role == "province_admin" else 404
    assert client.get(f"{API}/activities/{other.pk}/").status_code == expected
    if role != "province_admin":
        assert send(client, "DELETE", f"{API}/activities/{other.pk}/").status_code == 404
        assert Activity.objects.filter(pk=other.pk).exists()


def test_plans(writer, tree, yesterday):
    body = {
        "org": tree.branch.pk,
        "kind": "overall_plan",
        "title": "服务型党组织建设总体规划",
        "valid_from": "2025-09-01",
    }
    response = send(writer, "POST", f"{API}/plans/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    bad = assert_error(
        send(writer, "PATCH", f"{API}/plans/{pk}/", {"valid_until": "2025-08-01"}), 400
    )
    assert "有效期至" in bad["message"]
    assert PlanDocument.objects.get().valid_until is None
    ok = send(writer, "PATCH", f"{API}/plans/{pk}/", {"valid_until": "2027-08-31"})
    assert ok.json()["valid_until"] == "2027-08-31"
    listed = writer.get(f"{API}/plans/?org={tree.branch.pk}&on=2026-01-01").json()["items"]
    assert [p["id"] for p in listed] == [pk]
    assert send(writer, "DELETE", f"{API}/plans/{pk}/").status_code == 204
    assert AuditEvent.objects.filter(target_id=pk, verb="delete").exists()


def test_contact_pairs_and_visits(writer, tree, crew, yesterday):
    body = {
        "org": tree.branch.pk,
        "leader": crew.secretary.pk,
        "target": crew.members[0].pk,
        "started_on": "2025-09-01",
    }
    response = send(writer, "POST", f"{API}/contact-pairs/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    bad = assert_error(
        send(writer, "PATCH", f"{API}/contact-pairs/{pk}/", {"ended_on": "2025-01-01"}), 400
    )
    assert "结束日期" in bad["message"]
    assert ContactPair.objects.get().ended_on is None
    assert (
        send(writer, "PATCH", f"{API}/contact-pairs/{pk}/", {"ended_on": "2026-01-01"}).status_code
        == 200
    )
    not_leader = dict(body, leader=crew.members[1].pk, target=crew.members[2].pk)
    assert (
        "班子成员"
        in assert_error(send(writer, "POST", f"{API}/contact-pairs/", not_leader), 400)["message"]
    )
    visit = {
        "org": tree.branch.pk,
        "leader": crew.secretary.pk,
        "visited_on": yesterday.isoformat(),
        "topic": "走访实验室",
    }
    response = send(writer, "POST", f"{API}/contact-visits/", visit)
    assert response.status_code == 201, response.content
    vid = response.json()["id"]
    patched = send(writer, "PATCH", f"{API}/contact-visits/{vid}/", {"place": "实验楼"})
    assert patched.json()["place"] == "实验楼"
    listed = writer.get(f"{API}/contact-visits/?org={tree.branch.pk}").json()["items"]
    assert [v["id"] for v in listed] == [vid]
    assert send(writer, "DELETE", f"{API}/contact-visits/{vid}/").status_code == 204
    assert send(writer, "DELETE", f"{API}/contact-pairs/{pk}/").status_code == 204
    assert not ContactVisit.objects.exists() and not ContactPair.objects.exists()


def test_other_university_records_are_not_found(actors, tree, crew):
    client = token_client(actors.university_admin)
    plan = PlanDocumentFactory(org=tree.other_univ_branch)
    pair = ContactPairFactory(
        org=tree.other_univ_branch, leader=crew.secretary, target=crew.members[0]
    )
    visit = ContactVisitFactory(org=tree.other_univ_branch, leader=crew.secretary)
    for url in (
        f"{API}/plans/{plan.pk}/",
        f"{API}/contact-pairs/{pair.pk}/",
        f"{API}/contact-visits/{visit.pk}/",
        f"{API}/activities/999999/",
        f"{API}/activities/{2**60}/",
    ):
        assert_error(client.get(url), 404, "not_found")
        assert_error(send(client, "DELETE", url), 404)
    assert Decision.objects.count() == 0
