"""The C06.1 metrics against real rows: share of the year's admissions whose case has no violation,
roll-up to ancestors, admissions without a case, not applicable when nobody was admitted, and a
query count that does not grow with the number of orgs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.development.services import case_create
from liuhao.development.tests.conftest import full_case
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, get_metric

pytestmark = pytest.mark.django_db
YEAR = PeriodWindow("2024-2025", "year", dt.date(2024, 9, 1), dt.date(2025, 8, 31))
AS_OF = dt.date(2025, 8, 31)


def run(key: str, orgs: list[Any], as_of: dt.date = AS_OF) -> dict[int, Any]:
    ids = frozenset(o.pk for o in orgs)
    fn = get_metric(key).fn
    assert fn is not None, f"{key} is still pending"
    return dict(fn(MetricContext(org_ids=ids, windows={YEAR: ids}, as_of=as_of)))


def admitted_case(tree: Any, dev: Any, actor: Any, **over: Any) -> Any:
    person = PersonFactory(
        university=tree.university, unit=tree.college, birth_date=dt.date(2001, 1, 1)
    )
    data = full_case(
        dev, person=person, full_on=None, full_vote_entitled=None, full_vote_present=None
    )
    data.pop("full_vote_yes")
    data.pop("full_approved_on")
    data.update(over)
    return case_create(actor=actor, org=tree.branch, data=data)


@pytest.fixture
def setting(tree, dev, actors):
    actor = actors.university_admin
    ok = admitted_case(tree, dev, actor)
    bad = admitted_case(tree, dev, actor, training_days=1, training_hours=8)
    admitted_case(tree, dev, actor, admitted_on=dt.date(2025, 9, 2), approved_on=None)  # later
    # admitted in the year without a case on file: not proven
    MembershipFactory(
        person=PersonFactory(university=tree.university, unit=tree.college),
        org=tree.branch,
        stage="probationary",
        admitted_on=dt.date(2025, 3, 1),
        full_on=None,
    )
    return ok, bad


def test_compliance_rate_counts_admissions_and_their_violations(tree, setting):
    ok, bad = setting
    orgs = [tree.branch, tree.college, tree.university, tree.other_branch]
    result = run("ledger.development_compliance_rate", orgs)
    assert result[tree.branch.pk].value == pytest.approx(1 / 3)
    assert result[tree.college.pk].value == pytest.approx(1 / 3)  # rolled up
    assert result[tree.branch.pk].evidence == tuple(sorted([ok.pk, bad.pk]))
    assert result[tree.branch.pk].records == "development.developmentcase"
    detail = dict(result[tree.branch.pk].detail)
    assert detail == {"total": 3.0, "ok": 1.0, "without_case": 1.0}
    assert result[tree.other_branch.pk].value is None  # nobody admitted


def test_admitted_count_reads_the_twelve_months_up_to_as_of(tree, setting):
    result = run("ledger.development_admitted_count", [tree.branch, tree.other_branch])
    assert [result[o.pk].value for o in (tree.branch, tree.other_branch)] == [3.0, 0.0]
    # A term window of the spring still counts the autumn's admissions (na_when reads the term).
    spring = PeriodWindow("2024-2025-2", "term", dt.date(2025, 2, 15), dt.date(2025, 8, 31))
    ids = frozenset([tree.branch.pk])
    fn = get_metric("ledger.development_admitted_count").fn
    assert fn is not None
    ctx = MetricContext(org_ids=ids, windows={spring: ids}, as_of=dt.date(2025, 6, 30))
    assert fn(ctx)[tree.branch.pk].value == 3.0


def test_as_of_cuts_the_window(tree, setting):
    result = run("ledger.development_compliance_rate", [tree.branch], as_of=dt.date(2024, 12, 31))
    assert dict(result[tree.branch.pk].detail)["total"] == 2.0


def test_query_count_does_not_depend_on_the_number_of_orgs(tree, setting):
    with CaptureQueriesContext(connection) as few:
        run("ledger.development_compliance_rate", [tree.branch])
    with CaptureQueriesContext(connection) as many:
        run(
            "ledger.development_compliance_rate",
            [tree.branch, tree.other_branch, tree.college, tree.university, tree.other_college],
        )
    assert len(many) == len(few) <= 5
