"""Browser: the person page and its forms — edit, memberships (with a refused date), positions."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.tests.factories import PersonFactory
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_person_page_then_edit(page, login, tree, actors):
    person = Person.objects.get(name="党员甲")
    login(actors.org_secretary)
    page.goto(f"/orgs/persons/{person.pk}/")
    assert "党员甲" in page.locator("h1").inner_text()
    profile = page.locator("#profile").inner_text()
    assert (
        person.number in profile and "南京示范大学党委" in profile and "计算机学院党委" in profile
    )
    membership = page.locator("#memberships").inner_text()
    assert "正式党员" in membership and "计算机系教工第一党支部" in membership
    assert "在册" in membership and "转正 2017-12-01" in membership
    assert "没有职务记录" in page.locator("#positions").inner_text()
    assert fits_the_phone(page)

    page.get_by_role("link", name="修改信息").click()
    page.wait_for_url(f"**/orgs/persons/{person.pk}/edit/")
    assert "修改“党员甲”" in page.locator("h1").inner_text()
    page.get_by_label("性别").select_option(label="女")
    page.get_by_label("出生日期").fill("1988-05-04")
    page.get_by_label("青年教师").check()
    assert fits_the_phone(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith(f"/orgs/persons/{person.pk}/")
    assert "已保存修改" in page.get_by_role("status").inner_text()
    assert "青年教师" in page.locator("h1").inner_text()
    profile = page.locator("#profile").inner_text()
    assert "1988-05-04" in profile and "女" in profile
    person.refresh_from_db()
    assert (person.gender, person.birth_date) == ("female", dt.date(1988, 5, 4))
    assert person.young_teacher


def test_membership_create_then_edit_with_a_refused_date(page, login, tree, actors):
    person = PersonFactory(unit=tree.branch, name="李明轩", category="student")
    login(actors.org_secretary)
    page.goto(f"/orgs/persons/{person.pk}/")
    assert "没有党员身份记录" in page.locator("#memberships").inner_text()
    page.get_by_role("link", name="登记党员身份").click()
    page.wait_for_url(f"**/orgs/persons/{person.pk}/memberships/new/")
    # The person's branch is preselected.
    assert "计算机系教工第一党支部" in page.get_by_label("所在党支部").inner_text()
    page.get_by_label("发展阶段").select_option(label="入党积极分子")
    page.get_by_label("递交入党申请日期").fill("2024-03-01")
    page.get_by_label("确定积极分子日期").fill("2024-09-01")
    assert fits_the_phone(page)
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")

    assert "已登记党员身份" in page.get_by_role("status").inner_text()
    memberships = page.locator("#memberships")
    assert "入党积极分子" in memberships.inner_text() and "在册" in memberships.inner_text()
    membership = Membership.objects.get(person=person)
    assert membership.org_id == tree.branch.pk and membership.stage == "activist"
    assert membership.activist_on == dt.date(2024, 9, 1)

    # Promote to 发展对象 with a date before the activist date: refused, the field named, nothing stored.
    memberships.get_by_role("link", name="修改").click()
    page.wait_for_url(f"**/orgs/memberships/{membership.pk}/edit/")
    assert "修改“李明轩”的党员身份" in page.locator("h1").inner_text()
    page.get_by_label("发展阶段").select_option(label="发展对象")
    page.get_by_label("确定发展对象日期").fill("2024-05-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    alert = page.get_by_role("alert").inner_text()
    assert "确定发展对象日期" in alert and "不能早于确定积极分子日期" in alert
    assert page.locator(".field-error").get_by_label("确定发展对象日期").is_visible()
    membership.refresh_from_db()
    assert membership.stage == "activist" and membership.candidate_on is None

    page.get_by_label("确定发展对象日期").fill("2025-05-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "已保存党员身份" in page.get_by_role("status").inner_text()
    assert "发展对象 2025-05-01" in page.locator("#memberships").inner_text()
    membership.refresh_from_db()
    assert membership.stage == "candidate" and membership.candidate_on == dt.date(2025, 5, 1)


def test_position_create_then_edit_shows_in_leadership(page, login, tree, actors):
    person = PersonFactory(unit=tree.branch, name="王建国")
    login(actors.org_secretary)
    page.goto(f"/orgs/persons/{person.pk}/")
    page.get_by_role("link", name="登记职务").click()
    page.wait_for_url(f"**/orgs/persons/{person.pk}/positions/new/")
    assert "计算机系教工第一党支部" in page.get_by_label("任职组织").inner_text()
    page.get_by_role("combobox", name="职务", exact=True).select_option(label="书记")
    page.get_by_label("任职开始日期").fill("2024-09-01")
    assert fits_the_phone(page)
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")

    assert "已登记职务" in page.get_by_role("status").inner_text()
    positions = page.locator("#positions")
    assert "书记" in positions.inner_text() and "2024-09-01 至 今" in positions.inner_text()
    position = Position.objects.get(person=person)
    assert (position.org_id, position.kind) == (tree.branch.pk, "secretary")
    assert position.started_on == dt.date(2024, 9, 1) and position.ended_on is None

    # The org page's leadership team now lists the new secretary.
    page.goto(f"/orgs/{tree.branch.pk}/")
    leadership = page.locator("#leadership").inner_text()
    assert "王建国" in leadership and "书记" in leadership and "2024-09-01 起" in leadership

    # Edit: correct the start date.
    page.goto(f"/orgs/persons/{person.pk}/")
    page.locator("#positions").get_by_role("link", name="修改").click()
    page.wait_for_url(f"**/orgs/positions/{position.pk}/edit/")
    assert "修改“王建国”的职务" in page.locator("h1").inner_text()
    assert page.get_by_label("任职组织").is_disabled()
    page.get_by_label("任职开始日期").fill("2024-09-10")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "已保存职务" in page.get_by_role("status").inner_text()
    assert "2024-09-10 至 今" in page.locator("#positions").inner_text()
    position.refresh_from_db()
    assert position.started_on == dt.date(2024, 9, 10)
    page.goto(f"/orgs/{tree.branch.pk}/")
    assert "2024-09-10 起" in page.locator("#leadership").inner_text()
