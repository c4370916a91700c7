"""The tracking page behind the unguessable link and the lookup box (issue 5 items 4 and 8; C07.3
反馈, C18 评价): a forged or unknown token answers the site's ordinary 404; only public events,
never notes or who handled it; add information (resumes a waiting request), confirm, reopen, rate
once; every refusal is a Chinese message with nothing stored, never a 500."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from liuhao.desk.choices import EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, RequestFile, ServiceRequest
from liuhao.desk.ratelimit import client_ip, submission_throttle
from liuhao.desk.services import (
    request_assign,
    request_reply,
    request_transition,
    requester_confirm,
)
from liuhao.desk.tests.public_support import form_data, png, resolve, submitted

pytestmark = pytest.mark.django_db

NEW = reverse("desk_public:request-new")


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


def track(token: str, action: str = "") -> str:
    name = f"desk_public:request-{action}" if action else "desk_public:request-track"
    return reverse(name, args=[token])


def test_forged_and_unknown_tokens_answer_the_ordinary_404(client, tree):
    real = submitted(tree.branch)
    forged = real.token[:-1] + ("A" if real.token[-1] != "A" else "B")
    answers = [
        client.get(f"/r/t/{forged}/"),
        client.get(f"/r/t/{secrets.token_urlsafe(24)}/"),
        client.get("/r/t/short/"),
        client.get("/no-such-page/"),
        client.post(f"/r/t/{forged}/rate/", {"rating": "5"}),
    ]
    assert {a.status_code for a in answers} == {404}
    # the same page for all (the masked CSRF token of the page layout differs on every render)
    bodies = {re.sub(r'"X-CSRFToken": "[^"]*"', "", a.content.decode()) for a in answers}
    assert len(bodies) == 1 and "页面不存在" in bodies.pop()
    assert real.request.reference.encode() not in answers[0].content
    assert client.get(track(real.token)).status_code == 200


def test_the_page_shows_public_events_only_and_no_identity(client, tree, actors):
    sr = submitted(tree.branch, requester_name="王同学", requester_contact="13912345678")
    request = sr.request
    handler = actors.committee_member
    request_assign(actor=actors.org_secretary, request=request, assignee=handler)
    request_transition(actor=handler, request=request, action="accept")
    request_reply(actor=handler, request=request, text="涉及后勤处，内部协调XYZ", internal=True)
    request_reply(actor=handler, request=request, text="已转后勤处办理")
    response = client.get(track(sr.token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已受理" in html and "已转后勤处办理" in html and tree.branch.name in html
    assert request.reference in html and "学习生活" in html
    assert "内部协调XYZ" not in html
    for hidden in (handler.username, actors.org_secretary.username, "王同学", "13912345678"):
        assert hidden not in html
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_page_reads_in_a_few_queries(client, tree, django_assert_max_num_queries):
    sr = submitted(tree.branch)
    with django_assert_max_num_queries(10):
        assert client.get(track(sr.token)).status_code == 200


def test_adding_information_resumes_a_waiting_request(client, tree, actors):
    sr = submitted(tree.branch)
    handler = actors.committee_member
    request_transition(actor=handler, request=sr.request, action="accept")
    request_transition(actor=handler, request=sr.request, action="wait", text="请提供房间号")
    html = client.get(track(sr.token)).content.decode()
    assert "请提供房间号" in html and "计时暂停" in html
    response = client.post(track(sr.token, "add"), {"text": "312 室", "files": [png()]})
    assert response.status_code == 302
    sr.request.refresh_from_db()
    assert sr.request.status == RequestStatus.IN_PROGRESS
    assert RequestFile.objects.filter(request=sr.request).count() == 1
    html = client.get(track(sr.token)).content.decode()
    assert "312 室" in html and "已提交补充内容" in html and "截图.png" in html


def test_an_empty_addition_is_refused(client, tree):
    sr = submitted(tree.branch)
    response = client.post(track(sr.token, "add"), {"text": "  "})
    assert response.status_code == 400
    assert "请填写补充内容或上传文件" in response.content.decode()
    assert not RequestEvent.objects.filter(kind=EventKind.REQUESTER).exists()


def test_confirm_then_rate_once(client, tree, actors):
    sr = submitted(tree.branch)
    early = client.post(track(sr.token, "rate"), {"rating": "5"})
    assert early.status_code == 400 and "诉求关闭后才能评价" in early.content.decode()
    early = client.post(track(sr.token, "confirm"))
    assert early.status_code == 400 and "只有已办结的诉求可以确认关闭" in early.content.decode()
    resolve(actors.committee_member, sr.request)
    html = client.get(track(sr.token)).content.decode()
    assert "已联系网络中心更换交换机" in html and "确认已解决" in html
    assert client.post(track(sr.token, "confirm")).status_code == 302
    sr.request.refresh_from_db()
    assert sr.request.status == RequestStatus.CLOSED
    response = client.post(track(sr.token, "rate"), {"rating": "4", "comment": "处理及时"})
    assert response.status_code == 302
    sr.request.refresh_from_db()
    assert (sr.request.rating, sr.request.rating_comment) == (4, "处理及时")
    html = client.get(track(sr.token)).content.decode()
    assert "感谢您的评价" in html and "4 分" in html and "提交评价" not in html
    again = client.post(track(sr.token, "rate"), {"rating": "5"})
    assert again.status_code == 400 and "不能重复评价" in again.content.decode()
    sr.request.refresh_from_db()
    assert sr.request.rating == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "abc"}, "评分须为 1–5 分"),
        ({"rating": "9"}, "评分须为 1–5 分"),
        ({"rating": "0"}, "评分须为 1–5 分"),
        ({"rating": "4.5"}, "评分须为 1–5 分"),
        ({}, "请选择评分"),
        ({"rating": "5", "comment": "长" * 501}, "评价意见不能超过 500 字"),
    ],
)
def test_a_bad_rating_is_refused(client, tree, actors, data, message):
    sr = submitted(tree.branch)
    resolve(actors.committee_member, sr.request)
    requester_confirm(request=sr.request)
    response = client.post(track(sr.token, "rate"), data)
    assert response.status_code == 400 and message in response.content.decode()
    sr.request.refresh_from_db()
    assert sr.request.rating is None


def test_reopen_needs_a_reason(client, tree, actors):
    sr = submitted(tree.branch)
    resolve(actors.committee_member, sr.request)
    refused = client.post(track(sr.token, "reopen"), {"text": ""})
    assert refused.status_code == 400 and "请填写需要继续办理的原因" in refused.content.decode()
    response = client.post(track(sr.token, "reopen"), {"text": "晚上仍然断线"})
    assert response.status_code == 302
    sr.request.refresh_from_db()
    assert sr.request.status == RequestStatus.IN_PROGRESS and sr.request.reopened_count == 1
    assert "晚上仍然断线" in client.get(track(sr.token)).content.decode()


def test_reopen_after_the_window_is_refused(client, tree, actors, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    sr = submitted(tree.branch)
    resolve(actors.committee_member, sr.request)
    requester_confirm(request=sr.request)
    time_machine.move_to(dt.datetime(2025, 12, 31, 10, 0, tzinfo=dt.UTC), tick=False)
    assert "申请继续办理" not in client.get(track(sr.token)).content.decode()
    response = client.post(track(sr.token, "reopen"), {"text": "又坏了"})
    assert response.status_code == 400 and "不能重新打开" in response.content.decode()


def test_files_download_only_through_their_own_link(client, tree):
    mine = submitted(tree.branch)
    other = submitted(tree.branch)
    client.post(track(mine.token, "add"), {"files": [png("房间.png")]})
    row = RequestFile.objects.get(request=mine.request)
    response = client.get(reverse("desk_public:request-file", args=[mine.token, row.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    wrong = reverse("desk_public:request-file", args=[other.token, row.pk])
    assert client.get(wrong).status_code == 404


def test_lookup_takes_the_link_or_the_code(client, tree):
    sr = submitted(tree.branch)
    lookup = reverse("desk_public:request-lookup")
    assert client.get(lookup).status_code == 200
    link = f"https://liuhao.example.edu.cn{track(sr.token)}"
    assert client.post(lookup, {"code": link})["Location"] == track(sr.token)
    assert client.post(lookup, {"code": f" {sr.token} "})["Location"] == track(sr.token)
    refused = client.post(lookup, {"code": sr.request.reference})
    assert refused.status_code == 400 and "无法识别" in refused.content.decode()


def test_tracking_posts_keep_csrf(tree, actors):
    sr = submitted(tree.branch)
    resolve(actors.committee_member, sr.request)
    client = Client(enforce_csrf_checks=True)
    assert client.post(track(sr.token, "confirm")).status_code == 403
    assert ServiceRequest.objects.get().status == RequestStatus.RESOLVED


def test_client_address_behind_trusted_proxies_and_ipv6_networks(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 0
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    two = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    three = rf.get("/", REMOTE_ADDR="2001:db8:1:3::10")
    for r in (one, two, three):
        r.user = None
    keys = [submission_throttle(r, now=0).key for r in (one, two, three)]
    assert keys[0] == keys[1] != keys[2]
    assert "2001" not in keys[0]


def test_huge_or_malformed_input_never_500(client, tree):
    huge = "9" * 30
    assert client.get(NEW, {"org": huge, "university": huge}).status_code == 200
    refused = client.post(NEW, {**form_data(tree.branch), "org": huge, "university": huge})
    assert refused.status_code == 400
    sr = submitted(tree.branch)
    assert client.get(f"/r/t/{sr.token}/files/{huge}/").status_code == 404
    assert client.get(track(sr.token, "rate")).status_code == 405
    assert client.post(track(sr.token, "rate"), {"rating": huge}).status_code == 400
    assert client.post(track(sr.token, "add"), {"text": "长" * 2001}).status_code == 400
    assert ServiceRequest.objects.count() == 1
