"""Services on the org tree: create, move (re-path subtree, refuse cycles), dissolve; audit rows."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization
from liuhao.orgs.services.tree import org_create, org_dissolve, org_move, org_update


def test_org_create_sets_path_and_audits(tree, actors):
    org = org_create(
        actor=actors.org_secretary,
        data={
            "parent": tree.college,
            "code": "U001-C01-B09",
            "name": "数据科学党支部",
            "kind": "branch",
            "branch_type": "research_team",
        },
    )
    assert org.path.startswith(tree.college.path) and len(org.path) == len(tree.college.path) + 8
    assert org.university_id == tree.university.pk
    assert org.name_initials == "sjkxdzb"
    event = AuditEvent.objects.get(target_type="orgs.organization", target_id=org.pk)
    assert event.verb == "create" and event.actor == actors.org_secretary
    assert event.changes["name"] == "数据科学党支部"


def test_org_create_outside_scope_is_refused(tree, actors):
    with pytest.raises(NotPermitted):
        org_create(
            actor=actors.org_secretary,
            data={
                "parent": tree.other_college,
                "code": "X1",
                "name": "越权支部",
                "kind": "branch",
                "branch_type": "teacher",
            },
        )
    assert not Organization.objects.filter(code="X1").exists()


def test_org_create_rejects_branch_without_type_in_chinese(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        org_create(
            actor=actors.university_admin,
            data={"parent": tree.college, "code": "X2", "name": "无类型", "kind": "branch"},
        )
    assert "支部类型" in exc.value.message


def test_org_move_repaths_subtree(tree, actors):
    group = org_create(
        actor=actors.university_admin,
        data={"parent": tree.branch, "code": "G1", "name": "第一党小组", "kind": "group"},
    )
    org_move(
        actor=actors.university_admin, org=tree.college, new_parent=tree.university
    )  # no-op move is fine
    moved = org_move(actor=actors.university_admin, org=tree.branch, new_parent=tree.other_college)
    group.refresh_from_db()
    assert moved.parent == tree.other_college
    assert moved.path.startswith(tree.other_college.path)
    assert group.path.startswith(moved.path) and group.depth == moved.depth + 1
    assert AuditEvent.objects.filter(verb="move", target_id=tree.branch.pk).exists()


def test_org_move_refuses_cycle(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        org_move(actor=actors.university_admin, org=tree.college, new_parent=tree.branch)
    assert "循环" in exc.value.message
    tree.college.refresh_from_db()
    assert tree.college.parent == tree.university


def test_org_dissolve_keeps_history_and_refuses_with_members(tree, actors):
    with pytest.raises(ValidationFailed):
        org_dissolve(
            actor=actors.university_admin, org=tree.branch, on=dt.date(2025, 1, 1)
        )  # has a member
    org_dissolve(
        actor=actors.university_admin, org=tree.other_branch, on=dt.date(2025, 1, 1), reason="合并"
    )
    tree.other_branch.refresh_from_db()
    assert tree.other_branch.dissolved_on == dt.date(2025, 1, 1)
    assert Organization.objects.filter(pk=tree.other_branch.pk).exists()


def test_org_update_audits_changes(tree, actors):
    org_update(actor=actors.org_secretary, org=tree.branch, data={"name": "计算机系教工党支部"})
    event = AuditEvent.objects.filter(verb="update", target_id=tree.branch.pk).get()
    assert event.changes == {"name": ["计算机系教工第一党支部", "计算机系教工党支部"]}
