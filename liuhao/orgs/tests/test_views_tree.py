"""Web views of the org tree: browser, search, org page, members, export; scoping and query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)

HX = {"HTTP_HX_REQUEST": "true"}


def test_pages_require_login(client, tree):
    for url in [
        reverse("dashboards:home"),
        reverse("orgs:org-browser"),
        reverse("orgs:org-detail", args=[tree.branch.pk]),
        reverse("orgs:org-members", args=[tree.branch.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_browser_shows_roots_of_scope(client, tree, actors):
    client.force_login(actors.org_secretary)
    response = client.get(reverse("orgs:org-browser"))
    assert response.status_code == 200
    assert response.templates[0].name == "orgs/org_browser.html"
    html = response.content.decode()
    assert "计算机学院党委" in html
    assert "南京示范大学党委" not in html and "江苏理工大学党委" not in html


def test_province_admin_browser_lists_every_university(client, tree, actors):
    client.force_login(actors.province_admin)
    html = client.get(reverse("orgs:org-browser")).content.decode()
    assert "南京示范大学党委" in html and "江苏理工大学党委" in html


def test_children_partial_on_htmx(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.get(reverse("orgs:org-children", args=[tree.college.pk]), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "计算机系教工第一党支部" in html and "计算机学院研究生第一党支部" in html
    # Without HTMX the children URL leads to the org page.
    plain = client.get(reverse("orgs:org-children", args=[tree.college.pk]))
    assert plain.status_code == 302 and plain["Location"] == reverse(
        "orgs:org-detail", args=[tree.college.pk]
    )


def test_search_by_initials_pinyin_and_name(client, tree, actors):
    client.force_login(actors.university_admin)
    url = reverse("orgs:org-search")
    for query in ("jsj", "jisuanji", "计算机"):
        response = client.get(url, {"q": query}, **HX)
        html = response.content.decode()
        assert "<html" not in html
        assert "计算机学院党委" in html, query
        assert "外国语学院党委" not in html
    full = client.get(url, {"q": "jsj"})
    assert "<html" in full.content.decode() and "计算机学院党委" in full.content.decode()


def test_search_stays_in_scope(client, tree, actors):
    client.force_login(actors.org_secretary)
    html = client.get(reverse("orgs:org-search"), {"q": "jxxy"}, **HX).content.decode()
    assert "机械学院" not in html
    assert "没有找到" in html


def test_org_page_shows_leadership_counts_and_warnings(client, tree, actors):
    secretary = PersonFactory(unit=tree.branch, name="王书记")
    PositionFactory(
        person=secretary, org=tree.branch, kind="secretary", started_on=dt.date(2024, 1, 1)
    )
    member = PersonFactory(unit=tree.branch, name="赵委员")
    PositionFactory(
        person=member,
        org=tree.branch,
        kind="committee_member",
        duty="organization",
        started_on=dt.date(2024, 1, 1),
    )
    old = PersonFactory(unit=tree.branch, name="钱前任")
    PositionFactory(
        person=old,
        org=tree.branch,
        kind="secretary",
        started_on=dt.date(2020, 1, 1),
        ended_on=dt.date(2023, 12, 31),
    )
    rep = PersonFactory(unit=tree.branch, name="孙代表")
    PositionFactory(
        person=rep,
        org=tree.branch,
        kind="representative",
        congress_name="第十五次党代会",
        congress_term_start=dt.date(2022, 6, 1),
        started_on=dt.date(2022, 6, 1),
    )
    MembershipFactory(person=secretary, org=tree.branch)
    MembershipFactory(
        person=member, org=tree.branch, stage=MembershipStage.PROBATIONARY, full_on=None
    )
    client.force_login(actors.org_secretary)
    response = client.get(reverse("orgs:org-detail", args=[tree.branch.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王书记" in html and "组织委员" in html and "赵委员" in html
    assert "钱前任" not in html.split('id="leadership"')[1].split("</section>")[0]
    assert "孙代表" in html and "第十五次党代会" in html
    assert "U001-C01-B01" in html and "教工党支部" in html
    stats = response.context["stats"]
    assert stats.full_members == 2 and stats.by_stage[MembershipStage.PROBATIONARY] == 1
    assert any("少于 3 名" in w.message for w in response.context["warnings"])
    # Breadcrumbs: only ancestors inside the secretary's scope, the org itself not repeated.
    assert [o.name for o in response.context["breadcrumbs"]] == ["计算机学院党委"]
    # As of an earlier date the former secretary is on the team.
    past = client.get(reverse("orgs:org-detail", args=[tree.branch.pk]), {"as_of": "2022-05-01"})
    leaders = [p.person.name for p in past.context["leadership"]]
    assert leaders == ["钱前任"]


@pytest.mark.parametrize(
    "bad", ["2025-02-30", "yesterday", "99999-01-01", "2025/01/01", "0001-01-01"]
)
def test_org_page_with_invalid_date_shows_chinese_message(client, tree, actors, bad):
    client.force_login(actors.university_admin)
    response = client.get(reverse("orgs:org-detail", args=[tree.branch.pk]), {"as_of": bad})
    assert response.status_code == 200
    assert "日期格式不正确" in response.content.decode()


def test_org_page_links_follow_permissions(client, tree, actors):
    url = reverse("orgs:org-detail", args=[tree.branch.pk])
    client.force_login(actors.org_secretary)
    html = client.get(url).content.decode()
    for name in (
        "org-edit",
        "org-move",
        "org-dissolve",
        "org-audit",
        "person-create",
        "org-create",
    ):
        assert reverse(f"orgs:{name}", args=[tree.branch.pk]) in html, name
    client.force_login(actors.party_member)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "org-edit",
        "org-move",
        "org-dissolve",
        "org-audit",
        "person-create",
        "org-create",
        "org-members",
    ):
        assert reverse(f"orgs:{name}", args=[tree.branch.pk]) not in html, name
    assert response.context["members"] is None
    client.force_login(actors.committee_member)
    html = client.get(url).content.decode()
    assert reverse("orgs:person-create", args=[tree.branch.pk]) in html
    assert reverse("orgs:org-edit", args=[tree.branch.pk]) not in html


ID_VIEWS = [
    "org-detail",
    "org-members",
    "org-members-export",
    "org-audit",
    "org-edit",
    "org-move",
    "org-dissolve",
    "org-create",
    "person-create",
]


@pytest.mark.parametrize("name", [*ID_VIEWS, "org-children"])
def test_org_views_answer_404_outside_scope(client, tree, actors, name):
    client.force_login(actors.org_secretary)
    for org in (tree.other_college, tree.other_university, tree.other_univ_branch):
        response = client.get(reverse(f"orgs:{name}", args=[org.pk]), **HX)
        assert response.status_code == 404, (name, org)
        assert "未找到" in response.content.decode()
    missing = client.get(reverse(f"orgs:{name}", args=[999999]), **HX)
    assert missing.status_code == 404


@pytest.mark.parametrize("role", ["outsider", "party_member", "reviewer", "committee_member"])
def test_other_roles_get_404_outside_scope(client, tree, actors, role):
    client.force_login(getattr(actors, role))
    for name in ID_VIEWS:
        response = client.get(reverse(f"orgs:{name}", args=[tree.other_university.pk]))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("name", ["org-edit", "org-move", "org-dissolve", "org-create"])
@pytest.mark.parametrize("role", ["party_member", "reviewer", "committee_member"])
def test_roles_without_manage_org_get_403(client, tree, actors, role, name):
    client.force_login(getattr(actors, role))
    response = client.get(reverse(f"orgs:{name}", args=[tree.branch.pk]))
    assert response.status_code == 403
    assert "无权" in response.content.decode()
    post = client.post(reverse(f"orgs:{name}", args=[tree.branch.pk]), {"name": "x"})
    assert post.status_code == 403


def test_members_page_filters_and_partial(client, tree, actors):
    zhang = PersonFactory(
        unit=tree.other_branch, name="张三", number="S2025001", category="student"
    )
    MembershipFactory(
        person=zhang,
        org=tree.other_branch,
        stage=MembershipStage.ACTIVIST,
        candidate_on=None,
        admitted_on=None,
        full_on=None,
    )
    li = PersonFactory(unit=tree.branch, name="李四", number="T2000001")
    MembershipFactory(person=li, org=tree.branch)
    client.force_login(actors.org_secretary)
    url = reverse("orgs:org-members", args=[tree.college.pk])
    page = client.get(url)
    assert page.status_code == 200
    names = [m.person.name for m in page.context["page"].items]
    assert {"张三", "李四", "党员甲"} <= set(names)
    activists = client.get(url, {"stage": "activist"}, **HX)
    assert "<html" not in activists.content.decode()
    assert [m.person.name for m in activists.context["page"].items] == ["张三"]
    assert [m.person.name for m in client.get(url, {"q": "zs"}).context["page"].items] == ["张三"]
    assert [m.person.name for m in client.get(url, {"q": "T2000001"}).context["page"].items] == [
        "李四"
    ]
    only_college = client.get(url, {"subtree": "0"})
    assert only_college.context["page"].items == []
    # Unknown stage and page values are ignored, not errors.
    assert client.get(url, {"stage": "bogus", "page": "abc"}).status_code == 200


def test_members_page_paginates_without_counting(client, tree, actors):
    for i in range(35):
        MembershipFactory(
            person=PersonFactory(unit=tree.other_branch, number=f"S{i:05d}"), org=tree.other_branch
        )
    client.force_login(actors.university_admin)
    url = reverse("orgs:org-members", args=[tree.other_branch.pk])
    first = client.get(url)
    assert first.context["page"].has_next and len(first.context["page"].items) == 30
    second = client.get(url, {"page": 2})
    assert not second.context["page"].has_next and len(second.context["page"].items) == 5
    assert "上一页" in second.content.decode()


def test_party_member_cannot_list_members(client, tree, actors):
    client.force_login(actors.party_member)
    assert client.get(reverse("orgs:org-members", args=[tree.branch.pk])).status_code == 403
    assert client.get(reverse("orgs:org-members-export", args=[tree.branch.pk])).status_code == 403


def test_members_export_is_scoped_excel_in_chinese(client, tree, actors):
    outsider_person = PersonFactory(unit=tree.other_college, name="外院党员")
    MembershipFactory(
        person=outsider_person,
        org=OrganizationFactory(parent=tree.other_college, code="U001-C02-B01"),
    )
    client.force_login(actors.org_secretary)
    response = client.get(reverse("orgs:org-members-export", args=[tree.college.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "工号/学号", "人员类别", "所在党支部", "发展阶段")
    assert [r[0] for r in rows[1:]] == ["党员甲"]
    assert rows[1][3] == "计算机系教工第一党支部" and rows[1][4] == "正式党员"


def _grow(tree, colleges: int, branches: int, members: int) -> None:
    for c in range(colleges):
        college = OrganizationFactory(
            parent=tree.university, kind="college_committee", code=f"BIG-C{c}"
        )
        for b in range(branches):
            branch = OrganizationFactory(parent=college, code=f"BIG-C{c}-B{b}")
            PositionFactory(person=PersonFactory(unit=branch), org=branch, kind="secretary")
            PositionFactory(person=PersonFactory(unit=branch), org=branch, kind="parttime_worker")
            for _ in range(members):
                MembershipFactory(person=PersonFactory(unit=branch), org=branch)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "bound"), [("org-detail", 14), ("org-members", 7)])
def test_org_page_and_members_use_constant_queries(
    client, tree, actors, django_assert_max_num_queries, name, bound
):
    """Session, user, scope (2), then grouped counts and one page: the same for any tree size."""
    client.force_login(actors.university_admin)
    url = reverse(f"orgs:{name}", args=[tree.university.pk])
    small = _count(client, url)
    _grow(tree, colleges=4, branches=4, members=5)
    big = _count(client, url)
    assert big == small
    with django_assert_max_num_queries(bound):
        client.get(url)


def test_home_uses_bounded_queries(client, tree, actors, django_assert_max_num_queries):
    client.force_login(actors.province_admin)
    small = _count(client, reverse("dashboards:home"))
    _grow(tree, colleges=3, branches=3, members=3)
    assert _count(client, reverse("dashboards:home")) == small
    with django_assert_max_num_queries(10):
        client.get(reverse("dashboards:home"))


@pytest.mark.parametrize(
    "url",
    [
        "/orgs/99999999999999999999999/",
        "/orgs/99999999999999999999999/members/",
        "/orgs/persons/99999999999999999999999/",
        "/orgs/memberships/99999999999999999999999/edit/",
        "/orgs/positions/99999999999999999999999/edit/",
        "/orgs/calendar/?university=99999999999999999999999",
        "/orgs/calendar/?university=abc",
    ],
)
def test_huge_or_malformed_ids_answer_404_not_500(client, tree, actors, url):
    client.force_login(actors.province_admin)
    assert client.get(url).status_code == 404
