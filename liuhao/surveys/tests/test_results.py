"""Results and metrics: the package formula, Wilson intervals, response rates per audience, groups
hidden under the minimum size, and the survey.* metrics for C18.1, C01.2 and C09.2 (issue 6 item 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, get_metric
from liuhao.surveys.metrics import leadership_rating_rate, satisfaction_rate, survey_count
from liuhao.surveys.selectors import survey_results, wilson
from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = pytest.mark.django_db

YEAR = PeriodWindow(
    code="2025-2026", kind="year", start=dt.date(2025, 9, 1), end=dt.date(2026, 8, 31)
)


def ctx(tree, **params) -> MetricContext:
    ids = frozenset({tree.college.pk, tree.branch.pk, tree.other_branch.pk})
    return MetricContext(org_ids=ids, windows={YEAR: ids}, as_of=YEAR.end, params=params)


def answer_all(survey, tokens, levels):
    for token, level in zip(tokens.values(), levels, strict=False):
        survey_answer(token=token, answers=sheet(survey, level), today=DAY)


def test_wilson_interval():
    low, high = wilson(9, 10)
    assert low == pytest.approx(0.5958, abs=1e-4) and high == pytest.approx(0.9821, abs=1e-4)
    assert wilson(0, 0) is None


def test_results_use_the_satisfied_levels_and_hide_small_groups(tree, actors):
    staff(tree.branch, members=6, students=3)
    survey, tokens = opened(actors.committee_member, tree.branch)
    # 10 invited (6 + the conftest member + 3 students); 7 answer: 6 satisfied, 1 not
    answer_all(survey, tokens, [1, 2, 3, 3, 2, 1, 4])
    survey_close(actor=actors.committee_member, survey=survey)
    res = survey_results(survey)
    assert (res.invited, res.answered, res.respondents) == (10, 7, 7)
    assert res.response_rate == pytest.approx(0.7)
    likert = [q for q in res.questions if q.rate is not None]
    assert len(likert) == 4 and likert[0].counts == (2, 2, 2, 1, 0)
    assert likert[0].rate.value == pytest.approx(6 / 7)
    # per respondent: 6 of the 7 sheets are wholly satisfied
    assert res.overall.satisfied == 6 and res.overall.total == 7
    assert res.overall.interval == wilson(6, 7)
    by = {a.audience: a for a in res.audiences}
    # the token order is the roster order: members first, then the students
    assert by["members"].respondents == 7 and by["members"].rate.value == pytest.approx(6 / 7)
    assert by["students"].invited == 3 and by["students"].answered == 0
    assert by["students"].rate.hidden and by["students"].rate.value is None


def test_whole_survey_under_the_minimum_group_shows_no_rates(tree, actors):
    staff(tree.branch, members=6)
    survey, tokens = opened(actors.committee_member, tree.branch)
    answer_all(survey, tokens, [1, 1, 5, 1])
    survey_close(actor=actors.committee_member, survey=survey)
    res = survey_results(survey)
    assert res.respondents == 4 and res.overall.hidden and res.overall.value is None
    assert all(q.counts == (0, 0, 0, 0, 0) for q in res.questions if q.rate is not None)


def test_satisfaction_metric_needs_the_response_rate(tree, actors, django_assert_max_num_queries):
    staff(tree.branch, members=9)  # 10 invited
    survey, tokens = opened(actors.committee_member, tree.branch)
    answer_all(survey, tokens, [1, 2, 3, 4, 1])  # 5 of 10 answer; 4 of 5 satisfied
    assert satisfaction_rate(ctx(tree))[tree.branch.pk].value is None  # still open
    survey_close(actor=actors.committee_member, survey=survey)
    with django_assert_max_num_queries(6):
        values = satisfaction_rate(ctx(tree))
    value = values[tree.branch.pk]
    assert value.value == pytest.approx(0.8) and value.evidence == (survey.pk,)
    assert dict(value.detail)["response_rate"] == 0.5
    assert values[tree.other_branch.pk].value is None
    assert satisfaction_rate(ctx(tree, min_response_rate="0.6"))[tree.branch.pk].value is None
    assert get_metric("survey.satisfaction_rate").fn is satisfaction_rate


def test_leadership_and_count_metrics(tree, actors):
    staff(tree.branch, members=5)
    lead, tokens = opened(actors.committee_member, tree.branch, template="leadership")
    answer_all(lead, tokens, [1, 1, 1, 1, 1, 2])
    survey_close(actor=actors.committee_member, survey=lead)
    sat, _ = opened(actors.committee_member, tree.branch, period="2025-2026-2")
    assert leadership_rating_rate(ctx(tree))[tree.branch.pk].value == 1.0
    counts = survey_count(ctx(tree))
    assert counts[tree.branch.pk].value == 1.0 and counts[tree.branch.pk].evidence == (sat.pk,)
    assert counts[tree.other_branch.pk].value == 0.0
    for key in ("survey.satisfaction_rate", "survey.leadership_rating_rate", "survey.survey_count"):
        assert not get_metric(key).is_pending
