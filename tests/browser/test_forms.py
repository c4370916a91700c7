"""Browser: create a branch and then a person through the forms, on a phone-sized screen."""

from __future__ import annotations

import pytest

from liuhao.orgs.models import Organization, Person
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_branch_then_person(page, login, tree, actors):
    login(actors.org_secretary)
    page.goto(f"/orgs/{tree.college.pk}/")
    page.get_by_role("link", name="新建下级组织").click()
    page.wait_for_load_state("networkidle")
    assert "新建组织" in page.locator("h1").inner_text()
    page.get_by_label("组织代码").fill("U001-C01-B07")
    page.get_by_label("组织名称").fill("人工智能研究生党支部")
    page.get_by_label("组织类别").select_option("branch")
    page.get_by_label("支部类型").select_option("graduate")
    page.get_by_label("成立日期").fill("2024-09-10")
    assert fits_the_phone(page)
    page.get_by_role("button", name="新建").click()
    page.wait_for_load_state("networkidle")
    assert "人工智能研究生党支部" in page.locator("h1").inner_text()
    assert "已新建" in page.locator(".messages").inner_text()
    branch = Organization.objects.get(code="U001-C01-B07")
    assert branch.parent_id == tree.college.pk and branch.branch_type == "graduate"

    # A duplicate code is refused on the form with the field named in Chinese.
    page.goto(f"/orgs/{tree.college.pk}/new/")
    page.get_by_label("组织代码").fill("U001-C01-B07")
    page.get_by_label("组织名称").fill("重复的支部")
    page.get_by_label("支部类型").select_option("graduate")
    page.get_by_role("button", name="新建").click()
    page.wait_for_load_state("networkidle")
    assert "组织代码" in page.get_by_role("alert").inner_text()
    assert not Organization.objects.filter(name="重复的支部").exists()

    page.goto(f"/orgs/{branch.pk}/")
    page.get_by_role("link", name="登记人员").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("工号/学号").fill("S2024100")
    page.locator("input[name=name]").fill("周子涵")
    page.get_by_label("人员类别").select_option("student")
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")
    assert "周子涵" in page.locator("h1").inner_text()
    person = Person.objects.get(number="S2024100")
    assert person.unit_id == branch.pk and person.university_id == tree.university.pk
