"""Browser: on a 390 px phone without log-in, a member opens the printed survey link, the token
leaves the address bar, a missing answer is named, then the answers are submitted once and a reload
of the link says 已提交 (issue 6 items 4, 6, 7). No horizontal scrolling on any page."""

from __future__ import annotations

import pytest
import time_machine

from liuhao.surveys.models import Ballot, Invitation, Question, Response
from liuhao.surveys.tests.support import opened, staff
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_a_survey_on_a_phone(page, tree, actors):
    staff(tree.branch, members=2)
    survey, tokens = opened(actors.committee_member, tree.branch)
    token = next(iter(tokens.values()))
    with time_machine.travel("2025-11-10 10:00 +0800", tick=True):
        page.goto(f"/s/{token}/")
        assert token not in page.url and page.url.endswith(f"/s/answer/{survey.pk}/")
        assert page.locator("h1").inner_text() == survey.title
        assert fits_the_phone(page)
        likert = list(Question.objects.filter(survey=survey, kind="likert").order_by("order"))
        for q in likert[1:]:
            page.locator(f"#question-{q.order}").get_by_text("满意", exact=True).click()
        page.get_by_role("button", name="提交答卷").click()
        page.wait_for_load_state("networkidle")
        assert f"请回答第1题“{likert[0].text}”" in page.locator("#survey-errors").inner_text()
        assert not Ballot.objects.exists()
        assert fits_the_phone(page)
        page.locator("#question-1").get_by_text("非常满意", exact=True).click()
        page.locator("textarea").first.fill("希望多开展志愿服务")
        page.get_by_role("button", name="提交答卷").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "感谢参与"
        assert "志愿服务" not in page.content()
        assert fits_the_phone(page)
        page.goto(f"/s/{token}/")
        assert "已提交" in page.locator("#survey-message").inner_text()
    assert Invitation.objects.filter(used=True).count() == 1
    assert Ballot.objects.count() + Response.objects.count() == 1
