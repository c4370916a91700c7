"""Browser: on a phone-sized page a committee member deletes a service record, a task and a
disclosure through their confirmation pages; corrects a contact pair, a visit (a future date is
refused naming the field) and a decision (more present than entitled is refused), and deletes a
visit, a plan and a decision entered by mistake. Every delete is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import (
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from liuhao.ledger.tests.factories import (
    ActivityFactory,
    ContactPairFactory,
    ContactVisitFactory,
    DecisionFactory,
    DisclosureFactory,
    PlanDocumentFactory,
    ServiceRecordFactory,
    TaskFactory,
)
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirm_delete(page) -> None:
    page.get_by_role("link", name="删除").click()
    page.wait_for_load_state("networkidle")
    assert "确定要删除" in page.locator("#delete-confirm").inner_text()
    assert fits_the_phone(page)
    page.get_by_role("button", name="确认删除").click()
    page.wait_for_load_state("networkidle")


def test_delete_a_service_record_a_task_and_a_disclosure(page, login, tree, actors, crew):  # noqa: F811
    record = ServiceRecordFactory(org=tree.branch, person=crew.members[0])
    task = TaskFactory(org=tree.branch, owner=crew.secretary, title="整理材料")
    disclosure = DisclosureFactory(org=tree.branch, title="党费收缴公示")
    login(actors.committee_member)

    page.goto(f"/ledger/service-records/{record.pk}/")
    confirm_delete(page)
    assert "已删除服务记录" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text() == "工作台账"

    page.goto(f"/ledger/tasks/{task.pk}/")
    page.get_by_role("link", name="删除").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="取消").click()  # changed their mind: nothing deleted
    page.wait_for_load_state("networkidle")
    assert Task.objects.filter(pk=task.pk).exists()
    confirm_delete(page)
    assert "已删除任务“整理材料”" in page.locator(".messages").inner_text()

    page.goto(f"/ledger/disclosures/{disclosure.pk}/")
    confirm_delete(page)
    assert not ServiceRecord.objects.exists() and not Task.objects.exists()
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(verb="delete", actor=actors.committee_member).count() == 3


def test_correct_a_pair_and_a_visit_then_delete_the_visit_and_a_plan(
    page,
    login,
    tree,
    actors,
    crew,  # noqa: F811
):
    today = timezone.localdate()
    pair = ContactPairFactory(
        org=tree.branch, leader=crew.secretary, target=crew.members[0], started_on=today
    )
    visit = ContactVisitFactory(org=tree.branch, leader=crew.secretary, visited_on=today)
    plan = PlanDocumentFactory(org=tree.branch, title="总体规划（误录）")
    login(actors.committee_member)

    page.goto(f"/ledger/orgs/{tree.branch.pk}/")
    page.locator("#ledger-pairs").get_by_role("link", name="修改").click()
    page.wait_for_load_state("networkidle")
    assert fits_the_phone(page)
    page.fill("input[name=target]", crew.members[1].number)
    page.fill("input[name=note]", "每月联系一次")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    pair.refresh_from_db()
    assert pair.target == crew.members[1] and pair.note == "每月联系一次"

    page.locator("#ledger-visits").get_by_role("link", name="修改").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=visited_on]", (today + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "走访日期" in page.locator(".form-errors").inner_text()
    visit.refresh_from_db()
    assert visit.visited_on == today
    confirm_delete(page)
    assert not ContactVisit.objects.exists()

    page.goto(f"/ledger/plans/{plan.pk}/edit/")
    confirm_delete(page)
    assert not PlanDocument.objects.exists()
    assert ContactPair.objects.exists()
    assert set(AuditEvent.objects.values_list("verb", flat=True)) == {"update", "delete"}


def test_correct_then_delete_a_decision(page, login, tree, actors, crew):  # noqa: F811
    meeting = ActivityFactory(
        org=tree.branch,
        kind="committee_meeting",
        is_decision_meeting=True,
        held_on=timezone.localdate() - dt.timedelta(days=1),
        topic="支委会",
    )
    decision = DecisionFactory(activity=meeting, members_entitled=3, members_present=3)
    login(actors.committee_member)
    page.goto(f"/ledger/activities/{meeting.pk}/")
    page.locator("#decisions").get_by_role("link", name="修改").click()
    page.wait_for_load_state("networkidle")
    assert fits_the_phone(page)
    page.fill("input[name=members_present]", "4")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "实到人数不能多于应到人数" in page.locator(".form-errors").inner_text()
    page.fill("input[name=members_present]", "1")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "未过半数" in page.locator("#decisions").inner_text()
    decision.refresh_from_db()
    assert decision.members_present == 1

    page.locator("#decisions").get_by_role("link", name="修改").click()
    page.wait_for_load_state("networkidle")
    confirm_delete(page)
    assert "尚未登记决议" in page.locator("#decisions").inner_text()
    assert not Decision.objects.exists()
