"""Browser: a committee member records an activity on a phone-sized page with "全部出席" in well
under a minute of user steps and sees it on the ledger page; a ledger import dry run + commit
(DESIGN §8: fast entry; issue 3, item 10)."""

from __future__ import annotations

import time

import pytest

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Activity, Attendance
from liuhao.ledger.selectors import activity_roster
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from liuhao.ledger.tests.imports.conftest import ACTIVITY_HEADER, ATTENDANCE_HEADER
from liuhao.orgs.tests.imports.conftest import make_xlsx
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_record_an_activity_with_all_present_in_under_a_minute(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/orgs/{tree.branch.pk}/")
    started = time.monotonic()
    page.get_by_role("link", name="台账", exact=True).click()
    page.get_by_role("link", name="登记活动").click()
    assert fits_the_phone(page)
    page.select_option("select[name=kind]", label="主题党日")
    page.fill("input[name=topic]", "主题党日：重温入党誓词")
    page.get_by_role("button", name="全部出席并保存").click()
    page.wait_for_load_state("networkidle")
    elapsed = time.monotonic() - started
    assert elapsed < 60, elapsed

    activity = Activity.objects.get()
    assert page.locator("h1").inner_text().startswith("主题党日：重温入党誓词")
    roster = activity_roster(activity)
    assert len(roster) >= 7
    assert Attendance.objects.filter(activity=activity, status="present").count() == len(roster)
    assert f"出席 {len(roster)}" in page.locator("#attendance").inner_text()
    assert fits_the_phone(page)
    assert AuditEvent.objects.filter(target_id=activity.pk, verb="create").exists()

    page.get_by_role("link", name="返回台账").click()
    activities = page.locator("#ledger-activities").inner_text()
    assert (
        "主题党日：重温入党誓词" in activities and f"出席 {len(roster)}/{len(roster)}" in activities
    )
    assert fits_the_phone(page)


def test_mark_one_excused_then_all_present(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/ledger/orgs/{tree.branch.pk}/activities/new/")
    page.select_option("select[name=kind]", label="组织生活会")
    page.fill("input[name=topic]", "组织生活会")
    page.get_by_text("逐人登记（请假/缺席）").click()
    page.select_option(f"select[name=att_{crew.members[0].pk}]", label="请假")
    page.get_by_role("button", name="全部出席并保存").click()
    page.wait_for_load_state("networkidle")
    assert Attendance.objects.get(person=crew.members[0]).status == "excused"
    assert "请假 1" in page.locator("#attendance").inner_text()


def test_refused_form_names_the_field(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/ledger/orgs/{tree.branch.pk}/activities/new/")
    page.select_option("select[name=kind]", label="党课")
    page.get_by_role("button", name="全部出席并保存").click()
    page.wait_for_load_state("networkidle")
    assert "主题" in page.locator(".form-errors").inner_text()
    assert not Activity.objects.exists()


def test_ledger_import_dry_run_then_commit(page, login, tree, actors, crew):  # noqa: F811
    data = make_xlsx(
        {
            "活动": [ACTIVITY_HEADER, ["U001-C01-B01", "2025-10-15", "党课", "导入的党课", "", ""]],
            "出勤": [
                ATTENDANCE_HEADER,
                ["U001-C01-B01", "2025-10-15", "党课", "导入的党课", crew.members[0].number, "", "出席"],
            ],
        }
    )  # fmt: skip
    login(actors.committee_member)
    page.goto("/ledger/import/")
    assert "台账导入" in page.locator("h1").inner_text()
    page.set_input_files(
        "input[type=file]", files=[{"name": "台账.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state("networkidle")
    summary = page.locator("#import-summary").inner_text()
    assert "检查通过" in summary and "活动" in summary and "出勤" in summary
    assert fits_the_phone(page)
    assert not Activity.objects.exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    message = page.locator(".messages").inner_text()
    assert "台账导入成功" in message and "活动：新增 1" in message and "出勤：新增 1" in message
    assert Activity.objects.get().topic == "导入的党课"
    assert Attendance.objects.get().person == crew.members[0]
