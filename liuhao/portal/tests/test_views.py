"""Portal pages: open without log-in, nothing internal on them, text escaped, 404 for dissolved
orgs, search and pages on the indexes, the old frontline address redirects, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.desk.choices import RequestStatus as S
from liuhao.desk.models import RequestEvent
from liuhao.frontline.tests.factories import NewsFactory, ServiceItemFactory, VanguardPostFactory
from liuhao.ledger.tests.factories import DisclosureFactory
from liuhao.orgs.tests.factories import OrganizationFactory, PersonFactory
from liuhao.portal.tests.conftest import TODAY, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_today(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 15, 10, 0, tzinfo=dt.UTC), tick=False)


def org_url(org) -> str:
    return reverse("portal:org-detail", args=[org.pk])


def test_anonymous_visitor_walks_province_university_and_org_pages(client, tree):
    NewsFactory(org=tree.branch, title="支部动态")
    home = client.get(reverse("portal:university-list"))
    assert home.status_code == 200
    html = home.content.decode()
    assert tree.university.name in html and tree.other_university.name in html
    assert reverse("portal:org-list", args=[tree.university.pk]) in html

    index = client.get(reverse("portal:org-list", args=[tree.university.pk]))
    assert index.status_code == 200
    assert org_url(tree.branch) in index.content.decode()

    page = client.get(org_url(tree.branch))
    assert page.status_code == 200
    html = page.content.decode()
    assert "支部动态" in html
    assert f'href="/r/new/?org={tree.branch.pk}"' in html  # the public request form
    assert "尚未评选" in html  # no demonstration-site cycle yet


def test_nothing_internal_or_personal_reaches_the_page(client, tree):
    person = PersonFactory(unit=tree.branch, name="李责任", number="T7654321")
    ServiceItemFactory(org=tree.branch, name="党员证明", responsible=person)
    VanguardPostFactory(org=tree.branch, name="先锋岗", people=[person])
    DisclosureFactory(org=tree.branch, title="党内通报绝密", scope="internal")
    request = make_request(
        tree.branch,
        dt.date(2026, 3, 2),
        S.CLOSED,
        rating=5,
        title="宿舍漏水隐私标题",
        body="诉求正文隐私",
        requester_name="王同学",
        requester_contact="13800001234",
        rating_comment="评价意见隐私",
    )
    RequestEvent.objects.create(
        request=request, at=request.submitted_at, kind="note", text="内部备注内容"
    )
    html = client.get(org_url(tree.branch)).content.decode()
    assert "李责任" in html  # names are public
    for secret in (
        "T7654321",
        "党内通报绝密",
        "宿舍漏水隐私标题",
        "诉求正文隐私",
        "王同学",
        "13800001234",
        "评价意见隐私",
        "内部备注内容",
        request.reference,
    ):
        assert secret not in html


def test_text_is_escaped(client, tree):
    NewsFactory(org=tree.branch, title="<script>alert(1)</script>", url="javascript:alert(2)")
    DisclosureFactory(org=tree.branch, title="<b>公开</b>", scope="public", content="<i>x</i>")
    html = client.get(org_url(tree.branch)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;公开&lt;/b&gt;" in html and "<i>x</i>" not in html
    assert "javascript:alert(2)" not in html
    index = client.get(reverse("portal:university-list"), {"q": "<script>"}).content.decode()
    assert 'value="&lt;script&gt;"' in index and "“&lt;script&gt;”" in index


def test_statistics_on_the_page_hide_a_small_average(client, tree):
    for rating in (5, 4, 4):
        make_request(tree.branch, dt.date(2026, 3, 2), S.CLOSED, rating=rating)
    make_request(tree.branch, dt.date(2026, 3, 10), S.IN_PROGRESS, due=dt.date(2026, 3, 20))
    html = client.get(org_url(tree.branch)).content.decode()
    assert "4 件中 3 件" in html and "75%" in html
    assert "3 条评价，不足 5 条暂不显示" in html
    assert "4.3" not in html
    for rating in (3, 5):
        make_request(tree.branch, dt.date(2026, 3, 3), S.CLOSED, rating=rating)
    html = client.get(org_url(tree.branch)).content.decode()
    assert "4.2" in html and "5 条评价" in html


def test_dissolved_and_unknown_pages_answer_404(client, tree):
    tree.other_branch.dissolved_on = dt.date(2026, 1, 1)
    tree.other_branch.save()
    assert client.get(org_url(tree.other_branch)).status_code == 404
    assert client.get(reverse("portal:org-detail", args=[999_999])).status_code == 404
    assert client.get(reverse("portal:org-list", args=[tree.college.pk])).status_code == 404
    gone = OrganizationFactory(kind="university_committee", dissolved_on=dt.date(2025, 1, 1))
    assert client.get(reverse("portal:org-list", args=[gone.pk])).status_code == 404
    assert client.post(org_url(tree.branch)).status_code == 405


def test_index_search_and_pages(client, tree):
    for n in range(22):
        NewsFactory(org=OrganizationFactory(parent=tree.other_college, name=f"外语支部{n:02d}"))
    NewsFactory(org=tree.branch)
    url = reverse("portal:org-list", args=[tree.university.pk])
    first = client.get(url, {"q": "外语支部"}).content.decode()
    assert first.count('<li><span class="grow">') == 20 and "下一页" in first
    assert tree.branch.name not in first
    second = client.get(url, {"q": "外语支部", "page": 2}).content.decode()
    assert second.count('<li><span class="grow">') == 2 and "外语支部21" in second
    none = client.get(url, {"q": "不存在的组织"}).content.decode()
    assert "没有名称包含“不存在的组织”" in none
    found = client.get(reverse("portal:university-list"), {"q": "jslg"}).content.decode()
    assert tree.other_university.name in found and tree.university.name not in found


def test_old_frontline_address_redirects_permanently(client, tree):
    response = client.get(reverse("frontline:public", args=[tree.branch.pk]))
    assert response.status_code == 301 and response["Location"] == org_url(tree.branch)


def test_internal_org_page_links_to_the_public_page(client, tree, actors):
    client.force_login(actors.university_admin)
    html = client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    assert f'href="{org_url(tree.branch)}"' in html


def test_views_read_a_constant_number_of_queries(client, tree, django_assert_max_num_queries):
    person = PersonFactory(unit=tree.branch)
    for n in range(10):
        ServiceItemFactory(org=tree.branch, name=f"事项{n}", responsible=person)
        VanguardPostFactory(org=tree.branch, name=f"岗{n}", people=[person])
        NewsFactory(org=tree.branch)
        NewsFactory(org=OrganizationFactory(parent=tree.college))
        make_request(tree.branch, TODAY - dt.timedelta(days=n), S.CLOSED, rating=4)
    # 10: nine reads of the page and one of the demonstration-site status (liuhao.sites).
    with django_assert_max_num_queries(10):
        assert client.get(org_url(tree.branch)).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("portal:org-list", args=[tree.university.pk])).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("portal:university-list")).status_code == 200
