"""Browser: on a phone-sized page a committee member records a venue, a news item and a member-affairs
service on the 服务阵地 page; a college secretary logs a representative's reception; a refused form
names the field; the public service window shows items and news (issue 4, item 2, 8, 9)."""

from __future__ import annotations

import time

import pytest

from liuhao.core.models import AuditEvent
from liuhao.frontline.models import MemberAffair, News, Reception, Venue
from liuhao.frontline.tests.conftest import rep  # noqa: F401 - the fixture
from liuhao.frontline.tests.factories import ServiceItemFactory
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_venue_news_and_affair_on_a_phone(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/frontline/orgs/{tree.branch.pk}/")
    assert fits_the_phone(page)
    started = time.monotonic()
    page.get_by_role("link", name="登记场所").click()
    assert fits_the_phone(page)
    page.select_option("select[name=kind]", label="党员活动室")
    page.fill("input[name=name]", "三楼党员活动室")
    page.fill("input[name=equipment]", "投影仪、会议桌椅")
    page.fill("input[name=opened_on]", "2025-03-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert time.monotonic() - started < 60
    assert "三楼党员活动室" in page.locator("#frontline-venue").inner_text()
    assert Venue.objects.get().is_fixed

    page.get_by_role("link", name="发布动态通知").click()
    page.select_option("select[name=kind]", label="工作动态")
    page.fill("input[name=title]", "支部召开专题组织生活会")
    page.fill("input[name=published_on]", "2025-10-15")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "支部召开专题组织生活会" in page.locator("#frontline-news").inner_text()

    page.get_by_role("link", name="登记党员事务").click()
    page.select_option("select[name=kind]", label="组织关系转接")
    page.select_option("select[name=person]", value=str(crew.members[0].pk))
    page.fill("input[name=received_on]", "2025-10-15")
    page.fill("input[name=completed_on]", "2025-10-10")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "办结日期不能早于受理日期" in page.content()
    assert not MemberAffair.objects.exists()
    page.fill("input[name=completed_on]", "2025-10-17")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "2 个工作日" in page.locator("#frontline-memberaffair").inner_text()
    assert fits_the_phone(page)
    assert News.objects.count() == MemberAffair.objects.count() == 1
    assert AuditEvent.objects.filter(target_type="frontline.memberaffair").exists()


def test_college_logs_a_reception_and_the_public_window(page, login, tree, actors, crew, rep):  # noqa: F811
    ServiceItemFactory(org=tree.college, name="党员身份证明", responsible=crew.secretary)
    login(actors.org_secretary)
    page.goto(f"/frontline/orgs/{tree.college.pk}/")
    page.get_by_role("link", name="登记驻室接待").click()
    page.select_option("select[name=representative]", value=str(rep.pk))
    page.fill("input[name=held_on]", "2025-10-15")
    page.fill("input[name=visitor_count]", "5")
    page.fill("textarea[name=issues]", "反映实验室用房紧张")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "陈代表" in page.locator("#frontline-reception").inner_text()
    assert Reception.objects.get().visitor_count == 5

    page.get_by_role("link", name="公开服务窗口").click()
    assert "党员身份证明" in page.locator("#public-items").inner_text()
    assert fits_the_phone(page)
