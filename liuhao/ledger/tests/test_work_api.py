"""API of member service records, tasks and disclosures (Criteria C06.3, C07.1, C07.2): create,
list, detail, update, delete; scoped (outside → 404), writers only (403), Chinese 400s naming the
field with nothing stored, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Disclosure, ServiceRecord, Task
from liuhao.ledger.tests.factories import DisclosureFactory, ServiceRecordFactory, TaskFactory

API = "/api/v1/ledger"


@pytest.fixture
def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def writer(actors):
    return token_client(actors.committee_member)


def stored() -> tuple[int, ...]:
    return (
        ServiceRecord.objects.count(),
        Task.objects.count(),
        Disclosure.objects.count(),
        AuditEvent.objects.count(),
    )


def test_service_records_create_list_update_delete(writer, tree, crew, yesterday):
    body = {
        "org": tree.branch.pk,
        "persons": [crew.members[0].pk, crew.members[1].pk],
        "served_on": yesterday.isoformat(),
        "kind": "vanguard_duty",
        "hours": "1.5",
    }
    response = send(writer, "POST", f"{API}/service-records/", body)
    assert response.status_code == 201, response.content
    out = response.json()
    assert [r["person"] for r in out] == body["persons"]
    listed = send(writer, "GET", f"{API}/service-records/?org={tree.branch.pk}").json()
    assert len(listed["items"]) == 2
    url = f"{API}/service-records/{out[0]['id']}/"
    assert float(send(writer, "PATCH", url, {"hours": "3"}).json()["hours"]) == 3
    assert send(writer, "DELETE", url).status_code == 204
    assert ServiceRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"persons": ["OUTSIDER"]}, 400),
        ({"served_on": "2999-01-01"}, 400),
        ({"hours": "25"}, 400),
        ({"persons": []}, 400),
        ({"kind": "nap"}, 400),
        ({"persons": [99999999]}, 404),
    ],
)
def test_service_record_bad_input(writer, tree, crew, yesterday, changes, status):
    body = {
        "org": tree.branch.pk,
        "persons": [crew.members[0].pk],
        "served_on": yesterday.isoformat(),
        "kind": "volunteer",
        "hours": "2",
        **changes,
    }
    body["persons"] = [crew.outsider.pk if p == "OUTSIDER" else p for p in body["persons"]]
    before = stored()
    assert_error(send(writer, "POST", f"{API}/service-records/", body), status)
    assert stored() == before


def test_tasks_create_complete_and_overdue_filter(writer, tree, crew, yesterday):
    body = {
        "org": tree.branch.pk,
        "title": "完成党员信息核对",
        "owner": crew.secretary.pk,
        "steps": "核对\n上报",
        "assigned_on": (yesterday - dt.timedelta(days=30)).isoformat(),
        "due_on": (yesterday - dt.timedelta(days=2)).isoformat(),
    }
    response = send(writer, "POST", f"{API}/tasks/", body)
    assert response.status_code == 201, response.content
    task_id = response.json()["id"]
    overdue = send(writer, "GET", f"{API}/tasks/?org={tree.branch.pk}&overdue=true").json()
    assert [t["id"] for t in overdue["items"]] == [task_id]
    done = send(writer, "PATCH", f"{API}/tasks/{task_id}/", {"completed_on": body["due_on"]})
    assert done.status_code == 200 and done.json()["on_time"] is True
    overdue = send(writer, "GET", f"{API}/tasks/?org={tree.branch.pk}&overdue=true").json()
    assert overdue["items"] == []
    before = stored()
    bad = assert_error(send(writer, "POST", f"{API}/tasks/", {**body, "due_on": "2000-01-01"}), 400)
    assert "完成时限" in bad["message"] and stored() == before


def test_disclosures_create_and_scope(writer, tree, actors, yesterday):
    body = {"org": tree.branch.pk, "title": "发展对象公示", "published_on": yesterday.isoformat()}
    response = send(writer, "POST", f"{API}/disclosures/", body)
    assert response.status_code == 201 and response.json()["scope"] == "public"
    item_id = response.json()["id"]
    patched = send(writer, "PATCH", f"{API}/disclosures/{item_id}/", {"scope": "internal"})
    assert patched.json()["scope"] == "internal"
    reader = token_client(actors.party_member)
    assert send(reader, "GET", f"{API}/disclosures/{item_id}/").status_code == 200
    assert_error(send(reader, "POST", f"{API}/disclosures/", body), 403)


def test_records_outside_scope_are_404(writer, tree, crew):
    record = ServiceRecordFactory(org=tree.other_branch, person=crew.outsider)
    task = TaskFactory(org=tree.other_branch, owner=crew.outsider)
    item = DisclosureFactory(org=tree.other_branch)
    for url in (
        f"{API}/service-records/{record.pk}/",
        f"{API}/tasks/{task.pk}/",
        f"{API}/disclosures/{item.pk}/",
    ):
        assert_error(send(writer, "GET", url), 404)
        assert_error(send(writer, "DELETE", url), 404)
    body = {"org": tree.other_branch.pk, "title": "x", "published_on": "2025-10-01"}
    assert_error(send(writer, "POST", f"{API}/disclosures/", body), 404)
