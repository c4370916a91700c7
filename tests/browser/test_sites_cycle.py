"""Browser (issue 7 items 3, 7): one application walks from submission to naming on a phone — the
branch applies with its reviewed self-assessment, the university ranks it within its quota, the
province assigns an expert of another university, the expert scores the review checkpoints, the
province decides and publishes a 5-working-day notice, the public sees it, and after the notice
the province names the site, which appears on the public list and the org's portal page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from liuhao.assessments.services.review import review_accept
from liuhao.assessments.services.selfassess import assessment_start, assessment_submit
from liuhao.assessments.tests.conftest import TODAY, YEAR, build_chain
from liuhao.orgs.workdays import WorkdayCalendar
from liuhao.sites.models import Application, Site
from liuhao.sites.tests.support import expert_of, open_cycle
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_one_application_from_submission_to_naming(page, login, tree, tmp_path):
    chain = build_chain(tree)
    # a reviewed self-assessment through the assessments services (branch → college → university)
    assessment = assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code=YEAR, today=TODAY
    )
    assessment = assessment_submit(actor=chain.branch_secretary, assessment=assessment)
    assessment = review_accept(actor=chain.college_secretary, assessment=assessment)
    review_accept(actor=chain.university_admin, assessment=assessment)
    today = timezone.localdate()
    cycle = open_cycle(
        chain.province_admin, period_code=YEAR, title=f"{YEAR} 学年示范点评选", opened_on=today
    )
    expert = expert_of(tree.other_university)

    # the branch secretary applies from the cycle board
    login(chain.branch_secretary)
    page.get_by_role("link", name="示范点", exact=True).click()
    page.get_by_role("link", name=cycle.title).click()
    page.get_by_role("link", name="申报示范点").click()
    page.get_by_label("申报组织").select_option(str(tree.branch.pk))
    page.get_by_label("申报说明").fill("支部以服务师生为中心，创建工作扎实。")
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/sites/applications/*/")
    assert "已申报" in page.locator(".page-head").inner_text()
    assert page.locator("#cp-C16\\.2").count() == 1  # evidence beside the computed checkpoints
    assert fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "application.png"), full_page=True)
    app = Application.objects.get()

    # the university ranks it within its quota (1)
    _switch(page, login, chain.university_admin)
    page.goto(f"/sites/{cycle.pk}/")
    page.locator("#board-quotas").get_by_role("link", name="推荐排序").click()
    page.get_by_label(tree.branch.name).fill("1")
    page.get_by_role("button", name="保存推荐").click()
    page.wait_for_url(f"**/sites/{cycle.pk}/")
    assert "第 1 名" in page.locator("#board-applications").inner_text()
    assert fits_the_phone(page)

    # the province assigns an expert of another university
    _switch(page, login, chain.province_admin)
    page.goto(f"/sites/applications/{app.pk}/")
    form = page.locator("#assign-form")
    form.get_by_label("评审专家").select_option(str(expert.pk))
    form.get_by_label("评审方式").select_option("visit")
    form.get_by_role("button", name="分配专家").click()
    page.wait_for_load_state("load")
    assert "专家乙 · 实地考察" in page.locator("#app-experts").inner_text()

    # the expert scores the review checkpoints from 我的评审
    _switch(page, login, expert)
    page.goto("/sites/reviews/")
    page.locator("#review-list").get_by_role("link", name=tree.branch.name).click()
    page.get_by_label("C16.2", exact=False).fill("6")
    page.get_by_label("C17.2", exact=False).fill("4")
    page.get_by_label("评审意见").fill("服务成效明显，特色鲜明。")
    page.get_by_role("button", name="提交评分").click()
    assert "评分应在 0 至 5 之间" in page.locator(".form-errors").inner_text()
    page.get_by_label("C16.2", exact=False).fill("4.5")
    page.get_by_role("button", name="提交评分").click()
    page.wait_for_url("**/sites/reviews/")
    assert "已评" in page.locator("#review-list").inner_text()
    assert fits_the_phone(page)

    # the province decides and publishes a notice of 5 working days
    _switch(page, login, chain.province_admin)
    page.goto(f"/sites/applications/{app.pk}/")
    page.locator("#app-decide").get_by_label("审定结论").select_option("name")
    page.locator("#app-decide").get_by_role("button", name="记录审定结论").click()
    page.wait_for_load_state("load")
    assert "拟命名" in page.locator(".page-head").inner_text()
    page.goto(f"/sites/{cycle.pk}/notice/")
    calendar = WorkdayCalendar.load()
    start = today if calendar.is_workday(today) else calendar.add_workdays(today, 1)
    end = calendar.add_workdays(start, 4)
    page.get_by_label("公示开始").fill(start.isoformat())
    page.get_by_label("公示结束").fill(calendar.add_workdays(start, 3).isoformat())
    page.get_by_role("button", name="发布公示").click()
    assert "不得少于 5 个工作日" in page.locator(".form-errors").inner_text()
    page.get_by_label("公示结束").fill(end.isoformat())
    page.get_by_role("button", name="发布公示").click()
    page.wait_for_load_state("load")
    assert "共 5 个工作日" in page.locator("#notice-current").inner_text()
    page.get_by_role("button", name="公示结束，命名示范点").click()
    assert "结束后才能命名" in page.locator(".messages").inner_text()
    assert not Site.objects.exists()
    assert fits_the_phone(page)

    # the public sees the notice without logging in, during the notice
    page.context.clear_cookies()
    during = dt.datetime.combine(start, dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(during, tick=True):
        page.goto("/p/sites/")
        page.locator("#public-notices a").first.click()
        assert tree.branch.name in page.locator("#notice-text").inner_text()
        assert fits_the_phone(page)

    # after the notice the province names the site; it shows on the public list and portal page
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(after, tick=True):
        login(chain.province_admin)
        page.goto(f"/sites/{cycle.pk}/notice/")
        page.get_by_role("button", name="公示结束，命名示范点").click()
        page.wait_for_load_state("load")
        assert "已命名 1 个示范点" in page.locator(".messages").inner_text()
        page.context.clear_cookies()
        page.goto("/p/")
        page.get_by_role("link", name="示范点名单与公示").click()
        assert tree.branch.name in page.locator("#public-sites").inner_text()
        assert fits_the_phone(page)
        page.locator("#public-sites").get_by_role("link", name=tree.branch.name).click()
        assert "省级示范点" in page.locator("#public-demonstration").inner_text()
        page.screenshot(path=str(tmp_path / "named.png"), full_page=True)
    assert Site.objects.get().org_id == tree.branch.pk
