"""Browser (issue 7 items 1, 2, 7): a branch fills and submits its self-assessment on a phone, the
college secretary (current office-holder) accepts it, the university's organization department
scores a review checkpoint, overrides one computed status with a reason and accepts."""

from __future__ import annotations

import pytest

from liuhao.assessments.models import SelfAssessment
from liuhao.assessments.tests.conftest import YEAR, build_chain
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_submit_college_accepts_university_scores_overrides_accepts(page, login, tree, tmp_path):
    chain = build_chain(tree)
    # the branch secretary starts the year's self-assessment on the frozen run
    login(chain.branch_secretary)
    page.goto(f"/self-assessment/orgs/{tree.branch.pk}/")
    page.get_by_label("评估学年").select_option(YEAR)
    page.get_by_role("button", name="开始自评").click()
    page.wait_for_url("**/self-assessment/*/")
    assert "草稿" in page.locator("#assessment-status").inner_text()
    # a narrative for C01 and a linked piece of evidence for the review checkpoint C16.2
    page.locator("#narr-C01").fill("支部坚持每月理论学习，书记带头讲党课。")
    page.locator("#crit-C01").get_by_role("button", name="保存说明").click()
    page.wait_for_load_state("load")
    assert "自评说明已保存" in page.locator(".messages").inner_text()
    cp = page.locator("#cp-C16\\.2")
    cp.locator("summary", has_text="添加佐证材料").click()
    cp.get_by_label("材料名称").fill("育人成果汇编")
    cp.get_by_label("或链接").fill("https://example.edu.cn/results")
    cp.get_by_role("button", name="添加").click()
    page.wait_for_load_state("load")
    assert "育人成果汇编" in page.locator("#cp-C16\\.2 .extra-evidence").inner_text()
    assert fits_the_phone(page)
    page.get_by_role("button", name="提交自评").click()
    page.wait_for_load_state("load")
    assert "院系党委审核" in page.locator("#assessment-status").inner_text()
    assert page.locator("#narr-C01").count() == 0  # frozen: no more editing
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)

    # the college secretary finds it in 我的评审 and accepts
    _switch(page, login, chain.college_secretary)
    page.get_by_role("link", name="评审", exact=True).click()
    assert "1" in page.locator("#review-counts .stat-main b").inner_text()
    assert fits_the_phone(page)
    page.locator("#review-queue").get_by_role("link", name=tree.branch.name).click()
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state("load")
    assert "高校党委组织部审核" in page.locator("#assessment-status").inner_text()

    # the university scores C16.2, overrides C01.1 with a reason, and accepts
    _switch(page, login, chain.university_admin)
    page.goto("/self-assessment/reviews/")
    page.locator("#review-queue").get_by_role("link", name=tree.branch.name).click()
    cp = page.locator("#cp-C16\\.2")
    cp.get_by_label("评分（0–5）").fill("4.5")
    cp.get_by_role("button", name="保存评分").click()
    page.wait_for_load_state("load")
    assert "评审评分：4.5" in page.locator("#cp-C16\\.2").inner_text()
    cp = page.locator("#cp-C01\\.1")
    computed = cp.locator(".st").first.inner_text()
    cp.locator("summary", has_text="调整状态").click()
    cp.get_by_label("调整为").select_option("met")
    cp.get_by_label("调整理由").fill("现场核查学习记录齐全")
    cp.get_by_role("button", name="保存调整").click()
    page.wait_for_load_state("load")
    text = page.locator("#cp-C01\\.1").inner_text()
    assert computed in text and "审核：达标" in text and "现场核查学习记录齐全" in text
    assert fits_the_phone(page)
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state("load")
    assert "省委教育工委审核" in page.locator("#assessment-status").inner_text()
    steps = page.locator("#steps").inner_text()
    assert "王书记" in steps and "组织部刘" in steps
    assert fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "reviewed.png"), full_page=True)
    a = SelfAssessment.objects.get()
    assert a.current_level == "province" and a.steps.count() == 2
