"""Excel import of the service-front records (Criteria C05, C10, C11, C12.1): template, dry run,
all-or-nothing commit with bulk writes and one audit row per record, re-import by key, every
refusal naming sheet, row and column in Chinese with nothing stored, scope."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liuhao.core.models import AuditEvent
from liuhao.frontline.imports import frontline_import_workbook
from liuhao.frontline.imports.columns import SHEETS
from liuhao.frontline.imports.template import build_frontline_template
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardMember,
    VanguardPost,
    Venue,
)
from liuhao.frontline.tests.factories import VenueFactory
from liuhao.orgs.imports import ImportRejected
from liuhao.orgs.tests.imports.conftest import make_xlsx

B01 = "U001-C01-B01"
C01 = "U001-C01"
HEADERS = {s.name: [c.header for c in s.columns] for s in SHEETS}
MODELS = (Venue, Reception, Proposal, MemberAffair, ServiceItem, VanguardPost, VanguardMember, News)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (*MODELS, AuditEvent))


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    return make_xlsx({name: [HEADERS[name], *rows] for name, rows in sheets.items()})


def good(crew: Any, rep: Any) -> dict[str, list[list[Any]]]:
    m0, m1 = crew.members[0].number, crew.members[1].number
    return {
        "活动场所": [
            [B01, "党员活动室", "三楼活动室", "实验楼301", "", "投影仪", "2025-03-01", None],
            [C01, "党代表工作室", "党代表工作室", "行政楼", "是", "", "2024-06-01", None],
        ],
        "驻室接待": [
            [C01, rep.number, "2025-10-15", "党代表工作室", 3, "食堂价格"],
        ],
        "提案建议": [
            [C01, rep.number, "提案", "关于改善实验室安全的提案", "2025-10-01", "已答复", "已采纳", "2025-10-20"],
        ],
        "党员事务": [
            [B01, "组织关系转接", m0, "2025-10-13", "2025-10-15", ""],
        ],
        "服务事项": [
            [B01, "组织关系转接", "提交申请→审核→办结", crew.secretary.number, 5, "2025-03-01", None],
        ],
        "党员先锋岗": [
            [B01, "党员先锋岗", "实验室先锋岗", "实验室安全", "2025-03-01", None, f"{m0}、{m1}"],
        ],
        "动态通知": [
            [B01, "工作动态", "支部召开组织生活会", "2025-10-15", "https://example.edu.cn/n/1", ""],
        ],
    }  # fmt: skip


def run(actor: Any, university: Any, data: bytes, *, dry_run: bool = True) -> Any:
    return frontline_import_workbook(
        actor=actor, university=university, source=data, dry_run=dry_run
    )


def rejected(actor: Any, university: Any, data: bytes) -> list[str]:
    before = counts()
    with pytest.raises(ImportRejected) as exc:
        run(actor, university, data, dry_run=False)
    assert counts() == before, "a rejected import must not write anything"
    return [str(issue) for issue in exc.value.report.issues.items]


def by_sheet(report: Any) -> dict[str, tuple[int, int, int]]:
    return {s.name: (s.created, s.updated, s.unchanged) for s in report.sheets}


def test_template_has_a_sheet_per_record_type():
    wb = load_workbook(io.BytesIO(build_frontline_template()))
    assert wb.sheetnames == ["说明", *[s.name for s in SHEETS]]
    assert [c.value for c in wb["动态通知"][1]] == HEADERS["动态通知"]


def test_dry_run_stores_nothing_then_commit_stores_all_in_bulk(tree, actors, crew, rep):
    actor = actors.org_secretary
    data = workbook(good(crew, rep))
    report = run(actor, tree.university, data)
    assert report.ok, [str(i) for i in report.issues.items]
    assert not report.committed and counts() == (0,) * (len(MODELS) + 1)
    with CaptureQueriesContext(connection) as queries:
        report = run(actor, tree.university, data, dry_run=False)
    assert report.committed
    assert by_sheet(report) == {
        "活动场所": (2, 0, 0),
        "驻室接待": (1, 0, 0),
        "提案建议": (1, 0, 0),
        "党员事务": (1, 0, 0),
        "服务事项": (1, 0, 0),
        "党员先锋岗": (1, 0, 0),
        "动态通知": (1, 0, 0),
    }
    # Set-based: a bounded number of statements, never one per row.
    assert len(queries) < 40, len(queries)
    studio = Venue.objects.get(name="党代表工作室")
    reception = Reception.objects.get()
    assert reception.venue == studio and reception.visitor_count == 3
    assert Venue.objects.get(name="三楼活动室").is_fixed
    proposal = Proposal.objects.get()
    assert proposal.status == "replied" and proposal.replied_on == dt.date(2025, 10, 20)
    post = VanguardPost.objects.get()
    assert sorted(post.members.values_list("pk", flat=True)) == sorted(
        [crew.members[0].pk, crew.members[1].pk]
    )
    creates = AuditEvent.objects.filter(verb="create")
    assert creates.count() == 8
    assert creates.get(target_type="frontline.vanguardpost").changes["members"] == sorted(
        [crew.members[0].pk, crew.members[1].pk]
    )
    assert creates.get(target_type="frontline.reception").org_id == tree.college.pk
    assert AuditEvent.objects.filter(verb="import").get().changes["kind"] == "frontline"


def test_reimport_updates_by_key_and_leaves_unchanged_rows(tree, actors, crew, rep):
    actor = actors.org_secretary
    run(actor, tree.university, workbook(good(crew, rep)), dry_run=False)
    sheets = good(crew, rep)
    sheets["党员事务"][0][5] = "已办结"
    sheets["党员先锋岗"][0][6] = crew.members[2].number
    report = run(actor, tree.university, workbook(sheets), dry_run=False)
    assert by_sheet(report)["党员事务"] == (0, 1, 0)
    assert by_sheet(report)["党员先锋岗"] == (0, 1, 0)
    assert by_sheet(report)["动态通知"] == (0, 0, 1)
    assert MemberAffair.objects.get().note == "已办结"
    post = VanguardPost.objects.get()
    assert list(post.members.values_list("pk", flat=True)) == [crew.members[2].pk]
    update = AuditEvent.objects.get(verb="update", target_type="frontline.vanguardpost")
    assert update.changes["members"][1] == [crew.members[2].pk]
    assert News.objects.count() == 1


def test_optional_columns_left_out_keep_stored_values(tree, actors, crew):
    venue = VenueFactory(org=tree.branch, name="三楼活动室", equipment="投影仪", is_fixed=False)
    header = ["组织代码", "场所类型", "场所名称", "启用日期", "停用日期"]
    data = make_xlsx(
        {"活动场所": [header, [B01, "党员活动室", "三楼活动室", "2024-03-01", "2025-09-30"]]}
    )
    report = run(actors.committee_member, tree.university, data, dry_run=False)
    assert by_sheet(report)["活动场所"] == (0, 1, 0)
    venue.refresh_from_db()
    assert venue.closed_on == dt.date(2025, 9, 30)
    assert venue.equipment == "投影仪" and venue.is_fixed is False


def test_impossible_data_is_refused_naming_sheet_row_and_column(tree, actors, crew, rep):
    future = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    m0 = crew.members[0].number
    data = workbook(
        {
            "活动场所": [
                [B01, "党员活动室", "活动室", "", "也许", "", "2025-03-01", None],
                [B01, "党员活动室", "二楼", "", "", "", "2025-03-01", "2025-01-01"],
            ],
            "驻室接待": [
                [C01, rep.number, future, "", 5, ""],
                [C01, crew.members[0].number, "2025-10-15", "", 1, ""],
                [C01, rep.number, "2025-10-16", "不存在的场所", 1, ""],
                [C01, rep.number, "2025-10-17", "", -1, ""],
            ],
            "提案建议": [
                [C01, rep.number, "提案", "无答复", "2025-10-01", "已答复", "", None],
                [C01, rep.number, "提案", "未来", future, "", "", None],
            ],
            "党员事务": [
                [B01, "组织关系转接", m0, "2025-10-13", "2025-10-01", ""],
                [B01, "补发党员证", "X999", "昨天", None, ""],
            ],
            "服务事项": [
                [B01, "事项", "流程", crew.secretary.number, 400, "2025-03-01", None],
            ],
            "党员先锋岗": [
                [B01, "党员先锋岗", "先锋岗", "", "2025-03-01", None, crew.outsider.number],
            ],
            "动态通知": [
                [B01, "工作动态", "未来的动态", future, "", ""],
                [B01, "工作动态", "坏网址", "2025-10-15", "javascript:alert(1)", ""],
                [B01, "工作动态", "好的一条", "2025-10-15", "", ""],
                [B01, "工作动态", "好的一条", "2025-10-15", "", ""],
            ],
        }
    )
    text = "\n".join(rejected(actors.org_secretary, tree.university, data))
    expected = [
        "活动场所 第 2 行 E 列（相对固定）：应填“是”或“否”",
        "活动场所 第 3 行 H 列（停用日期）：停用日期不能早于启用日期",
        "驻室接待 第 2 行 C 列（接待日期）：接待日期晚于今天的只能作为值班安排",
        f"驻室接待 第 3 行 B 列（党代表工号）：“{crew.members[0].name}”在2025-10-15不是"
        f"“{tree.college.name}”的党代表",
        "驻室接待 第 4 行 D 列（接待场所）",
        "驻室接待 第 5 行 E 列（接待人数）",
        "提案建议 第 2 行 G 列（答复意见）：办理状态为已答复或已办结时必须填写答复意见",
        "提案建议 第 3 行 E 列（提交日期）：提交日期不能晚于今天",
        "党员事务 第 2 行 E 列（办结日期）：办结日期不能早于受理日期",
        "党员事务 第 3 行 B 列（事务类型）",
        "党员事务 第 3 行 C 列（办理对象工号）",
        "党员事务 第 3 行 D 列（受理日期）",
        "服务事项 第 2 行 E 列（办理时限（工作日））",
        f"党员先锋岗 第 2 行 G 列（党员工号）：“{crew.outsider.name}”在2025-03-01不是",
        "动态通知 第 2 行 D 列（发布日期）：发布日期不能晚于今天",
        "动态通知 第 3 行 E 列（网址）",
        "动态通知 第 5 行",
    ]
    for fragment in expected:
        assert fragment in text, (fragment, text)


def test_orgs_outside_the_actors_scope_are_unknown(tree, actors):
    data = workbook(
        {"动态通知": [[tree.other_branch.code, "工作动态", "动态", "2025-10-15", "", ""]]}
    )
    issues = rejected(actors.committee_member, tree.university, data)
    assert "不存在，或不在您的管理范围内" in issues[0]
    other = workbook({"动态通知": [["U002-C01-B01", "工作动态", "动态", "2025-10-15", "", ""]]})
    assert (
        "不存在，或不在您的管理范围内"
        in rejected(actors.university_admin, tree.university, other)[0]
    )


def test_unreadable_or_unknown_sheets_are_refused(tree, actors):
    assert rejected(actors.committee_member, tree.university, b"not a workbook")
    data = make_xlsx({"随便": [["a"], ["b"]]})
    assert "无法识别的工作表" in rejected(actors.committee_member, tree.university, data)[0]


def test_web_flow_dry_run_then_commit(client, settings, tmp_path, tree, actors, crew, rep):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client.force_login(actors.org_secretary)
    start = reverse("frontline:import-start")
    page = client.get(start)
    assert page.status_code == 200 and "活动场所" in page.content.decode()
    template = client.get(reverse("frontline:import-template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    upload = SimpleUploadedFile("服务阵地.xlsx", workbook(good(crew, rep)))
    response = client.post(start, {"file": upload})
    assert response.status_code == 200
    token = response.context["token"]
    assert token and not Venue.objects.exists()
    assert reverse("frontline:import-commit", args=[token]) in response.content.decode()
    done = client.post(reverse("frontline:import-commit", args=[token]))
    assert done.status_code == 302 and Venue.objects.count() == 2 and News.objects.count() == 1
    bad = SimpleUploadedFile("坏.xlsx", b"not a zip at all")
    page = client.post(start, {"file": bad})
    assert "不是 Excel 工作簿" in page.content.decode() and not page.context["token"]
    client.force_login(actors.party_member)
    assert client.get(start).status_code == 403


def test_the_number_of_statements_does_not_grow_with_the_rows(tree, actors, crew):
    def news_rows(prefix: str, n: int) -> bytes:
        rows = [[B01, "工作动态", f"{prefix}{i}", "2025-10-15", "", ""] for i in range(n)]
        return workbook({"动态通知": rows})

    run(actors.committee_member, tree.university, news_rows("预热", 1), dry_run=False)
    statements = []
    for prefix, n in (("一条", 1), ("多条", 40)):
        with CaptureQueriesContext(connection) as queries:
            run(actors.committee_member, tree.university, news_rows(prefix, n), dry_run=False)
        statements.append(len(queries))
    assert statements[0] == statements[1], statements
    assert News.objects.count() == 42
    assert AuditEvent.objects.filter(verb="create").count() == 42
