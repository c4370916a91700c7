"""The 组织 sheet: parents from the same file, re-import by code, moves, cycles, scope, rules."""

from __future__ import annotations

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization, path_segment
from liuhao.orgs.tests.imports.conftest import (
    ORG_HEADER,
    commit,
    counts_by_sheet,
    dry_run,
    make_xlsx,
    rejected,
)


def orgs_file(*rows: list[object]) -> bytes:
    return make_xlsx({"组织": [ORG_HEADER, *rows]})


def test_creates_orgs_whose_parents_come_later_in_the_same_file(tree, actors):
    data = orgs_file(
        ["U001-C03-B01-G1", "第一党小组", "党小组", "U001-C03-B01", ""],
        ["U001-C03-B01", "数学系教工党支部", "党支部", "U001-C03", "教工党支部"],
        ["U001-C03", "数学学院党委", "院系党委", "U001", ""],
    )
    report = dry_run(actors.university_admin, tree.university, data)
    assert report.ok and counts_by_sheet(report) == {"组织": (3, 0, 0)}
    assert not Organization.objects.filter(code="U001-C03").exists()  # a dry run writes nothing

    commit(actors.university_admin, tree.university, data)
    college = Organization.objects.get(code="U001-C03")
    branch = Organization.objects.get(code="U001-C03-B01")
    group = Organization.objects.get(code="U001-C03-B01-G1")
    assert college.path == tree.university.path + path_segment(college.pk)
    assert branch.path == college.path + path_segment(branch.pk)
    assert group.path == branch.path + path_segment(group.pk)
    assert (college.depth, branch.depth, group.depth) == (1, 2, 3)
    assert {college.university_id, branch.university_id, group.university_id} == {
        tree.university.pk
    }
    assert branch.branch_type == "teacher" and branch.name_initials == "sxxjgdzb"
    assert (
        Organization.objects.subtree_of(tree.university).filter(code__startswith="U001-C03").count()
        == 3
    )
    events = AuditEvent.objects.filter(target_type="orgs.organization", verb="create")
    assert events.count() == 3
    event = events.get(target_id=branch.pk)
    assert event.actor == actors.university_admin and event.org_id == branch.pk
    assert event.org_path == branch.path and event.changes["parent"] == college.pk
    summary = AuditEvent.objects.get(verb="import")
    assert summary.target_id == tree.university.pk and summary.changes["sheets"][0]["created"] == 3


def test_reimport_updates_by_code_and_leaves_unchanged_rows_alone(tree, actors):
    data = orgs_file(
        ["U001-C01", "计算机学院党委", "院系党委", "U001", ""],
        ["U001-C01-B01", "计算机系教工第一党支部", "党支部", "U001-C01", "教工党支部"],
    )
    report = commit(actors.university_admin, tree.university, data)
    assert counts_by_sheet(report) == {"组织": (0, 0, 2)}
    assert AuditEvent.objects.filter(verb="update").count() == 0

    renamed = orgs_file(["U001-C01-B01", "计算机系教工党支部", "党支部", "U001-C01", "teacher"])
    report = commit(actors.university_admin, tree.university, renamed)
    assert counts_by_sheet(report) == {"组织": (0, 1, 0)}
    tree.branch.refresh_from_db()
    assert tree.branch.name == "计算机系教工党支部" and tree.branch.name_initials == "jsjxjgdzb"
    event = AuditEvent.objects.get(verb="update", target_id=tree.branch.pk)
    assert event.changes == {"name": ["计算机系教工第一党支部", "计算机系教工党支部"]}
    assert Organization.objects.filter(code="U001-C01-B01").count() == 1


