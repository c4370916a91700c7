"""Metrics of criteria C06.3 (member service), C07.1 (tasks on time) and C07.2 (disclosures)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.ledger.tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DisclosureFactory,
    ServiceRecordFactory,
    TaskFactory,
    entered,
)
from liuhao.ledger.tests.test_metrics import AS_OF, run, values


def test_member_service_rate_counts_members_with_a_record_or_service_attendance(tree, crew):
    branch = tree.branch
    people = [crew.secretary, *crew.committee, *crew.members]  # 7 members of the branch
    first = ServiceRecordFactory(org=branch, person=people[0])
    ServiceRecordFactory(org=branch, person=people[0], served_on=dt.date(2025, 10, 20))
    late = ServiceRecordFactory(
        org=branch,
        person=people[1],
        served_on=dt.date(2025, 9, 2),
        entered_at=entered(dt.date(2025, 9, 2), 40),
    )
    ServiceRecordFactory(org=branch, person=people[2], served_on=dt.date(2025, 8, 30))  # before
    ServiceRecordFactory(org=branch, person=people[3], served_on=dt.date(2025, 11, 21))  # after
    volunteer = ActivityFactory(org=branch, kind="volunteer_service", held_on=dt.date(2025, 10, 1))
    AttendanceFactory(activity=volunteer, person=people[4])
    AttendanceFactory(activity=volunteer, person=people[5], status="absent")
    result = run("ledger.member_service_rate", [branch, tree.college, tree.other_branch])
    assert result[branch.pk].value == 3 / 7
    assert result[branch.pk].evidence == tuple(sorted((first.pk, late.pk)))
    assert result[branch.pk].late == (late.pk,)
    assert result[branch.pk].records == "ledger.servicerecord"
    # the college counts its whole subtree: the branch's 7 and the sibling branch's member
    assert result[tree.college.pk].value == 3 / 8
    assert result[tree.other_branch.pk].value == 0.0


def test_member_service_rate_is_none_without_members(tree):
    result = run("ledger.member_service_rate", [tree.branch])
    assert result[tree.branch.pk].value is None


def test_task_on_time_rate(tree, crew):
    branch, owner = tree.branch, crew.secretary
    on_time = TaskFactory(org=branch, owner=owner, completed_on=dt.date(2025, 10, 31))
    overdue = TaskFactory(org=branch, owner=owner, completed_on=dt.date(2025, 11, 2))
    open_ = TaskFactory(org=branch, owner=owner, due_on=dt.date(2025, 11, 10))
    TaskFactory(org=branch, owner=owner, due_on=dt.date(2025, 12, 1))  # not yet due on as_of
    TaskFactory(
        org=branch, owner=owner, due_on=dt.date(2025, 8, 1), assigned_on=dt.date(2025, 7, 1)
    )
    result = run("ledger.task_on_time_rate", [branch, tree.other_branch])
    assert result[branch.pk].value == 1 / 3
    assert result[branch.pk].evidence == tuple(sorted((on_time.pk, overdue.pk, open_.pk)))
    assert result[branch.pk].records == "ledger.task"
    assert result[tree.other_branch.pk].value is None


def test_disclosure_count_counts_public_and_internal(tree):
    DisclosureFactory(org=tree.branch, scope="public")
    DisclosureFactory(org=tree.branch, scope="internal", published_on=AS_OF)
    DisclosureFactory(org=tree.branch, published_on=dt.date(2025, 8, 1))
    result = run("ledger.disclosure_count", [tree.branch, tree.other_branch])
    assert values(result, [tree.branch, tree.other_branch]) == [2.0, 0.0]
    assert result[tree.branch.pk].records == "ledger.disclosure"


def test_work_metrics_use_a_constant_number_of_queries(tree, crew):
    orgs = [tree.branch, tree.other_branch, tree.college]
    for org in orgs:
        TaskFactory(org=org, owner=crew.secretary)
        DisclosureFactory(org=org)
    counts = []
    for subset in (orgs[:1], orgs):
        with CaptureQueriesContext(connection) as captured:
            for key in (
                "ledger.member_service_rate",
                "ledger.task_on_time_rate",
                "ledger.disclosure_count",
            ):
                run(key, subset)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_member_service_rate_awaits_data_where_the_university_recorded_no_service(tree, crew):
    """Members, but no service data anywhere in the university in the window: None, not 0."""
    result = run("ledger.member_service_rate", [tree.branch, tree.college])
    assert values(result, [tree.branch, tree.college]) == [None, None]
    ServiceRecordFactory(org=tree.other_branch, person=crew.outsider)
    result = run("ledger.member_service_rate", [tree.branch, tree.college])
    assert values(result, [tree.branch, tree.college]) == [0.0, 1 / 8]


def test_member_service_evidence_falls_back_to_the_activities_attended(tree, crew):
    volunteer = ActivityFactory(
        org=tree.branch, kind="social_practice", held_on=dt.date(2025, 10, 1)
    )
    for person in crew.members:
        AttendanceFactory(activity=volunteer, person=person)
    result = run("ledger.member_service_rate", [tree.branch])
    assert result[tree.branch.pk].value == 4 / 7
    assert result[tree.branch.pk].evidence == (volunteer.pk,)
    assert result[tree.branch.pk].records == "ledger.activity"
