"""The desk's metrics over every org at once (C07.3, C12.2, C18.2, C18.3): judged requests only,
roll-up to the parent orgs, honest missing values, grouped queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from liuhao.desk.choices import Channel
from liuhao.desk.metrics import (
    closed_within_sla_rate,
    online_request_count,
    resolved_within_sla_rate,
    urgent_overdue_count,
)
from liuhao.desk.services import request_submit, request_transition, requester_confirm
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow

pytestmark = pytest.mark.django_db

TERM = PeriodWindow(
    code="2025-2026-1", kind="term", start=dt.date(2025, 9, 1), end=dt.date(2026, 2, 14)
)


def ctx(tree: Any, as_of: dt.date) -> MetricContext:
    ids = frozenset({tree.university.pk, tree.college.pk, tree.branch.pk, tree.other_branch.pk})
    return MetricContext(org_ids=ids, windows={TERM: ids}, as_of=as_of)


def at(time_machine: Any, day: str) -> None:
    time_machine.move_to(dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"), tick=False)


def submit(org: Any, **over: Any) -> Any:
    data = {"category": "study_life", "title": "诉求", "body": "内容", **over}
    return request_submit(
        org=org, data=data, channel=over.pop("channel", Channel.PUBLIC_FORM)
    ).request


def test_sla_shares_judge_only_decided_requests_and_roll_up(tree, actors, time_machine):
    handler = actors.province_admin
    at(time_machine, "2025-11-03")
    on_time = submit(tree.branch)
    request_transition(actor=handler, request=on_time, action="accept")
    request_transition(actor=handler, request=on_time, action="resolve", text="已办")
    requester_confirm(request=on_time)
    overdue = submit(tree.branch, priority="urgent")  # due 11-06, never handled
    at(time_machine, "2025-11-20")
    pending = submit(tree.other_branch)  # not yet due: not judged
    resolved = resolved_within_sla_rate(ctx(tree, dt.date(2025, 11, 20)))
    assert resolved[tree.branch.pk].value == 0.5
    assert dict(resolved[tree.branch.pk].detail) == {"total": 2.0, "ok": 1.0}
    assert set(resolved[tree.branch.pk].evidence) == {on_time.pk, overdue.pk}
    assert resolved[tree.other_branch.pk].value is None  # nothing judged: awaiting data
    assert resolved[tree.college.pk].value == 0.5  # rolled up
    closed = closed_within_sla_rate(ctx(tree, dt.date(2025, 11, 20)))
    assert closed[tree.branch.pk].value == 0.5
    urgent = urgent_overdue_count(ctx(tree, dt.date(2025, 11, 20)))
    assert urgent[tree.branch.pk].value == 1.0 and urgent[tree.branch.pk].evidence == (overdue.pk,)
    assert urgent[tree.other_branch.pk].value == 0.0  # has a request, none urgent overdue
    online = online_request_count(ctx(tree, dt.date(2025, 11, 20)))
    assert online[tree.university.pk].value == 3.0
    assert pending.pk in online[tree.other_branch.pk].evidence


def test_requests_recorded_from_receptions_are_not_online(tree, actors):
    submit(tree.branch)
    request_submit(
        org=tree.branch,
        data={"category": "advice", "title": "建议", "body": "内容"},
        channel=Channel.RECEPTION,
        actor=actors.committee_member,
    )
    today = dt.date.today()
    window = PeriodWindow(code="x", kind="term", start=today - dt.timedelta(days=5), end=today)
    ids = frozenset({tree.branch.pk})
    values = online_request_count(MetricContext(org_ids=ids, windows={window: ids}, as_of=today))
    assert values[tree.branch.pk].value == 1.0


def test_one_query_per_window_whatever_the_org_count(tree, django_assert_max_num_queries):
    for _ in range(5):
        submit(tree.branch)
    with django_assert_max_num_queries(3):
        resolved_within_sla_rate(ctx(tree, dt.date(2026, 2, 14)))


def test_member_affairs_median_counts_desk_requests_and_ledger_services(tree, actors, time_machine):
    """C10.2: the requests of the checkpoint's categories, submitted → resolved in working days
    less the days waiting for the requester, join the ledger's member-affairs services."""
    from liuhao.desk.metrics import member_affairs_median_days
    from liuhao.frontline.tests.factories import MemberAffairFactory
    from liuhao.orgs.tests.factories import PersonFactory

    handler = actors.province_admin
    at(time_machine, "2025-11-03")  # a Monday
    quick = submit(tree.branch, category="member_affairs")
    paused = submit(tree.branch, category="member_affairs")
    other = submit(tree.branch)  # not a member affair: not counted
    for request in (quick, paused, other):
        request_transition(actor=handler, request=request, action="accept")
    request_transition(actor=handler, request=paused, action="wait", text="请补充材料")
    at(time_machine, "2025-11-05")  # Wednesday: quick took 2 working days
    request_transition(actor=handler, request=quick, action="resolve", text="已办")
    request_transition(actor=handler, request=paused, action="resume")  # waited 2 working days
    at(time_machine, "2025-11-10")  # next Monday: 5 working days less 2 waiting = 3
    request_transition(actor=handler, request=paused, action="resolve", text="已办")
    request_transition(actor=handler, request=other, action="resolve", text="已办")
    MemberAffairFactory(  # Mon → Fri in the ledger: 4
        org=tree.branch,
        person=PersonFactory(university=tree.university),
        received_on=dt.date(2025, 11, 3),
        completed_on=dt.date(2025, 11, 7),
    )
    ids = frozenset({tree.branch.pk, tree.other_branch.pk})
    context = MetricContext(
        org_ids=ids,
        windows={TERM: ids},
        as_of=dt.date(2025, 11, 20),
        params={"request_categories": "member_affairs"},
    )
    result = member_affairs_median_days(context)
    assert result[tree.branch.pk].value == 3.0  # median of 2, 3 and 4
    assert dict(result[tree.branch.pk].detail) == {"completed": 1.0, "requests": 2.0}
    assert set(result[tree.branch.pk].evidence) == {quick.pk, paused.pk}
    assert result[tree.branch.pk].records == "desk.servicerequest"
    assert result[tree.other_branch.pk].value is None  # nothing completed: awaiting data
