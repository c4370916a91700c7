"""The Excel import of development cases: template, dry run, all-or-nothing commit, errors by sheet,
row and column in Chinese, re-import updates."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from liuhao.development.imports import SHEET, build_case_template, case_import_workbook
from liuhao.development.models import DevelopmentCase
from liuhao.orgs.imports import ImportRejected
from liuhao.orgs.models import Membership
from liuhao.orgs.tests.imports.conftest import make_xlsx

pytestmark = pytest.mark.django_db
HEADER = [
    "组织代码",
    "工号/学号",
    "递交入党申请日期",
    "确定积极分子日期",
    "培养联系人一工号",
    "培养联系人二工号",
    "谈话日期",
    "支部大会接收预备党员日期",
    "接收表决应到人数",
    "接收表决实到人数",
    "接收表决赞成票数",
]


def test_template_has_the_sheet_and_headers():
    book = load_workbook(io.BytesIO(build_case_template()))
    assert SHEET in book.sheetnames
    headers = [c.value for c in book[SHEET][1]]
    assert set(HEADER) <= set(headers)


def row(tree, dev, number="A0001", **over):
    values = {
        "组织代码": tree.branch.code,
        "工号/学号": number,
        "递交入党申请日期": "2023-03-01",
        "确定积极分子日期": "2023-09-01",
        "培养联系人一工号": dev.members[0].number,
        "培养联系人二工号": dev.members[1].number,
        "谈话日期": "2023-03-10",
    }
    values.update(over)
    return [values.get(h) for h in HEADER]


def test_dry_run_then_commit_then_reimport_updates(tree, dev, actors):
    data = make_xlsx({SHEET: [HEADER, row(tree, dev)]})
    report = case_import_workbook(
        actor=actors.university_admin, university=tree.university, source=data
    )
    assert report.ok and not DevelopmentCase.objects.exists()
    report = case_import_workbook(
        actor=actors.university_admin, university=tree.university, source=data, dry_run=False
    )
    assert report.committed and report.created == 1
    assert Membership.objects.get(person=dev.applicant).stage == "activist"
    again = make_xlsx({SHEET: [HEADER, row(tree, dev, 谈话日期="2023-03-20")]})
    report = case_import_workbook(
        actor=actors.university_admin, university=tree.university, source=again, dry_run=False
    )
    assert report.updated == 1
    assert str(DevelopmentCase.objects.get().talk_on) == "2023-03-20"


def test_any_error_rejects_everything_naming_row_and_column(tree, dev, actors):
    bad = row(
        tree,
        dev,
        number="A0003",
        支部大会接收预备党员日期=None,
        接收表决应到人数=10,
        接收表决实到人数=9,
        接收表决赞成票数=12,
    )
    data = make_xlsx({SHEET: [HEADER, row(tree, dev), bad, row(tree, dev, number="NOPE")]})
    with pytest.raises(ImportRejected) as exc:
        case_import_workbook(
            actor=actors.university_admin, university=tree.university, source=data, dry_run=False
        )
    issues = [str(i) for i in exc.value.report.issues.items]
    assert any("第 3 行" in i and "工号/学号" in i for i in issues), issues  # A0003 unknown
    assert any("第 4 行" in i and "NOPE" in i for i in issues), issues
    assert not DevelopmentCase.objects.exists()
    assert not Membership.objects.filter(person=dev.applicant).exists()


def test_votes_above_entitled_are_reported_on_their_column(tree, dev, actors):
    from liuhao.orgs.tests.factories import PersonFactory

    PersonFactory(university=tree.university, unit=tree.college, number="A0003")
    bad = row(
        tree, dev, number="A0003", 接收表决应到人数=10, 接收表决实到人数=9, 接收表决赞成票数=12
    )
    data = make_xlsx({SHEET: [HEADER, bad]})
    report = case_import_workbook(
        actor=actors.university_admin, university=tree.university, source=data
    )
    issues = [str(i) for i in report.issues.items]
    assert any("第 2 行" in i and "接收表决赞成票数" in i for i in issues), issues
    assert not DevelopmentCase.objects.exists()


def test_without_the_right_the_import_is_refused(tree, actors):
    from liuhao.core.exceptions import NotPermitted

    with pytest.raises(NotPermitted):
        case_import_workbook(actor=actors.party_member, university=tree.university, source=b"")