def test_changing_the_parent_moves_the_subtree(tree, actors):
    data = orgs_file(["U001-C01-B01", "计算机系教工第一党支部", "党支部", "U001-C02", "教工党支部"])
    group = Organization.objects.create(
        code="G1",
        name="小组",
        kind="group",
        parent=tree.branch,
        university=tree.university,
        path=tree.branch.path + "99999999",
        depth=3,
    )
    report = commit(actors.university_admin, tree.university, data)
    assert counts_by_sheet(report) == {"组织": (0, 1, 0)}
    tree.branch.refresh_from_db()
    group.refresh_from_db()
    assert tree.branch.parent_id == tree.other_college.pk
    assert tree.branch.path == tree.other_college.path + path_segment(tree.branch.pk)
    assert group.path == tree.branch.path + path_segment(group.pk) and group.depth == 3
    event = AuditEvent.objects.get(verb="update", target_id=tree.branch.pk)
    assert event.changes == {"parent": [tree.college.pk, tree.other_college.pk]}


def test_cycle_inside_the_file(tree, actors):
    data = orgs_file(
        ["X-A", "甲党总支", "党总支", "X-B", ""],
        ["X-B", "乙党总支", "党总支", "X-A", ""],
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert any("组织 第 2 行 D 列（上级组织代码）：上级组织形成循环" in m for m in messages)
    assert any("第 3 行" in m and "循环" in m for m in messages)


def test_moving_an_org_under_its_own_descendant_is_a_cycle(tree, actors):
    data = orgs_file(
        ["U001-C01", "计算机学院党委", "院系党委", "U001-C01-B01", ""],
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert any("循环" in m and "U001-C01 → U001-C01-B01 → U001-C01" in m for m in messages)


def test_unknown_parent(tree, actors):
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U001-C09", "新学院党委", "院系党委", "NOPE", ""]),
    )
    assert (
        message == "组织 第 2 行 D 列（上级组织代码）：组织代码“NOPE”不存在，或不在您的管理范围内"
    )


def test_parent_in_another_university_is_reported_as_unknown(tree, actors):
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U001-X1", "越界支部", "党支部", "U002-C01", "教工党支部"]),
    )
    assert "组织代码“U002-C01”不存在，或不在您的管理范围内" in message


def test_kind_not_allowed_under_parent(tree, actors):
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U001-C01-B01-X", "支部下的学院", "院系党委", "U001-C01-B01", ""]),
    )
    assert "“党支部”（U001-C01-B01）下不能设立“院系党委”" in message


def test_branch_needs_a_type_from_model_clean(tree, actors):
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U001-C01-B09", "无类型支部", "党支部", "U001-C01", ""]),
    )
    assert message == "组织 第 2 行 E 列（支部类型）：党支部必须选择支部类型"


def test_new_university_committee_is_refused(tree, actors):
    [message] = rejected(
        actors.province_admin,
        tree.university,
        orgs_file(["U009", "新大学党委", "高校党委", "", ""]),
    )
    assert "不能通过导入新建高校党委" in message


def test_kind_is_stable(tree, actors):
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U001-C01", "计算机学院党总支", "党总支", "U001", ""]),
    )
    assert "组织类别不能通过导入修改" in message and "院系党委" in message


def test_code_taken_elsewhere(tree, actors):
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U002-C01-B01", "撞码支部", "党支部", "U001-C01", "教工党支部"]),
    )
    assert "已被占用" in message


def test_duplicate_codes_in_the_file(tree, actors):
    data = orgs_file(
        ["U001-C05", "甲", "院系党委", "U001", ""],
        ["U001-C05", "乙", "院系党委", "U001", ""],
    )
    [message] = rejected(actors.university_admin, tree.university, data)
    assert (
        message
        == "组织 第 3 行 A 列（组织代码）：组织代码“U001-C05”与第 2 行重复（同一文件中每个键只能出现一次）"
    )


def test_dissolved_parent(tree, actors):
    tree.other_college.dissolved_on = "2024-01-01"
    tree.other_college.save()
    [message] = rejected(
        actors.university_admin,
        tree.university,
        orgs_file(["U001-C02-B01", "新支部", "党支部", "U001-C02", "教工党支部"]),
    )
    assert "已撤销" in message
