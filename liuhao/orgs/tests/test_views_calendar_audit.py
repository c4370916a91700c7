"""Calendar page (term starts, working-day overrides) and the org audit page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from liuhao.core.exceptions import NotPermitted
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import AcademicCalendar, WorkdayOverride
from liuhao.orgs.services.calendar import academic_calendar_update, workday_override_create
from liuhao.orgs.services.tree import org_create, org_update

# --- calendar -------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2025, 11, 20, 10, tzinfo=dt.UTC), tick=False)
def test_calendar_page_shows_periods_and_known_years(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.get(reverse("orgs:calendar"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in (
        "2025-2026",
        "2025-2026-1",
        "2025-2026-2",
        "2026-2027",
        "2026-2027-1",
        "2026-2027-2",
    ):
        assert code in html
    assert "2026-02-14" in html and "2026-02-15" in html  # term 1 ends, term 2 starts (defaults)
    assert response.context["university"] == tree.university
    years = dict(response.context["years_known"])
    assert set(years) == {2025, 2026, 2027}
    assert years[2025] is True


def test_calendar_terms_update_is_audited(client, tree, actors):
    client.force_login(actors.university_admin)
    data = {
        "action": "terms",
        "university": str(tree.university.pk),
        "term1_start_month": "9",
        "term1_start_day": "8",
        "term2_start_month": "3",
        "term2_start_day": "1",
    }
    response = client.post(reverse("orgs:calendar"), data)
    assert response.status_code == 302
    calendar = AcademicCalendar.objects.get(university=tree.university)
    assert (calendar.term1_start_day, calendar.term2_start_month) == (8, 3)
    event = AuditEvent.objects.get(target_type="orgs.academiccalendar")
    assert event.org_id == tree.university.pk and event.actor == actors.university_admin
    assert (
        client.get(reverse("orgs:calendar")).context["terms_form"].initial["term1_start_day"] == 8
    )


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"term1_start_day": "31", "term1_start_month": "9"}, "第一学期开始日期无效"),
        ({"term2_start_month": "10"}, "第二学期"),
        ({"term1_start_month": "13"}, "第一学期开始月"),
        ({"term2_start_day": "abc"}, "第二学期开始日"),
        ({"term1_start_day": ""}, "第一学期开始日"),
    ],
)
def test_calendar_terms_refuse_bad_input(client, tree, actors, changes, needle):
    client.force_login(actors.university_admin)
    data = {
        "action": "terms",
        "term1_start_month": "9",
        "term1_start_day": "1",
        "term2_start_month": "2",
        "term2_start_day": "15",
        **changes,
    }
    response = client.post(reverse("orgs:calendar"), data)
    assert response.status_code == 400
    assert needle in response.content.decode()
    assert not AcademicCalendar.objects.filter(university=tree.university).exists()


def test_workday_overrides_add_and_delete(client, tree, actors):
    client.force_login(actors.university_admin)
    url = reverse("orgs:calendar")
    response = client.post(
        url, {"action": "add_override", "date": "2031-10-01", "kind": "holiday", "note": "国庆节"}
    )
    assert response.status_code == 302
    override = WorkdayOverride.objects.get(date=dt.date(2031, 10, 1))
    assert override.is_workday is False
    assert (
        client.post(
            url, {"action": "add_override", "date": "2031-09-28", "kind": "workday"}
        ).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "2031-10-01" in page and "国庆节" in page
    duplicate = client.post(
        url, {"action": "add_override", "date": "2031-10-01", "kind": "workday"}
    )
    assert duplicate.status_code == 400 and "已有调整记录" in duplicate.content.decode()
    assert (
        client.post(url, {"action": "delete_override", "override": str(override.pk)}).status_code
        == 302
    )
    assert not WorkdayOverride.objects.filter(pk=override.pk).exists()
    verbs = list(
        AuditEvent.objects.filter(target_type="orgs.workdayoverride").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["create", "create", "delete"]
    assert client.post(url, {"action": "delete_override", "override": "abc"}).status_code == 404


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"date": "2031-02-30", "kind": "holiday"}, "日期"),
        ({"date": "", "kind": "holiday"}, "日期"),
        ({"date": "2031-10-01", "kind": "party"}, "类型"),
        ({"date": "2031-10-01", "kind": "holiday", "note": "x" * 100}, "说明"),
    ],
)
def test_workday_override_refuses_bad_input(client, tree, actors, data, needle):
    client.force_login(actors.university_admin)
    response = client.post(reverse("orgs:calendar"), {"action": "add_override", **data})
    assert response.status_code == 400
    assert needle in response.content.decode().split('class="form-errors"')[1]
    assert not WorkdayOverride.objects.exists()


def test_calendar_is_for_admins_only(client, tree, actors):
    for role in ("org_secretary", "committee_member", "party_member", "reviewer", "outsider"):
        client.force_login(getattr(actors, role))
        assert client.get(reverse("orgs:calendar")).status_code == 403, role
        response = client.post(
            reverse("orgs:calendar"),
            {"action": "add_override", "date": "2031-10-01", "kind": "holiday"},
        )
        assert response.status_code == 403
    assert not WorkdayOverride.objects.exists()
    with pytest.raises(NotPermitted):
        academic_calendar_update(
            actor=actors.org_secretary, university=tree.university, data={"term1_start_day": 2}
        )


def test_calendar_university_choice_is_scoped(client, tree, actors):
    client.force_login(actors.university_admin)
    assert (
        client.get(reverse("orgs:calendar"), {"university": tree.other_university.pk}).status_code
        == 404
    )
    client.force_login(actors.province_admin)
    response = client.get(reverse("orgs:calendar"), {"university": tree.other_university.pk})
    assert response.status_code == 200 and response.context["university"] == tree.other_university


def test_calendar_services_write_audit_in_university_scope(tree, actors):
    workday_override_create(
        actor=actors.province_admin,
        university=tree.other_university,
        data={"date": dt.date(2032, 1, 1), "is_workday": False},
    )
    event = AuditEvent.objects.get(target_type="orgs.workdayoverride")
    assert event.org_path == tree.other_university.path


def test_home_warns_when_next_year_unknown(client, tree, actors):
    with time_machine.travel(dt.datetime(2040, 3, 1, tzinfo=dt.UTC), tick=False):
        client.force_login(actors.university_admin)
        html = client.get(reverse("dashboards:home")).content.decode()
        assert "尚不包含 2041 年" in html
        WorkdayOverride.objects.create(date=dt.date(2041, 1, 1), is_workday=False, note="元旦")
        assert "尚不包含" not in client.get(reverse("dashboards:home")).content.decode()


# --- audit page -----------------------------------------------------------------------------


def test_audit_page_lists_subtree_events_readably(client, tree, actors):
    org_update(
        actor=actors.university_admin,
        org=tree.branch,
        data={"name": "计算机系教工党支部", "branch_type": "joint"},
    )
    org_create(
        actor=actors.university_admin,
        data={
            "parent": tree.other_college,
            "code": "U001-C02-B01",
            "name": "外语党支部",
            "kind": "branch",
            "branch_type": "teacher",
        },
    )
    client.force_login(actors.org_secretary)
    response = client.get(reverse("orgs:org-audit", args=[tree.college.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "修改" in html and "党组织" in html and "univ" in html
    assert "组织名称" in html and "计算机系教工第一党支部" in html and "计算机系教工党支部" in html
    assert "教工党支部" in html and "师生联合党支部" in html  # choice labels, not codes
    assert "外语党支部" not in html  # another college: outside the subtree
    rows = response.context["rows"]
    assert len(rows) == 1 and rows[0].lines[0].after is not None


def test_audit_page_partial_and_pagination(client, tree, actors):
    for i in range(35):
        org_update(actor=actors.university_admin, org=tree.branch, data={"name": f"支部{i}"})
    client.force_login(actors.university_admin)
    url = reverse("orgs:org-audit", args=[tree.branch.pk])
    first = client.get(url)
    assert first.context["page"].has_next and len(first.context["rows"]) == 30
    assert first.context["rows"][0].event.changes["name"][1] == "支部34"  # newest first
    second = client.get(url, {"page": "2"}, HTTP_HX_REQUEST="true")
    assert "<html" not in second.content.decode() and len(second.context["rows"]) == 5


def test_audit_page_names_out_of_scope_orgs_only_by_id(client, tree, actors):
    """A move records the old parent; a secretary who cannot see it gets no name for it."""
    from liuhao.orgs.services.tree import org_move

    org_move(actor=actors.university_admin, org=tree.other_branch, new_parent=tree.other_college)
    org_move(actor=actors.university_admin, org=tree.other_branch, new_parent=tree.college)
    client.force_login(actors.org_secretary)
    html = client.get(reverse("orgs:org-audit", args=[tree.college.pk])).content.decode()
    assert "外国语学院党委" not in html and f"组织 #{tree.other_college.pk}" in html


@pytest.mark.parametrize("role", ["party_member", "reviewer"])
def test_audit_page_needs_view_audit(client, tree, actors, role):
    client.force_login(getattr(actors, role))
    assert client.get(reverse("orgs:org-audit", args=[tree.branch.pk])).status_code == 403


def test_audit_page_outside_scope_is_404(client, tree, actors):
    client.force_login(actors.org_secretary)
    assert client.get(reverse("orgs:org-audit", args=[tree.other_college.pk])).status_code == 404


def test_audit_events_follow_a_moved_org_to_its_new_parent(client, tree, actors):
    from liuhao.orgs.services.tree import org_move

    org_update(actor=actors.university_admin, org=tree.branch, data={"name": "搬家前的支部"})
    org_move(actor=actors.university_admin, org=tree.branch, new_parent=tree.other_college)
    client.force_login(actors.university_admin)
    new_parent = client.get(reverse("orgs:org-audit", args=[tree.other_college.pk]))
    old_parent = client.get(reverse("orgs:org-audit", args=[tree.college.pk]))
    assert "搬家前的支部" in new_parent.content.decode()
    assert "搬家前的支部" not in old_parent.content.decode()
