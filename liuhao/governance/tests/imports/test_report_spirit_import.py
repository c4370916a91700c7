"""The 述职 and 党性分析 sheets of the governance import (criteria C09.1, C09.3): set-based
validation naming sheet, row and column in Chinese, nothing stored on any problem, keyed
re-imports, one audit row per record; the configured top-band cap of 定级; the approval date of an
election extension."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from liuhao.core.models import AuditEvent
from liuhao.governance.imports.columns import SHEET_NAMES
from liuhao.governance.imports.template import build_governance_template
from liuhao.governance.models import LeaderReport, OrgGrade, SpiritAnalysis
from liuhao.governance.tests.imports.test_governance_import import rejected, run

REPORT = [
    "组织代码",
    "述职日期",
    "述职人工号/学号",
    "应参加评议党员数",
    "参加评议人数",
    "评价“好”人数",
    "评价“较好”人数",
    "评价“一般”人数",
    "评价“差”人数",
    "述职要点",
]
SPIRIT = ["组织代码", "分析日期", "工号/学号", "分析要点"]
GRADING = ["组织代码", "年度", "定级日期", "下级组织代码", "等次"]
ELECTION = ["组织代码", "选举日期", "任期（年）", "延期至", "延期批准日期"]


def test_template_lists_the_new_sheets():
    book = load_workbook(BytesIO(build_governance_template()))
    assert "述职" in SHEET_NAMES and "党性分析" in SHEET_NAMES
    assert book.sheetnames[1:] == list(SHEET_NAMES)
    headers = [c.value.rstrip("*") for c in book["述职"][1] if c.value]
    assert headers == REPORT


def test_reports_and_analyses_are_created_then_updated_by_key(tree, actors, crew):
    actor = actors.org_secretary
    code = tree.branch.code
    sheets: dict[str, list[list[Any]]] = {
        "述职": [
            REPORT,
            [code, "2025-01-10", crew.secretary.number, 7, 6, 4, 2, None, None, "抓班子带队伍"],
        ],
        "党性分析": [
            SPIRIT,
            [code, "2025-01-08", crew.members[0].number, "对照党章查找差距"],
            [code, "2025-01-08", crew.members[1].number, "理论学习不够系统"],
        ],
    }
    dry = run(actor, tree.university, sheets)
    assert not dry.issues and dry.created == 3
    assert not LeaderReport.objects.exists() and not SpiritAnalysis.objects.exists()

    report = run(actor, tree.university, sheets, dry_run=False)
    assert report.committed
    saved = LeaderReport.objects.get()
    assert saved.reporter == crew.secretary and saved.org == tree.branch
    assert saved.ratings == {"好": 4, "较好": 2} and saved.raters == 6
    assert SpiritAnalysis.objects.filter(org=tree.branch).count() == 2
    created = AuditEvent.objects.filter(verb="create")
    assert created.filter(target_type__endswith="leaderreport").count() == 1
    assert created.filter(target_type__endswith="spiritanalysis").count() == 2

    sheets["述职"][1][4:9] = [7, 5, 2, None, None]
    again = run(actor, tree.university, sheets, dry_run=False)
    summary = {s.name: (s.created, s.updated, s.unchanged) for s in again.sheets}
    assert summary == {"述职": (0, 1, 0), "党性分析": (0, 0, 2)}
    saved.refresh_from_db()
    assert saved.raters == 7 and saved.ratings == {"好": 5, "较好": 2}
    update = AuditEvent.objects.get(verb="update", target_id=str(saved.pk))
    assert update.changes["raters"] == [6, 7]


def test_bad_report_and_analysis_rows_name_sheet_row_and_column(tree, actors, crew):
    code = tree.branch.code
    lead = crew.secretary.number
    issues = rejected(
        actors.org_secretary,
        tree.university,
        {
            "述职": [
                REPORT,
                [code, "2025-01-10", crew.members[0].number, 7, 6, None, None, None, None, ""],
                [code, "2025-01-11", lead, 5, 6, None, None, None, None, ""],
                [code, "2025-01-12", lead, 7, 6, 1, 1, None, None, ""],
                [code, "2099-01-12", lead, 7, 6, None, None, None, None, ""],
                [code, "2025-01-13", lead, 7, 6, -1, None, None, None, ""],
                [code, "2025-02-30", lead, 7, 6, None, None, None, None, ""],
            ],
            "党性分析": [
                SPIRIT,
                [code, "2025-01-08", crew.outsider.number, "查找差距"],
                [code, "2025-01-08", "NOBODY", "查找差距"],
                [tree.other_univ_branch.code, "2025-01-08", crew.members[0].number, "差距"],
            ],
        },
    )
    text = "\n".join(issues)
    assert "述职 第 2 行 C 列（述职人工号/学号）" in text and "班子成员" in text
    assert "述职 第 3 行 E 列（参加评议人数）：参加评议人数（6）不能超过" in text
    assert "述职 第 4 行 E 列（参加评议人数）：各等次人数之和（2）应等于参加评议人数（6）" in text
    assert "述职 第 5 行 B 列（述职日期）：述职日期不能晚于今天" in text
    assert "述职 第 6 行 F 列（评价“好”人数）" in text
    assert "述职 第 7 行 B 列（述职日期）" in text
    assert "党性分析 第 2 行 C 列（工号/学号）" in text and "张三" in text
    assert "党性分析 第 3 行 C 列（工号/学号）" in text and "NOBODY" in text
    assert "党性分析 第 4 行 A 列（组织代码）" in text


def test_duplicate_rows_in_one_file_are_refused(tree, actors, crew):
    code = tree.branch.code
    row = [code, "2025-01-08", crew.members[0].number, "查找差距"]
    issues = rejected(actors.org_secretary, tree.university, {"党性分析": [SPIRIT, row, list(row)]})
    assert any("党性分析 第 3 行" in i and "与第 2 行重复" in i for i in issues), issues


def test_the_configured_top_band_cap_is_enforced_per_round(tree, actors, capped):
    assert capped.org_top_cap is not None
    college = tree.college.code
    issues = rejected(
        actors.org_secretary,
        tree.university,
        {
            "定级": [
                GRADING,
                [college, 2025, "2025-10-20", tree.branch.code, "先进"],
                [college, 2025, "2025-10-20", tree.other_branch.code, "先进"],
            ]
        },
    )
    assert any("定级 第 3 行 E 列（等次）" in i and "1/2" in i for i in issues), issues
    sheets = {
        "定级": [
            GRADING,
            [college, 2025, "2025-10-20", tree.branch.code, "先进"],
            [college, 2025, "2025-10-20", tree.other_branch.code, "一般"],
        ]
    }
    assert run(actors.org_secretary, tree.university, sheets, dry_run=False).committed
    assert OrgGrade.objects.filter(band="先进").count() == 1


def test_an_extension_approved_before_the_election_is_refused(tree, actors):
    issues = rejected(
        actors.org_secretary,
        tree.university,
        {"换届": [ELECTION, [tree.branch.code, "2022-06-01", 3, "2025-12-01", "2022-01-01"]]},
    )
    assert any(
        "换届 第 2 行 E 列（延期批准日期）：延期批准日期不能早于选举日期" in i for i in issues
    )
