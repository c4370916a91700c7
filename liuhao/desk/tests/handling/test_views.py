"""The handler's pages (issue 5 items 2, 3): 我的待办, the org queue with filters, the overdue board
and the request page with its actions; a role × scope matrix (outside → 404, members and reviewers
never see a request), refused input named in Chinese with nothing stored, constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.desk.choices import EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.services import request_assign, request_reply, request_transition
from liuhao.desk.tests.handling.conftest import HANDLERS, ROLES, file_request

pytestmark = pytest.mark.django_db


def stored() -> tuple[object, ...]:
    return (
        tuple(ServiceRequest.objects.order_by("pk").values_list("status", "assignee_id")),
        RequestEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def errors_of(response) -> str:
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert 'class="form-errors"' in html
    return html.split('class="form-errors"')[1].split("</div>")[0]


# ---- who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_request_page_role_and_scope_matrix(client, tree, actors, desk, role):
    client.force_login(getattr(actors, role))
    inside = client.get(reverse("desk:request-detail", args=[desk.late.pk]))
    outside = client.get(reverse("desk:request-detail", args=[desk.other.pk]))
    assert inside.status_code == (200 if role in HANDLERS else 404)
    assert outside.status_code == (200 if role == "province_admin" else 404)
    if role not in HANDLERS:
        assert "实验室空调坏了" not in inside.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_queues_role_matrix(client, tree, actors, desk, role):
    client.force_login(getattr(actors, role))
    todo = client.get(reverse("desk:request-todo"))
    board = client.get(reverse("desk:request-overdue"))
    branch_queue = client.get(reverse("desk:request-list", args=[tree.branch.pk]))
    other_queue = client.get(reverse("desk:request-list", args=[tree.other_univ_branch.pk]))
    expected = 200 if role in HANDLERS else 403
    assert (todo.status_code, board.status_code) == (expected, expected)
    # the branch is visible to members (403: no capability) and reviewers of the college
    assert branch_queue.status_code == {"outsider": 404}.get(role, expected)
    assert other_queue.status_code == (200 if role == "province_admin" else 404)
    if role == "committee_member":
        page = branch_queue.content.decode()
        assert "实验室空调坏了" in page and "外校的诉求" not in page


def test_college_secretary_sees_the_branch_requests_and_the_college_ones(client, actors, desk):
    client.force_login(actors.org_secretary)
    page = client.get(reverse("desk:request-list", args=[desk.anonymous.org_id])).content.decode()
    assert "食堂价格偏高" in page and "实验室空调坏了" in page and "外校的诉求" not in page


def test_escalated_request_is_visible_to_a_handler_of_the_parent_only(client, tree, desk):
    from liuhao.core.roles import Role
    from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

    # a college secretary whose grant is not recursive: sees the college's own requests only
    flat = UserFactory(username="flat")
    RoleAssignmentFactory(user=flat, role=Role.ORG_SECRETARY, org=tree.college, recursive=False)
    client.force_login(flat)
    url = reverse("desk:request-detail", args=[desk.late.pk])
    assert client.get(url).status_code == 404
    ServiceRequest.objects.filter(pk=desk.late.pk).update(
        escalated_to=tree.college, escalated_at=timezone.now()
    )
    assert client.get(url).status_code == 200
    todo = client.get(reverse("desk:request-todo")).content.decode()
    assert "实验室空调坏了" in todo and "已上报至计算机学院党委" in todo


# ---- 我的待办 and the overdue board --------------------------------------------------------------------


def test_todo_lists_mine_and_unassigned_ones_of_my_orgs(client, tree, actors, desk):
    request_assign(actor=actors.org_secretary, request=desk.fresh, assignee=actors.org_secretary)
    request_transition(actor=actors.committee_member, request=desk.near, action="accept")
    request_transition(
        actor=actors.committee_member, request=desk.near, action="resolve", text="已解决"
    )
    client.force_login(actors.committee_member)
    page = client.get(reverse("desk:request-todo")).content.decode()
    # assigned to the secretary: gone from the branch's unassigned list; resolved: not to do
    assert "实验室空调坏了" in page
    assert "图书馆座位不够" not in page and "奖学金评定有疑问" not in page
    assert "食堂价格偏高" not in page  # the college's, not the branch's
    client.force_login(actors.org_secretary)
    page = client.get(reverse("desk:request-todo")).content.decode()
    assert "图书馆座位不够" in page and "食堂价格偏高" in page
    assert "实验室空调坏了" not in page  # unassigned in the branch: the branch's to-do


def test_todo_marks_overdue_and_near_breach(client, actors, desk):
    client.force_login(actors.committee_member)
    page = client.get(reverse("desk:request-todo")).content.decode()
    late = page.split("实验室空调坏了")[1].split("</li>")[0]
    near = page.split("奖学金评定有疑问")[1].split("</li>")[0]
    fresh = page.split("图书馆座位不够")[1].split("</li>")[0]
    assert "已超期" in late and "超期" in late.split("办结时限")[1]
    assert "临期" in near and "紧急" in near
    assert "超期" not in fresh and "临期" not in fresh
    # the most urgent first
    assert (
        page.index("实验室空调坏了") < page.index("奖学金评定有疑问") < page.index("图书馆座位不够")
    )


def test_overdue_board_lists_late_and_near_ones_across_the_scope(client, tree, actors, desk):
    late_college = file_request(
        tree.college, title="学院超期诉求", due=timezone.localdate() - dt.timedelta(days=3)
    )
    ServiceRequest.objects.filter(pk=late_college.pk).update(
        escalated_to=tree.university, escalated_at=timezone.now()
    )
    waiting = file_request(tree.branch, title="等待补充的诉求", due=timezone.localdate())
    ServiceRequest.objects.filter(pk=waiting.pk).update(status=RequestStatus.WAITING)
    client.force_login(actors.university_admin)
    page = client.get(reverse("desk:request-overdue")).content.decode()
    assert "实验室空调坏了" in page and "奖学金评定有疑问" in page and "学院超期诉求" in page
    assert "图书馆座位不够" not in page and "等待补充的诉求" not in page
    assert "已上报至南京示范大学党委" in page
    only_branch = client.get(reverse("desk:request-overdue") + f"?org={tree.branch.pk}")
    assert "学院超期诉求" not in only_branch.content.decode()
    other = client.get(reverse("desk:request-overdue") + f"?org={tree.other_univ_branch.pk}")
    assert other.status_code == 404


def test_pages_use_a_constant_number_of_queries(client, tree, actors, desk):
    client.force_login(actors.university_admin)
    urls = [
        reverse("desk:request-todo"),
        reverse("desk:request-overdue"),
        reverse("desk:request-list", args=[tree.university.pk]) + "?status=open",
        reverse("desk:request-export", args=[tree.university.pk]),
        reverse("desk:request-detail", args=[desk.late.pk]),
    ]

    def count_queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    few = count_queries()
    for n in range(12):
        request = file_request(tree.branch, title=f"诉求{n}", due=timezone.localdate())
        request_assign(
            actor=actors.university_admin, request=request, assignee=actors.university_admin
        )
        request_reply(actor=actors.university_admin, request=desk.late, text=f"答复{n}")
    assert count_queries() == few
    assert max(few) <= 12, few


# ---- filters ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=new", ["实验室空调坏了"], ["已受理的诉求"]),
        ("status=accepted", ["已受理的诉求"], ["实验室空调坏了"]),
        ("category=campus_service", ["食堂价格偏高"], ["实验室空调坏了"]),
        ("priority=urgent", ["奖学金评定有疑问"], ["实验室空调坏了"]),
        ("overdue=on", ["实验室空调坏了"], ["奖学金评定有疑问", "图书馆座位不够"]),
        ("near_breach=on", ["实验室空调坏了", "奖学金评定有疑问"], ["图书馆座位不够"]),
        ("assigned_to_me=on", ["已受理的诉求"], ["实验室空调坏了"]),
        ("escalated_to_me=on", ["实验室空调坏了"], ["奖学金评定有疑问"]),
        ("start=2000-01-01&end=2000-12-31", [], ["实验室空调坏了"]),
        ("status=bogus", ["实验室空调坏了", "已受理的诉求"], []),
    ],
)
def test_org_queue_filters(client, tree, actors, desk, query, shown, hidden):
    accepted = file_request(tree.branch, title="已受理的诉求")
    request_transition(actor=actors.org_secretary, request=accepted, action="accept")
    request_assign(actor=actors.org_secretary, request=accepted, assignee=actors.org_secretary)
    ServiceRequest.objects.filter(pk=desk.late.pk).update(
        escalated_to=tree.college, escalated_at=timezone.now()
    )
    client.force_login(actors.org_secretary)
    response = client.get(reverse("desk:request-list", args=[tree.college.pk]) + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    for title in shown:
        assert title in page, (query, title)
    for title in hidden:
        assert title not in page, (query, title)
    if query == "status=bogus":
        assert "状态：" in page.split('class="form-errors"')[1]


# ---- the request page -------------------------------------------------------------------------------------


def test_request_page_shows_identity_only_if_named_and_internal_notes_marked(client, actors, desk):
    request_reply(
        actor=actors.org_secretary, request=desk.anonymous, text="转后勤处", internal=True
    )
    request_reply(actor=actors.org_secretary, request=desk.anonymous, text="已转后勤处办理")
    client.force_login(actors.org_secretary)
    page = client.get(reverse("desk:request-detail", args=[desk.anonymous.pk])).content.decode()
    assert "匿名" in page and "13800000000" not in page and "王同学" not in page
    history = page.split('id="desk-history"')[1]
    note = history.split("转后勤处")[0].rsplit("<li", 1)[1]
    assert "内部" in note and "desk-note" in note
    assert "诉求人可见" in history.split("已转后勤处办理")[0].rsplit("<li", 1)[1]
    named = client.get(reverse("desk:request-detail", args=[desk.fresh.pk])).content.decode()
    assert "王同学" in named and "13800000000" in named
    assert "剩 10 个工作日" in named
    # only the actions the state machine allows from "new"
    actions = named.split('id="desk-actions"')[1].split("</section>")[0]
    assert 'value="accept"' in actions and 'value="resolve"' not in actions


def test_handler_accepts_waits_resumes_replies_and_resolves(client, actors, desk):
    client.force_login(actors.committee_member)
    url = reverse("desk:request-transition", args=[desk.fresh.pk])
    for action, text in (("accept", ""), ("start", ""), ("wait", "请提供房间号")):
        response = client.post(url, {"action": action, "text": text})
        assert response.status_code == 302, errors_of(response)
    desk.fresh.refresh_from_db()
    assert desk.fresh.status == RequestStatus.WAITING and desk.fresh.paused_on is not None
    client.post(url, {"action": "resume"})
    reply = client.post(
        reverse("desk:request-reply", args=[desk.fresh.pk]), {"text": "正在联系网络中心"}
    )
    assert reply.status_code == 302
    client.post(url, {"action": "resolve", "text": "已更换交换机"})
    desk.fresh.refresh_from_db()
    assert desk.fresh.status == RequestStatus.RESOLVED and desk.fresh.resolved_within_sla
    page = client.get(reverse("desk:request-detail", args=[desk.fresh.pk])).content.decode()
    assert "已更换交换机" in page and "办理中 → 已办结" in page and "按时办结" in page
    assert 'value="reopen"' in page


@pytest.mark.parametrize(
    ("view", "data", "label"),
    [
        ("request-transition", {"action": "delete"}, "操作"),
        ("request-transition", {"action": ""}, "操作"),
        ("request-transition", {"action": "start"}, "不能开始办理"),
        ("request-transition", {"action": "resolve", "text": "  "}, "请填写办理结果"),
        ("request-transition", {"action": "accept", "text": "长" * 2001}, "说明"),
        ("request-reply", {"text": ""}, "内容"),
        ("request-reply", {"text": "   ", "internal": "on"}, "内容"),
        ("request-assign", {"assignee": "MEMBER"}, "责任人"),
        ("request-assign", {"assignee": "OTHER"}, "责任人"),
        ("request-assign", {"assignee": "abc"}, "责任人"),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(client, actors, desk, view, data, label):
    from liuhao.core.roles import Role
    from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

    other = UserFactory(username="other-handler")
    RoleAssignmentFactory(user=other, role=Role.ORG_SECRETARY, org=desk.other.org)
    data = {
        **data,
        **(
            {"assignee": {"MEMBER": actors.party_member.pk, "OTHER": other.pk}[data["assignee"]]}
            if data.get("assignee") in ("MEMBER", "OTHER")
            else {}
        ),
    }
    client.force_login(actors.committee_member)
    if data.get("action") == "resolve":
        request_transition(actor=actors.committee_member, request=desk.fresh, action="accept")
    before = stored()
    response = client.post(reverse(f"desk:{view}", args=[desk.fresh.pk]), data)
    assert label in errors_of(response)
    assert stored() == before


def test_wait_without_a_question_is_refused(client, actors, desk):
    request_transition(actor=actors.committee_member, request=desk.fresh, action="accept")
    client.force_login(actors.committee_member)
    before = stored()
    response = client.post(
        reverse("desk:request-transition", args=[desk.fresh.pk]), {"action": "wait"}
    )
    assert "请填写需要诉求人补充的内容" in errors_of(response)
    assert stored() == before


def test_assign_a_handler_of_the_org(client, actors, desk):
    client.force_login(actors.committee_member)
    page = client.get(reverse("desk:request-detail", args=[desk.fresh.pk])).content.decode()
    assign = page.split('id="desk-assign"')[1].split("</section>")[0]
    assert "secretary" in assign and "committee" in assign and ">member<" not in assign
    response = client.post(
        reverse("desk:request-assign", args=[desk.fresh.pk]),
        {"assignee": actors.org_secretary.pk},
    )
    assert response.status_code == 302
    desk.fresh.refresh_from_db()
    assert desk.fresh.assignee == actors.org_secretary
    assert desk.fresh.events.filter(kind=EventKind.ASSIGNED).exists()


def test_actions_on_a_request_outside_scope_are_404(client, actors, desk):
    client.force_login(actors.committee_member)
    before = stored()
    for view, data in (
        ("request-transition", {"action": "accept"}),
        ("request-reply", {"text": "你好"}),
        ("request-assign", {"assignee": actors.committee_member.pk}),
    ):
        assert client.post(reverse(f"desk:{view}", args=[desk.other.pk]), data).status_code == 404
    client.force_login(actors.party_member)
    response = client.post(
        reverse("desk:request-transition", args=[desk.fresh.pk]), {"action": "accept"}
    )
    assert response.status_code == 404
    assert stored() == before


def test_requester_files_download_for_handlers_only(client, actors, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liuhao.desk.choices import Channel
    from liuhao.desk.services import request_submit
    from liuhao.desk.tests.handling.conftest import request_data

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    request = request_submit(
        org=tree.branch,
        data=request_data(),
        channel=Channel.PUBLIC_FORM,
        files=[SimpleUploadedFile("截图.png", png)],
    ).request
    stored_file = request.files.get()
    client.force_login(actors.committee_member)
    page = client.get(reverse("desk:request-detail", args=[request.pk])).content.decode()
    assert "截图.png" in page
    url = reverse("desk:request-file", args=[stored_file.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png
    client.force_login(actors.party_member)
    assert client.get(url).status_code == 404
