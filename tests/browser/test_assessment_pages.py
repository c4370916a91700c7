"""Browser: the org scorecard (radar drawn by the locally served Plotly, checklist, gap list) and the
heat map filtered by org level through an HTMX swap, on a phone-sized screen."""

from __future__ import annotations

import pytest

from liuhao.standards.services.runs import assessment_run
from liuhao.standards.tests.support import make_standard
from liuhao.standards.tests.test_views import PERIOD, TODAY, staff_branch
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def run(tree):
    staff_branch(tree.branch)
    return assessment_run(standard=make_standard(), period_code=PERIOD, today=TODAY)


def test_scorecard_from_the_org_page(page, login, tree, actors, run, tmp_path):
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    login(actors.org_secretary)
    page.goto(f"/orgs/{tree.other_branch.pk}/")
    page.get_by_role("link", name="评估", exact=True).click()
    page.wait_for_url(f"**/assessment/orgs/{tree.other_branch.pk}/")
    assert "评估结果" in page.locator("h1").inner_text()
    # the radar is drawn by plotly.min.js from our own static files (no CDN)
    radar = page.locator("#radar .chart[data-drawn]")
    radar.wait_for(state="visible")
    assert radar.locator("svg.main-svg").count() >= 1
    assert any(url.endswith("/static/vendor/plotly/plotly.min.js") for url in scripts)
    assert all(url.startswith(page.url.split("/assessment")[0]) for url in scripts)
    # the checklist: every checkpoint with its status as text
    checklist = page.locator("#checklist")
    assert checklist.locator(".checkpoint").count() == 4
    first = checklist.locator("#cp-T01\\.1").inner_text()
    assert "未达标" in first and "要求" in first
    # the gap list names the work to do and the deadline
    gaps = page.locator("#gaps").inner_text()
    assert "配齐党务工作力量" in gaps and "期限 2026-02-14" in gaps
    assert "T02.1" in page.locator("#awaiting").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "scorecard.png"), full_page=True)


def test_heatmap_filter_by_level(page, login, tree, actors, run, tmp_path):
    login(actors.university_admin)
    page.goto(f"/assessment/orgs/{tree.university.pk}/heatmap/")
    rows = page.locator("table.heatmap tbody tr")
    assert rows.count() == 5
    page.locator("#heatmap-table .chart[data-drawn]").wait_for(state="visible")
    with page.expect_response(lambda r: "/heatmap/" in r.url and "level=branch" in r.url):
        page.get_by_label("党支部", exact=True).check()
    page.wait_for_function("document.querySelectorAll('table.heatmap tbody tr').length === 2")
    names = rows.locator("th[scope=row] a").all_inner_texts()
    assert sorted(names) == ["计算机学院研究生第一党支部", "计算机系教工第一党支部"]
    assert "level=branch" in page.url  # the filter is in the address (hx-push-url)
    cell = rows.first.locator("td.cell").first
    assert cell.get_attribute("title").startswith("T01：")
    assert fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "heatmap.png"), full_page=True)
