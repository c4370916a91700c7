"""Honest overall figures (issue 6 items 3 and 5): the overall and per-audience rates are computed
per respondent, not by pooling every answer as an independent trial; a hidden audience cannot be
recovered by subtraction (secondary suppression)."""

from __future__ import annotations

import pytest

from liuhao.surveys.models import Question
from liuhao.surveys.selectors import survey_results, wilson
from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = pytest.mark.django_db


def likert_ids(survey) -> list[int]:
    return list(
        Question.objects.filter(survey=survey, kind="likert")
        .order_by("order")
        .values_list("pk", flat=True)
    )


def answer_levels(survey, token, levels) -> None:
    answers = sheet(survey, 1)
    for qid, level in zip(likert_ids(survey), levels, strict=True):
        answers[str(qid)] = level
    survey_answer(token=token, answers=answers, today=DAY)


def test_overall_rate_is_the_mean_of_the_respondents_shares(tree, actors):
    staff(tree.branch, members=9)  # 10 invited
    survey, tokens = opened(actors.committee_member, tree.branch)
    sheets = [
        [1, 1, 1, 1],  # share 1
        [1, 1, 4, 4],  # 0.5
        [2, 2, 2, 5],  # 0.75
        [4, 4, 4, 4],  # 0
        [3, 3, 3, 3],  # 1
        [1, 2, 3, 4],  # 0.75
    ]
    for token, levels in zip(tokens.values(), sheets, strict=False):
        answer_levels(survey, token, levels)
    survey_close(actor=actors.committee_member, survey=survey)
    res = survey_results(survey)
    overall = res.overall
    assert overall.per_respondent and overall.total == 6
    assert overall.satisfied == pytest.approx(4.0)
    assert overall.value == pytest.approx(4 / 6)
    assert overall.interval == pytest.approx(wilson(4.0, 6))
    # pooling the 24 answers (16 satisfied) would give a narrower, overconfident interval
    pooled = wilson(16, 24)
    assert pooled is not None and overall.interval is not None
    assert overall.interval[1] - overall.interval[0] > pooled[1] - pooled[0]
    # a question's rate stays a plain proportion of its answers
    first = next(q for q in res.questions if q.rate is not None)
    assert (first.rate.satisfied, first.rate.total) == (5, 6) and not first.rate.per_respondent
    assert res.audiences[0].rate.value == pytest.approx(4 / 6)


def test_one_small_audience_hides_another_so_it_cannot_be_subtracted(tree, actors):
    staff(tree.branch, members=6, students=2)  # 7 members (with the conftest one), 2 students
    survey, tokens = opened(actors.committee_member, tree.branch)
    for token in tokens.values():
        survey_answer(token=token, answers=sheet(survey, 1), today=DAY)
    survey_close(actor=actors.committee_member, survey=survey)
    res = survey_results(survey)
    by = {a.audience: a for a in res.audiences}
    assert by["members"].respondents == 7 and by["students"].respondents == 2
    # members alone are large enough, but overall − members would reveal the two students
    assert by["students"].rate.hidden and by["members"].rate.hidden
    assert by["teachers"].respondents == 0
    assert res.overall.value == 1.0
