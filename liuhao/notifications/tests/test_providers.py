"""The waiting providers registered by the desk and the surveys from their `ready()` (issue 7 item
6): requests near breach or overdue (C07.3, C18.2), open surveys below the minimum response rate
(C18.1). Set-based: a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liuhao.desk.apps import desk_waiting
from liuhao.desk.tests.handling.conftest import file_request
from liuhao.notifications.waiting import waiting_for
from liuhao.orgs.selectors.scope import scope_for
from liuhao.surveys.apps import surveys_waiting
from liuhao.surveys.models import Invitation, Survey
from liuhao.surveys.tests.support import opened, staff


def test_desk_requests_near_breach_and_overdue(db, tree, actors, django_assert_max_num_queries):
    today = timezone.localdate()
    file_request(tree.branch, title="图书馆座位不够")
    file_request(tree.branch, title="实验室空调坏了", due=today - dt.timedelta(days=7))
    file_request(tree.branch, title="奖学金评定有疑问", due=today)
    file_request(tree.other_univ_branch, title="外校", due=today - dt.timedelta(days=7))
    user = actors.committee_member
    scope_for(user)
    with django_assert_max_num_queries(3):
        items = desk_waiting(user)
    assert [(i.kind, i.title, i.count) for i in items] == [
        ("warning", "1 件诉求已超过办结时限", 1),
        ("deadline", "1 件诉求临近办结时限", 1),
    ]
    assert all(i.url == "/desk/overdue/" for i in items)
    assert desk_waiting(actors.party_member) == []
    titles = [i.title for i in waiting_for(user)]
    assert "1 件诉求已超过办结时限" in titles


def test_surveys_below_the_minimum_response_rate(db, tree, actors, django_assert_max_num_queries):
    staff(tree.branch, members=6)
    survey, _ = opened(actors.committee_member, tree.branch)
    closes = timezone.localdate() + dt.timedelta(days=3)
    Survey.objects.filter(pk=survey.pk).update(closes_on=closes)
    user = actors.committee_member
    scope_for(user)
    with django_assert_max_num_queries(1):
        items = surveys_waiting(user)
    assert len(items) == 1
    item = items[0]
    assert item.due == closes and item.kind == "deadline"
    assert "参与率 0%" in item.title and "低于 30%" in item.title
    assert item.url == f"/surveys/{survey.pk}/manage/"
    assert surveys_waiting(actors.party_member) == []
    # Enough answers: nothing waits any more.
    ids = list(Invitation.objects.filter(survey=survey).values_list("pk", flat=True)[:3])
    Invitation.objects.filter(pk__in=ids).update(used=True)
    assert surveys_waiting(user) == []


def test_every_registered_provider_runs_for_every_role(db, tree, actors):
    """waiting_for() logs and skips a failing provider (the page must not break); this test makes
    sure none of the registered ones fails, for every role and for a user without any."""
    from liuhao.api.tests.support import ROLES
    from liuhao.notifications.waiting import _PROVIDERS, WaitingItem
    from liuhao.sites.tests.support import open_cycle, reviewed, year_run

    # Some state for every provider to read: a reviewed assessment, an open cycle, late requests.
    reviewed(tree.branch, year_run())
    open_cycle(actors.province_admin)
    file_request(tree.branch, title="实验室空调坏了", due=timezone.localdate())

    assert len(_PROVIDERS) >= 4  # assessments, sites, desk, surveys
    found = 0
    for role in ROLES:
        user = getattr(actors, role)
        for provider in _PROVIDERS:
            items = provider(user)
            found += len(items)
            assert all(isinstance(i, WaitingItem) and i.url.startswith("/") for i in items), (
                provider,
                role,
            )
    assert found
