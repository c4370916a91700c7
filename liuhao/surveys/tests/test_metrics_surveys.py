"""The survey metrics behind C18.1, C09.1 and C12.2 (issue 6 items 4–6): the detail that names a too
low response rate, a subtree survey counted only for the org that ran it, a report rated by a linked
survey, surveys answered online counted with the online requests, and grouped queries."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.desk.choices import Channel
from liuhao.desk.services import request_submit
from liuhao.governance.tests.factories import LeaderReportFactory
from liuhao.orgs.tests.factories import PersonFactory
from liuhao.standards.metrics.registry import MetricContext, get_metric
from liuhao.surveys.metrics import online_consultation_count, report_rated, satisfaction_rate
from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff
from liuhao.surveys.tests.test_results import YEAR

pytestmark = pytest.mark.django_db


def ctx(tree, **params) -> MetricContext:
    ids = frozenset({tree.university.pk, tree.college.pk, tree.branch.pk, tree.other_branch.pk})
    return MetricContext(org_ids=ids, windows={YEAR: ids}, as_of=YEAR.end, params=params)


def report(org, **kw):
    reporter = PersonFactory(university=org.university, unit=org)
    return LeaderReportFactory(org=org, reporter=reporter, **kw)


def answer(survey, tokens, n, level=1) -> None:
    for token in list(tokens.values())[:n]:
        survey_answer(token=token, answers=sheet(survey, level), today=DAY)


def test_a_low_response_rate_is_named_in_the_detail(tree, actors):
    staff(tree.branch, members=19)  # 20 invited
    survey, tokens = opened(actors.committee_member, tree.branch)
    answer(survey, tokens, 5)  # 25% < 30%
    survey_close(actor=actors.committee_member, survey=survey)
    value = satisfaction_rate(ctx(tree, min_response_rate="0.3"))[tree.branch.pk]
    detail = dict(value.detail)
    assert value.value is None and value.evidence == (survey.pk,)
    assert detail["response_rate"] == 0.25 and detail["min_response_rate"] == 0.3
    assert detail["respondents"] == 5 and detail["min_group"] == 5
    honest = satisfaction_rate(ctx(tree, min_response_rate="0.2"))[tree.branch.pk]
    assert honest.value == 1.0


def test_a_subtree_survey_counts_only_for_the_org_that_ran_it(tree, actors):
    staff(tree.branch, members=6)
    survey, tokens = opened(actors.org_secretary, tree.college, include_subtree=True)
    answer(survey, tokens, len(tokens))
    survey_close(actor=actors.org_secretary, survey=survey)
    values = satisfaction_rate(ctx(tree))
    assert values[tree.college.pk].value == 1.0
    assert values[tree.branch.pk].value is None  # the branch ran no survey
    assert values[tree.university.pk].value is None


def test_a_linked_report_survey_rates_the_report(tree, actors, django_assert_max_num_queries):
    staff(tree.branch, members=6)  # 7 members
    rep = report(tree.branch, raters=0, ratings={})
    assert report_rated(ctx(tree))[tree.branch.pk].value == 0.0
    survey, tokens = opened(
        actors.committee_member, tree.branch, template="leader_report", leader_report=rep
    )
    answer(survey, tokens, 6)
    assert report_rated(ctx(tree))[tree.branch.pk].value == 0.0  # still open
    survey_close(actor=actors.committee_member, survey=survey)
    with django_assert_max_num_queries(8):
        values = report_rated(ctx(tree))
    assert values[tree.branch.pk].value == 1.0 and values[tree.branch.pk].evidence == (rep.pk,)
    assert values[tree.branch.pk].records == "governance.leaderreport"
    assert values[tree.other_branch.pk].value == 0.0
    # a report both entered and surveyed counts once
    entered = report(tree.other_branch)
    values = report_rated(ctx(tree))
    assert values[tree.other_branch.pk].evidence == (entered.pk,)
    assert get_metric("survey.leader_report_rated").fn is report_rated


def test_a_report_survey_under_the_minimum_response_rate_does_not_rate_it(tree, actors):
    staff(tree.branch, members=19)  # 20 members
    rep = report(tree.branch, raters=0, ratings={})
    survey, tokens = opened(
        actors.committee_member, tree.branch, template="leader_report", leader_report=rep
    )
    answer(survey, tokens, 5)  # 25%
    survey_close(actor=actors.committee_member, survey=survey)
    assert report_rated(ctx(tree))[tree.branch.pk].value == 0.0


def test_surveys_answered_online_count_with_online_requests(
    tree, actors, time_machine, django_assert_max_num_queries
):
    staff(tree.branch, members=4)
    survey, tokens = opened(actors.committee_member, tree.branch)
    unanswered, _ = opened(actors.committee_member, tree.branch, template="leadership")
    values = online_consultation_count(ctx(tree))
    assert values[tree.branch.pk].value == 0.0
    answer(survey, tokens, 1)  # one answer is enough: the survey gathered views online
    with django_assert_max_num_queries(4):
        values = online_consultation_count(ctx(tree))
    assert values[tree.branch.pk].value == 1.0
    assert values[tree.branch.pk].evidence == (survey.pk,)
    assert values[tree.branch.pk].records == "surveys.survey"
    assert values[tree.college.pk].value == 0.0  # surveys count for their own org only
    time_machine.move_to(dt.datetime(2025, 11, 3, 10, tzinfo=dt.UTC), tick=False)
    data = {"category": "study_life", "title": "诉求", "body": "内容"}
    request = request_submit(org=tree.branch, data=data, channel=Channel.PUBLIC_FORM).request
    values = online_consultation_count(ctx(tree))
    assert values[tree.branch.pk].value == 2.0
    assert values[tree.branch.pk].evidence == (request.pk,)
    assert dict(values[tree.branch.pk].detail) == {"requests": 1.0, "surveys": 1.0}
    assert values[tree.college.pk].value == 1.0  # the request rolls up, the survey does not
    assert unanswered.pk not in values[tree.branch.pk].evidence
