"""Browser: on a phone-sized page a branch committee member opens 我的待办 from the nav, accepts a
request, asks the requester a question, replies, resolves it; a college secretary opens the overdue
board (临期 / 已超期 / 已上报 badges), filters the org queue and exports it; a handler records a
request raised at a reception from the reception's page (issue 5 items 2, 3, 7; C07.3, C18.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liuhao.desk.choices import Channel, EventKind, RequestStatus
from liuhao.desk.models import ServiceRequest
from liuhao.desk.tests.handling.conftest import file_request
from liuhao.frontline.tests.factories import ReceptionFactory
from liuhao.orgs.tests.factories import PersonFactory
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_handler_accepts_replies_and_resolves_on_a_phone(page, login, tree, actors):
    request = file_request(tree.branch, title="宿舍网络经常断线")
    login(actors.committee_member)
    page.get_by_role("navigation").get_by_role("link", name="诉求").click()
    assert page.locator("h1").inner_text() == "我的待办"
    assert "宿舍网络经常断线" in page.locator("#desk-todo").inner_text()
    assert fits_the_phone(page)
    page.get_by_role("link", name="宿舍网络经常断线").click()
    assert "王同学" in page.locator("#desk-request").inner_text()
    assert fits_the_phone(page)

    page.get_by_role("button", name="受理").click()
    page.wait_for_load_state("networkidle")
    assert "已受理" in page.locator("#desk-badges").inner_text()

    page.locator("#desk-actions summary", has_text="等待诉求人补充").click()
    page.get_by_role("button", name="确认等待诉求人补充").click()  # no question: refused
    page.wait_for_load_state("networkidle")
    assert "请填写需要诉求人补充的内容" in page.locator(".form-errors").inner_text()
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED

    page.fill("#desk-reply textarea[name=text]", "已联系网络中心，正在排查")
    page.locator("#desk-reply").get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    page.fill("#desk-reply textarea[name=text]", "需协调后勤处")
    page.locator("#desk-reply input[name=internal]").check()
    page.locator("#desk-reply").get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    history = page.locator("#desk-history").inner_text()
    assert "已联系网络中心" in history and "内部" in history

    page.locator("#desk-actions summary", has_text="办结").click()
    page.fill("#desk-text-resolve", "已更换三号楼交换机")
    page.get_by_role("button", name="确认办结").click()
    page.wait_for_load_state("networkidle")
    assert "已办结" in page.locator("#desk-badges").inner_text()
    assert "按时办结" in page.locator("#desk-request").inner_text()
    assert fits_the_phone(page)
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.REPLY) == 1 and kinds.count(EventKind.NOTE) == 1


def test_overdue_board_and_the_org_queue(page, login, tree, actors):
    today = timezone.localdate()
    late = file_request(tree.branch, title="实验室空调坏了", due=today - dt.timedelta(days=7))
    ServiceRequest.objects.filter(pk=late.pk).update(
        escalated_to=tree.college, escalated_at=timezone.now()
    )
    file_request(tree.branch, title="奖学金评定有疑问", priority="urgent", due=today)
    file_request(tree.college, title="食堂价格偏高", category="campus_service")
    login(actors.org_secretary)
    page.goto("/desk/")
    page.get_by_role("link", name="超期看板").click()
    board = page.locator("#desk-overdue").inner_text()
    assert "实验室空调坏了" in board and "已超期" in board and "已上报至计算机学院党委" in board
    assert "奖学金评定有疑问" in board and "临期" in board and "食堂价格偏高" not in board
    assert fits_the_phone(page)

    page.goto(f"/desk/orgs/{tree.college.pk}/")
    page.locator("#desk-filters summary").click()
    page.select_option("select[name=category]", label="后勤保障")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    queue = page.locator("#desk-queue").inner_text()
    assert "食堂价格偏高" in queue and "实验室空调坏了" not in queue
    assert fits_the_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_record_a_request_from_a_reception(page, login, tree, actors):
    reception = ReceptionFactory(
        org=tree.branch,
        representative=PersonFactory(unit=tree.college, name="代表甲"),
        held_on=timezone.localdate(),
    )
    login(actors.committee_member)
    page.goto(f"/frontline/reception/{reception.pk}/")
    page.get_by_role("link", name="登记诉求").click()
    assert fits_the_phone(page)
    page.select_option("select[name=category]", label="教学科研")
    page.fill("input[name=title]", "接待中反映：实验课时安排")
    page.fill("textarea[name=body]", "多名学生反映实验课时安排过于集中。")
    page.check("input[name=anonymous]")
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")
    request = ServiceRequest.objects.get()
    assert request.channel == Channel.RECEPTION and request.reception == reception
    assert request.anonymous and page.locator("h1").inner_text() == "接待中反映：实验课时安排"
