"""The handler's API under /api/v1/desk/ (issue 5 item 7): list with filters, 我的待办, the overdue
board, detail with events, transitions, reply and note, assign, record from a reception or a visit;
role × scope matrix (outside → 404, no capability → 403), errors in the API's shape naming the field,
nothing stored on refusal, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.desk.choices import Channel, EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.services import request_reply
from liuhao.desk.tests.handling.conftest import HANDLERS, ROLES
from liuhao.frontline.tests.factories import ReceptionFactory
from liuhao.orgs.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/desk"


def stored() -> tuple[object, ...]:
    return (
        tuple(ServiceRequest.objects.order_by("pk").values_list("status", "assignee_id")),
        RequestEvent.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def handler(actors):
    return token_client(actors.committee_member)


@pytest.mark.parametrize("role", ROLES)
def test_role_and_scope_matrix(tree, actors, desk, role):
    client = token_client(getattr(actors, role))
    inside = send(client, "GET", f"{API}/requests/{desk.late.pk}/")
    outside = send(client, "GET", f"{API}/requests/{desk.other.pk}/")
    listed = send(client, "GET", f"{API}/requests/")
    by_org = send(client, "GET", f"{API}/requests/?org={tree.branch.pk}")
    todo = send(client, "GET", f"{API}/requests/todo/")
    if role in HANDLERS:
        assert inside.status_code == 200
        titles = {r["title"] for r in listed.json()["items"]}
        assert "实验室空调坏了" in titles
        assert ("外校的诉求" in titles) == (role == "province_admin")
        assert by_org.status_code == 200 and todo.status_code == 200
    else:
        assert_error(inside, 404, "not_found")
        assert_error(listed, 403, "not_permitted")
        assert_error(todo, 403, "not_permitted")
        assert_error(by_org, 404 if role == "outsider" else 403)
    if role == "province_admin":
        assert outside.status_code == 200
    else:
        assert_error(outside, 404, "not_found")
        assert_error(send(client, "GET", f"{API}/requests/?org={tree.other_univ_branch.pk}"), 404)


def test_detail_has_events_files_and_working_days(handler, actors, desk):
    request_reply(actor=actors.committee_member, request=desk.fresh, text="内部", internal=True)
    out = send(handler, "GET", f"{API}/requests/{desk.fresh.pk}/").json()
    assert out["status"] == "new" and out["category_label"] == "学习生活"
    assert out["requester_name"] == "王同学" and out["workdays_left"] == 10
    assert out["due_state"] == "" and out["files"] == []
    assert [e["kind"] for e in out["events"]] == [EventKind.SUBMITTED, EventKind.NOTE]
    assert out["events"][1]["internal"] is True and out["events"][1]["public"] is False
    late = send(handler, "GET", f"{API}/requests/{desk.late.pk}/").json()
    assert late["due_state"] == "overdue" and late["workdays_left"] < 0


def test_list_filters_and_todo_and_overdue_board(tree, actors, desk):
    client = token_client(actors.org_secretary)

    def titles(query: str, path: str = "/requests/") -> set[str]:
        response = send(client, "GET", f"{API}{path}?{query}")
        assert response.status_code == 200, response.content
        return {r["title"] for r in response.json()["items"]}

    assert titles("priority=urgent") == {"奖学金评定有疑问"}
    assert titles("category=campus_service") == {"食堂价格偏高"}
    assert titles("overdue=true") == {"实验室空调坏了"}
    assert titles("near_breach=true") == {"实验室空调坏了", "奖学金评定有疑问"}
    assert titles(f"org={tree.branch.pk}&status=open") == {
        "实验室空调坏了",
        "奖学金评定有疑问",
        "图书馆座位不够",
    }
    assert titles("start=2000-01-01&end=2000-01-31") == set()
    assert titles("assigned_to_me=true") == set()
    assert titles("", "/requests/todo/") == {"食堂价格偏高"}
    board = titles("", "/requests/overdue/")
    assert board == {"实验室空调坏了", "奖学金评定有疑问"}
    for bad, field in (
        ("status=bogus", "status"),
        ("category=bogus", "category"),
        ("start=2025-02-30", "start"),
        ("priority=high", "priority"),
    ):
        body = assert_error(send(client, "GET", f"{API}/requests/?{bad}"), 400, "validation_failed")
        assert field in body["extra"]["fields"], body


def test_transitions_reply_and_assign(handler, actors, desk):
    url = f"{API}/requests/{desk.fresh.pk}"
    out = send(handler, "POST", f"{url}/transitions/", {"action": "accept"}).json()
    assert out["status"] == "accepted" and out["first_response_at"]
    response = send(handler, "POST", f"{url}/replies/", {"text": "正在处理"})
    assert response.status_code == 201 and response.json()["public"] is True
    note = send(handler, "POST", f"{url}/replies/", {"text": "内部沟通", "internal": True})
    assert note.json()["internal"] is True
    out = send(handler, "POST", f"{url}/assign/", {"assignee": actors.org_secretary.pk}).json()
    assert out["assignee"] == actors.org_secretary.pk and out["assignee_name"] == "secretary"
    out = send(handler, "POST", f"{url}/transitions/", {"action": "resolve", "text": "好了"})
    assert out.json()["status"] == RequestStatus.RESOLVED
    assert out.json()["resolved_within_sla"] is True


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("transitions", {"action": "delete"}, 400, "action"),
        ("transitions", {"action": "wait", "text": ""}, 400, "text"),
        ("transitions", {"action": "resolve", "text": "   "}, 400, "text"),
        ("transitions", {"action": "start"}, 400, None),
        ("transitions", {"action": "accept", "text": "长" * 2001}, 400, "text"),
        ("transitions", {"action": "accept", "extra": 1}, 400, "extra"),
        ("replies", {"text": ""}, 400, "text"),
        ("replies", {}, 400, "text"),
        ("assign", {"assignee": "MEMBER"}, 400, "assignee"),
        ("assign", {"assignee": 987654}, 400, "assignee"),
        ("assign", {"assignee": 0}, 400, "assignee"),
        ("assign", {"assignee": "x"}, 400, "assignee"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    handler, actors, desk, path, body, status, field
):
    if body.get("assignee") == "MEMBER":
        body = {"assignee": actors.party_member.pk}
    if body.get("action") in ("wait", "resolve"):
        send(handler, "POST", f"{API}/requests/{desk.fresh.pk}/transitions/", {"action": "accept"})
    before = stored()
    response = send(handler, "POST", f"{API}/requests/{desk.fresh.pk}/{path}/", body)
    out = assert_error(response, status)
    if field:
        assert field in out["extra"]["fields"], out
    assert stored() == before


def test_writes_outside_scope_are_404_and_members_cannot_write(actors, desk):
    handler = token_client(actors.committee_member)
    member = token_client(actors.party_member)
    before = stored()
    for client, pk in ((handler, desk.other.pk), (member, desk.fresh.pk)):
        assert_error(
            send(client, "POST", f"{API}/requests/{pk}/transitions/", {"action": "accept"}), 404
        )
        assert_error(send(client, "POST", f"{API}/requests/{pk}/replies/", {"text": "hi"}), 404)
    assert_error(send(handler, "GET", f"{API}/requests/99999999999999999999/"), 404)
    assert_error(send(handler, "DELETE", f"{API}/requests/{desk.fresh.pk}/"), 405)
    assert stored() == before


@pytest.fixture
def reception(tree):
    representative = PersonFactory(unit=tree.college, name="代表甲")
    return ReceptionFactory(
        org=tree.branch,
        representative=representative,
        held_on=timezone.localdate() - dt.timedelta(days=2),
        issues="反映实验室空调问题",
    )


def record_body(tree, source, **over):
    return {
        "org": tree.branch.pk,
        "channel": "reception",
        "reception": source.pk,
        "category": "campus_service",
        "title": "接待中反映：实验室空调",
        "body": "接待时多名教师反映实验室空调损坏。",
        "requester_name": "李老师",
        **over,
    }


def test_record_a_request_raised_at_a_reception(handler, tree, reception):
    response = send(handler, "POST", f"{API}/requests/", record_body(tree, reception))
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["channel"] == Channel.RECEPTION and out["reception"] == reception.pk
    assert out["events"][0]["actor_name"] == "committee"
    assert ServiceRequest.objects.get(pk=out["id"]).reception == reception


@pytest.mark.parametrize(
    ("over", "status", "field"),
    [
        ({"reception": None}, 400, "reception"),
        ({"channel": "public_form"}, 400, "channel"),
        ({"channel": "contact_visit"}, 400, "contact_visit"),
        ({"category": "nope"}, 400, "category"),
        ({"title": ""}, 400, "title"),
        ({"reception": 99999}, 404, "reception"),
        ({"contact_visit": 99999, "channel": "contact_visit"}, 404, "contact_visit"),
    ],
)
def test_record_bad_input(handler, tree, reception, over, status, field):
    before = stored()
    response = send(handler, "POST", f"{API}/requests/", record_body(tree, reception, **over))
    out = assert_error(response, status)
    assert field in out["extra"].get("fields", {}), out
    assert stored() == before


def test_record_needs_the_capability_and_a_source_in_scope(tree, actors, reception):
    member = token_client(actors.party_member)
    other = token_client(actors.committee_member)
    admin = token_client(actors.province_admin)
    before = stored()
    assert_error(send(member, "POST", f"{API}/requests/", record_body(tree, reception)), 403)
    body = record_body(tree, reception, org=tree.other_univ_branch.pk)
    assert_error(send(other, "POST", f"{API}/requests/", body), 404)
    # a reception of another university, recorded by a province admin for this branch
    foreign = ReceptionFactory(
        org=tree.other_univ_branch,
        representative=PersonFactory(unit=tree.other_univ_branch),
        held_on=timezone.localdate(),
    )
    out = assert_error(send(admin, "POST", f"{API}/requests/", record_body(tree, foreign)), 400)
    assert "reception" in out["extra"]["fields"]
    assert stored() == before


def test_list_queries_do_not_grow_with_the_page(handler, tree, django_assert_max_num_queries):
    from liuhao.desk.tests.handling.conftest import file_request

    for n in range(25):
        file_request(tree.branch, title=f"诉求{n}")
    with django_assert_max_num_queries(8):
        out = send(handler, "GET", f"{API}/requests/?page_size=25").json()
    assert len(out["items"]) == 25
