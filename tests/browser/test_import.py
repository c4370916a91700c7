"""Browser: a university admin imports a roster from .xlsx — dry run, 确认导入, success; and an
upload with errors shows the error table. Phone-sized screen (issue 2, items 8 and 12)."""

from __future__ import annotations

import pytest

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Membership, Person
from liuhao.orgs.tests.imports.conftest import MEMBERSHIP_HEADER, PERSON_HEADER, make_xlsx
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def choose_file(page, name: str, data: bytes) -> None:
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )


def test_import_roster_dry_run_then_commit(page, login, tree, actors):
    data = make_xlsx(
        {
            "人员": [
                PERSON_HEADER,
                ["S2025001", "陈思远", "学生", "男", "2006-03-15", "U001-C01-B02"],
                ["S2025002", "林雨轩", "学生", "女", "2006/07/01", "U001-C01-B02"],
            ],
            "党员身份": [
                MEMBERSHIP_HEADER,
                ["S2025001", "陈思远", "U001-C01-B02", "入党积极分子", "2024-10-01", "2025-04-01"],
            ],
        }
    )
    login(actors.university_admin)
    page.goto("/orgs/import/")
    assert "数据导入" in page.locator("h1").inner_text()
    choose_file(page, "花名册.xlsx", data)
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state("networkidle")

    summary = page.locator("#import-summary")
    assert "检查通过" in summary.inner_text()
    assert "人员" in summary.inner_text() and "党员身份" in summary.inner_text()
    assert fits_the_phone(page)
    assert not Person.objects.filter(number="S2025001").exists()

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    message = page.locator(".messages").inner_text()
    assert "导入成功" in message and "人员：新增 2" in message and "党员身份：新增 1" in message
    person = Person.objects.get(university=tree.university, number="S2025001")
    assert person.unit_id == tree.other_branch.pk
    assert Membership.objects.get(person=person).stage == "activist"
    assert AuditEvent.objects.filter(verb="import", actor=actors.university_admin).count() == 1


def test_upload_with_errors_shows_the_error_table(page, login, tree, actors):
    data = make_xlsx(
        {"人员": [PERSON_HEADER, ["S2025003", "黄子涵", "学生", "男", "2006年3月15日", "U009"]]}
    )
    login(actors.university_admin)
    page.goto("/orgs/import/")
    choose_file(page, "有错误的花名册.xlsx", data)
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state("networkidle")

    errors = page.locator("#import-errors")
    assert "发现 2 个问题" in errors.inner_text()
    headers = errors.locator("thead th").all_inner_texts()
    assert headers == ["工作表", "行", "列", "问题"]
    rows = errors.locator("tbody tr").all_inner_texts()
    assert any("E（出生日期）" in r and "日期格式不正确" in r for r in rows)
    assert any("F（所在单位代码）" in r and "U009" in r for r in rows)
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert not Person.objects.filter(number="S2025003").exists()
