"""Browser: on a 390 px phone without log-in, a student submits a request to a branch (university,
then org, category, anonymous, a photo), keeps the tracking link and opens it to see the status; after
the branch resolves it, the requester confirms and rates it once (issue 5 items 1, 4; C07.3, C12,
C18). No horizontal scrolling on any page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache

from liuhao.desk.choices import RequestStatus
from liuhao.desk.models import RequestFile, ServiceRequest
from liuhao.desk.tests.public_support import PNG, resolve, submitted
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


def test_submit_on_a_phone_without_log_in_then_track(page, tree, tmp_path):
    photo = Path(tmp_path) / "宿舍.png"
    photo.write_bytes(PNG)
    page.goto("/r/new/")
    assert fits_the_phone(page)
    page.select_option("select[name=university]", label=tree.university.name)  # reloads (JS)
    page.wait_for_selector("select[name=org]")
    assert fits_the_phone(page)
    page.select_option("select[name=org]", label=tree.branch.name)
    page.get_by_text("学习生活", exact=True).click()
    page.fill("input[name=title]", "宿舍网络经常断线")
    page.fill("textarea[name=body]", "三号楼晚上十点后网络经常断线，影响学习。")
    page.get_by_text("匿名提交", exact=True).click()
    assert page.locator("#named-fields").is_hidden()
    page.set_input_files("input[name=files]", str(photo))
    page.get_by_role("button", name="提交诉求").click()
    page.wait_for_load_state("networkidle")
    request = ServiceRequest.objects.get()
    assert request.anonymous and request.requester_name == ""
    assert RequestFile.objects.filter(request=request).count() == 1
    assert page.locator("#reference").inner_text() == request.reference
    link = page.locator("#tracking-link").input_value()
    assert re.search(r"/r/t/[A-Za-z0-9_-]{32}/$", link)
    assert page.get_by_role("button", name="复制链接").is_visible()
    assert fits_the_phone(page)
    page.get_by_role("link", name="查看办理进度").click()
    page.wait_for_load_state("networkidle")
    assert page.url == link
    assert page.locator("#request-status").inner_text() == "待受理"
    assert "宿舍.png" in page.locator("#request-files").inner_text()
    assert fits_the_phone(page)


def test_a_refused_form_names_the_field_on_the_phone(page, tree):
    page.goto(f"/r/new/?org={tree.branch.pk}")
    page.get_by_text("意见建议", exact=True).click()
    page.fill("textarea[name=body]", "建议延长图书馆开放时间。")
    page.get_by_role("button", name="提交诉求").click()
    page.wait_for_load_state("networkidle")
    assert "标题：请填写标题" in page.locator(".form-errors").inner_text()
    assert "姓名：实名提交请填写姓名" in page.locator(".form-errors").inner_text()
    assert not ServiceRequest.objects.exists()
    assert fits_the_phone(page)


def test_confirm_and_rate_after_close(page, tree, actors):
    sr = submitted(tree.branch)
    resolve(actors.committee_member, sr.request)
    page.goto(f"/r/t/{sr.token}/")
    assert page.locator("#request-status").inner_text() == "已办结"
    assert "已联系网络中心更换交换机" in page.locator("#request-history").inner_text()
    assert fits_the_phone(page)
    page.get_by_role("button", name="确认已解决").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#request-status").inner_text() == "已关闭"
    page.locator("#request-rate").get_by_text("5 分", exact=True).click()
    page.fill("textarea[name=comment]", "处理及时，谢谢")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    assert "感谢您的评价" in page.content()
    assert "5 分" in page.locator("#request-rating").inner_text()
    assert page.locator("#request-rate").count() == 0
    assert fits_the_phone(page)
    sr.request.refresh_from_db()
    assert sr.request.status == RequestStatus.CLOSED and sr.request.rating == 5
