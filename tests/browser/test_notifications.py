"""Browser: on a phone-sized page an org's secretary sees the badge in the navigation, opens
通知与待办, finds the returned self-assessment among the waiting items and the notification of
the return, opens it (marked read) and marks the rest read; an administrator replaces a report
template, a broken one being refused in Chinese (issue 7 items 5, 6, 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.documents.models import ReportTemplate
from liuhao.documents.registry import register_template, unregister_template
from liuhao.documents.tests.samples import docx_bytes
from liuhao.notifications.models import Notification
from liuhao.notifications.services import notify
from liuhao.notifications.waiting import WaitingItem, register_waiting, unregister_waiting
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _returned(user):
    return [
        WaitingItem(
            "return",
            "年度自评被退回：计算机学院党委",
            "/notifications/",
            dt.date(2026, 3, 31),
        )
    ]


@pytest.fixture
def returned():
    register_waiting(_returned)
    yield
    unregister_waiting(_returned)


def test_secretary_sees_a_return_and_marks_notifications_read(page, login, tree, actors, returned):
    secretary = actors.org_secretary
    notify(
        [secretary],
        kind="return",
        title="2025-2026 学年自评被退回",
        body="退回原因：C16.2 佐证材料不足",
        url="/notifications/",
        org=tree.college,
    )
    notify([secretary], kind="deadline", title="示范点申报将于 3 月 31 日截止")
    login(secretary)
    nav = page.get_by_role("navigation")
    badge = nav.locator("#nav-badge")
    badge.wait_for()
    assert badge.inner_text() == "3"
    nav.get_by_role("link", name="通知").click()
    assert page.locator("h1").inner_text() == "通知与待办"
    waiting = page.locator("#waiting").inner_text()
    assert "年度自评被退回：计算机学院党委" in waiting and "2026-03-31" in waiting
    listed = page.locator("#notifications").inner_text()
    assert "2025-2026 学年自评被退回" in listed and "C16.2 佐证材料不足" in listed
    assert fits_the_phone(page)

    page.get_by_role("button", name="2025-2026 学年自评被退回").click()
    page.wait_for_load_state("networkidle")
    assert Notification.objects.filter(recipient=secretary, read_at__isnull=True).count() == 1
    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_load_state("networkidle")
    assert "已将 1 条通知标为已读" in page.locator(".messages").inner_text()
    assert not Notification.objects.filter(recipient=secretary, read_at__isnull=True).exists()
    assert "未读" not in page.locator("#notifications").inner_text()
    assert page.locator("#nav-badge").inner_text() == "1"  # the waiting item stays until done
    assert fits_the_phone(page)


@pytest.fixture
def report(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    default = tmp_path / "default.docx"
    default.write_bytes(docx_bytes("申报单位：{{ org.name }}"))
    register_template(
        "tests.browser_report",
        label="示范点申报表（测试）",
        default_path=default,
        fields_help={"org": "申报组织（org.name 名称）"},
        sample_context={"org": {"name": "示例党支部"}},
    )
    yield
    unregister_template("tests.browser_report")


def test_administrator_replaces_a_report_template(page, login, tree, actors, report, tmp_path):
    broken = tmp_path / "坏模板.docx"
    broken.write_bytes(docx_bytes("申报单位：{{ 单位名称 }}"))
    good = tmp_path / "新模板.docx"
    good.write_bytes(docx_bytes("本校申报表：{{ org.name }}"))
    login(actors.university_admin)
    page.goto("/notifications/")
    page.get_by_role("link", name="报告模板管理").click()
    assert page.locator("h1").inner_text() == "报告模板"
    page.get_by_role("link", name="示范点申报表（测试）").click()
    assert "默认模板" in page.locator(".page-head").inner_text()
    assert fits_the_phone(page)

    page.set_input_files("input[name=file]", str(broken))
    page.get_by_role("button", name="上传并启用").click()
    page.wait_for_load_state("networkidle")
    assert "占位符「单位名称」不是该报告的字段" in page.locator(".form-errors").inner_text()
    assert not ReportTemplate.objects.exists()

    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="上传并启用").click()
    page.wait_for_load_state("networkidle")
    assert "新模板已启用" in page.locator(".messages").inner_text()
    row = ReportTemplate.objects.get()
    assert row.university == tree.university and row.active
    assert row.sha256 in page.locator("#versions").inner_text()
    assert fits_the_phone(page)

    page.get_by_role("button", name="恢复默认模板").click()
    page.wait_for_load_state("networkidle")
    assert "已恢复为默认模板" in page.locator(".messages").inner_text()
    row.refresh_from_db()
    assert not row.active


def test_a_real_return_reaches_the_branch_secretary(page, login, tree):
    """The review chain (liuhao.assessments) end to end through the notifications page: the
    college secretary is told to review, opens the notification and returns the assessment; the
    branch secretary finds the return among the waiting items and in the notifications."""
    from liuhao.assessments.services import assessment_start, assessment_submit
    from liuhao.assessments.tests.conftest import TODAY, YEAR, build_chain

    chain = build_chain(tree)
    a = assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code=YEAR, today=TODAY
    )
    assessment_submit(actor=chain.branch_secretary, assessment=a)

    login(chain.college_secretary)
    nav = page.get_by_role("navigation")
    nav.locator("#nav-badge").wait_for()
    assert int(nav.locator("#nav-badge").inner_text()) >= 2  # the notification + the review due
    nav.get_by_role("link", name="通知").click()
    assert "待审核的自评" in page.locator("#waiting").inner_text()
    page.locator("#notifications").get_by_role("button", name="待您审核").click()
    page.wait_for_url(f"**/self-assessment/{a.pk}/")
    page.fill("#return-reason-input", "C16.2 佐证材料不足，请补充育人成果")
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state("load")

    page.context.clear_cookies()
    login(chain.branch_secretary)
    page.get_by_role("navigation").get_by_role("link", name="通知").click()
    waiting = page.locator("#waiting").inner_text()
    assert "学年自评被退回：C16.2 佐证材料不足" in waiting
    listed = page.locator("#notifications").inner_text()
    assert "被退回，请修改后重新提交" in listed and "C16.2 佐证材料不足" in listed
    assert fits_the_phone(page)
    page.locator("#notifications").get_by_role("button", name="被退回").click()
    page.wait_for_url(f"**/self-assessment/{a.pk}/")
    assert "C16.2 佐证材料不足" in page.locator("#return-reason").inner_text()
    mine = Notification.objects.filter(recipient=chain.branch_secretary)
    assert mine.filter(kind="return", read_at__isnull=False).exists()


def test_province_admin_previews_the_registered_reports(page, login, tree, actors, tmp_path):
    """The reports the apps registered (申报表, 自评报告) are listed and render with sample data."""
    from liuhao.documents.tests.samples import docx_text

    login(actors.province_admin)
    page.goto("/documents/templates/")
    listed = page.locator("#templates").inner_text()
    assert "示范点申报表" in listed and "自评报告" in listed
    assert fits_the_phone(page)
    page.get_by_role("link", name="示范点申报表").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="用示例数据生成").click()
    target = tmp_path / "preview.docx"
    info.value.save_as(target)
    assert docx_text(target.read_bytes())  # a real Word file with text
    assert fits_the_phone(page)
