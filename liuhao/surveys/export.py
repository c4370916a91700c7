"""A survey's aggregated results as .xlsx (issue 6 item 6; C18.1, C01.2, C09.1–2).

Four sheets: 概况 (the survey and its overall rate), 参与情况 (the response rate and the rate per
audience), 各题结果 (per question the answers per level, the satisfaction rate and its Wilson 95%
interval) and 意见建议 (the open-text answers). Exactly what the results page shows: a group under
the minimum group size has its counts but no rate (“不公布”), and per question counts only when the
whole survey is large enough. The open-text answers are listed in random order with no audience and
no other answer beside them, and only when the survey's respondents reach the minimum group size.
No person, token or invitation is ever written: the results tables hold none.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from liuhao.surveys.choices import Audience
from liuhao.surveys.models import Survey
from liuhao.surveys.selectors import Rate, SurveyResults

PERCENT = "0.0%"
HIDDEN = "不公布"


def _row(sheet: Worksheet, values: list[Any], percent_from: int | None = None) -> None:
    """Append a row; cells from column `percent_from` (1-based) on show floats as percentages."""
    sheet.append(values)
    if percent_from is None:
        return
    for cell in sheet[sheet.max_row][percent_from - 1 :]:
        if isinstance(cell.value, float):
            cell.number_format = PERCENT


def _rate_cells(rate: Rate) -> list[Any]:
    if rate.value is None or rate.interval is None:
        return [HIDDEN, "", ""]
    return [rate.value, rate.interval[0], rate.interval[1]]


def survey_workbook(
    survey: Survey, results: SurveyResults, texts: dict[int, list[str]] | None
) -> bytes:
    workbook = Workbook()
    head = workbook.active
    assert head is not None
    head.title = "概况"
    audiences = "、".join(str(Audience(a).label) for a in survey.audiences)
    for label, value in [
        ("测评", survey.title),
        ("测评党组织", survey.org.name),
        ("含下级组织", "是" if survey.include_subtree else "否"),
        ("测评类型", survey.get_kind_display()),
        ("测评期间", survey.period),
        ("开始日期", survey.opens_on.isoformat()),
        ("截止日期", survey.closes_on.isoformat()),
        ("状态", survey.get_status_display()),
        ("测评对象", audiences),
        ("最少公布人数", survey.min_group_size),
        ("邀请人数", results.invited),
        ("已提交", results.answered),
        ("参与率", results.response_rate if results.response_rate is not None else "—"),
        ("有效答卷", results.respondents),
    ]:
        _row(head, [label, value], percent_from=2)
    overall = _rate_cells(results.overall)
    for label, value in zip(
        ("总体满意度", "95% 置信区间下限", "95% 置信区间上限"), overall, strict=True
    ):
        _row(head, [label, value], percent_from=2)
    head.append(
        ["计算方法", "每份答卷中满意等级所占比例的平均值；置信区间为按答卷数计算的 Wilson 区间"]
    )
    head.column_dimensions["A"].width = 18
    head.column_dimensions["B"].width = 40

    progress = workbook.create_sheet("参与情况")
    progress.append(
        ["测评对象", "邀请", "已提交", "参与率", "有效答卷", "满意度", "95% 下限", "95% 上限"]
    )
    for a in results.audiences:
        rate = a.response_rate if a.response_rate is not None else "—"
        cells = [a.label, a.invited, a.answered, rate, a.respondents, *_rate_cells(a.rate)]
        _row(progress, cells, percent_from=4)
    total_rate = results.response_rate if results.response_rate is not None else "—"
    _row(
        progress,
        ["合计", results.invited, results.answered, total_rate, results.respondents, *overall],
        percent_from=4,
    )

    questions = workbook.create_sheet("各题结果")
    likert = [q for q in results.questions if q.rate is not None]
    levels = list(likert[0].levels) if likert else []
    questions.append(["序号", "题目", *levels, "评价数", "满意度", "95% 下限", "95% 上限"])
    for q in likert:
        assert q.rate is not None
        counts: list[Any] = list(q.counts) if q.shown else [HIDDEN] * len(q.counts)
        total: Any = q.rate.total if q.shown else HIDDEN
        cells = [q.order, q.text, *counts, total, *_rate_cells(q.rate)]
        _row(questions, cells, percent_from=len(levels) + 4)

    notes = workbook.create_sheet("意见建议")
    notes.append(["题目", "填写内容（随机排列，不含任何身份信息）"])
    open_questions = [q for q in results.questions if q.rate is None]
    if texts is None:
        notes.append([f"有效答卷少于 {survey.min_group_size} 份，不公布填写内容", ""])
    for q in open_questions if texts is not None else []:
        for body in texts.get(q.question_id, []) if texts else []:
            notes.append([f"{q.order}. {q.text}", body])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
