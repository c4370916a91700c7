"""The 人员, 党员身份 and 职务 sheets: keys, re-import, model rules by row and column."""

from __future__ import annotations

import datetime as dt

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory
from liuhao.orgs.tests.imports.conftest import (
    MEMBERSHIP_HEADER,
    ORG_HEADER,
    PERSON_HEADER,
    POSITION_HEADER,
    commit,
    counts_by_sheet,
    dry_run,
    make_xlsx,
    rejected,
)

FULL_DATES = ["2015-03-01", "2015-09-01", "2016-09-01", "2016-12-01", "2017-12-01"]


def test_persons_are_created_then_updated_by_number(tree, actors):
    data = make_xlsx(
        {
            "人员": [
                PERSON_HEADER,
                ["T100", "王小明", "教师", "男", dt.datetime(1985, 5, 6), "U001-C01"],
                [2021001, "李小红", "student", "女", "2003/9/1", ""],
            ]
        }
    )
    report = commit(actors.university_admin, tree.university, data)
    assert counts_by_sheet(report) == {"人员": (2, 0, 0)}
    teacher = Person.objects.get(university=tree.university, number="T100")
    assert teacher.unit_id == tree.college.pk and teacher.birth_date == dt.date(1985, 5, 6)
    assert teacher.name_pinyin == "wangxiaoming" and teacher.category == "teacher"
    student = Person.objects.get(number="2021001")
    assert student.gender == "female" and student.unit_id is None
    event = AuditEvent.objects.get(target_type="orgs.person", target_id=teacher.pk)
    assert event.verb == "create" and event.org_id == tree.college.pk
    assert event.changes["unit"] == tree.college.pk and event.changes["birth_date"] == "1985-05-06"

    again = commit(actors.university_admin, tree.university, data)
    assert counts_by_sheet(again) == {"人员": (0, 0, 2)}

    changed = make_xlsx(
        {
            "人员": [
                ["工号/学号", "姓名", "人员类别", "所在单位代码"],
                ["T100", "王晓明", "教师", "U001-C01-B01"],
            ]
        }
    )
    report = commit(actors.university_admin, tree.university, changed)
    assert counts_by_sheet(report) == {"人员": (0, 1, 0)}
    teacher.refresh_from_db()
    assert teacher.name == "王晓明" and teacher.name_pinyin == "wangxiaoming"
    assert teacher.unit_id == tree.branch.pk and teacher.birth_date == dt.date(
        1985, 5, 6
    )  # column absent: kept
    event = AuditEvent.objects.get(target_type="orgs.person", target_id=teacher.pk, verb="update")
    assert event.changes == {
        "name": ["王小明", "王晓明"],
        "unit": [tree.college.pk, tree.branch.pk],
    }
    assert event.org_id == tree.branch.pk
    assert Person.objects.filter(number="T100").count() == 1


def test_bad_date_message_names_sheet_row_and_column(tree, actors):
    data = make_xlsx(
        {
            "人员": [
                PERSON_HEADER,
                ["T1", "张三", "教师", "男", "1985-05-06"],
                ["T2", "李四", "教师", "男", "85年5月"],
            ]
        }
    )
    [message] = rejected(actors.university_admin, tree.university, data)
    assert message.startswith("人员 第 3 行 E 列（出生日期）：日期格式不正确")
    assert "应为 2001-09-01" in message


