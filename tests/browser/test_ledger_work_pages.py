"""Browser: on a phone-sized page a committee member records member service for two members in one
submit (C06.3), a task and its completion (C07.1, with the overdue list), a party-affairs disclosure
(C07.2), and a college secretary opens the structure compliance report (C13)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.ledger.models import Disclosure, ServiceRecord, Task
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_service_for_two_members_in_one_submit(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/ledger/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="登记党员服务").click()
    assert fits_the_phone(page)
    page.get_by_label(f"{crew.members[0].name}（{crew.members[0].number}）").check()
    page.get_by_label(f"{crew.members[1].name}（{crew.members[1].number}）").check()
    page.select_option("select[name=kind]", label="志愿服务")
    page.fill("input[name=hours]", "2")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert ServiceRecord.objects.count() == 2
    services = page.locator("#ledger-services").inner_text()
    assert crew.members[0].name in services and crew.members[1].name in services
    assert fits_the_phone(page)


def test_task_overdue_then_completed_and_a_disclosure(page, login, tree, actors, crew):  # noqa: F811
    today = timezone.localdate()
    login(actors.committee_member)
    page.goto(f"/ledger/orgs/{tree.branch.pk}/tasks/new/")
    assert fits_the_phone(page)
    page.fill("input[name=title]", "整理组织生活会材料")
    page.select_option("select[name=owner]", value=str(crew.secretary.pk))
    page.fill("textarea[name=steps]", "收集材料\n整理归档")
    page.fill("input[name=assigned_on]", (today - dt.timedelta(days=20)).isoformat())
    page.fill("input[name=due_on]", (today - dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    task = Task.objects.get()
    page.get_by_role("link", name="逾期任务").first.click()
    assert "整理组织生活会材料" in page.locator("#overdue-tasks").inner_text()
    page.get_by_role("link", name="整理组织生活会材料").click()
    page.get_by_role("link", name="修改 / 登记完成").click()
    page.fill("input[name=completed_on]", (today - dt.timedelta(days=4)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "按期完成" in page.locator("h1").inner_text()
    task.refresh_from_db()
    assert task.on_time

    page.goto(f"/ledger/orgs/{tree.branch.pk}/disclosures/new/")
    page.fill("input[name=title]", "党费收缴情况公示")
    page.select_option("select[name=scope]", label="党内公开")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert Disclosure.objects.get().scope == "internal"
    assert "党费收缴情况公示" in page.locator("#ledger-disclosures").inner_text()


def test_structure_report_of_a_college(page, login, tree, actors, crew):  # noqa: F811
    login(actors.org_secretary)
    page.goto(f"/ledger/orgs/{tree.college.pk}/")
    page.get_by_role("link", name="组织设置情况").click()
    assert page.locator("h1").inner_text() == "基层党组织设置情况"
    branches = page.locator("#structure-branches").inner_text()
    assert tree.branch.name in branches and "未配备书记" in branches
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert fits_the_phone(page)
