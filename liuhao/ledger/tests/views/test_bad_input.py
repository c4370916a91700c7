"""Bad input never answers 500: every ledger form and create endpoint gets impossible values in
every field (huge and negative numbers, far dates, control characters, very long text) and answers
a 4xx, storing nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liuhao.api.tests.support import send, token_client
from liuhao.ledger.tests.factories import ActivityFactory
from liuhao.ledger.tests.views.conftest import ledger_counts

NASTY = ["-1", "99999999999999999999", "2999-12-31", "0001-01-01", "abc", "\x00", "字" * 6000]
FORMS = [
    "activity-create",
    "plan-create",
    "contact-pair-create",
    "contact-visit-create",
    "servicerecord-create",
    "task-create",
    "disclosure-create",
]
ENDPOINTS = [
    "activities",
    "plans",
    "contact-pairs",
    "contact-visits",
    "service-records",
    "tasks",
    "disclosures",
]
FIELDS = [
    "kind",
    "held_on",
    "topic",
    "title",
    "valid_from",
    "leader",
    "target",
    "started_on",
    "visited_on",
    "persons",
    "person",
    "served_on",
    "hours",
    "owner",
    "assigned_on",
    "due_on",
    "published_on",
    "members_entitled",
    "members_present",
    "attendance",
]


@pytest.mark.parametrize("name", FORMS)
def test_forms_refuse_impossible_values_without_500(client, tree, actors, crew, name):
    client.force_login(actors.committee_member)
    url = reverse(f"ledger:{name}", args=[tree.branch.pk])
    names = list(client.get(url).context["form"].fields)
    before = ledger_counts()
    for value in NASTY:
        response = client.post(url, dict.fromkeys(names, value))
        assert response.status_code == 400, (name, value[:10], response.status_code)
    assert ledger_counts() == before


def test_decision_form_refuses_impossible_values_without_500(client, tree, actors):
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting", is_decision_meeting=True)
    client.force_login(actors.committee_member)
    url = reverse("ledger:decision-create", args=[meeting.pk])
    before = ledger_counts()
    for value in NASTY:
        data = {"text": value, "members_entitled": value, "members_present": value}
        assert client.post(url, data).status_code == 400, value[:10]
    assert ledger_counts() == before


@pytest.mark.parametrize("path", ENDPOINTS)
def test_api_refuses_impossible_values_without_500(tree, actors, crew, path):
    writer = token_client(actors.committee_member)
    before = ledger_counts()
    for value in [*NASTY, -1, 10**20, None, [], {"a": 1}, [{"person": 10**20, "status": "x"}]]:
        body = {"org": tree.branch.pk, **dict.fromkeys(FIELDS, value)}
        response = send(writer, "POST", f"/api/v1/ledger/{path}/", body)
        assert 400 <= response.status_code < 500, (path, str(value)[:10], response.content[:200])
    assert ledger_counts() == before
