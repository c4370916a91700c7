"""Browser: the calendar page (term start, working-day override) and the home page of every role."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from liuhao.orgs.models import AcademicCalendar, WorkdayOverride
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_change_term_start_and_add_workday_override(page, login, tree, actors):
    login(actors.university_admin)
    page.get_by_role("navigation").get_by_role("link", name="日历").click()
    page.wait_for_url("**/orgs/calendar/")
    assert page.locator("h1").inner_text() == "校历与工作日"
    periods = page.locator("#periods")
    assert "-09-01" in periods.inner_text()  # the default: term 1 starts on 1 September

    terms = page.locator("#terms")
    day = terms.get_by_role("spinbutton", name="第一学期开始日", exact=True)
    assert day.input_value() == "1"
    day.fill("8")
    assert fits_the_phone(page)
    terms.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "已保存学期开始日期" in page.get_by_role("status").inner_text()
    assert "-09-08" in periods.inner_text() and "-09-01" not in periods.inner_text()
    calendar = AcademicCalendar.objects.get(university=tree.university)
    assert (calendar.term1_start_month, calendar.term1_start_day) == (9, 8)

    year = timezone.localdate().year + 1
    workdays = page.locator("#workdays")
    workdays.get_by_label(re.compile(r"^日期\*?$")).fill(f"{year}-10-10")
    workdays.get_by_label("类型").select_option(label="工作日（调休上班）")
    workdays.get_by_label("说明").fill("国庆节调休上班")
    workdays.get_by_role("button", name="添加").click()
    page.wait_for_load_state("networkidle")
    assert "已添加工作日调整" in page.get_by_role("status").inner_text()
    row = page.locator("#workdays tbody tr", has_text=f"{year}-10-10").inner_text()
    assert "调休上班" in row and "国庆节调休上班" in row
    override = WorkdayOverride.objects.get()
    assert str(override.date) == f"{year}-10-10" and override.is_workday
    assert fits_the_phone(page)


OUT_OF_EVERY_SCOPE = "江苏理工大学党委"  # the other university: only the province sees it

# role → (texts its home must show, texts it must not show, nav links it gets)
HOMES = {
    "province_admin": (
        ["全省高校", "省级管理员", "南京示范大学党委", "江苏理工大学党委", "新建高校党委"],
        ["我的党员信息", "评审范围"],
        {"导入", "日历"},
    ),
    "university_admin": (
        ["南京示范大学党委", "高校管理员", "下设组织", "计算机学院党委", "外国语学院党委"],
        ["全省高校", "我的党员信息", "评审范围", OUT_OF_EVERY_SCOPE],
        {"导入", "日历"},
    ),
    "org_secretary": (
        ["计算机学院党委", "组织书记", "需要关注的党支部", "计算机系教工第一党支部"],
        ["全省高校", "南京示范大学党委", "外国语学院党委", OUT_OF_EVERY_SCOPE],
        set(),
    ),
    "committee_member": (
        ["计算机系教工第一党支部", "组织委员"],
        ["全省高校", "计算机学院党委", "计算机学院研究生第一党支部", OUT_OF_EVERY_SCOPE],
        set(),
    ),
    "party_member": (
        ["我的党员信息", "党员甲", "计算机系教工第一党支部", "正式党员"],
        ["全省高校", "计算机学院党委", "领导班子", "评审范围", OUT_OF_EVERY_SCOPE],
        set(),
    ),
    "reviewer": (
        ["评审范围", "评审专家", "计算机学院党委"],
        ["全省高校", "外国语学院党委", "我的党员信息", OUT_OF_EVERY_SCOPE],
        set(),
    ),
}


@pytest.mark.parametrize("role", list(HOMES))
def test_home_page_of_each_role(page, login, tree, actors, role):
    shown, hidden, nav_extra = HOMES[role]
    login(getattr(actors, role))
    assert page.url.endswith("/")
    assert page.locator("h1").inner_text().startswith("您好")
    main = page.locator("main").inner_text()
    for text in shown:
        assert text in main, f"{role}: 首页应显示“{text}”"
    for text in hidden:
        assert text not in main, f"{role}: 首页不应显示“{text}”"
    nav = page.get_by_role("navigation", name="主导航")
    for link in ("导入", "日历"):
        assert nav.get_by_role("link", name=link).count() == (1 if link in nav_extra else 0)
    assert "尚未分配角色" not in main
    assert fits_the_phone(page)


def test_secretary_records_an_activity_from_home(page, login, tree, actors):
    """The daily action is one tap from the home page (减负: DESIGN §8)."""
    login(actors.org_secretary)
    page.get_by_role("link", name="记录活动").first.click()
    page.wait_for_load_state()
    assert "/ledger/orgs/" in page.url and page.url.endswith("/activities/new/")
    assert "计算机学院党委" in page.locator("main").inner_text()
    page.go_back()
    page.get_by_role("link", name="工作台账").first.click()
    page.wait_for_load_state()
    assert "台账" in page.locator("h1").inner_text()
