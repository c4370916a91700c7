"""What waits for the actor in the site cycle (issue 7 item 6): applying, ranking, scoring,
deciding; and the notifications sent on assignment and decision."""

from __future__ import annotations

import datetime as dt

import time_machine

from liuhao.notifications.models import Notification
from liuhao.sites.services.cycle import application_submit, expert_assign, recommendation_set
from liuhao.sites.services.decision import application_decide
from liuhao.sites.tests.support import expert_of, open_cycle, reviewed, year_run
from liuhao.sites.waiting import waiting

DAY = dt.date(2026, 3, 10)


def _titles(user):
    return [i.title for i in waiting(user)]


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_waiting_items_follow_the_cycle(tree, actors):
    run = year_run()
    reviewed(tree.branch, run)
    cycle = open_cycle(actors.province_admin)
    assert any("可申报" in t for t in _titles(actors.org_secretary))
    app = application_submit(actor=actors.org_secretary, cycle=cycle, org=tree.branch, today=DAY)
    assert not any("可申报" in t for t in _titles(actors.org_secretary))
    assert any("待推荐排序" in t for t in _titles(actors.university_admin))
    recommendation_set(
        actor=actors.university_admin,
        cycle=cycle,
        university=tree.university,
        ranking=[app.pk],
        today=DAY,
    )
    assert any("待审定" in t for t in _titles(actors.province_admin))
    expert = expert_of(tree.other_university)
    expert_assign(actor=actors.province_admin, application=app, expert=expert, kind="report")
    assert _titles(expert) == ["评审示范点申报：计算机系教工第一党支部"]
    assert Notification.objects.filter(recipient=expert, kind="review").exists()
    application_decide(actor=actors.province_admin, application=app, verdict="name", today=DAY)
    assert Notification.objects.filter(recipient=actors.org_secretary, kind="decision").exists()
    assert _titles(expert) == []  # decided: nothing left to score
