"""Browser: log-in with a good and a bad password, log-out, on a phone-sized screen."""

from __future__ import annotations

import pytest

from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_good_password_reaches_home(page, login, tree, actors):
    login(actors.university_admin)
    assert page.url.endswith("/") and "/accounts/" not in page.url
    assert page.locator("h1").inner_text().startswith("您好")
    assert page.get_by_role("link", name="组织", exact=True).is_visible()
    assert page.get_by_role("button", name="退出").is_visible()
    # The nav fits a 390 px phone: no horizontal scroll.
    assert fits_the_phone(page)


def test_login_bad_password_shows_chinese_message(page, login, tree, actors):
    login(actors.university_admin, password="wrong-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")


def test_protected_page_redirects_to_login_then_back(page, tree, actors):
    page.goto(f"/orgs/{tree.college.pk}/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", actors.org_secretary.username)
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/orgs/{tree.college.pk}/")
    assert "计算机学院党委" in page.locator("h1").inner_text()


def test_logout(page, login, tree, actors):
    login(actors.party_member)
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url
    page.goto("/")
    assert "/accounts/login/" in page.url
