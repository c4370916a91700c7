"""Home page: one section per role, set-based counts, no league tables (DESIGN §8)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from liuhao.core.roles import Role
from liuhao.dashboards.selectors import (
    branch_issues,
    child_counts,
    home_sections,
    university_overview,
)
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.tests.factories import (
    MembershipFactory,
    PersonFactory,
    PositionFactory,
    RoleAssignmentFactory,
)


def test_home_requires_login(client, db):
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_province_admin_sees_universities_with_counts(client, tree, actors):
    MembershipFactory(person=PersonFactory(unit=tree.other_univ_branch), org=tree.other_univ_branch)
    client.force_login(actors.province_admin)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    rows = {r.org.code: r for r in response.context["sections"].universities}
    assert (rows["U001"].orgs, rows["U001"].branches, rows["U001"].full_members) == (5, 2, 1)
    assert (rows["U002"].orgs, rows["U002"].branches, rows["U002"].full_members) == (3, 1, 1)
    html = response.content.decode()
    assert "全省高校" in html and "南京示范大学党委" in html
    for banned in ("排名", "积分", "打卡"):
        assert banned not in html


def test_university_admin_sees_summary_children_and_calendar_link(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.get(reverse("dashboards:home"))
    sections = response.context["sections"]
    assert sections.universities is None
    [summary] = sections.university_orgs
    assert summary.org == tree.university and summary.stats.full_members == 1
    assert {c.org.code: (c.branches, c.full_members) for c in summary.children} == {
        "U001-C01": (2, 1),
        "U001-C02": (0, 0),
    }
    assert sections.show_calendar
    assert reverse("orgs:calendar") in response.content.decode()


def test_secretary_sees_org_with_branch_issues(client, tree, actors):
    for _ in range(3):
        MembershipFactory(person=PersonFactory(unit=tree.branch), org=tree.branch)
    PositionFactory(person=PersonFactory(unit=tree.branch), org=tree.branch, kind="secretary")
    client.force_login(actors.org_secretary)
    response = client.get(reverse("dashboards:home"))
    [summary] = response.context["sections"].managed_orgs
    assert summary.org == tree.college
    assert [b.org.code for b in summary.branch_issues] == ["U001-C01-B02"]
    assert summary.branch_issues[0].issues == ["正式党员 0 名，少于 3 名", "未配备书记"]
    html = response.content.decode()
    assert "需要关注的党支部" in html and "计算机学院研究生第一党支部" in html
    assert not response.context["sections"].show_calendar


def test_committee_member_sees_branch_warnings(client, tree, actors):
    client.force_login(actors.committee_member)
    [summary] = client.get(reverse("dashboards:home")).context["sections"].managed_orgs
    assert summary.org == tree.branch
    assert {w.code for w in summary.warnings} >= {"branch_too_small", "no_secretary"}


def test_party_member_sees_own_record(client, tree, actors):
    client.force_login(actors.party_member)
    response = client.get(reverse("dashboards:home"))
    member = response.context["sections"].member
    assert member.person.name == "党员甲" and member.membership.org == tree.branch
    html = response.content.decode()
    assert reverse("orgs:person-detail", args=[member.person.pk]) in html
    assert "正式党员" in html and "计算机系教工第一党支部" in html


def test_reviewer_sees_assigned_orgs(client, tree, actors):
    client.force_login(actors.reviewer)
    sections = client.get(reverse("dashboards:home")).context["sections"]
    assert sections.reviewed_orgs == [tree.college]
    assert not sections.managed_orgs and sections.member is None


def test_several_roles_show_several_sections(client, tree, actors):
    RoleAssignmentFactory(user=actors.party_member, role=Role.REVIEWER, org=tree.other_college)
    RoleAssignmentFactory(user=actors.party_member, role=Role.ORG_SECRETARY, org=tree.branch)
    client.force_login(actors.party_member)
    sections = client.get(reverse("dashboards:home")).context["sections"]
    assert sections.member is not None
    assert sections.reviewed_orgs == [tree.other_college]
    assert [s.org for s in sections.managed_orgs] == [tree.branch]


def test_outsider_is_told_to_ask_for_a_role(client, tree, actors):
    client.force_login(actors.outsider)
    html = client.get(reverse("dashboards:home")).content.decode()
    assert "尚未分配角色" in html


def test_selectors_are_set_based(tree, actors, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        university_overview()
    scope_for(actors.university_admin)  # built once per request, then cached on the user
    with django_assert_max_num_queries(3):
        child_counts(actors.university_admin, tree.university)
    with django_assert_max_num_queries(3):
        branch_issues(tree.university, dt.date(2025, 11, 20))
    sections = home_sections(actors.outsider, dt.date(2025, 11, 20))
    assert sections.is_empty
