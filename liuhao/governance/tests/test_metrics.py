"""Governance metrics: exact values for every org in scope, windows, as_of, 补录 flags, and a query
count that does not grow with the number of orgs (criteria C08.1–C08.4, C09.1, C09.3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.governance.tests.factories import (
    CareRecordFactory,
    CommendationFactory,
    ElectionFactory,
    FundingFactory,
    LeaderReportFactory,
    MemberEvaluationFactory,
    OrgGradeFactory,
    OrgGradingFactory,
)
from liuhao.ledger.tests.factories import entered
from liuhao.orgs.tests.factories import OrganizationFactory, PersonFactory
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, get_metric

YEAR = PeriodWindow("2025-2026", "year", dt.date(2025, 9, 1), dt.date(2026, 8, 31))
AS_OF = dt.date(2025, 11, 20)


def run(key: str, orgs: list[Any], as_of: dt.date = AS_OF, **params: Any) -> dict[int, Any]:
    ids = frozenset(o.pk for o in orgs)
    ctx = MetricContext(org_ids=ids, windows={YEAR: ids}, as_of=as_of, params=params)
    fn = get_metric(key).fn
    assert fn is not None, f"{key} is still pending"
    return dict(fn(ctx))


def test_funding_sums_the_year_up_to_as_of(tree):
    a = FundingFactory(org=tree.branch, amount=Decimal("3000.50"))
    b = FundingFactory(org=tree.branch, amount=Decimal("1000"), allocated_on=dt.date(2025, 9, 1))
    FundingFactory(org=tree.branch, allocated_on=dt.date(2025, 8, 31))  # last year
    FundingFactory(org=tree.branch, allocated_on=dt.date(2025, 12, 1))  # after as_of
    late = FundingFactory(
        org=tree.college, allocated_on=dt.date(2025, 9, 5), entered_at=entered(AS_OF, 0)
    )
    result = run("ledger.funding_allocated", [tree.branch, tree.college, tree.other_branch])
    assert result[tree.branch.pk].value == 4000.5
    assert result[tree.branch.pk].evidence == tuple(sorted([a.pk, b.pk]))
    assert result[tree.branch.pk].records == "governance.funding"
    assert result[tree.college.pk].late == (late.pk,)
    assert result[tree.other_branch.pk].value == 0.0


def test_care_and_commendation_counts(tree):
    CareRecordFactory(org=tree.branch)
    CareRecordFactory(org=tree.branch, cared_on=dt.date(2025, 11, 20))
    CommendationFactory(org=tree.other_branch)
    care = run("ledger.care_record_count", [tree.branch, tree.other_branch])
    assert [care[o.pk].value for o in (tree.branch, tree.other_branch)] == [2.0, 0.0]
    praise = run("ledger.commendation_count", [tree.branch, tree.other_branch])
    assert [praise[o.pk].value for o in (tree.branch, tree.other_branch)] == [0.0, 1.0]


def test_election_in_term_reads_the_latest_election_and_approved_extensions(tree):
    in_term = ElectionFactory(org=tree.branch, elected_on=dt.date(2023, 1, 10))
    ElectionFactory(org=tree.branch, elected_on=dt.date(2019, 1, 10))
    overdue = ElectionFactory(org=tree.other_branch, elected_on=dt.date(2022, 9, 1))
    extended = ElectionFactory(
        org=tree.college,
        elected_on=dt.date(2020, 9, 1),
        term_years=5,
        extended_until=dt.date(2026, 3, 1),
        extension_approved_on=dt.date(2025, 7, 1),
    )
    unapproved = OrganizationFactory(parent=tree.college, kind="branch", code="U001-C01-B09")
    ElectionFactory(org=unapproved, elected_on=dt.date(2022, 9, 1))
    orgs = [tree.branch, tree.other_branch, tree.college, unapproved, tree.other_college]
    result = run("ledger.election_in_term", orgs)
    assert [result[o.pk].value for o in orgs] == [1.0, 0.0, 1.0, 0.0, 0.0]
    assert result[tree.branch.pk].evidence == (in_term.pk,)
    assert result[tree.other_branch.pk].evidence == (overdue.pk,)
    assert result[tree.college.pk].evidence == (extended.pk,)
    assert result[tree.other_college.pk].evidence == ()
    before = run("ledger.election_in_term", [tree.college], as_of=dt.date(2025, 6, 1))
    assert before[tree.college.pk].value == 1.0  # term ends 2025-09-01
    gap = run("ledger.election_in_term", [tree.college], as_of=dt.date(2025, 9, 2))
    assert gap[tree.college.pk].value == 1.0  # approved 2025-07-01, extended to 2026-03-01


def test_leader_report_counts_rated_reports(tree):
    secretary = PersonFactory(university=tree.university)
    rated = LeaderReportFactory(org=tree.branch, reporter=secretary)
    LeaderReportFactory(org=tree.other_branch, reporter=secretary, raters=0, ratings={})
    result = run("ledger.leader_report_rated", [tree.branch, tree.other_branch])
    assert result[tree.branch.pk].value == 1.0 and result[tree.branch.pk].evidence == (rated.pk,)
    assert result[tree.other_branch.pk].value == 0.0


def test_evaluation_done_counts_grading_and_evaluation(tree):
    grading = OrgGradingFactory(org=tree.college)
    OrgGradeFactory(grading=grading, sub_org=tree.branch, band="先进")
    own = MemberEvaluationFactory(org=tree.branch)
    orgs = [tree.branch, tree.other_branch, tree.college, tree.other_college]
    result = run("ledger.evaluation_done", orgs)
    # branch: graded by the college + its own 评议; other branch: nothing;
    # college: graded its sub-orgs, but not every branch held 评议 yet
    assert [result[o.pk].value for o in orgs] == [2.0, 0.0, 1.0, 0.0]
    assert result[tree.branch.pk].evidence == (own.pk,)
    other = MemberEvaluationFactory(org=tree.other_branch)
    result = run("ledger.evaluation_done", orgs)
    assert result[tree.college.pk].value == 2.0
    assert result[tree.college.pk].evidence == tuple(sorted([own.pk, other.pk]))
    assert dict(result[tree.college.pk].detail) == {"graded": 1.0, "evaluated": 1.0}


def test_query_count_does_not_grow_with_orgs(tree):
    few = [tree.branch]
    many = [tree.branch, tree.other_branch, tree.college, tree.other_college, tree.university]
    for org in many:
        FundingFactory(org=org)
        ElectionFactory(org=org, term_years=5 if org.kind != "branch" else 3)
        MemberEvaluationFactory(org=org)
    keys = [
        "ledger.funding_allocated",
        "ledger.election_in_term",
        "ledger.care_record_count",
        "ledger.commendation_count",
        "ledger.leader_report_rated",
        "ledger.evaluation_done",
    ]
    for key in keys:
        with CaptureQueriesContext(connection) as small:
            run(key, few)
        with CaptureQueriesContext(connection) as large:
            run(key, many)
        assert len(large) == len(small) <= 4, key
