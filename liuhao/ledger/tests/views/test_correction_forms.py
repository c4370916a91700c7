"""Correction forms of contact pairs (C03.1), contact visits (C03.2) and decisions (C02.3): the
change is saved and audited; impossible input is refused naming the field, with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.ledger.tests.factories import (
    ActivityFactory,
    ContactPairFactory,
    ContactVisitFactory,
    DecisionFactory,
)
from liuhao.ledger.tests.views.conftest import form_errors
from liuhao.orgs.tests.factories import PersonFactory


@pytest.fixture
def pair(tree, crew):
    return ContactPairFactory(
        org=tree.branch,
        leader=crew.secretary,
        target=crew.members[0],
        started_on=dt.date(2025, 3, 1),
    )


def _pair_data(pair, **changes):
    return {
        "leader": pair.leader_id,
        "target": pair.target.number,
        "started_on": pair.started_on.isoformat(),
        "ended_on": "",
        "note": "",
        **changes,
    }


def test_contact_pair_edit_saves_and_audits(client, actors, crew, pair):
    client.force_login(actors.committee_member)
    url = reverse("ledger:contact-pair-edit", args=[pair.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["target"] == crew.members[0].number
    data = _pair_data(pair, target=crew.members[1].number, note="每月走访一次")
    assert client.post(url, data).status_code == 302
    pair.refresh_from_db()
    assert pair.target == crew.members[1] and pair.note == "每月走访一次"
    event = AuditEvent.objects.get(verb="update", target_id=pair.pk)
    assert event.changes["target"] == [crew.members[0].pk, crew.members[1].pk]


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"ended_on": "2025-02-01"}, "结对结束日期"),
        ({"target": "NOBODY"}, "服务对象"),
        ({"target": "LEADER"}, "服务对象"),
        ({"leader": "MEMBER"}, "班子成员"),
        ({"started_on": "2023-01-01"}, "班子成员"),
        ({"started_on": "2025-02-30"}, "结对开始日期"),
    ],
)
def test_contact_pair_edit_refuses_impossible_input(
    client, tree, actors, crew, pair, changes, label
):
    outside = PersonFactory(university=tree.other_university, number="X-1")
    values = {
        "NOBODY": outside.number,
        "LEADER": crew.secretary.number,
        "MEMBER": crew.members[2].pk,
    }
    changes = {k: values.get(v, v) for k, v in changes.items()}
    client.force_login(actors.committee_member)
    url = reverse("ledger:contact-pair-edit", args=[pair.pk])
    assert label in form_errors(client.post(url, _pair_data(pair, **changes)))
    pair.refresh_from_db()
    assert pair.target == crew.members[0] and pair.ended_on is None
    assert not AuditEvent.objects.exists()


def test_contact_visit_edit(client, tree, actors, crew):
    visit = ContactVisitFactory(org=tree.branch, leader=crew.secretary)
    client.force_login(actors.committee_member)
    url = reverse("ledger:contact-visit-edit", args=[visit.pk])
    assert client.get(url).status_code == 200
    data = {
        "leader": crew.secretary.pk,
        "visited_on": "2025-10-09",
        "topic": "走访实验室",
        "target": crew.members[1].number,
        "place": "实验楼",
        "findings": "",
    }
    assert "走访日期" in form_errors(client.post(url, {**data, "visited_on": "2999-01-01"}))
    assert "班子成员" in form_errors(client.post(url, {**data, "leader": crew.members[0].pk}))
    visit.refresh_from_db()
    assert visit.topic == "走访联系点"
    assert client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert (visit.topic, visit.target, visit.place) == ("走访实验室", crew.members[1], "实验楼")
    assert AuditEvent.objects.filter(verb="update", target_id=visit.pk).count() == 1


def test_decision_edit(client, tree, actors, crew):
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting", is_decision_meeting=True)
    decision = DecisionFactory(activity=meeting, members_entitled=5, members_present=4)
    client.force_login(actors.committee_member)
    url = reverse("ledger:decision-edit", args=[decision.pk])
    assert client.get(url).status_code == 200
    bad = {"text": "研究确定发展对象", "members_entitled": "5", "members_present": "6"}
    assert "实到人数" in form_errors(client.post(url, bad))
    assert "应到人数" in form_errors(client.post(url, {**bad, "members_entitled": "0"}))
    assert "决议内容" in form_errors(client.post(url, {**bad, "text": ""}))
    decision.refresh_from_db()
    assert decision.members_present == 4
    ok = {"text": "确定两名发展对象", "members_entitled": "5", "members_present": "3"}
    response = client.post(url, ok)
    assert response["Location"] == reverse("ledger:activity-detail", args=[meeting.pk])
    decision.refresh_from_db()
    assert (decision.text, decision.members_present) == ("确定两名发展对象", 3)
    event = AuditEvent.objects.get(verb="update", target_id=decision.pk)
    assert event.changes["members_present"] == [4, 3]
    detail = client.get(reverse("ledger:activity-detail", args=[meeting.pk])).content.decode()
    assert url in detail


def test_correction_pages_are_for_writers_in_scope(client, tree, actors, crew, pair):
    visit = ContactVisitFactory(org=tree.branch, leader=crew.secretary)
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting", is_decision_meeting=True)
    decision = DecisionFactory(activity=meeting)
    urls = [
        reverse("ledger:contact-pair-edit", args=[pair.pk]),
        reverse("ledger:contact-visit-edit", args=[visit.pk]),
        reverse("ledger:decision-edit", args=[decision.pk]),
    ]
    client.force_login(actors.party_member)
    assert [client.get(u).status_code for u in urls] == [403, 403, 403]
    other = ContactVisitFactory(org=tree.other_univ_branch, leader=crew.secretary)
    client.force_login(actors.committee_member)
    assert client.get(reverse("ledger:contact-visit-edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("ledger:decision-edit", args=[10**12])).status_code == 404