def test_every_error_is_listed(tree, actors):
    data = make_xlsx(
        {
            "人员": [
                PERSON_HEADER,
                ["T1", "", "教师", "男", "1985-13-01"],
                ["T2", "李四", "工人", "男", "bad"],
                ["T3", "王五", "教师", "未知", None, "NOPE"],
            ]
        }
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert len(messages) == 6, messages
    assert "人员 第 2 行 B 列（姓名）：必须填写" in messages
    assert (
        "人员 第 4 行 F 列（所在单位代码）：组织代码“NOPE”不存在，或不在您的管理范围内" in messages
    )
    assert any(m.startswith("人员 第 4 行 D 列（性别）") for m in messages)


def test_duplicate_numbers_in_the_file(tree, actors):
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师"], ["T1", "张三", "教师"]]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert message.startswith("人员 第 3 行 A 列（工号/学号）：工号/学号“T1”与第 2 行重复")


def test_person_clean_rules_are_reported_by_column(tree, actors):
    data = make_xlsx(
        {
            "人员": [
                ["工号/学号", "姓名", "人员类别", "青年教师", "出生日期"],
                ["S1", "学生甲", "学生", "是", None],
                ["T1", "教师乙", "教师", "否", "2999-01-01"],
            ]
        }
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert messages == [
        "人员 第 2 行 D 列（青年教师）：只有教师可以标记为青年教师",
        "人员 第 3 行 E 列（出生日期）：出生日期不能晚于今天",
    ]


def test_unit_outside_the_university_is_unknown(tree, actors):
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师", "", None, "U002-C01-B01"]]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert (
        message
        == "人员 第 2 行 F 列（所在单位代码）：组织代码“U002-C01-B01”不存在，或不在您的管理范围内"
    )


def test_all_four_sheets_reference_earlier_sheets(tree, actors):
    data = make_xlsx(
        {
            "组织": [
                ORG_HEADER,
                ["U001-C01-B07", "人工智能党支部", "党支部", "U001-C01", "科研团队党支部"],
            ],
            "人员": [PERSON_HEADER, ["T7", "赵七", "教师", "男", None, "U001-C01-B07"]],
            "党员身份": [
                MEMBERSHIP_HEADER,
                ["T7", "赵七", "U001-C01-B07", "正式党员", *FULL_DATES],
            ],
            "职务": [POSITION_HEADER, ["T7", "U001-C01-B07", "书记", "", "2024-03-01", None]],
        }
    )
    report = commit(actors.university_admin, tree.university, data)
    assert counts_by_sheet(report) == {
        "组织": (1, 0, 0),
        "人员": (1, 0, 0),
        "党员身份": (1, 0, 0),
        "职务": (1, 0, 0),
    }
    person = Person.objects.get(number="T7")
    membership = Membership.objects.get(person=person)
    assert membership.org.code == "U001-C01-B07" and membership.stage == "full"
    assert membership.university_id == tree.university.pk and membership.full_on == dt.date(
        2017, 12, 1
    )
    position = Position.objects.get(person=person)
    assert position.kind == "secretary" and position.org_id == membership.org_id
    assert AuditEvent.objects.filter(
        target_type="orgs.membership", target_id=membership.pk, verb="create"
    ).exists()
    assert AuditEvent.objects.filter(
        target_type="orgs.position", target_id=position.pk, verb="create"
    ).exists()
    assert AuditEvent.objects.count() == 5  # four rows + the import summary

    again = commit(actors.university_admin, tree.university, data)
    assert all(c == (0, 0, 1) for c in counts_by_sheet(again).values())
    assert Membership.objects.filter(person=person).count() == 1 and Position.objects.count() == 1


def test_membership_reimport_updates_the_open_record(tree, actors):
    person = PersonFactory(university=tree.university, number="M1", name="党员乙")
    membership = MembershipFactory(
        person=person, org=tree.branch, stage="probationary", full_on=None
    )
    data = make_xlsx(
        {"党员身份": [MEMBERSHIP_HEADER, ["M1", "党员乙", "U001-C01-B02", "正式党员", *FULL_DATES]]}
    )
    report = commit(actors.university_admin, tree.university, data)
    assert counts_by_sheet(report) == {"党员身份": (0, 1, 0)}
    membership.refresh_from_db()
    assert membership.stage == "full" and membership.org_id == tree.other_branch.pk
    assert Membership.objects.filter(person=person).count() == 1
    event = AuditEvent.objects.get(target_type="orgs.membership", verb="update")
    assert event.changes["stage"] == ["probationary", "full"]
    assert event.changes["org"] == [tree.branch.pk, tree.other_branch.pk]
    assert event.changes["full_on"] == [None, "2017-12-01"]


def test_membership_closing_and_reimporting_the_closed_record(tree, actors):
    person = PersonFactory(university=tree.university, number="M2", name="党员丙")
    MembershipFactory(person=person, org=tree.branch)
    header = [*MEMBERSHIP_HEADER, "转出/终止日期", "终止原因"]
    data = make_xlsx(
        {
            "党员身份": [
                header,
                ["M2", "", "U001-C01-B01", "正式党员", *FULL_DATES, "2025-07-01", "毕业离校"],
            ]
        }
    )
    assert counts_by_sheet(commit(actors.university_admin, tree.university, data)) == {
        "党员身份": (0, 1, 0)
    }
    assert counts_by_sheet(commit(actors.university_admin, tree.university, data)) == {
        "党员身份": (0, 0, 1)
    }
    assert Membership.objects.filter(person=person).count() == 1


def test_membership_stage_rules_from_model_clean(tree, actors):
    data = make_xlsx(
        {
            "人员": [PERSON_HEADER, ["M3", "党员丁", "学生"], ["M4", "党员戊", "学生"]],
            "党员身份": [
                MEMBERSHIP_HEADER,
                [
                    "M3",
                    "",
                    "U001-C01-B01",
                    "正式党员",
                    "2015-03-01",
                    "2015-09-01",
                    "2016-09-01",
                    "2016-12-01",
                    None,
                ],
                [
                    "M4",
                    "",
                    "U001-C01-B01",
                    "入党积极分子",
                    "2015-03-01",
                    "2014-09-01",
                    None,
                    None,
                    None,
                ],
            ],
        }
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert messages == [
        "党员身份 第 2 行 I 列（转为正式党员日期）：当前阶段为“正式党员”，必须填写转为正式党员日期",
        "党员身份 第 3 行 F 列（确定积极分子日期）：确定积极分子日期不能早于递交入党申请日期",
    ]


def test_membership_references(tree, actors):
    PersonFactory(university=tree.university, number="M5", name="党员己")
    data = make_xlsx(
        {
            "党员身份": [
                MEMBERSHIP_HEADER,
                ["NOBODY", "", "U001-C01-B01", "入党申请人", "2024-03-01"],
                ["M5", "别人", "U001-C01-B01", "入党申请人", "2024-03-01"],
                ["M5", "", "U001-C01", "入党申请人", "2024-03-01"],
            ]
        }
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert messages[0].startswith("党员身份 第 2 行 A 列（工号/学号）：工号/学号“NOBODY”不存在")
    assert (
        messages[1]
        == "党员身份 第 3 行 B 列（姓名）：姓名“别人”与工号/学号 M5 的人员“党员己”不一致"
    )
    assert messages[2].startswith("党员身份 第 4 行 A 列（工号/学号）：工号/学号“M5”与第 3 行重复")


def test_membership_only_in_a_branch(tree, actors):
    PersonFactory(university=tree.university, number="M6", name="党员庚")
    data = make_xlsx(
        {"党员身份": [MEMBERSHIP_HEADER, ["M6", "", "U001-C01", "入党申请人", "2024-03-01"]]}
    )
    [message] = rejected(actors.university_admin, tree.university, data)
    assert (
        message
        == "党员身份 第 2 行 C 列（所在党支部代码）：党员组织关系只能落在党支部，“计算机学院党委”是院系党委"
    )


def test_positions_by_key_and_rules(tree, actors):
    person = PersonFactory(university=tree.university, number="P1", name="书记甲")
    data = make_xlsx(
        {"职务": [POSITION_HEADER, ["P1", "U001-C01-B01", "委员", "组织委员", "2024-01-01", None]]}
    )
    assert counts_by_sheet(commit(actors.university_admin, tree.university, data)) == {
        "职务": (1, 0, 0)
    }
    ended = make_xlsx(
        {
            "职务": [
                POSITION_HEADER,
                [
                    "P1",
                    "U001-C01-B01",
                    "committee_member",
                    "organization",
                    "2024/1/1",
                    "2025-01-01",
                ],
            ]
        }
    )
    assert counts_by_sheet(commit(actors.university_admin, tree.university, ended)) == {
        "职务": (0, 1, 0)
    }
    position = Position.objects.get(person=person)
    assert position.ended_on == dt.date(2025, 1, 1) and Position.objects.count() == 1

    bad = make_xlsx(
        {
            "职务": [
                POSITION_HEADER,
                ["P1", "U001-C01-B01", "委员", "", "2024-06-01", None],
                ["P1", "U001-C01-B01", "书记", "", "2024-06-01", "2024-01-01"],
                ["P1", "U001-C01-B01", "书记", "", "2024-06-01", None],
            ]
        }
    )
    messages = rejected(actors.university_admin, tree.university, bad)
    assert messages == [
        "职务 第 2 行 D 列（委员分工）：委员必须填写分工",
        "职务 第 3 行 F 列（任职结束日期）：任职结束日期不能早于开始日期",
        "职务 第 4 行 A 列（工号/学号）：同一职务（工号/学号 P1、组织 U001-C01-B01、职务、任职开始日期）与第 3 行重复（同一文件中每个键只能出现一次）",
    ]


def test_one_bad_row_means_nothing_is_written(tree, actors):
    rows = [[f"T{i:03d}", "张三", "教师"] for i in range(50)]
    rows.append(["T999", "李四", "教师", "男", "1990-02-31"])
    data = make_xlsx(
        {
            "组织": [ORG_HEADER, ["U001-C08", "新学院党委", "院系党委", "U001", ""]],
            "人员": [PERSON_HEADER, *rows],
        }
    )
    [message] = rejected(actors.university_admin, tree.university, data)
    assert "第 52 行" in message and "不存在" in message


def test_dry_run_counts(tree, actors):
    PersonFactory(university=tree.university, number="D1", name="甲", category="teacher")
    PersonFactory(university=tree.university, number="D2", name="乙", category="teacher")
    data = make_xlsx(
        {
            "人员": [
                ["工号/学号", "姓名", "人员类别"],
                ["D1", "甲", "教师"],
                ["D2", "乙二", "教师"],
                ["D3", "丙", "教师"],
            ]
        }
    )
    report = dry_run(actors.university_admin, tree.university, data)
    assert report.ok and counts_by_sheet(report) == {"人员": (1, 1, 1)}
    assert report.summary_text() == "人员：新增 1，更新 1，未变 1"
