"""The governance Excel import: template, dry run, all-or-nothing commit, errors naming sheet, row
and column in Chinese, re-import keyed updates, the 1/3 cap per 评议 round, audit rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.governance.imports import governance_import_workbook
from liuhao.governance.models import (
    CareRecord,
    Election,
    Funding,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
)
from liuhao.orgs.imports import ImportRejected
from liuhao.orgs.tests.imports.conftest import make_xlsx

FUNDING = ["组织代码", "拨付日期", "金额（元）", "经费来源", "用途"]
ELECTION = ["组织代码", "选举日期", "任期（年）"]
CARE = ["组织代码", "帮扶日期", "帮扶类型", "帮扶内容", "帮扶对象工号/学号", "金额（元）"]
EVALUATION = ["党支部代码", "年度", "组织评定日期", "工号/学号", "评定等次"]
GRADING = ["组织代码", "年度", "定级日期", "下级组织代码", "等次"]
MODELS = (Funding, Election, CareRecord, MemberEvaluation, MemberGrade, OrgGrading, OrgGrade)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS} | {"audit": AuditEvent.objects.count()}


def run(actor: Any, university: Any, sheets: dict[str, list[list[Any]]], **kw: Any) -> Any:
    return governance_import_workbook(
        actor=actor, university=university, source=make_xlsx(sheets), **kw
    )


def rejected(actor: Any, university: Any, sheets: dict[str, list[list[Any]]]) -> list[str]:
    before = counts()
    with pytest.raises(ImportRejected) as exc:
        run(actor, university, sheets, dry_run=False)
    assert counts() == before, "a rejected import must not write anything"
    return [str(issue) for issue in exc.value.report.issues.items]


def test_import_creates_then_updates_by_key(tree, actors, crew):
    actor = actors.org_secretary
    code = tree.branch.code
    sheets = {
        "经费": [FUNDING, [code, "2025-10-01", "3000", "党费下拨", "学习资料"]],
        "换届": [ELECTION, [code, "2024-06-01", 3]],
        "关怀帮扶": [
            CARE,
            [code, "2025-10-02", "走访慰问", "慰问老党员", crew.members[0].number, ""],
        ],
        "评议": [EVALUATION]
        + [[code, 2025, "2025-10-15", p.number, "合格"] for p in crew.members]
        + [[code, 2025, "2025-10-15", crew.secretary.number, "优秀"]],
        "定级": [GRADING, [tree.college.code, 2025, "2025-10-20", code, "先进"]],
    }
    dry = run(actor, tree.university, sheets)
    assert not dry.issues and not Funding.objects.exists()
    report = run(actor, tree.university, sheets, dry_run=False)
    assert report.committed
    assert Funding.objects.get().amount == 3000
    assert Election.objects.get().term_years == 3
    assert CareRecord.objects.get().person == crew.members[0]
    assert MemberGrade.objects.filter(grade="优秀").count() == 1
    assert OrgGrade.objects.get().band == "先进"
    assert AuditEvent.objects.filter(verb="import").count() == 1
    again = {"经费": [FUNDING, [code, "2025-10-01", "3500", "党费下拨", "学习资料"]]}
    report = run(actor, tree.university, again, dry_run=False)
    assert {s.name: (s.created, s.updated) for s in report.sheets} == {"经费": (0, 1)}
    assert Funding.objects.get().amount == 3500


def test_bad_rows_are_named_by_sheet_row_and_column(tree, actors, crew):
    actor = actors.org_secretary
    code = tree.branch.code
    people = [crew.secretary, *crew.committee, *crew.members]
    issues = rejected(
        actor,
        tree.university,
        {
            "经费": [FUNDING, [code, "2025-10-01", "-3", "党费下拨", ""]],
            "换届": [ELECTION, [code, "2024-06-01", 5], [code, "2099-01-01", 3]],
            "关怀帮扶": [CARE, [code, "2025-10-02", "走访慰问", "慰问", crew.outsider.number, ""]],
            "评议": [EVALUATION]
            + [[code, 2025, "2025-10-15", p.number, "优秀"] for p in people[:3]]
            + [[code, 2025, "2025-10-15", p.number, "合格"] for p in people[3:]],
            "定级": [
                GRADING,
                [tree.college.code, 2025, "2025-10-20", tree.other_college.code, "先进"],
            ],
        },
    )
    text = "\n".join(issues)
    assert "经费 第 2 行 C 列（金额（元））：金额不能为负数" in text
    assert "换届 第 2 行 C 列（任期（年））" in text and "3年" in text
    assert "换届 第 3 行 B 列（选举日期）：选举日期不能晚于今天" in text
    assert "关怀帮扶 第 2 行 E 列" in text and "张三" in text
    assert "评议 第 4 行 E 列（评定等次）" in text and "1/3" in text
    assert "定级 第 2 行 D 列（下级组织代码）" in text


def test_out_of_scope_org_is_unknown(tree, actors):
    issues = rejected(
        actors.committee_member,
        tree.university,
        {"经费": [FUNDING, [tree.other_branch.code, "2025-10-01", "1", "党费下拨", ""]]},
    )
    assert any("不存在，或不在您的管理范围内" in i for i in issues)


def test_template_and_upload_pages(client, actors):
    client.force_login(actors.org_secretary)
    template = client.get(reverse("governance:import-template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    page = client.get(reverse("governance:import-start"))
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    client.force_login(actors.party_member)
    assert client.get(reverse("governance:import-start")).status_code == 403
