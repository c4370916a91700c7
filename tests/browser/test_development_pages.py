"""Browser: a committee member opens the development funnel from the org page on a phone-sized
page, opens a case for an applicant, advances it to 积极分子 (only that step's fields), and sees the
stage on the funnel; a refused vote is shown on its field (Criterion C06.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.development.models import DevelopmentCase
from liuhao.development.services import case_create
from liuhao.development.tests.conftest import dev, full_case, until  # noqa: F401 - the fixture
from liuhao.orgs.models import Membership
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_a_case_and_advance_it(page, login, tree, actors, dev):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="发展党员", exact=True).click()
    assert fits_the_phone(page)
    page.get_by_role("link", name="登记发展党员档案").click()
    page.fill("input[name=person]", "A0001")
    page.fill("input[name=applied_on]", "2023-03-01")
    page.fill("input[name=talk_on]", "2023-03-10")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "申请人 · 入党申请人" in page.locator("h1").inner_text()
    assert fits_the_phone(page)

    page.get_by_role("link", name="确定为入党积极分子").click()
    assert page.locator("input[name=vote_entitled]").count() == 0
    page.fill("input[name=activist_on]", "2023-09-01")
    page.fill("input[name=contact_1]", dev.members[0].number)
    page.fill("input[name=contact_2]", dev.members[1].number)
    page.get_by_role("button", name="确定为入党积极分子").click()
    page.wait_for_load_state("networkidle")
    assert "入党积极分子" in page.locator("h1").inner_text()
    assert "已登记的步骤均符合" in page.locator("#case-violations").inner_text()
    assert Membership.objects.get(person=dev.applicant).stage == "activist"

    page.get_by_role("link", name=tree.branch.name).last.click()
    assert page.locator('[data-stage="activist"]').inner_text() == "1"
    assert fits_the_phone(page)


def test_refused_vote_names_the_field(page, login, tree, actors, dev):  # noqa: F811
    case = case_create(
        actor=actors.university_admin, org=tree.branch, data=until(full_case(dev), "introducer_2")
    )
    login(actors.committee_member)
    page.goto(f"/development/cases/{case.pk}/advance/")
    page.fill("input[name=admitted_on]", "2024-11-01")
    page.fill("input[name=vote_entitled]", "10")
    page.fill("input[name=vote_present]", "9")
    page.fill("input[name=vote_yes]", "12")
    page.get_by_role("button", name="接收为预备党员").click()
    page.wait_for_load_state("networkidle")
    errors = page.locator(".field-error").inner_text()
    assert "接收表决赞成票数" in errors
    assert DevelopmentCase.objects.get().admitted_on is None
    assert dt.date(2024, 11, 1) != DevelopmentCase.objects.get().admitted_on
