"""The service-front API under /api/v1/frontline/: every record type with list, detail, create,
PATCH and DELETE; scoped (outside → 404), writers only (403), Chinese 400s naming the field with
nothing stored, audited writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.frontline.models import MemberAffair, News, Proposal, Reception, VanguardPost, Venue
from liuhao.frontline.tests.factories import NewsFactory, VenueFactory

API = "/api/v1/frontline"
DAY = "2025-10-15"


@pytest.fixture
def writer(actors):
    return token_client(actors.org_secretary)


def test_create_each_record_type(writer, tree, crew, rep):
    college, branch = tree.college.pk, tree.branch.pk
    venue = send(
        writer,
        "POST",
        f"{API}/venues/",
        {
            "org": college,
            "kind": "studio",
            "name": "党代表工作室",
            "equipment": "桌椅",
            "opened_on": "2024-03-01",
        },
    )
    assert venue.status_code == 201, venue.content
    bodies = {
        "receptions": {
            "org": college,
            "representative": rep.pk,
            "held_on": DAY,
            "venue": venue.json()["id"],
            "visitor_count": 3,
            "issues": "反映食堂问题",
        },
        "proposals": {
            "org": college,
            "representative": rep.pk,
            "kind": "research",
            "title": "关于学院党建的调研报告",
            "submitted_on": DAY,
        },
        "member-affairs": {
            "org": branch,
            "kind": "certificate",
            "person": crew.members[0].pk,
            "received_on": DAY,
            "completed_on": "2025-10-16",
        },
        "service-items": {
            "org": branch,
            "name": "党员身份证明",
            "process": "申请→审核→出具",
            "responsible": crew.secretary.pk,
            "time_limit_days": 3,
            "published_on": DAY,
        },
        "vanguard-posts": {
            "org": branch,
            "kind": "area",
            "name": "实验室责任区",
            "set_up_on": DAY,
            "members": [crew.members[0].pk],
        },
        "news": {
            "org": branch,
            "kind": "notice",
            "title": "关于开展民主评议的通知",
            "published_on": DAY,
        },
    }
    for path, body in bodies.items():
        response = send(writer, "POST", f"{API}/{path}/", body)
        assert response.status_code == 201, (path, response.content)
        pk = response.json()["id"]
        assert writer.get(f"{API}/{path}/{pk}/").status_code == 200
        listed = writer.get(f"{API}/{path}/?org={body['org']}").json()
        assert [r["id"] for r in listed["items"]] == [pk]
    assert VanguardPost.objects.get().members.count() == 1
    assert writer.get(f"{API}/vanguard-posts/").json()["items"][0]["members"] == [
        crew.members[0].pk
    ]
    assert (
        AuditEvent.objects.filter(target_type__startswith="frontline.", verb="create").count() >= 7
    )


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("receptions", {"visitor_count": -1}, "接待人数"),
        ("receptions", {"representative": "MEMBER"}, "党代表"),
        ("member-affairs", {"completed_on": "2025-10-01"}, "办结日期"),
        ("vanguard-posts", {"members": "OUTSIDER"}, "党员"),
        ("news", {"published_on": "FUTURE"}, "发布日期"),
        ("venues", {"closed_on": "2020-01-01"}, "停用日期"),
        ("news", {"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_refused_naming_the_field(writer, tree, crew, rep, path, body, field):
    base = {
        "receptions": {"org": tree.college.pk, "representative": rep.pk, "held_on": DAY},
        "member-affairs": {
            "org": tree.branch.pk,
            "kind": "transfer",
            "person": crew.members[0].pk,
            "received_on": DAY,
        },
        "vanguard-posts": {
            "org": tree.branch.pk,
            "kind": "post",
            "name": "先锋岗",
            "set_up_on": DAY,
            "members": [crew.members[0].pk],
        },
        "news": {"org": tree.branch.pk, "kind": "news", "title": "动态", "published_on": DAY},
        "venues": {"org": tree.branch.pk, "kind": "other", "name": "会议室", "opened_on": DAY},
    }[path]
    for key, value in body.items():
        if value == "FUTURE":
            value = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
        elif value == "MEMBER":
            value = crew.members[0].pk
        elif value == "OUTSIDER":
            value = [crew.outsider.pk]
        base[key] = value
    error = assert_error(send(writer, "POST", f"{API}/{path}/", base), 400)
    assert field in error["message"], error
    for model in (Reception, MemberAffair, VanguardPost, News, Venue, Proposal):
        assert not model.objects.exists()


def test_patch_and_delete(writer, tree):
    news = NewsFactory(org=tree.branch, title="旧")
    url = f"{API}/news/{news.pk}/"
    response = send(writer, "PATCH", url, {"title": "新"})
    assert response.status_code == 200 and response.json()["title"] == "新"
    assert send(writer, "DELETE", url).status_code == 204
    assert not News.objects.exists()


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
def test_scope_and_capability_by_role(actors, tree, role, read, write):
    client = token_client(getattr(actors, role))
    venue = VenueFactory(org=tree.branch)
    assert client.get(f"{API}/venues/{venue.pk}/").status_code == read
    body = {"org": tree.branch.pk, "kind": "news", "title": "动态", "published_on": DAY}
    assert send(client, "POST", f"{API}/news/", body).status_code == write
    other = VenueFactory(org=tree.other_univ_branch)
    expected = 200 if role == "province_admin" else 404
    assert client.get(f"{API}/venues/{other.pk}/").status_code == expected
    if role != "province_admin":
        assert send(client, "DELETE", f"{API}/venues/{other.pk}/").status_code == 404
        assert Venue.objects.filter(pk=other.pk).exists()
