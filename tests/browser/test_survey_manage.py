"""Browser: on a 390 px phone a branch committee member creates a survey from a ready template,
edits a question, opens it and sees the one-time sheet with a QR code per person; one printed link,
followed in a new page, is answered; the survey is closed early and the results show the counts
(issue 6 items 1, 2, 6). No horizontal scrolling on any page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liuhao.surveys.models import Invitation, Question, Survey
from liuhao.surveys.services import survey_answer
from liuhao.surveys.tests.support import sheet, staff
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_open_answer_and_close_a_survey_on_a_phone(page, login, tree, actors):
    staff(tree.branch, members=5)  # and the conftest's party member: six invited
    login(actors.committee_member)
    page.goto(f"/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="满意度测评").first.click()
    page.get_by_role("link", name="新建测评").click()
    assert page.locator("h1").inner_text().startswith("新建测评")
    assert fits_the_phone(page)
    page.get_by_role("button", name="新建测评").click()  # the template's defaults
    page.wait_for_load_state("networkidle")
    survey = Survey.objects.get()
    assert "已新建测评草稿" in page.content() and survey.status == "draft"
    assert fits_the_phone(page)

    page.get_by_role("link", name="修改草稿").click()
    assert fits_the_phone(page)
    page.fill("#id_q-0-text", "您对支部服务师生的总体情况是否满意？")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state("networkidle")
    assert "您对支部服务师生的总体情况是否满意？" in page.locator("#draft-questions").inner_text()

    page.get_by_role("button", name="发布并生成测评码").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#survey-sheet .slip").count() == 6
    assert page.locator("#survey-sheet svg").count() == 6
    assert "只显示这一次" in page.locator("#sheet-toolbar").inner_text()
    assert fits_the_phone(page)
    links = re.findall(
        r"https?://[^\s<\"]+/s/[A-Za-z0-9_-]+/", page.locator("#survey-sheet").inner_text()
    )
    assert len(links) == 6 and Invitation.objects.filter(survey=survey).count() == 6
    with page.expect_download() as download:  # saved by the browser, no server copy
        page.get_by_role("link", name="下载（HTML 文件）").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved.count("<svg") == 6 and links[0] in saved

    answering = page.context.new_page()
    answering.goto(links[0])
    assert answering.locator("h1").inner_text() == survey.title
    likert = Question.objects.filter(survey=survey, kind="likert").order_by("order")
    assert likert[0].text in answering.content()
    for q in likert:
        answering.locator(f"#question-{q.order}").get_by_text("非常满意", exact=True).click()
    answering.get_by_role("button", name="提交答卷").click()
    answering.wait_for_load_state("networkidle")
    assert answering.locator("h1").inner_text() == "感谢参与"
    assert fits_the_phone(answering)
    answering.close()
    for link in links[1:5]:  # four more answer by their printed links
        survey_answer(token=link.rstrip("/").rsplit("/", 1)[1], answers=sheet(survey, 2))

    page.get_by_role("link", name="返回测评管理").click()
    assert "83.3%" in page.locator("#survey-progress").inner_text()  # 5 of 6
    pending = page.locator("#survey-pending").inner_text()
    assert "1 人" in pending
    assert fits_the_phone(page)
    page.get_by_role("link", name="提前结束测评").click()
    assert fits_the_phone(page)
    page.get_by_role("button", name="确认结束测评").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#survey-status").inner_text() == "已结束"
    progress = page.locator("#survey-progress").inner_text()
    assert "6" in progress and "5" in progress
    assert "答卷 5 份" in page.locator("#survey-overall").inner_text()
    assert fits_the_phone(page)
