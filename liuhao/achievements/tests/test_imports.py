"""The achievements Excel import (Criteria C14.2, C16.1, C17.1): template, dry run writes nothing,
errors by sheet/row/column in Chinese, all or nothing, re-import updates by key, one audit row per
record, the shared upload → check → confirm flow for recorders only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from liuhao.achievements.imports import (
    SHEET_NAMES,
    achievements_import_workbook,
    build_achievements_template,
)
from liuhao.achievements.models import Achievement, BrandEvent, Commitment, Output, ServiceBrand
from liuhao.achievements.tests.factories import ServiceBrandFactory
from liuhao.core.exceptions import NotPermitted
from liuhao.core.models import AuditEvent
from liuhao.orgs.imports.errors import ImportRejected
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory
from liuhao.orgs.tests.imports.conftest import make_xlsx

COMMITMENT = ["组织代码", "工号/学号", "承诺日期", "承诺事项", "评议日期", "领导点评得分"]
ACHIEVEMENT = ["组织代码", "成果类别", "成果名称", "取得日期"]
OUTPUT = ["组织代码", "成果类型", "成果名称", "形成日期", "简介或出处"]
BRAND = ["组织代码", "品牌名称", "创立日期", "停用日期"]
EVENT = ["组织代码", "品牌名称", "日期", "事项"]
MODELS = (Commitment, Achievement, Output, ServiceBrand, BrandEvent)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS} | {"audit": AuditEvent.objects.count()}


def good(tree: Any, member: Any) -> dict[str, list[list[Any]]]:
    code = tree.branch.code
    return {
        "承诺践诺": [
            COMMITMENT,
            [code, member.number, "2025-09-20", "带头做好本职", "2025-11-01", 95],
        ],
        "工作成果": [ACHIEVEMENT, [code, "科学研究", "省级课题立项", "2025-10-01"]],
        "服务品牌": [BRAND, [code, "红烛领航", "2024-05-04", None]],
        "品牌历程": [EVENT, [code, "红烛领航", "2025-10-10", "品牌活动"]],
    }


def run(actor: Any, tree: Any, sheets: dict[str, list[list[Any]]], **kw: Any) -> Any:
    return achievements_import_workbook(
        actor=actor, university=tree.university, source=make_xlsx(sheets), **kw
    )


def rejected(actor: Any, tree: Any, sheets: dict[str, list[list[Any]]]) -> list[str]:
    before = counts()
    with pytest.raises(ImportRejected) as exc:
        run(actor, tree, sheets, dry_run=False)
    assert counts() == before, "a rejected import must not write anything"
    return [str(issue) for issue in exc.value.report.issues.items]


def test_template_has_every_sheet():
    wb = load_workbook(io.BytesIO(build_achievements_template()))
    assert wb.sheetnames[1:] == list(SHEET_NAMES)


def test_dry_run_then_commit_then_reimport(tree, actors, member):
    actor = actors.committee_member
    report = run(actor, tree, good(tree, member))
    assert report.ok and report.created == 4 and not report.committed
    assert counts()["Commitment"] == 0 and counts()["ServiceBrand"] == 0
    report = run(actor, tree, good(tree, member), dry_run=False)
    assert report.committed
    assert Commitment.objects.get().leader_score == 95
    assert BrandEvent.objects.get().brand == ServiceBrand.objects.get()
    assert Achievement.objects.count() == 1
    created = AuditEvent.objects.filter(verb="create")
    assert created.count() == 4 and AuditEvent.objects.filter(verb="import").count() == 1
    again = run(actor, tree, good(tree, member), dry_run=False)
    assert again.created == 0 and again.unchanged == 4


def test_reimport_updates_by_key_and_keeps_absent_columns(tree, actors, member):
    actor = actors.committee_member
    code = tree.branch.code
    run(actor, tree, good(tree, member), dry_run=False)
    later = {
        "承诺践诺": [
            ["组织代码", "工号/学号", "承诺日期", "承诺事项", "群众评议得分"],
            [code, member.number, "2026-03-01", "带头做好本职，帮扶两名学生", 88],
        ],
        "服务品牌": [["组织代码", "品牌名称", "创立日期"], [code, "红烛领航", "2024-05-01"]],
    }
    report = run(actor, tree, later, dry_run=False)
    assert {s.name: (s.created, s.updated) for s in report.sheets} == {
        "承诺践诺": (0, 1),
        "服务品牌": (0, 1),
    }
    commitment = Commitment.objects.get()
    assert str(commitment.committed_on) == "2025-09-20"  # the date of the year's commitment stays
    assert commitment.content.endswith("两名学生") and commitment.masses_score == 88
    assert commitment.leader_score == 95  # the column was left out: kept
    update = AuditEvent.objects.get(
        verb="update", target_id=str(commitment.pk), target_type__endswith="commitment"
    )
    assert update.changes["masses_score"] == [None, 88]
    assert str(ServiceBrand.objects.get().founded_on) == "2024-05-01"


def test_errors_name_sheet_row_column_and_nothing_is_stored(tree, actors, member):
    code = tree.branch.code
    outsider = PersonFactory(university=tree.university, name="外支部党员", number="T2002")
    MembershipFactory(person=outsider, org=tree.other_branch)
    issues = rejected(
        actors.committee_member,
        tree,
        {
            "承诺践诺": [
                [*COMMITMENT, "践诺报告日期"],
                [code, member.number, "2025-09-20", "好", "2025-11-01", 95, "2025-09-01"],
                [code, "NOPE", "2025-09-20", "好", None, None, None],
                [code, member.number, "2025-09-21", "好", "2025-11-01", 150, None],
                [code, outsider.number, "2025-09-21", "好", None, None, None],
                [code, member.number, "2025-02-30", "好", None, None, None],
                [code, actors.party_member.person.number, "2025-09-22", "好", None, 90, None],
            ],
            "工作成果": [
                ACHIEVEMENT,
                [tree.other_branch.code, "科学研究", "课题", "2025-10-01"],
                [code, "诗歌", "课题", "2025-10-01"],
                [code, "科学研究", "课题", "2099-10-01"],
            ],
            "服务品牌": [BRAND, [code, "先锋驿站", "2024-05-04", "2024-01-01"]],
            "品牌历程": [
                EVENT,
                [code, "没有的品牌", "2025-10-10", "活动"],
                [code, "先锋驿站", "2025-10-10", "活动"],
            ],
        },
    )
    text = "\n".join(issues)
    assert "承诺践诺 第 2 行 G 列（践诺报告日期）：践诺报告日期不能早于承诺日期" in text
    assert "承诺践诺 第 3 行 B 列（工号/学号）" in text and "NOPE" in text
    assert "承诺践诺 第 4 行 F 列（领导点评得分）：领导点评得分应在 0 到 100 之间" in text
    assert "承诺践诺 第 5 行 B 列（工号/学号）" in text and "外支部党员" in text
    assert "承诺践诺 第 6 行 C 列（承诺日期）" in text
    assert "承诺践诺 第 7 行 E 列（评议日期）：填写评议得分时必须填写评议日期" in text
    assert "工作成果 第 2 行 A 列（组织代码）" in text
    assert "工作成果 第 3 行 B 列（成果类别）" in text
    assert "工作成果 第 4 行 D 列（取得日期）：取得日期不能晚于今天" in text
    assert "服务品牌 第 2 行 D 列（停用日期）：停用日期不能早于创立日期" in text
    assert "品牌历程 第 2 行 B 列（品牌名称）" in text and "没有的品牌" in text
    assert "品牌历程 第 3 行" not in text  # its brand's row is wrong: reported there only


def test_brand_events_stay_inside_the_brand_life_and_duplicates_are_refused(tree, actors):
    code = tree.branch.code
    ServiceBrandFactory(org=tree.branch, name="红色宣讲团", founded_on=dt.date(2024, 3, 1))
    issues = rejected(
        actors.committee_member,
        tree,
        {
            "品牌历程": [
                EVENT,
                [code, "红色宣讲团", "2024-01-10", "宣讲进社区"],
                [code, "红色宣讲团", "2025-01-10", "宣讲进社区"],
                [code, "红色宣讲团", "2025-01-10", "宣讲进社区"],
            ]
        },
    )
    text = "\n".join(issues)
    assert "品牌历程 第 2 行 C 列（日期）：日期不能早于品牌创立日期（2024-03-01）" in text
    assert "品牌历程 第 4 行 D 列（事项）" in text and "与第 3 行重复" in text


def test_outputs_and_the_target_university(tree, actors):
    sheets = {
        "研究与实践成果": [OUTPUT, [tree.branch.code, "理论研究成果", "调研报告", "2025-06-01", ""]]
    }
    assert run(actors.committee_member, tree, sheets, dry_run=False).committed
    assert Output.objects.get().kind == "theory"
    with pytest.raises(NotPermitted):
        achievements_import_workbook(
            actor=actors.committee_member,
            university=tree.other_university,
            source=make_xlsx(sheets),
        )


def test_import_pages_dry_run_then_commit(client, tree, actors, member):
    start = reverse("achievements:import-start")
    client.force_login(actors.reviewer)
    assert client.get(start).status_code == 403
    client.force_login(actors.committee_member)
    template = client.get(reverse("achievements:import-template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    page = client.get(start)
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    upload = SimpleUploadedFile("a.xlsx", make_xlsx(good(tree, member)))
    checked = client.post(start, {"university": tree.university.pk, "file": upload})
    assert checked.status_code == 200 and "确认导入" in checked.content.decode()
    assert not Commitment.objects.exists()
    commit_url = checked.context["commit_url"]
    done = client.post(commit_url)
    assert done.status_code == 302 and Commitment.objects.count() == 1
    bad = dict(good(tree, member))
    bad["工作成果"] = [ACHIEVEMENT, [tree.branch.code, "科学研究", "课题", "2099-10-01"]]
    upload = SimpleUploadedFile("b.xlsx", make_xlsx(bad))
    refused = client.post(start, {"university": tree.university.pk, "file": upload})
    assert refused.status_code == 200 and "取得日期不能晚于今天" in refused.content.decode()
    assert "确认导入" not in refused.content.decode()
