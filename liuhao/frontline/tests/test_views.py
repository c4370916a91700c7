"""Service-front pages: the org page, forms by role (in and out of scope), refusals shown on the
form with nothing stored, detail pages (the evidence links) and the public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.frontline.models import MemberAffair, News, Reception, VanguardPost, Venue
from liuhao.frontline.tests.factories import (
    MemberAffairFactory,
    NewsFactory,
    ReceptionFactory,
    ServiceItemFactory,
    VanguardPostFactory,
    VenueFactory,
)

DAY = "2025-10-15"
SLUGS = ["venue", "reception", "proposal", "memberaffair", "serviceitem", "vanguardpost", "news"]


@pytest.mark.parametrize(
    ("role", "page", "form"),
    [
        ("province_admin", 200, 200),
        ("university_admin", 200, 200),
        ("org_secretary", 200, 200),
        ("committee_member", 200, 200),
        ("party_member", 200, 403),
        ("reviewer", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_pages_and_forms_by_role(client, tree, actors, crew, role, page, form):
    venue = VenueFactory(org=tree.branch)
    client.force_login(getattr(actors, role))
    assert client.get(reverse("frontline:org-frontline", args=[tree.branch.pk])).status_code == page
    assert client.get(reverse("frontline:venue-detail", args=[venue.pk])).status_code == page
    for slug in SLUGS:
        url = reverse(f"frontline:{slug}-create", args=[tree.branch.pk])
        assert client.get(url).status_code == form, url
    assert client.get(reverse("frontline:venue-edit", args=[venue.pk])).status_code == form


def test_other_university_is_not_found(client, tree, actors):
    venue = VenueFactory(org=tree.other_univ_branch)
    client.force_login(actors.org_secretary)
    assert client.get(reverse("frontline:venue-detail", args=[venue.pk])).status_code == 404
    url = reverse("frontline:news-create", args=[tree.other_univ_branch.pk])
    assert client.get(url).status_code == 404


def test_org_page_lists_every_section_with_overdue_affairs(client, tree, actors, crew):
    VenueFactory(org=tree.branch, name="三楼党员活动室")
    NewsFactory(org=tree.branch, title="支部召开组织生活会")
    ServiceItemFactory(org=tree.branch, responsible=crew.secretary)
    VanguardPostFactory(org=tree.branch, name="实验室先锋岗", people=[crew.members[0]])
    MemberAffairFactory(
        org=tree.branch, person=crew.members[1], received_on=dt.date(2025, 6, 2), completed_on=None
    )
    client.force_login(actors.committee_member)
    html = client.get(reverse("frontline:org-frontline", args=[tree.branch.pk])).content.decode()
    for text in (
        "三楼党员活动室",
        "支部召开组织生活会",
        "组织关系转接",
        "实验室先锋岗",
        "超期 1 件",
    ):
        assert text in html


def test_create_venue_news_and_affair_by_form(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    post = client.post(
        reverse("frontline:venue-create", args=[tree.branch.pk]),
        {
            "kind": "activity_room",
            "name": "活动室",
            "is_fixed": "on",
            "equipment": "桌椅",
            "opened_on": DAY,
        },
    )
    assert post.status_code == 302
    client.post(
        reverse("frontline:news-create", args=[tree.branch.pk]),
        {"kind": "news", "title": "支部动态", "published_on": DAY},
    )
    client.post(
        reverse("frontline:memberaffair-create", args=[tree.branch.pk]),
        {
            "kind": "transfer",
            "person": crew.members[0].pk,
            "received_on": DAY,
            "completed_on": "2025-10-17",
        },
    )
    assert Venue.objects.count() == News.objects.count() == MemberAffair.objects.count() == 1
    assert AuditEvent.objects.filter(target_type__startswith="frontline.").count() == 3


def test_bad_input_names_the_field_and_stores_nothing(client, tree, actors, crew, rep):
    client.force_login(actors.org_secretary)
    response = client.post(
        reverse("frontline:memberaffair-create", args=[tree.branch.pk]),
        {
            "kind": "transfer",
            "person": crew.members[0].pk,
            "received_on": DAY,
            "completed_on": "2025-10-01",
        },
    )
    assert response.status_code == 400
    assert "办结日期不能早于受理日期" in response.content.decode()
    response = client.post(
        reverse("frontline:reception-create", args=[tree.college.pk]),
        {"representative": rep.pk, "held_on": DAY, "visitor_count": "-2"},
    )
    assert response.status_code == 400 and "接待人数不能为负数" in response.content.decode()
    response = client.post(
        reverse("frontline:vanguardpost-create", args=[tree.branch.pk]),
        {"kind": "post", "name": "先锋岗", "set_up_on": DAY, "members": [crew.outsider.pk]},
    )
    assert response.status_code == 400 and "请选择列表中的人员" in response.content.decode()
    assert not MemberAffair.objects.exists() and not Reception.objects.exists()
    assert not VanguardPost.objects.exists()


def test_edit_and_delete(client, tree, actors, crew):
    news = NewsFactory(org=tree.branch, title="旧标题")
    client.force_login(actors.committee_member)
    response = client.post(
        reverse("frontline:news-edit", args=[news.pk]),
        {"kind": "news", "title": "新标题", "published_on": DAY},
    )
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.title == "新标题"
    assert client.post(reverse("frontline:news-delete", args=[news.pk])).status_code == 302
    assert not News.objects.exists()
    verbs = AuditEvent.objects.filter(target_type="frontline.news").values_list("verb", flat=True)
    assert sorted(verbs) == ["delete", "update"]


def test_delete_confirmation_page_by_role_and_refusal(client, tree, actors, crew, rep):
    venue = VenueFactory(org=tree.college, kind="studio", name="党代表工作室")
    ReceptionFactory(org=tree.college, representative=rep, venue=venue)
    url = reverse("frontline:venue-delete", args=[venue.pk])
    mine = NewsFactory(org=tree.branch)
    client.force_login(actors.party_member)
    assert client.get(reverse("frontline:news-delete", args=[mine.pk])).status_code == 403
    assert client.post(reverse("frontline:news-delete", args=[mine.pk])).status_code == 403
    assert client.post(url).status_code == 404
    client.force_login(actors.committee_member)  # the branch only: the college is out of scope
    assert client.post(url).status_code == 404
    client.force_login(actors.org_secretary)
    page = client.get(url)
    assert page.status_code == 200 and "确定要删除活动场所" in page.content.decode()
    refused = client.post(url)
    assert refused.status_code == 400
    assert "该场所已有驻室接待记录，不能删除" in refused.content.decode()
    assert Venue.objects.filter(pk=venue.pk).exists()
    assert not AuditEvent.objects.filter(verb="delete").exists()
    edit = client.get(reverse("frontline:venue-edit", args=[venue.pk])).content.decode()
    assert url in edit


def test_public_page_needs_no_login_and_shows_items_and_news(client, tree, crew):
    ServiceItemFactory(org=tree.branch, name="党员身份证明", responsible=crew.secretary)
    NewsFactory(org=tree.branch, title="主题党日活动")
    response = client.get(reverse("frontline:public", args=[tree.branch.pk]), follow=True)
    assert response.redirect_chain == [(reverse("portal:org-detail", args=[tree.branch.pk]), 301)]
    html = response.content.decode()
    assert "党员身份证明" in html and "主题党日活动" in html
