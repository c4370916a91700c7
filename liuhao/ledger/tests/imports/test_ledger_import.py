"""The ledger Excel import: dry run lists every error by sheet/row/column in Chinese, commit is
all-or-nothing and audited, re-import updates by key; bad files and wrong sheets are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from liuhao.core.exceptions import NotPermitted
from liuhao.core.models import AuditEvent
from liuhao.ledger.imports.template import build_ledger_template
from liuhao.ledger.models import Activity, Attendance, ContactPair, PlanDocument
from liuhao.ledger.tests.imports.conftest import (
    ACTIVITY_HEADER,
    ATTENDANCE_HEADER,
    PAIR_HEADER,
    PLAN_HEADER,
    by_sheet,
    commit,
    dry_run,
    rejected,
)
from liuhao.ledger.tests.views.conftest import ledger_counts
from liuhao.orgs.imports.xlsx import XlsxBook

B01 = "U001-C01-B01"


def good_workbook(xlsx, crew):
    return xlsx(
        {
            "活动": [
                ACTIVITY_HEADER,
                [B01, "2025-10-15", "理论学习研讨会", "学习四中全会精神", "会议室", ""],
                [B01, dt.date(2025, 11, 3), "主题党日", "走进社区", "", "志愿服务"],
            ],
            "出勤": [
                ATTENDANCE_HEADER,
                [B01, "2025-10-15", "理论学习研讨会", "学习四中全会精神", crew.members[0].number, "", "出席"],
                [B01, "2025-10-15", "理论学习研讨会", "学习四中全会精神", crew.members[1].number, crew.members[1].name, "请假"],
            ],
            "规划": [
                PLAN_HEADER,
                [B01, "总体规划", "服务型党组织建设总体规划", "2025-09-01", ""],
            ],
            "结对": [
                PAIR_HEADER,
                [crew.secretary.number, crew.outsider.number, B01, "2025-09-01", "", ""],
            ],
        }
    )  # fmt: skip


def test_dry_run_then_commit_then_reimport_updates_by_key(tree, actors, crew, xlsx):
    data = good_workbook(xlsx, crew)
    actor = actors.committee_member
    report = dry_run(actor, tree.university, data)
    assert report.ok, [str(i) for i in report.issues.items]
    assert by_sheet(report) == {
        "活动": (2, 0, 0),
        "出勤": (2, 0, 0),
        "规划": (1, 0, 0),
        "结对": (1, 0, 0),
    }
    assert ledger_counts()["Activity"] == 0  # a dry run writes nothing
    report = commit(actor, tree.university, data)
    assert Activity.objects.count() == 2 and Attendance.objects.count() == 2
    activity = Activity.objects.get(topic="学习四中全会精神")
    assert activity.entered_by == actor and activity.place == "会议室"
    assert PlanDocument.objects.get().org == tree.branch
    assert ContactPair.objects.get().target == crew.outsider
    assert AuditEvent.objects.filter(verb="import").count() == 1
    assert AuditEvent.objects.filter(verb="create", target_type="ledger.activity").count() == 2
    # The same file again changes nothing; a changed status and place update by key.
    assert by_sheet(commit(actor, tree.university, data))["活动"] == (0, 0, 2)
    changed = xlsx(
        {
            "活动": [ACTIVITY_HEADER, [B01, "2025-10-15", "理论学习研讨会", "学习四中全会精神", "报告厅", ""]],
            "出勤": [ATTENDANCE_HEADER, [B01, "2025-10-15", "theory_seminar", "学习四中全会精神", crew.members[1].number, "", "缺席"]],
            "规划": [PLAN_HEADER, [B01, "总体规划", "服务型党组织建设总体规划", "2025-09-01", "2028-08-31"]],
            "结对": [PAIR_HEADER, [crew.secretary.number, crew.outsider.number, B01, "2025-09-01", "2026-01-31", "调岗"]],
        }
    )  # fmt: skip
    report = commit(actor, tree.university, changed)
    assert by_sheet(report) == {
        "活动": (0, 1, 0),
        "出勤": (0, 1, 0),
        "规划": (0, 1, 0),
        "结对": (0, 1, 0),
    }
    pair = ContactPair.objects.get()
    assert (pair.ended_on, pair.note) == (dt.date(2026, 1, 31), "调岗")
    assert AuditEvent.objects.filter(target_type="ledger.contactpair", verb="update").exists()
    activity.refresh_from_db()
    assert activity.place == "报告厅" and activity.summary == ""
    assert Attendance.objects.get(person=crew.members[1]).status == "absent"
    assert PlanDocument.objects.get().valid_until == dt.date(2028, 8, 31)
    assert Activity.objects.count() == 2


def test_every_error_is_listed_by_sheet_row_and_column(tree, actors, crew, xlsx):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = xlsx(
        {
            "活动": [
                ACTIVITY_HEADER,
                [B01, "2025-10-15", "理论学习研讨会", "", "", ""],
                [B01, tomorrow, "党课", "未来的党课", "", ""],
                [B01, "2025-02-30", "聚餐", "x", "", ""],
                ["U002-C01-B01", "2025-10-15", "党课", "外校", "", ""],
                [B01, "2025-10-16", "党课", "正常", "", ""],
            ],
            "出勤": [
                ATTENDANCE_HEADER,
                [B01, "2025-10-16", "党课", "正常", crew.outsider.number, "", "出席"],
                [B01, "2025-10-16", "党课", "正常", "NOBODY", "", "出席"],
                [B01, "2025-10-16", "党课", "正常", crew.members[0].number, "错名", "出席"],
                [B01, "2025-10-16", "党课", "正常", crew.members[1].number, "", "迟到"],
                [B01, "2025-10-17", "党课", "没有这个活动", crew.members[2].number, "", "出席"],
            ],
            "规划": [PLAN_HEADER, [B01, "总体规划", "规划", "2025-09-01", "2025-08-01"]],
            "结对": [
                PAIR_HEADER,
                [crew.members[0].number, crew.members[1].number, B01, "2025-09-01", "", ""],
                [crew.secretary.number, crew.members[1].number, B01, "2025-09-01", "2025-01-01", ""],
            ],
        }
    )  # fmt: skip
    report = dry_run(actors.committee_member, tree.university, data)
    issues = [str(i) for i in report.issues.items]
    expected = [
        "活动 第 2 行 D 列（主题）：必须填写",
        "活动 第 3 行 B 列（活动日期）：活动日期不能晚于今天",
        "活动 第 4 行 B 列（活动日期）：日期“2025-02-30”不存在",
        "活动 第 4 行 C 列（活动类型）：“聚餐”不是可选值",
        "活动 第 5 行 A 列（组织代码）：组织代码“U002-C01-B01”不存在",
        "出勤 第 2 行 E 列（工号/学号）：“张三”在2025-10-16不是“计算机系教工第一党支部”的党员或班子成员",
        "出勤 第 3 行 E 列（工号/学号）：工号/学号“NOBODY”不存在",
        "出勤 第 4 行 F 列（姓名）：姓名“错名”",
        "出勤 第 5 行 G 列（出勤情况）：“迟到”不是可选值",
        "出勤 第 6 行 D 列（主题）：找不到该活动",
        "规划 第 2 行 E 列（有效期至）：有效期至不能早于生效日期",
        "结对 第 2 行 A 列（班子成员工号）：“党员甲”在2025-09-01不是",
        "结对 第 3 行 E 列（结束日期）：结对结束日期不能早于开始日期",
    ]
    for text in expected:
        assert any(issue.startswith(text) for issue in issues), (text, issues)
    assert len(issues) == len(expected), issues
    assert rejected(actors.committee_member, tree.university, data)


def test_one_bad_row_rejects_the_whole_file(tree, actors, crew, xlsx):
    data = good_workbook(xlsx, crew)
    bad = xlsx(
        {
            "活动": [ACTIVITY_HEADER, [B01, "2025-10-15", "党课", "好的一行", "", ""]],
            "出勤": [ATTENDANCE_HEADER, [B01, "2025-10-15", "党课", "好的一行", crew.outsider.number, "", "出席"]],
        }
    )  # fmt: skip
    issues = rejected(actors.committee_member, tree.university, bad)
    assert issues and issues[0].startswith("出勤 第 2 行")
    assert commit(actors.committee_member, tree.university, data).committed


def test_renamed_non_excel_and_wrong_sheet(tree, actors, xlsx):
    text = "组织代码,活动日期\nU001-C01-B01,2025-10-15\n".encode()
    report = dry_run(actors.committee_member, tree.university, text)
    assert "不是 Excel 工作簿" in str(report.issues.items[0])
    wrong = xlsx({"人员": [["工号/学号", "姓名"], ["1", "张"]]})
    issues = [str(i) for i in dry_run(actors.committee_member, tree.university, wrong).issues.items]
    assert issues == [
        "人员：无法识别的工作表“人员”：工作表名称应为 活动、出勤、决议、规划、结对、走访、任务、党务公开、服务记录 之一（“说明”工作表会被忽略），请使用导入模板"
    ]
    missing = xlsx({"活动": [["组织代码", "主题", "颜色"]]})
    issues = [
        str(i) for i in dry_run(actors.committee_member, tree.university, missing).issues.items
    ]
    assert any("无法识别的列“颜色”" in i for i in issues)
    assert any("缺少必需的列“活动日期”" in i for i in issues)
    assert rejected(actors.committee_member, tree.university, text)


def test_scope_of_the_import(tree, actors, crew, xlsx):
    other = xlsx(
        {"活动": [ACTIVITY_HEADER, ["U001-C01-B02", "2025-10-15", "党课", "隔壁支部", "", ""]]}
    )
    issues = [str(i) for i in dry_run(actors.committee_member, tree.university, other).issues.items]
    assert issues and "U001-C01-B02" in issues[0] and "不在您的管理范围内" in issues[0]
    assert dry_run(actors.org_secretary, tree.university, other).ok
    with pytest.raises(NotPermitted):
        dry_run(actors.reviewer, tree.university, other)
    with pytest.raises(NotPermitted):
        dry_run(actors.committee_member, tree.other_university, other)


def test_template_has_the_ledger_sheets_with_drop_downs():
    book = XlsxBook(build_ledger_template())
    assert book.sheetnames == [
        "说明",
        "活动",
        "出勤",
        "决议",
        "规划",
        "结对",
        "走访",
        "任务",
        "党务公开",
        "服务记录",
    ]
    header = next(book.rows("活动"))[1]
    assert header == (
        "组织代码",
        "活动日期",
        "活动类型",
        "主题",
        "地点",
        "内容摘要",
        "文化载体",
        "决策会议",
    )
    book.close()


def test_filled_in_template_imports(tree, actors, crew):
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(build_ledger_template()))
    workbook["活动"].append([B01, "2025-10-15", "党课", "模板里的党课", "", ""])
    buffer = BytesIO()
    workbook.save(buffer)
    report = commit(actors.committee_member, tree.university, buffer.getvalue())
    assert by_sheet(report)["活动"] == (1, 0, 0)


def test_web_flow_dry_run_then_commit(client, tree, actors, crew, xlsx):
    client.force_login(actors.committee_member)
    start = reverse("ledger:import-start")
    assert client.get(start).status_code == 200
    assert client.get(reverse("ledger:import-template")).status_code == 200
    data = good_workbook(xlsx, crew)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("台账.xlsx", data)
    response = client.post(start, {"file": upload})
    assert response.status_code == 200
    token = response.context["token"]
    assert token and not Activity.objects.exists()
    html = response.content.decode()
    assert reverse("ledger:import-commit", args=[token]) in html
    done = client.post(reverse("ledger:import-commit", args=[token]))
    assert done.status_code == 302 and Activity.objects.count() == 2
    bad = SimpleUploadedFile("坏.xlsx", b"not a zip at all")
    page = client.post(start, {"file": bad})
    assert "不是 Excel 工作簿" in page.content.decode() and not page.context["token"]
    client.force_login(actors.party_member)
    assert client.get(start).status_code == 403


def test_command_dry_run_and_commit(tree, actors, crew, xlsx, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(good_workbook(xlsx, crew))
    call_command("ledger_import", str(path), "--dry-run", "--university", "U001")
    assert not Activity.objects.exists()
    call_command("ledger_import", str(path), "--as", "committee")
    assert Activity.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError):
        call_command("ledger_import", str(bad), "--university", "U001")
