"""Selectors of the handler's side: only handling grants open requests (a member who is also a
committee member elsewhere sees only the latter's), the handlers offered as 责任人, the home-page
counts, the near-breach line on working days (Criteria C07.3, C18.2)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.roles import Role
from liuhao.desk.selectors import (
    DeskClock,
    desk_summary,
    org_handlers,
    request_todo_list,
    visible_requests,
)
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory
from liuhao.orgs.workdays import WorkdayCalendar

pytestmark = pytest.mark.django_db


def test_only_handling_grants_open_requests(tree, desk):
    user = UserFactory(username="both")
    RoleAssignmentFactory(user=user, role=Role.REVIEWER, org=tree.university)
    RoleAssignmentFactory(user=user, role=Role.COMMITTEE_MEMBER, org=tree.other_branch)
    assert not visible_requests(user).exists()
    RoleAssignmentFactory(user=user, role=Role.COMMITTEE_MEMBER, org=tree.branch)
    user = type(user).objects.get(pk=user.pk)  # a fresh scope
    titles = set(visible_requests(user).values_list("title", flat=True))
    assert titles == {"图书馆座位不够", "实验室空调坏了", "奖学金评定有疑问"}


def test_org_handlers_are_the_handling_roles_on_the_org_and_above(tree, actors):
    names = set(org_handlers(tree.branch).values_list("username", flat=True))
    assert names == {"committee", "secretary", "univ"}
    assert set(org_handlers(tree.other_branch).values_list("username", flat=True)) == {
        "secretary",
        "univ",
    }


def test_summary_counts_in_one_query(actors, desk, django_assert_num_queries):
    desk_clock = DeskClock.load(desk.fresh.submitted_on)
    scope_for(actors.committee_member)  # built once per request, cached on the user
    with django_assert_num_queries(1):
        summary = desk_summary(actors.committee_member, desk_clock)
    assert summary is not None
    assert (summary.todo, summary.overdue, summary.near, summary.escalated) == (3, 1, 1, 0)
    assert desk_summary(actors.party_member, desk_clock) is None
    todo = request_todo_list(actors.committee_member, desk_clock)
    assert todo.count() == 3


def test_near_breach_line_counts_working_days():
    friday = dt.date(2025, 11, 14)
    desk_clock = DeskClock(friday, WorkdayCalendar({}), WorkdayCalendar({}).add_workdays(friday, 2))
    # near_breach_workdays = 1: due on Friday (0 left) or Monday (1 left) is near; Tuesday is not
    assert desk_clock.near_before == dt.date(2025, 11, 18)
    assert desk_clock.workdays_left(dt.date(2025, 11, 17)) == 1
    assert desk_clock.workdays_left(dt.date(2025, 11, 12)) == -2
