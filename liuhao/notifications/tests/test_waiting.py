"""The "what waits for me" registry (issue 7 item 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.notifications.waiting import (
    WaitingItem,
    register_waiting,
    unregister_waiting,
    waiting_count,
    waiting_for,
)
from liuhao.orgs.tests.factories import UserFactory


@pytest.fixture
def providers():
    added = []

    def add(provider):
        register_waiting(provider)
        added.append(provider)
        return provider

    yield add
    for provider in added:
        unregister_waiting(provider)


def test_items_of_every_provider_sorted_by_due_date(db, providers):
    user = UserFactory()

    @providers
    def reviews(actor):
        return [
            WaitingItem("review", "3 份自评待审核", "/a/", dt.date(2026, 5, 1), count=3),
            WaitingItem("warning", "示范点复核预警", "/w/", None),
        ]

    @providers
    def returns(actor):
        return [WaitingItem("return", "自评被退回", "/r/", dt.date(2026, 4, 1))]

    register_waiting(returns)  # idempotent
    items = waiting_for(user)
    assert [i.title for i in items] == ["自评被退回", "3 份自评待审核", "示范点复核预警"]
    assert waiting_count(user) == 5


def test_a_failing_provider_is_skipped(db, providers, caplog):
    user = UserFactory()

    @providers
    def broken(actor):
        raise RuntimeError("bug")

    @providers
    def fine(actor):
        return [WaitingItem("deadline", "申报截止", "/d/", dt.date(2026, 6, 1))]

    assert [i.title for i in waiting_for(user)] == ["申报截止"]
    assert "waiting provider" in caplog.text


def test_the_badge_count_is_cached_until_notify_changes_it(
    db, providers, django_capture_on_commit_callbacks
):
    from liuhao.notifications.services import notify

    user = UserFactory()
    calls = []

    @providers
    def counting(actor):
        calls.append(actor.pk)
        return [WaitingItem("review", "待评审", "/r/")]

    assert waiting_count(user) == 1
    assert waiting_count(user) == 1
    assert len(calls) == 1  # second read from the cache
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], kind="info", title="x")
    assert waiting_count(user) == 1
    assert len(calls) == 2


def test_anonymous_has_nothing_waiting():
    from django.contrib.auth.models import AnonymousUser

    assert waiting_for(AnonymousUser()) == []
    assert waiting_count(AnonymousUser()) == 0
