"""Browser: the org forms — edit (then its audit page), move (and a refused cycle), dissolve."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_org_name_then_audit_page_lists_it(page, login, tree, actors):
    login(actors.org_secretary)
    page.goto(f"/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="修改", exact=True).click()
    page.wait_for_url(f"**/orgs/{tree.branch.pk}/edit/")
    assert "修改“计算机系教工第一党支部”" in page.locator("h1").inner_text()
    name = page.get_by_label("组织名称")
    assert name.input_value() == "计算机系教工第一党支部"
    name.fill("计算机系教工第一党支部（软件工程）")
    page.get_by_label("成立日期").fill("2019-06-28")
    assert fits_the_phone(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith(f"/orgs/{tree.branch.pk}/")
    assert "计算机系教工第一党支部（软件工程）" in page.locator("h1").inner_text()
    assert "已保存修改" in page.get_by_role("status").inner_text()
    assert "成立日期：2019-06-28" in page.locator(".page-head .meta").inner_text()
    branch = Organization.objects.get(pk=tree.branch.pk)
    assert branch.name == "计算机系教工第一党支部（软件工程）"
    assert branch.established_on == dt.date(2019, 6, 28)

    # The audit page lists the edit readably: verb, Chinese field labels, before → after, who.
    page.get_by_role("link", name="操作记录").click()
    page.wait_for_url(f"**/orgs/{tree.branch.pk}/audit/")
    assert page.locator("h1").inner_text() == "操作记录"
    rows = page.locator("#audit-rows > ul > li")
    assert rows.count() == 1
    row = rows.first.inner_text()
    assert "修改" in row and "党组织" in row and "secretary" in row
    changes = rows.first.locator(".changes").inner_text()
    assert "组织名称：计算机系教工第一党支部 → 计算机系教工第一党支部（软件工程）" in changes
    assert "成立日期：— → 2019-06-28" in changes
    assert "name_pinyin" not in row and "path" not in row
    assert fits_the_phone(page)
    assert AuditEvent.objects.filter(verb="update", org_id=tree.branch.pk).count() == 1


def test_move_branch_under_another_college_then_a_cycle_is_refused(page, login, tree, actors):
    login(actors.university_admin)
    page.goto(f"/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="移动").click()
    page.wait_for_url(f"**/orgs/{tree.branch.pk}/move/")
    parent = page.get_by_label("新的上级组织")
    options = parent.locator("option").all_inner_texts()
    assert "外国语学院党委（U001-C02）" in options
    assert not any("计算机系教工第一党支部" in o for o in options)  # never itself
    parent.select_option(label="外国语学院党委（U001-C02）")
    page.get_by_role("button", name="移动").click()
    page.wait_for_load_state("networkidle")

    assert "已把“计算机系教工第一党支部”移到“外国语学院党委”之下" in (
        page.get_by_role("status").inner_text()
    )
    crumbs = page.get_by_role("list", name="上级组织").inner_text()
    assert "外国语学院党委" in crumbs and "计算机学院党委" not in crumbs
    branch = Organization.objects.get(pk=tree.branch.pk)
    assert branch.parent_id == tree.other_college.pk
    assert branch.path.startswith(tree.other_college.path)

    # A college cannot go under its own branch: the typed code makes a cycle, refused in Chinese.
    page.goto(f"/orgs/{tree.college.pk}/move/")
    page.get_by_label("或填写上级组织代码").fill("U001-C01-B02")
    page.get_by_role("button", name="移动").click()
    page.wait_for_load_state("networkidle")
    alert = page.get_by_role("alert").inner_text()
    assert "或填写上级组织代码" in alert and "会形成循环" in alert
    assert "不能把“计算机学院党委”移到它自己或其下级组织之下" in alert
    college = Organization.objects.get(pk=tree.college.pk)
    assert college.parent_id == tree.university.pk and college.path == tree.college.path
    assert not AuditEvent.objects.filter(verb="move", org_id=tree.college.pk).exists()


def test_dissolve_branch_keeps_it_marked_dissolved(page, login, tree, actors):
    login(actors.org_secretary)
    page.goto(f"/orgs/{tree.other_branch.pk}/")
    page.get_by_role("link", name="撤销").click()
    page.wait_for_url(f"**/orgs/{tree.other_branch.pk}/dissolve/")
    assert "撤销“计算机学院研究生第一党支部”" in page.locator("h1").inner_text()
    page.get_by_label("撤销日期").fill("2026-07-01")
    page.get_by_label("撤销原因").fill("研究生毕业，与第二支部合并")
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.get_by_role("button", name="确认撤销").click()
    page.wait_for_load_state("networkidle")

    assert len(dialogs) == 1 and "撤销" in dialogs[0]  # the danger button asks first
    assert "其历史记录仍保留" in page.get_by_role("status").inner_text()
    heading = page.locator("h1").inner_text()
    assert "计算机学院研究生第一党支部" in heading and "已撤销" in heading
    meta = page.locator(".page-head .meta").inner_text()
    assert "撤销日期：2026-07-01（研究生毕业，与第二支部合并）" in meta
    assert page.get_by_role("link", name="修改", exact=True).count() == 0
    assert page.get_by_role("link", name="撤销").count() == 0
    branch = Organization.objects.get(pk=tree.other_branch.pk)
    assert branch.dissolved_on == dt.date(2026, 7, 1)

    # History kept: the org is still found, marked as dissolved.
    page.goto("/orgs/search/?q=研究生第一")
    results = page.locator("#search-results")
    assert "计算机学院研究生第一党支部" in results.inner_text()
    assert "已撤销" in results.inner_text()
