"""The daily sweep (issue 5 item 4): near-breach reminders, escalation of overdue requests to the
parent org, auto-close of unconfirmed resolved ones; set-based (a constant number of queries whatever
the number of requests), audited, idempotent; the `desk_sweep` command and task; the badges it leaves
on 我的待办 and the overdue board (Criteria C07.3, C18.2)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.desk.choices import CloseReason, EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.services import desk_sweep, request_transition
from liuhao.desk.tasks import desk_sweep_task
from liuhao.desk.tests.handling.conftest import file_request

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 11, 17)


def at(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.fromisoformat(f"{day}T09:00:00+08:00"), tick=False)


@pytest.fixture
def aged(tree, actors, time_machine):
    """Requests submitted on Monday 2025-11-03 (due 11-17 for a normal one), seen two weeks on."""
    at(time_machine, dt.date(2025, 11, 3))
    requests = {
        "due_today": file_request(tree.branch, title="今天到期"),
        "late": file_request(tree.branch, title="空调维修"),
        "late_top": file_request(tree.university, title="高校本级超期"),
        "waiting": file_request(tree.branch, title="等待补充"),
        "resolved_early": file_request(tree.branch, title="早已办结"),
        "resolved_late": file_request(tree.branch, title="刚办结"),
        "fresh": file_request(tree.branch, title="新诉求"),
    }
    handler = actors.committee_member
    ServiceRequest.objects.filter(pk=requests["due_today"].pk).update(resolution_due=MONDAY)
    ServiceRequest.objects.filter(pk__in=[requests["late"].pk, requests["late_top"].pk]).update(
        resolution_due=MONDAY - dt.timedelta(days=3)
    )
    ServiceRequest.objects.filter(pk=requests["fresh"].pk).update(
        resolution_due=MONDAY + dt.timedelta(days=14)
    )
    request_transition(actor=handler, request=requests["waiting"], action="accept")
    request_transition(actor=handler, request=requests["waiting"], action="wait", text="请补充材料")
    ServiceRequest.objects.filter(pk=requests["waiting"].pk).update(
        resolution_due=MONDAY - dt.timedelta(days=3)
    )
    for key in ("resolved_early", "resolved_late"):
        request_transition(actor=handler, request=requests[key], action="accept")
    request_transition(
        actor=handler, request=requests["resolved_early"], action="resolve", text="已解决"
    )
    at(time_machine, dt.date(2025, 11, 14))  # Friday: 1 working day before Monday
    request_transition(
        actor=handler, request=requests["resolved_late"], action="resolve", text="已解决"
    )
    at(time_machine, MONDAY)
    for r in requests.values():
        r.refresh_from_db()
    return requests


def test_sweep_reminds_escalates_and_closes(aged, tree):
    audits = AuditEvent.objects.count()
    result = desk_sweep()
    assert (result.reminded, result.escalated, result.closed) == (1, 2, 1)
    for r in aged.values():
        r.refresh_from_db()
    assert aged["due_today"].reminded_on == MONDAY
    assert aged["due_today"].events.filter(kind=EventKind.REMINDER).exists()
    assert aged["late"].escalated_to == tree.college and aged["late"].escalated_at
    assert aged["late_top"].escalated_to is None and aged["late_top"].escalated_at
    escalation = aged["late"].events.get(kind=EventKind.ESCALATED)
    assert "计算机学院党委" in escalation.text and not escalation.public
    assert aged["waiting"].escalated_at is None  # the clock is paused while waiting
    assert aged["resolved_early"].status == RequestStatus.CLOSED
    assert aged["resolved_early"].close_reason == CloseReason.AUTO
    assert aged["resolved_late"].status == RequestStatus.RESOLVED
    assert aged["fresh"].reminded_on is None and aged["fresh"].escalated_at is None
    # every escalation and close is audited, with the org of the request
    rows = AuditEvent.objects.order_by("pk")[audits:]
    assert len(rows) == 3 and all(a.actor_id is None for a in rows)
    assert {a.target_id for a in rows} == {
        aged["late"].pk,
        aged["late_top"].pk,
        aged["resolved_early"].pk,
    }
    assert {a.org_path for a in rows} >= {tree.branch.path, tree.university.path}


def test_sweep_is_idempotent_the_same_day_and_reminds_again_the_next(aged, time_machine):
    desk_sweep()
    counts = (RequestEvent.objects.count(), AuditEvent.objects.count())
    again = desk_sweep()
    assert (again.reminded, again.escalated, again.closed) == (0, 0, 0)
    assert (RequestEvent.objects.count(), AuditEvent.objects.count()) == counts


def test_sweep_is_set_based(tree, time_machine, django_assert_max_num_queries):
    at(time_machine, dt.date(2025, 11, 3))
    for n in range(30):
        request = file_request(tree.branch, title=f"诉求{n}")
        due = MONDAY if n % 2 else MONDAY - dt.timedelta(days=3)
        ServiceRequest.objects.filter(pk=request.pk).update(resolution_due=due)
    at(time_machine, MONDAY)
    with django_assert_max_num_queries(16):
        result = desk_sweep()
    assert (result.reminded, result.escalated) == (15, 15)


def test_command_and_task(aged, time_machine):
    out = StringIO()
    call_command("desk_sweep", "--today", "2025-11-17", stdout=out)
    assert "临期提醒 1 条，超期上报 2 条，自动关闭 1 条" in out.getvalue()
    with pytest.raises(CommandError, match="日期格式不正确"):
        call_command("desk_sweep", "--today", "2025-02-30")
    # the next day, the request due today is overdue in turn; a replay of today changes nothing
    assert desk_sweep_task.call("2025-11-18") == {"reminded": 0, "escalated": 1, "closed": 0}
    assert desk_sweep_task.call(None) == {"reminded": 0, "escalated": 0, "closed": 0}


def test_badges_after_the_sweep(client, aged, actors, tree):
    desk_sweep()
    client.force_login(actors.org_secretary)
    board = client.get(reverse("desk:request-overdue")).content.decode()
    assert "已超期" in board and "已上报至计算机学院党委" in board and "临期" in board
    todo = client.get(reverse("desk:request-todo")).content.decode()
    # escalated to the secretary's college: on the secretary's to-do list, marked
    late = todo.split("空调维修")[1].split("</li>")[0]
    assert "已超期" in late and "已上报至计算机学院党委" in late
