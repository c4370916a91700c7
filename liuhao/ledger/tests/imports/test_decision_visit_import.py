"""The 决议 and 走访 sheets of the ledger import (Criteria C02.3, C03.2) and the 决策会议 column of
the 活动 sheet: dry run, commit with one audit row per record, re-import by key; impossible data
refused naming sheet, row and column in Chinese, nothing stored."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Activity, ContactVisit, Decision
from liuhao.ledger.tests.factories import ActivityFactory, DecisionFactory
from liuhao.ledger.tests.imports.conftest import by_sheet, commit, dry_run, rejected

B01 = "U001-C01-B01"
ACTIVITY_HEADER = ["组织代码", "活动日期", "活动类型", "主题", "决策会议"]
DECISION_HEADER = ["组织代码", "活动日期", "活动类型", "主题", "决议内容", "应到人数", "实到人数"]
VISIT_HEADER = [
    "组织代码",
    "班子成员工号",
    "走访日期",
    "主题",
    "走访对象工号/学号",
    "地点",
    "了解的情况与问题",
]
MEETING = [B01, "2025-10-15", "支委会/党委会", "研究发展对象"]


def test_decisions_of_a_meeting_in_the_same_file(tree, actors, crew, xlsx):
    data = xlsx(
        {
            "活动": [ACTIVITY_HEADER, [*MEETING, "是"]],
            "决议": [
                DECISION_HEADER,
                [*MEETING, "确定张三为发展对象", 3, 3],
                [*MEETING, "推荐李四参加培训", 3, 2],
            ],
        }
    )
    report = dry_run(actors.committee_member, tree.university, data)
    assert report.ok, [str(i) for i in report.issues.items]
    assert by_sheet(report)["决议"] == (2, 0, 0)
    assert not Decision.objects.exists()
    commit(actors.committee_member, tree.university, data)
    meeting = Activity.objects.get()
    assert meeting.is_decision_meeting
    assert sorted(meeting.decisions.values_list("members_present", flat=True)) == [2, 3]
    audits = AuditEvent.objects.filter(verb="create", target_type="ledger.decision")
    assert audits.count() == 2
    assert {a.changes["activity"] for a in audits} == {meeting.pk}
    again = xlsx({"决议": [DECISION_HEADER, [*MEETING, "推荐李四参加培训", 3, 1]]})
    report = commit(actors.committee_member, tree.university, again)
    assert by_sheet(report)["决议"] == (0, 1, 0)
    assert meeting.decisions.get(text="推荐李四参加培训").members_present == 1


def test_impossible_decisions_are_refused(tree, actors, crew, xlsx):
    lecture = ActivityFactory(
        org=tree.branch, kind="party_lecture", topic="专题党课", held_on=dt.date(2025, 10, 15)
    )
    data = xlsx(
        {
            "活动": [ACTIVITY_HEADER, [B01, "2025-10-16", "党课", "另一次党课", "是"]],
            "决议": [
                DECISION_HEADER,
                [B01, "2025-10-15", "党课", lecture.topic, "决议", 3, 2],
                [*MEETING, "不存在的会议", 3, 2],
                [B01, "2025-10-15", "党课", lecture.topic, "人数不对", 3, 5],
                [B01, "2025-10-15", "党课", lecture.topic, "应到为零", 0, 0],
            ],
        }
    )
    issues = "\n".join(rejected(actors.committee_member, tree.university, data))
    assert "活动 第 2 行 E 列（决策会议）：只有支委会/党委会或党员大会可以标记为决策会议" in issues
    assert "决议 第 2 行 D 列（主题）：该活动不是决策会议" in issues
    assert "决议 第 3 行 D 列（主题）：找不到该会议" in issues
    assert "决议 第 4 行" in issues and "该活动不是决策会议" in issues
    assert "决议 第 5 行 F 列（应到人数）：应在 1 到 32767 之间" in issues


def test_more_present_than_entitled_is_refused(tree, actors, crew, xlsx):
    ActivityFactory(
        org=tree.branch,
        kind="committee_meeting",
        held_on=dt.date(2025, 10, 15),
        topic="研究发展对象",
        is_decision_meeting=True,
    )
    data = xlsx({"决议": [DECISION_HEADER, [*MEETING, "确定发展对象", 3, 4]]})
    issues = rejected(actors.committee_member, tree.university, data)
    assert issues == ["决议 第 2 行 G 列（实到人数）：实到人数不能多于应到人数"]


def test_a_meeting_with_decisions_keeps_its_mark(tree, actors, crew, xlsx):
    meeting = ActivityFactory(
        org=tree.branch,
        kind="committee_meeting",
        held_on=dt.date(2025, 10, 15),
        topic="研究发展对象",
        is_decision_meeting=True,
    )
    DecisionFactory(activity=meeting)
    data = xlsx({"活动": [ACTIVITY_HEADER, [*MEETING, "否"]]})
    issues = rejected(actors.committee_member, tree.university, data)
    assert issues == ["活动 第 2 行 E 列（决策会议）：该会议已登记决议，不能取消“决策会议”标记"]
    meeting.refresh_from_db()
    assert meeting.is_decision_meeting


def test_visits_dry_run_commit_and_reimport(tree, actors, crew, xlsx):
    row = [B01, crew.secretary.number, "2025-10-10", "走访实验室", crew.members[0].number, "", ""]
    data = xlsx({"走访": [VISIT_HEADER, row]})
    report = dry_run(actors.committee_member, tree.university, data)
    assert report.ok, [str(i) for i in report.issues.items]
    commit(actors.committee_member, tree.university, data)
    visit = ContactVisit.objects.get()
    assert (visit.leader, visit.target) == (crew.secretary, crew.members[0])
    assert AuditEvent.objects.filter(verb="create", target_id=visit.pk).exists()
    report = commit(
        actors.committee_member,
        tree.university,
        xlsx({"走访": [VISIT_HEADER, [*row[:5], "实验楼", "安全隐患两处"]]}),
    )
    assert by_sheet(report)["走访"] == (0, 1, 0)
    visit.refresh_from_db()
    assert (visit.place, visit.findings) == ("实验楼", "安全隐患两处")


def test_impossible_visits_are_refused(tree, actors, crew, xlsx):
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    data = xlsx(
        {
            "走访": [
                VISIT_HEADER,
                [B01, crew.members[0].number, "2025-10-10", "非班子成员", "", "", ""],
                [B01, crew.secretary.number, future, "未来的走访", "", "", ""],
                [B01, crew.secretary.number, "2025-10-10", "对象不存在", "X-404", "", ""],
                [B01, crew.secretary.number, "2025-10-11", "", "", "", ""],
            ]
        }
    )
    issues = "\n".join(rejected(actors.committee_member, tree.university, data))
    assert f"走访 第 2 行 B 列（班子成员工号）：“{crew.members[0].name}”在2025-10-10不是" in issues
    assert "走访 第 3 行 C 列（走访日期）：走访日期不能晚于今天" in issues
    assert "走访 第 4 行 E 列（走访对象工号/学号）：工号/学号“X-404”不存在" in issues
    assert "走访 第 5 行 D 列（主题）" in issues


def test_plan_approved_in_the_future_is_refused(tree, actors, xlsx):
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    header = ["组织代码", "文件类型", "标题", "生效日期", "审定日期"]
    data = xlsx({"规划": [header, [B01, "总体规划", "总体规划", "2025-09-01", future]]})
    issues = rejected(actors.committee_member, tree.university, data)
    assert issues == ["规划 第 2 行 E 列（审定日期）：审定日期不能晚于今天：只登记已经审定的文件"]
