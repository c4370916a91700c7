"""The request desk's services: submitting (named, anonymous, files checked by content), the state
machine with its SLA clock on working days (pause while waiting), replies and internal notes, the
requester's confirm / reopen / rate through the tracking link, the daily sweep (reminders,
escalation, auto-close), scope and audit (issue 5 items 1–4, 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.desk.choices import Channel, CloseReason, EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, RequestFile, ServiceRequest
from liuhao.desk.services import (
    desk_sweep,
    request_assign,
    request_reply,
    request_submit,
    request_transition,
    requester_add,
    requester_confirm,
    requester_rate,
    requester_reopen,
    token_hash,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def data(**over: Any) -> dict[str, Any]:
    return {
        "category": "study_life",
        "priority": "normal",
        "title": "宿舍网络经常断线",
        "body": "三号楼晚上十点后网络经常断线，影响学习。",
        "anonymous": False,
        "requester_name": "王同学",
        "requester_contact": "13800000000",
        **over,
    }


def at(time_machine: Any, day: str) -> None:
    time_machine.move_to(dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"), tick=False)


def test_submit_sets_due_dates_on_working_days_and_stores_only_the_token_hash(tree, time_machine):
    at(time_machine, "2025-09-30")  # before the National Day holiday (Oct 1–8 2025)
    submitted = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM)
    request = submitted.request
    assert request.status == RequestStatus.NEW
    assert request.tracking_hash == token_hash(submitted.token) != submitted.token
    assert request.response_due == dt.date(2025, 10, 10)  # 2 working days: Oct 9 (Thu), Oct 10
    # 10 working days: Oct 9, 10, Saturday Oct 11 (a make-up workday), Oct 13–17, 20, 21
    assert request.resolution_due == dt.date(2025, 10, 21)
    assert request.university_id == tree.university.pk
    assert RequestEvent.objects.get(request=request).kind == EventKind.SUBMITTED
    assert AuditEvent.objects.filter(target_type="desk.servicerequest", verb="create").exists()


def test_anonymous_request_keeps_no_identity_and_urgent_has_a_shorter_clock(tree, time_machine):
    at(time_machine, "2025-11-03")  # a Monday
    request = request_submit(
        org=tree.branch,
        data=data(anonymous=True, priority="urgent"),
        channel=Channel.PUBLIC_FORM,
    ).request
    assert (request.requester_name, request.requester_contact) == ("", "")
    assert request.resolution_due == dt.date(2025, 11, 6)  # 3 working days


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"title": ""}, "title"),
        ({"body": ""}, "body"),
        ({"title": "长" * 101}, "title"),
        ({"priority": "yesterday"}, "priority"),
    ],
)
def test_bad_submission_names_the_field_and_stores_nothing(tree, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        request_submit(org=tree.branch, data=data(**changes), channel=Channel.PUBLIC_FORM)
    assert field in exc.value.extra["fields"]
    assert not ServiceRequest.objects.exists()


def test_files_are_checked_by_content_and_all_or_nothing(tree):
    fake = SimpleUploadedFile("照片.png", b"MZ\x90\x00 not an image")
    good = SimpleUploadedFile("截图.png", PNG)
    with pytest.raises(ValidationFailed, match=r"照片\.png"):
        request_submit(
            org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM, files=[good, fake]
        )
    assert not ServiceRequest.objects.exists() and not RequestFile.objects.exists()
    request = request_submit(
        org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM, files=[good]
    ).request
    stored = RequestFile.objects.get(request=request)
    assert stored.content_type == "image/png" and len(stored.sha256) == 64


def test_files_over_the_limit_are_refused(tree, settings):
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationFailed, match="大小超过上限"):
        request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM, files=[big])
    many = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(4)]
    with pytest.raises(ValidationFailed, match="最多"):
        request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM, files=many)


def test_life_cycle_with_a_pause_that_pushes_the_due_date(tree, actors, time_machine):
    at(time_machine, "2025-11-03")
    request = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    handler = actors.committee_member
    request_transition(actor=handler, request=request, action="accept")
    assert request.first_response_at is not None
    request_transition(actor=handler, request=request, action="start")
    with pytest.raises(ValidationFailed):
        request_transition(actor=handler, request=request, action="wait")  # no question
    request_transition(actor=handler, request=request, action="wait", text="请提供具体房间号")
    due = request.resolution_due
    at(time_machine, "2025-11-06")  # 3 working days later the requester answers
    requester_add(request=request, text="312 室")
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.paused_workdays == 3
    assert request.resolution_due == dt.date(2025, 11, 20) and due == dt.date(2025, 11, 17)
    with pytest.raises(ValidationFailed):
        request_transition(actor=handler, request=request, action="resolve")  # no reply
    request_transition(
        actor=handler, request=request, action="resolve", text="已联系网络中心更换交换机"
    )
    assert request.resolved_within_sla is True
    with pytest.raises(InvalidState):
        requester_rate(request=request, rating=5)  # not closed yet
    requester_confirm(request=request)
    assert request.status == RequestStatus.CLOSED
    assert request.close_reason == CloseReason.CONFIRMED
    requester_rate(request=request, rating=4, comment="处理及时")
    with pytest.raises(InvalidState, match="重复"):
        requester_rate(request=request, rating=5)
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.TRANSITION) == 6 and kinds[-1] == EventKind.RATED


def test_impossible_transitions_are_refused(tree, actors):
    request = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    with pytest.raises(InvalidState, match="待受理"):
        request_transition(actor=actors.committee_member, request=request, action="start")
    with pytest.raises(InvalidState):
        requester_confirm(request=request)
    with pytest.raises(ValidationFailed):
        requester_reopen(request=request, text="")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("province_admin", True),
        ("university_admin", True),
        ("org_secretary", True),
        ("committee_member", True),
        ("party_member", False),
        ("reviewer", False),
        ("outsider", False),
    ],
)
def test_only_handlers_in_scope_handle(tree, actors, role, allowed):
    request = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    actor = getattr(actors, role)
    if allowed:
        request_transition(actor=actor, request=request, action="accept")
    else:
        with pytest.raises(NotPermitted):
            request_transition(actor=actor, request=request, action="accept")
        assert ServiceRequest.objects.get().status == RequestStatus.NEW
    other = request_submit(
        org=tree.other_univ_branch, data=data(), channel=Channel.PUBLIC_FORM
    ).request
    if role != "province_admin":
        with pytest.raises(NotPermitted):
            request_reply(actor=actor, request=other, text="你好")


def test_internal_notes_are_never_public(tree, actors):
    request = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    note = request_reply(
        actor=actors.committee_member, request=request, text="涉及后勤处", internal=True
    )
    reply = request_reply(actor=actors.committee_member, request=request, text="已转后勤处")
    assert (note.public, reply.public) == (False, True)
    assert note.kind == EventKind.NOTE and reply.kind == EventKind.REPLY


def test_assignee_must_be_a_handler(tree, actors):
    request = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    with pytest.raises(ValidationFailed, match="责任人"):
        request_assign(actor=actors.org_secretary, request=request, assignee=actors.party_member)
    request_assign(actor=actors.org_secretary, request=request, assignee=actors.committee_member)
    assert request.assignee == actors.committee_member


def test_recording_from_a_reception_needs_a_handler(tree, actors):
    with pytest.raises(NotPermitted):
        request_submit(
            org=tree.branch, data=data(), channel=Channel.RECEPTION, actor=actors.party_member
        )
    request = request_submit(
        org=tree.branch, data=data(), channel=Channel.RECEPTION, actor=actors.committee_member
    ).request
    assert request.channel == Channel.RECEPTION


def test_sweep_reminds_escalates_and_auto_closes(tree, actors, time_machine):
    at(time_machine, "2025-11-03")
    late = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    done = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    request_transition(actor=actors.committee_member, request=done, action="accept")
    request_transition(actor=actors.committee_member, request=done, action="resolve", text="已解决")
    at(time_machine, "2025-11-14")  # 9 working days in: due on 11-17 → reminder
    first = desk_sweep()
    assert (first.reminded, first.escalated, first.closed) == (1, 0, 1)
    assert desk_sweep().reminded == 0  # once a day
    done.refresh_from_db()
    assert done.status == RequestStatus.CLOSED and done.close_reason == CloseReason.AUTO
    at(time_machine, "2025-11-18")
    assert desk_sweep().escalated == 1
    late.refresh_from_db()
    assert late.escalated_to == tree.college
    # the college's handlers may now act on it
    request_transition(actor=actors.org_secretary, request=late, action="accept")


def test_reopen_by_the_requester_within_the_window(tree, actors, time_machine):
    at(time_machine, "2025-11-03")
    request = request_submit(org=tree.branch, data=data(), channel=Channel.PUBLIC_FORM).request
    request_transition(actor=actors.committee_member, request=request, action="accept")
    request_transition(
        actor=actors.committee_member, request=request, action="resolve", text="好了"
    )
    requester_confirm(request=request)
    requester_reopen(request=request, text="问题又出现了")
    assert request.status == RequestStatus.IN_PROGRESS and request.reopened_count == 1
    request_transition(
        actor=actors.committee_member, request=request, action="resolve", text="再修"
    )
    requester_confirm(request=request)
    at(time_machine, "2025-12-31")
    with pytest.raises(InvalidState, match="不能重新打开"):
        requester_reopen(request=request, text="又坏了")
