"""Browser: on a 390 px phone the committee member opens a closed survey's results, sees the level
distribution and the per-audience satisfaction with interval error bars drawn by the locally served
plotly, a hidden small group (and the group that would reveal it) is not charted, and the Excel export downloads an .xlsx whose cells
match the page (issue 6 items 3, 5, 6)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def test_results_page_charts_and_export_match(page, login, tree, actors):
    staff(tree.branch, members=6, students=6, teachers=2)  # 7 members, 6 students, 2 teachers
    survey, tokens = opened(actors.committee_member, tree.branch)
    levels = [1, 2, 3, 4, 1, 2, 3, 1, 4, 5, 2, 2, 3, 1, 1]
    for token, level in zip(tokens.values(), levels, strict=True):
        survey_answer(token=token, answers=sheet(survey, level, "多听取意见"), today=DAY)
    survey_close(actor=actors.committee_member, survey=survey)

    login(actors.committee_member)
    page.goto(f"/surveys/{survey.pk}/")
    page.wait_for_selector("#audience-chart[data-drawn]")
    page.wait_for_selector("#levels-chart[data-drawn]")
    assert page.locator("#audience-chart .main-svg").count() > 0
    bars = [t.text_content() for t in page.locator("#audience-chart .xtick text").all()]
    # teachers (2 sheets) are hidden, and so are the students (6), else overall − members would
    # reveal the teachers: hidden groups are never charted
    assert bars == ["总体", "党员"]
    overall = page.locator("#overall-rate").inner_text()
    interval = page.locator("#overall-interval").inner_text()
    table = [
        [c.strip() for c in row.locator("td").all_inner_texts()]
        for row in page.locator("#audience-table tbody tr").all()
    ]
    assert table[1][0] == "教职工" and "不足 5 份" in table[1][2]
    assert table[2][0] == "学生" and "以免推算" in table[2][2]
    assert fits_the_phone(page)

    with page.expect_download() as download:
        page.locator("#survey-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    head = {r[0]: r[1] for r in book["概况"].iter_rows(values_only=True)}
    assert pct(head["总体满意度"]) == overall
    assert f"{pct(head['95% 置信区间下限'])}–{pct(head['95% 置信区间上限'])}" == interval
    progress = list(book["参与情况"].iter_rows(values_only=True))[1:]
    for row, cells in zip(progress, table, strict=False):
        assert row[0] == cells[0] and str(row[4]) == cells[1]
        if isinstance(row[5], float):
            assert pct(row[5]) == cells[2]
        else:
            assert row[5] == "不公布" and "不公布" in cells[2]
    questions = list(book["各题结果"].iter_rows(values_only=True))[1:]
    first = page.locator(".question-result").first.locator("strong").inner_text()
    assert pct(questions[0][8]) == first
    assert fits_the_phone(page)
