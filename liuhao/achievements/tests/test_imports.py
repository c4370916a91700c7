"""Excel import: template, dry run writes nothing, errors by sheet/row/column in Chinese, all or
nothing, re-import updates by key, page for recorders only."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from liuhao.achievements.imports import achievements_import_workbook, build_achievements_template
from liuhao.achievements.imports.service import SHEET_NAMES
from liuhao.achievements.models import Achievement, BrandEvent, Commitment, ServiceBrand
from liuhao.orgs.imports.errors import ImportRejected


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good(tree, member) -> bytes:
    code = tree.branch.code
    return workbook(
        {
            "承诺践诺": [
                ["组织代码", "工号/学号", "承诺日期", "承诺事项", "评议日期", "领导点评得分"],
                [code, member.number, "2025-09-20", "带头做好本职", "2025-11-01", 95],
            ],
            "工作成果": [
                ["组织代码", "成果类别", "成果名称", "取得日期"],
                [code, "科学研究", "省级课题立项", "2025-10-01"],
            ],
            "服务品牌": [["组织代码", "品牌名称", "创立日期"], [code, "红烛领航", "2024-05-04"]],
            "品牌历程": [
                ["组织代码", "品牌名称", "日期", "事项"],
                [code, "红烛领航", "2025-10-10", "品牌活动"],
            ],
        }
    )


def test_template_has_every_sheet():
    wb = load_workbook(io.BytesIO(build_achievements_template()))
    assert wb.sheetnames[1:] == list(SHEET_NAMES)


def test_dry_run_then_commit_then_reimport(tree, actors, member):
    raw = good(tree, member)
    args = {"actor": actors.committee_member, "university": tree.university, "source": raw}
    report = achievements_import_workbook(**args)
    assert report.ok and report.created == 4 and not report.committed
    assert not Commitment.objects.exists() and not ServiceBrand.objects.exists()
    report = achievements_import_workbook(**args, dry_run=False)
    assert report.committed
    assert Commitment.objects.get().leader_score == 95
    assert (
        Achievement.objects.count()
        == ServiceBrand.objects.count()
        == BrandEvent.objects.count()
        == 1
    )
    again = achievements_import_workbook(**args, dry_run=False)
    assert again.created == 0 and again.unchanged == 4


def test_errors_name_sheet_row_column_and_nothing_is_stored(tree, actors, member):
    code = tree.branch.code
    raw = workbook(
        {
            "承诺践诺": [
                ["组织代码", "工号/学号", "承诺日期", "承诺事项", "评议日期", "领导点评得分"],
                [code, member.number, "2025-09-20", "好", "2025-11-01", 95],
                [code, "NOPE", "2025-09-20", "好", "", ""],
                [code, member.number, "2025-09-21", "好", "2025-11-01", 150],
            ],
            "工作成果": [
                ["组织代码", "成果类别", "成果名称", "取得日期"],
                [tree.other_branch.code, "科学研究", "课题", "2025-10-01"],
                [code, "诗歌", "课题", "2099-10-01"],
            ],
        }
    )
    try:
        achievements_import_workbook(
            actor=actors.committee_member, university=tree.university, source=raw, dry_run=False
        )
    except ImportRejected as exc:
        issues = [str(i) for i in exc.report.issues.items]
    else:
        raise AssertionError("expected ImportRejected")
    assert any(i.startswith("承诺践诺 第 3 行 B 列（工号/学号）") for i in issues), issues
    assert any(i.startswith("承诺践诺 第 4 行 F 列（领导点评得分）") for i in issues), issues
    assert any(i.startswith("工作成果 第 2 行 A 列（组织代码）") for i in issues), issues
    assert any(i.startswith("工作成果 第 3 行 B 列（成果类别）") for i in issues), issues
    assert not Commitment.objects.exists() and not Achievement.objects.exists()


def test_import_page(client, tree, actors, member):
    url = reverse("achievements:import-start", args=[tree.branch.pk])
    client.force_login(actors.reviewer)
    assert client.get(url).status_code == 403
    client.force_login(actors.committee_member)
    assert client.get(reverse("achievements:import-template")).status_code == 200
    upload = SimpleUploadedFile("a.xlsx", good(tree, member))
    response = client.post(url, {"file": upload, "commit": "0"})
    assert response.status_code == 200 and "检查通过" in response.content.decode()
    assert not Commitment.objects.exists()
    upload = SimpleUploadedFile("a.xlsx", good(tree, member))
    assert client.post(url, {"file": upload, "commit": "1"}).status_code == 302
    assert Commitment.objects.count() == 1
