"""Org forms on the web: create, edit, move, dissolve; malformed input is refused in Chinese, unsaved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization


def _errors(response) -> str:
    """The form's error summary (each field named in Chinese); the request must have been refused."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert 'class="form-errors"' in html
    return html.split('class="form-errors"')[1].split("</div>")[0]


def test_create_branch_under_college(client, tree, actors):
    client.force_login(actors.org_secretary)
    url = reverse("orgs:org-create", args=[tree.college.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert [c[0] for c in form_page.context["form"].fields["kind"].choices] == [
        "general_branch",
        "branch",
    ]
    response = client.post(
        url,
        {
            "code": "U001-C01-B09",
            "name": "数据科学党支部",
            "kind": "branch",
            "branch_type": "research_team",
            "unit_count": "1",
            "established_on": "2024-09-01",
        },
    )
    org = Organization.objects.get(code="U001-C01-B09")
    assert response.status_code == 302 and response["Location"] == reverse(
        "orgs:org-detail", args=[org.pk]
    )
    assert org.parent == tree.college and org.established_on == dt.date(2024, 9, 1)
    assert AuditEvent.objects.filter(
        verb="create", target_id=org.pk, actor=actors.org_secretary
    ).exists()


VALID = {
    "code": "NEW-1",
    "name": "新支部",
    "kind": "branch",
    "branch_type": "teacher",
    "unit_count": "1",
}


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"established_on": "2025-02-30"}, "成立日期"),
        ({"established_on": "明天"}, "成立日期"),
        ({"kind": "planet"}, "组织类别"),
        ({"kind": "university_committee"}, "组织类别"),
        ({"branch_type": "spaceship"}, "支部类型"),
        ({"branch_type": ""}, "支部类型"),
        ({"name": ""}, "组织名称"),
        ({"code": ""}, "组织代码"),
        ({"code": "X" * 40}, "组织代码"),
        ({"unit_count": "abc"}, "覆盖单位数"),
        ({"unit_count": "0"}, "覆盖单位数"),
        ({"code": "U001-C01-B01"}, "组织代码"),  # duplicate code, caught by the service
    ],
)
def test_create_refuses_bad_input_naming_the_field(client, tree, actors, changes, label):
    client.force_login(actors.university_admin)
    before = Organization.objects.count()
    response = client.post(reverse("orgs:org-create", args=[tree.college.pk]), {**VALID, **changes})
    html = _errors(response)
    assert label in html and "提交未成功" in html
    assert Organization.objects.count() == before


def test_create_with_missing_fields_does_not_crash(client, tree, actors):
    client.force_login(actors.university_admin)
    html = _errors(client.post(reverse("orgs:org-create", args=[tree.college.pk]), {}))
    assert "组织名称" in html and "组织代码" in html


def test_create_group_only_under_branch(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.post(
        reverse("orgs:org-create", args=[tree.branch.pk]),
        {"code": "G-1", "name": "第一党小组", "kind": "group", "unit_count": "1"},
    )
    assert response.status_code == 302
    group = Organization.objects.get(code="G-1")
    # A group can have no children: the create page answers with a message, not a form.
    assert client.get(reverse("orgs:org-create", args=[group.pk])).status_code == 400


def test_root_university_only_for_province_admin(client, tree, actors):
    url = reverse("orgs:org-create-root")
    client.force_login(actors.university_admin)
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url,
            {
                "code": "U009",
                "name": "新大学党委",
                "kind": "university_committee",
                "unit_count": "1",
            },
        ).status_code
        == 403
    )
    client.force_login(actors.province_admin)
    response = client.post(
        url,
        {"code": "U009", "name": "新大学党委", "kind": "university_committee", "unit_count": "1"},
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="U009").parent is None


def test_edit_org(client, tree, actors):
    client.force_login(actors.org_secretary)
    url = reverse("orgs:org-edit", args=[tree.branch.pk])
    assert client.get(url).context["form"].initial["name"] == "计算机系教工第一党支部"
    response = client.post(
        url, {"name": "计算机系教工党支部", "branch_type": "teacher", "unit_count": "1"}
    )
    assert response.status_code == 302
    tree.branch.refresh_from_db()
    assert tree.branch.name == "计算机系教工党支部"
    event = AuditEvent.objects.get(verb="update", target_id=tree.branch.pk)
    assert event.changes["name"] == ["计算机系教工第一党支部", "计算机系教工党支部"]


def test_edit_refuses_impossible_dates(client, tree, actors):
    client.force_login(actors.org_secretary)
    url = reverse("orgs:org-edit", args=[tree.branch.pk])
    html = _errors(
        client.post(
            url,
            {
                "name": "改名",
                "branch_type": "teacher",
                "unit_count": "1",
                "established_on": "2024-13-01",
            },
        )
    )
    assert "成立日期" in html
    tree.branch.refresh_from_db()
    assert tree.branch.name == "计算机系教工第一党支部"


