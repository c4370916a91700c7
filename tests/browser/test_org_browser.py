"""Browser: the org tree (expand nodes over HTMX), live search by initials, the org page."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff_the_branch(tree):
    secretary = PersonFactory(unit=tree.branch, name="王建国")
    PositionFactory(
        person=secretary, org=tree.branch, kind="secretary", started_on=dt.date(2023, 9, 1)
    )
    deputy = PersonFactory(unit=tree.branch, name="陈晓燕")
    PositionFactory(
        person=deputy,
        org=tree.branch,
        kind="committee_member",
        duty="organization",
        started_on=dt.date(2023, 9, 1),
    )
    for person in (secretary, deputy, PersonFactory(unit=tree.branch, name="刘洋")):
        MembershipFactory(person=person, org=tree.branch)


def test_expand_tree_search_by_initials_and_open_org_page(page, login, tree, actors, tmp_path):
    _staff_the_branch(tree)
    login(actors.university_admin)
    page.get_by_role("navigation").get_by_role("link", name="组织", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "组织"

    # Expand the university, then the college: children arrive through HTMX.
    page.locator("summary", has_text="南京示范大学党委").locator(".toggle").click()
    college = page.locator("summary", has_text="计算机学院党委")
    college.wait_for()
    college.locator(".toggle").click()
    page.get_by_role("link", name="计算机系教工第一党支部").wait_for()
    assert page.get_by_role("link", name="计算机学院研究生第一党支部").is_visible()

    # Live search by initials: "jsj" → 计算机…
    search = page.get_by_role("searchbox", name="搜索组织")
    search.press_sequentially("jsjxjg", delay=30)
    results = page.locator("#search-results")
    results.get_by_role("link", name="计算机系教工第一党支部").wait_for()
    assert "外国语学院党委" not in results.inner_text()

    results.get_by_role("link", name="计算机系教工第一党支部").click()
    page.wait_for_load_state("networkidle")
    assert "计算机系教工第一党支部" in page.locator("h1").inner_text()
    leadership = page.locator("#leadership")
    assert "王建国" in leadership.inner_text() and "书记" in leadership.inner_text()
    assert "陈晓燕" in leadership.inner_text() and "组织委员" in leadership.inner_text()
    counts = page.locator("#counts")
    assert "正式党员" in counts.inner_text()
    assert counts.locator(".stat-main b").inner_text() == "4"  # 3 here + 党员甲 from the fixture
    assert "刘洋" in page.locator("#members").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "org-page.png"), full_page=True)


def test_members_page_filters_over_htmx(page, login, tree, actors):
    _staff_the_branch(tree)
    login(actors.org_secretary)
    page.goto(f"/orgs/{tree.college.pk}/members/")
    table = page.locator("#member-results")
    assert "王建国" in table.inner_text() and "刘洋" in table.inner_text()
    page.get_by_label("姓名 / 工号 / 拼音").press_sequentially("ly", delay=30)
    page.wait_for_function(
        "!document.querySelector('#member-results').innerText.includes('王建国')"
    )
    assert "刘洋" in table.inner_text()
    assert "q=ly" in page.url
    assert fits_the_phone(page)
