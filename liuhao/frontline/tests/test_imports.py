"""Excel import of the service-front records: template, dry run, all-or-nothing, errors naming sheet,
row and column in Chinese, scope."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from liuhao.frontline.imports import SHEETS, frontline_import, template_workbook
from liuhao.frontline.models import MemberAffair, News, VanguardPost, Venue


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    headers = {s.name: [c.header for c in s.columns] for s in SHEETS}
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(headers[name])
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_has_a_sheet_per_record_type():
    wb = load_workbook(io.BytesIO(template_workbook()))
    assert wb.sheetnames == ["说明", *[s.name for s in SHEETS]]
    assert [c.value for c in wb["动态通知"][1]] == [
        "组织代码",
        "类型",
        "标题",
        "发布日期",
        "网址",
        "正文",
    ]


def good(tree: Any, crew: Any) -> bytes:
    code = tree.branch.code
    return workbook(
        {
            "活动场所": [
                [code, "党员活动室", "三楼活动室", "", "是", "投影仪", "2025-03-01", None]
            ],
            "党员事务": [
                [code, "组织关系转接", crew.members[0].number, "2025-10-13", "2025-10-15", ""]
            ],
            "党员先锋岗": [
                [
                    code,
                    "党员先锋岗",
                    "实验室先锋岗",
                    "",
                    "2025-03-01",
                    None,
                    f"{crew.members[0].number}、{crew.members[1].number}",
                ]
            ],
            "动态通知": [[code, "工作动态", "支部召开组织生活会", "2025-10-15", "", ""]],
        }
    )


def test_dry_run_stores_nothing_and_commit_stores_all(tree, actors, crew):
    raw = good(tree, crew)
    report = frontline_import(actor=actors.committee_member, raw=raw, dry_run=True)
    assert not report.errors and report.total == 4 and not report.committed
    assert not Venue.objects.exists() and not News.objects.exists()
    report = frontline_import(actor=actors.committee_member, raw=raw, dry_run=False)
    assert report.committed and report.total == 4
    assert Venue.objects.count() == MemberAffair.objects.count() == News.objects.count() == 1
    assert VanguardPost.objects.get().members.count() == 2


def test_any_error_stores_nothing_and_names_sheet_row_column(tree, actors, crew):
    code = tree.branch.code
    raw = workbook(
        {
            "动态通知": [[code, "工作动态", "好的一条", "2025-10-15", "", ""]],
            "党员事务": [
                [code, "组织关系转接", crew.members[0].number, "2025-10-13", "2025-10-01", ""],
                [code, "补发党员证", "X999", "昨天", None, ""],
            ],
            "党员先锋岗": [
                [code, "党员先锋岗", "先锋岗", "", "2025-03-01", None, crew.outsider.number]
            ],
        }
    )
    report = frontline_import(actor=actors.committee_member, raw=raw, dry_run=False)
    texts = [e.text for e in report.errors]
    assert not report.committed
    assert "工作表“党员事务”第 2 行，E（办结日期）列：办结日期不能早于受理日期" in texts
    assert any(t.startswith("工作表“党员事务”第 3 行，B（事务类型）列") for t in texts)
    assert any(t.startswith("工作表“党员事务”第 3 行，C（办理对象工号）列") for t in texts)
    assert any(t.startswith("工作表“党员事务”第 3 行，D（受理日期）列") for t in texts)
    assert any("党员先锋岗" in t and "G（" in t and "张三" in t for t in texts)
    assert not News.objects.exists() and not MemberAffair.objects.exists()


def test_orgs_outside_scope_are_unknown(tree, actors, crew):
    raw = workbook(
        {"动态通知": [[tree.other_branch.code, "工作动态", "动态", "2025-10-15", "", ""]]}
    )
    report = frontline_import(actor=actors.committee_member, raw=raw, dry_run=False)
    assert "不存在或您无权登记该组织" in report.errors[0].text
    assert not News.objects.exists()


def test_import_pages(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    template = client.get(reverse("frontline:import-template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    upload = io.BytesIO(good(tree, crew))
    upload.name = "frontline.xlsx"
    response = client.post(reverse("frontline:import-start"), {"file": upload, "action": "commit"})
    assert response.status_code == 200 and "导入成功" in response.content.decode()
    assert News.objects.count() == 1
    bad = io.BytesIO(b"not a workbook")
    bad.name = "bad.xlsx"
    response = client.post(reverse("frontline:import-start"), {"file": bad, "action": "dry_run"})
    assert response.status_code == 400 and "无法读取" in response.content.decode()
