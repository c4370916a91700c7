"""Browser: on a phone, without logging in, a visitor opens the province index of the public
portal, searches and opens a university, then a branch's public page and sees its service items,
news and request statistics; no page scrolls sideways (issue 5, item 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.desk.choices import RequestStatus
from liuhao.frontline.tests.factories import NewsFactory, ServiceItemFactory, VanguardPostFactory
from liuhao.ledger.tests.factories import DisclosureFactory
from liuhao.orgs.tests.factories import PersonFactory
from liuhao.portal.tests.conftest import make_request
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_opens_a_branch_page_from_the_province_index_on_a_phone(page, tree):
    today = dt.date.today()
    person = PersonFactory(unit=tree.branch, name="李责任")
    ServiceItemFactory(
        org=tree.branch,
        name="党员组织关系转接",
        process="提交介绍信→支部审核→办结（流程说明较长时在手机上自动换行，不出现横向滚动）",
        responsible=person,
        time_limit_days=5,
        published_on=today - dt.timedelta(days=30),
    )
    NewsFactory(org=tree.branch, title="支部召开主题党日活动", published_on=today)
    DisclosureFactory(org=tree.branch, title="支部委员会换届选举结果", published_on=today)
    VanguardPostFactory(org=tree.branch, name="实验室安全先锋岗", people=[person], set_up_on=today)
    for rating in (5, 4, 5, 4, 5):
        make_request(tree.branch, today, RequestStatus.CLOSED, rating=rating)

    page.goto("/p/")
    assert fits_the_phone(page)
    page.fill("input[name=q]", "南京示范")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state("networkidle")
    assert tree.other_university.name not in page.locator("#portal-universities").inner_text()
    page.get_by_role("link", name=tree.university.name).click()
    page.wait_for_load_state("networkidle")
    assert fits_the_phone(page)
    orgs = page.locator("#portal-orgs").inner_text()
    assert tree.branch.name in orgs and tree.other_college.name not in orgs

    page.get_by_role("link", name=tree.branch.name).click()
    page.wait_for_load_state("networkidle")
    assert fits_the_phone(page)
    assert "党员组织关系转接" in page.locator("#public-items").inner_text()
    assert "李责任" in page.locator("#public-items").inner_text()
    assert "支部召开主题党日活动" in page.locator("#public-news").inner_text()
    assert "支部委员会换届选举结果" in page.locator("#public-disclosures").inner_text()
    assert "实验室安全先锋岗" in page.locator("#public-posts").inner_text()
    stats = page.locator("#public-stats").inner_text()
    assert "4.6" in stats and "5 条评价" in stats
    request_link = page.get_by_role("link", name="向本组织提出诉求")
    assert request_link.get_attribute("href") == f"/r/new/?org={tree.branch.pk}"
