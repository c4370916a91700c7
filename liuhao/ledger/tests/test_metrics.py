"""Ledger metrics: exact values for every org in scope, windows, as_of, 补录 flags, two calendars,
and a query count that does not grow with the number of orgs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.ledger.tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    ContactPairFactory,
    ContactVisitFactory,
    DecisionFactory,
    PlanDocumentFactory,
    entered,
)
from liuhao.orgs.tests.factories import OrganizationFactory, PersonFactory, PositionFactory
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, get_metric

TERM = PeriodWindow("2025-2026-1", "term", dt.date(2025, 9, 1), dt.date(2026, 2, 14))
AS_OF = dt.date(2025, 11, 20)


def run(key: str, orgs: list[Any], as_of: dt.date = AS_OF, window: PeriodWindow = TERM, **params):
    ids = frozenset(o.pk for o in orgs)
    ctx = MetricContext(org_ids=ids, windows={window: ids}, as_of=as_of, params=params)
    fn = get_metric(key).fn
    assert fn is not None, f"{key} is still pending"
    return fn(ctx)


def values(result: dict[int, Any], orgs: list[Any]) -> list[float | None]:
    return [result[o.pk].value for o in orgs]


# ---- ledger.activity_count -----------------------------------------------------------------------


def test_activity_count_counts_kinds_within_the_window_up_to_as_of(tree):
    branch, other = tree.branch, tree.other_branch
    counted = [
        ActivityFactory(org=branch, kind="volunteer_service", held_on=dt.date(2025, 9, 1)),
        ActivityFactory(org=branch, kind="social_practice", held_on=AS_OF),
    ]
    ActivityFactory(org=branch, kind="volunteer_service", held_on=dt.date(2025, 8, 31))  # before
    ActivityFactory(org=branch, kind="volunteer_service", held_on=dt.date(2025, 11, 21))  # after
    ActivityFactory(org=branch, kind="culture", held_on=dt.date(2025, 10, 1))  # other kind
    ActivityFactory(org=tree.college, kind="volunteer_service", held_on=dt.date(2025, 10, 1))
    result = run(
        "ledger.activity_count", [branch, other], kinds="volunteer_service,social_practice"
    )
    assert values(result, [branch, other]) == [2.0, 0.0]  # the org itself, not its parent
    assert result[branch.pk].evidence == tuple(sorted(a.pk for a in counted))
    assert result[branch.pk].records == "ledger.activity"
    assert result[other.pk].evidence == () and result[other.pk].late == ()


def test_a_record_entered_more_than_30_days_late_is_flagged(tree):
    held = dt.date(2025, 9, 10)
    on_time = ActivityFactory(org=tree.branch, held_on=held, entered_at=entered(held, 30))
    late = ActivityFactory(org=tree.branch, held_on=held, entered_at=entered(held, 31))
    result = run("ledger.activity_count", [tree.branch], kinds="theory_seminar")
    assert result[tree.branch.pk].value == 2.0  # a late record still counts …
    assert result[tree.branch.pk].late == (late.pk,)  # … and is flagged 补录
    assert on_time.pk in result[tree.branch.pk].evidence
    shorter = run(
        "ledger.activity_count", [tree.branch], kinds="theory_seminar", late_entry_days="10"
    )
    assert shorter[tree.branch.pk].late == (on_time.pk, late.pk)


def test_a_window_that_has_not_started_counts_zero(tree):
    ActivityFactory(org=tree.branch, held_on=dt.date(2025, 10, 1))
    result = run(
        "ledger.activity_count", [tree.branch], as_of=dt.date(2025, 8, 1), kinds="theory_seminar"
    )
    assert result[tree.branch.pk].value == 0.0


def test_unknown_kind_in_params_is_an_error(tree):
    with pytest.raises(ValueError, match="seminar"):
        run("ledger.activity_count", [tree.branch], kinds="seminar")


def test_two_calendars_read_two_windows(tree):
    """Two universities with different term starts: an activity on 5 Sep is in term 1 of the first
    (from 1 Sep) but still in the summer term 2 of the second (term 1 from 15 Sep)."""
    first = PeriodWindow("2025-2026-1", "term", dt.date(2025, 9, 1), dt.date(2026, 2, 14))
    second = PeriodWindow("2025-2026-1", "term", dt.date(2025, 9, 15), dt.date(2026, 2, 28))
    for org in (tree.branch, tree.other_univ_branch):
        ActivityFactory(org=org, held_on=dt.date(2025, 9, 5))
        ActivityFactory(org=org, held_on=dt.date(2025, 10, 5))
    ctx = MetricContext(
        org_ids=frozenset({tree.branch.pk, tree.other_univ_branch.pk}),
        windows={
            first: frozenset({tree.branch.pk}),
            second: frozenset({tree.other_univ_branch.pk}),
        },
        as_of=AS_OF,
        params={"kinds": "theory_seminar"},
    )
    fn = get_metric("ledger.activity_count").fn
    assert fn is not None
    result = fn(ctx)
    assert result[tree.branch.pk].value == 2.0
    assert result[tree.other_univ_branch.pk].value == 1.0


# ---- ledger.activity_month_share -----------------------------------------------------------------


def test_month_share_counts_elapsed_months_and_the_running_one_once_it_has_a_day(tree):
    branch, other, college = tree.branch, tree.other_branch, tree.college
    for day in (dt.date(2025, 9, 20), dt.date(2025, 9, 27), dt.date(2025, 11, 3)):
        ActivityFactory(org=branch, kind="themed_party_day", held_on=day)
    ActivityFactory(org=other, kind="themed_party_day", held_on=dt.date(2025, 10, 20))
    result = run("ledger.activity_month_share", [branch, other, college], kinds="themed_party_day")
    # branch: Sep, Oct, Nov (running, has one) → 2 of 3; other: Sep, Oct (Nov still running) → 1/2
    assert values(result, [branch, other, college]) == [pytest.approx(2 / 3), 0.5, 0.0]
    assert dict(result[branch.pk].detail) == {"total": 3.0, "ok": 2.0}


def test_month_share_of_a_closed_term_counts_every_month(tree):
    for month in (9, 10, 11, 12):
        ActivityFactory(org=tree.branch, kind="themed_party_day", held_on=dt.date(2025, month, 5))
    ActivityFactory(org=tree.branch, kind="themed_party_day", held_on=dt.date(2026, 2, 10))
    result = run(
        "ledger.activity_month_share",
        [tree.branch],
        as_of=dt.date(2026, 3, 1),
        kinds="themed_party_day",
    )
    assert result[tree.branch.pk].value == pytest.approx(5 / 6)  # January missing


def test_month_share_is_none_before_any_month_counts(tree):
    result = run(
        "ledger.activity_month_share",
        [tree.branch],
        as_of=dt.date(2025, 9, 10),
        kinds="themed_party_day",
    )
    assert result[tree.branch.pk].value is None


# ---- ledger.decision_quorum_share ----------------------------------------------------------------


def test_quorum_share_over_decision_meetings(tree, crew):
    branch, other = tree.branch, tree.other_branch

    def meeting(org: Any, day: int) -> Any:
        return ActivityFactory(
            org=org,
            kind="committee_meeting",
            is_decision_meeting=True,
            held_on=dt.date(2025, 10, day),
        )

    good = meeting(branch, 1)
    DecisionFactory(activity=good, members_entitled=5, members_present=3)
    DecisionFactory(activity=good, members_entitled=5, members_present=5)
    bad = meeting(branch, 2)
    DecisionFactory(activity=bad, members_entitled=5, members_present=3)
    DecisionFactory(activity=bad, members_entitled=4, members_present=2)  # exactly half: no quorum
    ActivityFactory(
        org=branch, kind="committee_meeting", held_on=dt.date(2025, 10, 3)
    )  # no decision
    result = run("ledger.decision_quorum_share", [branch, other])
    assert values(result, [branch, other]) == [0.5, None]
    assert result[branch.pk].evidence == (good.pk, bad.pk)


def test_quorum_from_committee_attendance_when_no_decision_rows(tree, crew):
    by_attendance = ActivityFactory(
        org=tree.branch,
        kind="committee_meeting",
        is_decision_meeting=True,
        held_on=dt.date(2025, 10, 8),
    )
    for person in (crew.secretary, crew.committee[0]):  # 2 of 3 committee members
        AttendanceFactory(activity=by_attendance, person=person)
    AttendanceFactory(activity=by_attendance, person=crew.committee[1], status="absent")
    unproven = ActivityFactory(
        org=tree.branch,
        kind="committee_meeting",
        is_decision_meeting=True,
        held_on=dt.date(2025, 10, 9),
    )
    result = run("ledger.decision_quorum_share", [tree.branch])
    assert result[tree.branch.pk].value == 0.5
    assert dict(result[tree.branch.pk].detail) == {"total": 2.0, "ok": 1.0, "unproven": 1.0}
    assert unproven.pk in result[tree.branch.pk].evidence


# ---- ledger.plans_on_file ------------------------------------------------------------------------


def test_plans_on_file_counts_kinds_valid_on_as_of(tree):
    branch, other, college = tree.branch, tree.other_branch, tree.college
    PlanDocumentFactory(org=branch, kind="overall_plan")
    PlanDocumentFactory(org=branch, kind="implementation_measures", valid_until=AS_OF)
    PlanDocumentFactory(org=branch, kind="overall_plan", valid_from=dt.date(2025, 1, 1))  # 2nd copy
    PlanDocumentFactory(
        org=other, kind="overall_plan", valid_until=dt.date(2025, 11, 19)
    )  # expired
    PlanDocumentFactory(org=other, kind="implementation_measures", valid_from=dt.date(2025, 12, 1))
    PlanDocumentFactory(org=college, kind="implementation_measures")
    result = run(
        "ledger.plans_on_file",
        [branch, other, college],
        kinds="overall_plan,implementation_measures",
    )
    assert values(result, [branch, other, college]) == [2.0, 0.0, 1.0]
    assert len(result[branch.pk].evidence) == 3
    assert result[branch.pk].records == "ledger.plandocument"


# ---- ledger.leaders_paired_share / leaders_visited_share ------------------------------------------


def test_leaders_paired_share(tree, crew):
    targets = [PersonFactory(university=tree.university, unit=tree.college) for _ in range(3)]
    ContactPairFactory(org=tree.branch, leader=crew.secretary, target=targets[0])
    ContactPairFactory(org=tree.branch, leader=crew.secretary, target=targets[1])
    ContactPairFactory(org=tree.college, leader=crew.committee[0], target=targets[0])
    ContactPairFactory(
        org=tree.branch, leader=crew.committee[0], target=targets[2], ended_on=dt.date(2025, 6, 30)
    )
    ContactPairFactory(  # recorded late: started a year before it was entered
        org=tree.branch,
        leader=crew.committee[0],
        target=targets[1],
        started_on=dt.date(2025, 1, 1),
        entered_at=entered(dt.date(2025, 1, 1), 300),
    )
    result = run("ledger.leaders_paired_share", [tree.branch, tree.other_branch], min="2")
    # secretary 2 targets, committee[0] 2 open (one ended), committee[1] none → 2 of 3
    assert result[tree.branch.pk].value == pytest.approx(2 / 3)
    assert dict(result[tree.branch.pk].detail) == {"total": 3.0, "ok": 2.0}
    assert len(result[tree.branch.pk].evidence) == 4 and len(result[tree.branch.pk].late) == 1
    assert result[tree.other_branch.pk].value is None  # no leadership registered
    assert run("ledger.leaders_paired_share", [tree.branch], min="1")[tree.branch.pk].value == (
        pytest.approx(2 / 3)
    )


def test_a_leader_who_left_the_post_does_not_count(tree, crew):
    PositionFactory(
        person=PersonFactory(unit=tree.college),
        org=tree.branch,
        kind="deputy_secretary",
        started_on=dt.date(2023, 1, 1),
        ended_on=dt.date(2025, 6, 30),
    )
    result = run("ledger.leaders_paired_share", [tree.branch], min="2")
    assert dict(result[tree.branch.pk].detail)["total"] == 3.0


def test_leaders_visited_share_within_the_window(tree, crew):
    ContactVisitFactory(org=tree.branch, leader=crew.secretary, visited_on=dt.date(2025, 10, 10))
    ContactVisitFactory(org=tree.branch, leader=crew.committee[0], visited_on=dt.date(2025, 8, 10))
    ContactVisitFactory(org=tree.branch, leader=crew.committee[1], visited_on=dt.date(2025, 11, 25))
    result = run("ledger.leaders_visited_share", [tree.branch, tree.college], min="1")
    assert result[tree.branch.pk].value == pytest.approx(1 / 3)  # outside the window: no count
    assert result[tree.college.pk].value is None


# ---- ledger.timely_recording_share ---------------------------------------------------------------


def test_timely_recording_share(tree):
    held = dt.date(2025, 10, 10)
    for days in (0, 3, 7, 8):
        ActivityFactory(org=tree.branch, held_on=held, entered_at=entered(held, days))
    result = run("ledger.timely_recording_share", [tree.branch, tree.other_branch], days="7")
    assert values(result, [tree.branch, tree.other_branch]) == [0.75, None]
    assert dict(result[tree.branch.pk].detail) == {"total": 4.0, "ok": 3.0}


# ---- ledger.attendance_rate ----------------------------------------------------------------------


def test_attendance_rate_over_org_life_kinds(tree, crew):
    kinds = "general_meeting,group_meeting,party_lecture,themed_party_day,org_life_meeting"
    life = ActivityFactory(org=tree.branch, kind="org_life_meeting", held_on=dt.date(2025, 10, 1))
    lecture = ActivityFactory(org=tree.branch, kind="party_lecture", held_on=dt.date(2025, 11, 1))
    seminar = ActivityFactory(org=tree.branch, kind="theory_seminar", held_on=dt.date(2025, 11, 2))
    people = [crew.secretary, *crew.committee, *crew.members]
    for person, status in zip(people, ["present"] * 5 + ["excused", "absent"], strict=True):
        AttendanceFactory(activity=life, person=person, status=status)
    AttendanceFactory(activity=lecture, person=crew.secretary, status="present")
    AttendanceFactory(activity=seminar, person=crew.secretary, status="absent")  # other kind
    result = run("ledger.attendance_rate", [tree.branch, tree.other_branch], kinds=kinds)
    assert result[tree.branch.pk].value == pytest.approx(6 / 8)
    assert result[tree.branch.pk].evidence == (life.pk, lecture.pk)
    assert result[tree.other_branch.pk].value is None


# ---- query counts --------------------------------------------------------------------------------

PARAMS: dict[str, dict[str, str]] = {
    "ledger.activity_count": {"kinds": "theory_seminar"},
    "ledger.activity_month_share": {"kinds": "themed_party_day"},
    "ledger.decision_quorum_share": {},
    "ledger.plans_on_file": {"kinds": "overall_plan,implementation_measures"},
    "ledger.leaders_paired_share": {"min": "2"},
    "ledger.leaders_visited_share": {"min": "1"},
    "ledger.timely_recording_share": {"days": "7"},
    "ledger.attendance_rate": {"kinds": "org_life_meeting"},
}


def _populate(org: Any) -> None:
    leader = PersonFactory(unit=org)
    PositionFactory(person=leader, org=org, kind="secretary", started_on=dt.date(2024, 1, 1))
    for kind in ("theory_seminar", "themed_party_day", "org_life_meeting"):
        activity = ActivityFactory(org=org, kind=kind)
        AttendanceFactory(activity=activity, person=leader)
    meeting = ActivityFactory(org=org, kind="committee_meeting", is_decision_meeting=True)
    AttendanceFactory(activity=meeting, person=leader)  # judged from attendance
    PlanDocumentFactory(org=org)
    for _ in range(2):
        ContactPairFactory(org=org, leader=leader, target=PersonFactory(unit=org))
    ContactVisitFactory(org=org, leader=leader)


@pytest.mark.parametrize("key", sorted(PARAMS))
def test_query_count_does_not_grow_with_the_number_of_orgs(tree, key):
    few = [OrganizationFactory(parent=tree.college) for _ in range(1)]
    many = [OrganizationFactory(parent=tree.college) for _ in range(20)]
    for org in few + many:
        _populate(org)
    counts = []
    for orgs in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            result = run(key, orgs, **PARAMS[key])
        assert set(result) == {o.pk for o in orgs}
        assert all(v.value not in (None, 0.0) for v in result.values()), key
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 4


@pytest.mark.parametrize("key", sorted(PARAMS))
def test_a_province_wide_run_reads_by_date_with_the_same_result(tree, crew, key, monkeypatch):
    """Above MAX_IN_LIST orgs the queries drop the org id list; rows of other orgs are ignored."""
    orgs = [OrganizationFactory(parent=tree.college) for _ in range(3)]
    for org in orgs:
        _populate(org)
    _populate(tree.other_branch)  # not in the context
    listed = run(key, orgs, **PARAMS[key])
    monkeypatch.setattr("liuhao.ledger.metrics.common.MAX_IN_LIST", 1)
    assert run(key, orgs, **PARAMS[key]) == listed