def test_move_org_by_select_and_by_code(client, tree, actors):
    client.force_login(actors.university_admin)
    url = reverse("orgs:org-move", args=[tree.other_branch.pk])
    form = client.get(url).context["form"]
    candidates = set(form.fields["new_parent"].queryset.values_list("code", flat=True))
    assert candidates == {"U001", "U001-C01", "U001-C02"}
    response = client.post(url, {"new_parent": str(tree.other_college.pk)})
    assert response.status_code == 302
    tree.other_branch.refresh_from_db()
    assert tree.other_branch.parent == tree.other_college
    response = client.post(url, {"parent_code": "U001-C01"})
    assert response.status_code == 302
    tree.other_branch.refresh_from_db()
    assert tree.other_branch.parent == tree.college
    assert AuditEvent.objects.filter(verb="move", target_id=tree.other_branch.pk).count() == 2


def test_move_refuses_cycle_with_message(client, tree, actors):
    client.force_login(actors.university_admin)
    html = _errors(
        client.post(
            reverse("orgs:org-move", args=[tree.college.pk]), {"parent_code": "U001-C01-B01"}
        )
    )
    assert "循环" in html
    tree.college.refresh_from_db()
    assert tree.college.parent == tree.university


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({}, "新的上级组织"),
        ({"new_parent": "abc"}, "新的上级组织"),
        ({"parent_code": "NOPE"}, "未找到组织代码"),
        ({"parent_code": "U002-C01"}, "未找到组织代码"),  # another university: outside scope
    ],
)
def test_move_refuses_bad_input(client, tree, actors, data, needle):
    client.force_login(actors.university_admin)
    html = _errors(client.post(reverse("orgs:org-move", args=[tree.branch.pk]), data))
    assert needle in html
    tree.branch.refresh_from_db()
    assert tree.branch.parent == tree.college


def test_move_to_out_of_scope_id_is_refused(client, tree, actors):
    client.force_login(actors.org_secretary)
    html = _errors(
        client.post(
            reverse("orgs:org-move", args=[tree.branch.pk]),
            {"new_parent": str(tree.other_college.pk)},
        )
    )
    assert "新的上级组织" in html
    tree.branch.refresh_from_db()
    assert tree.branch.parent == tree.college


def test_university_cannot_be_moved_or_dissolved(client, tree, actors):
    client.force_login(actors.province_admin)
    assert client.get(reverse("orgs:org-move", args=[tree.university.pk])).status_code == 400
    assert client.get(reverse("orgs:org-dissolve", args=[tree.university.pk])).status_code == 400


def test_dissolve_org(client, tree, actors):
    client.force_login(actors.org_secretary)
    url = reverse("orgs:org-dissolve", args=[tree.other_branch.pk])
    response = client.post(url, {"dissolved_on": "2025-07-01", "reason": "与教工第一党支部合并"})
    assert response.status_code == 302
    tree.other_branch.refresh_from_db()
    assert tree.other_branch.dissolved_on == dt.date(2025, 7, 1)
    assert AuditEvent.objects.filter(verb="dissolve", target_id=tree.other_branch.pk).exists()
    # The dissolved org still has its page, without edit links; its forms are closed.
    page = client.get(reverse("orgs:org-detail", args=[tree.other_branch.pk]))
    assert page.status_code == 200 and "已撤销" in page.content.decode()
    assert reverse("orgs:org-edit", args=[tree.other_branch.pk]) not in page.content.decode()
    assert client.get(reverse("orgs:org-edit", args=[tree.other_branch.pk])).status_code == 400


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({}, "撤销日期"),
        ({"dissolved_on": "2025-02-29", "reason": "合并"}, "撤销日期"),
        ({"dissolved_on": "2025-07-01"}, "撤销原因"),
        ({"dissolved_on": "2025-07-01", "reason": "x" * 300}, "撤销原因"),
    ],
)
def test_dissolve_refuses_bad_input(client, tree, actors, data, needle):
    client.force_login(actors.org_secretary)
    html = _errors(client.post(reverse("orgs:org-dissolve", args=[tree.other_branch.pk]), data))
    assert needle in html
    tree.other_branch.refresh_from_db()
    assert tree.other_branch.dissolved_on is None


def test_dissolve_with_members_is_refused_on_the_form(client, tree, actors):
    client.force_login(actors.org_secretary)
    html = _errors(
        client.post(
            reverse("orgs:org-dissolve", args=[tree.branch.pk]),
            {"dissolved_on": "2025-07-01", "reason": "合并"},
        )
    )
    assert "请先转出" in html
    tree.branch.refresh_from_db()
    assert tree.branch.dissolved_on is None
