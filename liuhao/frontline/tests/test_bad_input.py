"""Bad input never answers 500: every service-front form and API endpoint gets impossible values in
every field (huge and negative numbers, far dates, control characters, very long text) and answers
a 4xx naming the problem in Chinese, storing nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liuhao.api.tests.support import send, token_client
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.frontline.views import KINDS

NASTY = ["-1", "99999999999999999999", "2999-12-31", "0001-01-01", "abc", "\x00", "字" * 6000]
API = {
    "venue": "venues",
    "reception": "receptions",
    "proposal": "proposals",
    "memberaffair": "member-affairs",
    "serviceitem": "service-items",
    "vanguardpost": "vanguard-posts",
    "news": "news",
}


def stored() -> int:
    models = (Venue, Reception, Proposal, MemberAffair, ServiceItem, VanguardPost, News)
    return sum(m.objects.count() for m in models)


@pytest.mark.parametrize("slug", list(KINDS))
def test_forms_refuse_impossible_values_without_500(client, tree, actors, crew, rep, slug):
    client.force_login(actors.org_secretary)
    url = reverse(f"frontline:{slug}-create", args=[tree.college.pk])
    names = list(client.get(url).context["form"].fields)
    for value in NASTY:
        response = client.post(url, dict.fromkeys(names, value))
        assert response.status_code == 400, (slug, value[:10], response.status_code)
    assert stored() == 0


@pytest.mark.parametrize("slug", list(KINDS))
def test_api_refuses_impossible_values_without_500(tree, actors, crew, rep, slug):
    writer = token_client(actors.org_secretary)
    path = f"/api/v1/frontline/{API[slug]}/"
    fields = [
        "kind",
        "name",
        "title",
        "representative",
        "person",
        "responsible",
        "members",
        "venue",
        "held_on",
        "submitted_on",
        "received_on",
        "published_on",
        "opened_on",
        "set_up_on",
        "visitor_count",
        "time_limit_days",
        "url",
        "process",
    ]
    for value in [*NASTY, -1, 10**20, None, [], {"a": 1}]:
        body = {"org": tree.college.pk, **dict.fromkeys(fields, value)}
        response = send(writer, "POST", path, body)
        assert 400 <= response.status_code < 500, (slug, str(value)[:10], response.content[:200])
    assert stored() == 0


def test_huge_numbers_in_otherwise_valid_input_are_refused(client, tree, actors, crew, rep):
    writer = token_client(actors.org_secretary)
    body = {"org": tree.college.pk, "representative": rep.pk, "held_on": "2025-10-15"}
    for count in (100_001, 10**12, 10**20):
        response = send(
            writer, "POST", "/api/v1/frontline/receptions/", {**body, "visitor_count": count}
        )
        assert response.status_code == 400, response.content
    item = {
        "org": tree.branch.pk,
        "name": "组织关系转接",
        "process": "申请→办结",
        "responsible": crew.secretary.pk,
        "published_on": "2025-03-01",
    }
    for days in (0, 366, 10**12):
        response = send(
            writer, "POST", "/api/v1/frontline/service-items/", {**item, "time_limit_days": days}
        )
        assert response.status_code == 400, response.content
        assert "办理时限" in response.json()["message"]
    client.force_login(actors.org_secretary)
    url = reverse("frontline:reception-create", args=[tree.college.pk])
    data = {"representative": rep.pk, "held_on": "2025-10-15", "visitor_count": "100001"}
    assert "接待人数" in client.post(url, data).content.decode()
    assert stored() == 0
