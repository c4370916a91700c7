"""API corrections: decisions (view, PATCH, DELETE) and full PATCH of contact pairs; scoped (outside
→ 404), writers only (403), Chinese 400s naming the field with nothing changed, audited."""

from __future__ import annotations

import datetime as dt

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Decision
from liuhao.ledger.tests.factories import ActivityFactory, ContactPairFactory, DecisionFactory

API = "/api/v1/ledger"


def test_decision_patch_and_delete(actors, tree, crew):
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting", is_decision_meeting=True)
    decision = DecisionFactory(activity=meeting, members_entitled=5, members_present=4)
    writer = token_client(actors.committee_member)
    url = f"{API}/decisions/{decision.pk}/"
    out = writer.get(url).json()
    assert out["activity"] == meeting.pk and out["has_quorum"] is True
    bad = assert_error(send(writer, "PATCH", url, {"members_present": 6}), 400)
    assert "实到人数" in bad["message"]
    assert_error(send(writer, "PATCH", url, {"members_entitled": 0}), 400)
    assert_error(send(writer, "PATCH", url, {"text": None}), 400)
    decision.refresh_from_db()
    assert decision.members_present == 4
    ok = send(writer, "PATCH", url, {"members_present": 2, "text": "暂缓确定发展对象"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["has_quorum"] is False
    assert AuditEvent.objects.filter(verb="update", target_id=decision.pk).count() == 1
    reader = token_client(actors.party_member)
    assert_error(send(reader, "DELETE", url), 403)
    assert send(writer, "DELETE", url).status_code == 204
    assert not Decision.objects.exists()
    assert AuditEvent.objects.filter(verb="delete", target_id=decision.pk).exists()


def test_decisions_of_other_universities_are_not_found(actors, tree):
    meeting = ActivityFactory(
        org=tree.other_univ_branch, kind="committee_meeting", is_decision_meeting=True
    )
    decision = DecisionFactory(activity=meeting)
    client = token_client(actors.university_admin)
    for method in ("GET", "DELETE"):
        assert_error(send(client, method, f"{API}/decisions/{decision.pk}/"), 404)
    assert_error(send(client, "PATCH", f"{API}/decisions/{decision.pk}/", {"text": "x"}), 404)
    assert_error(client.get(f"{API}/decisions/{2**60}/"), 404)
    assert Decision.objects.get().text == decision.text


def test_contact_pair_patch_corrects_any_field(actors, tree, crew):
    pair = ContactPairFactory(
        org=tree.branch,
        leader=crew.secretary,
        target=crew.members[0],
        started_on=dt.date(2025, 3, 1),
    )
    writer = token_client(actors.committee_member)
    url = f"{API}/contact-pairs/{pair.pk}/"
    same = assert_error(send(writer, "PATCH", url, {"target": crew.secretary.pk}), 400)
    assert "服务对象" in same["message"]
    assert_error(send(writer, "PATCH", url, {"target": 10**9}), 404)
    early = assert_error(send(writer, "PATCH", url, {"started_on": "2023-06-01"}), 400)
    assert "班子成员" in early["message"]
    assert_error(send(writer, "PATCH", url, {"started_on": None}), 400)
    ok = send(writer, "PATCH", url, {"target": crew.members[1].pk, "note": "每月一次"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["target"] == crew.members[1].pk and ok.json()["note"] == "每月一次"
    reopened = send(writer, "PATCH", url, {"ended_on": "2025-12-31"})
    assert reopened.json()["ended_on"] == "2025-12-31"
    assert send(writer, "PATCH", url, {"ended_on": None}).json()["ended_on"] is None
    assert AuditEvent.objects.filter(verb="update", target_id=pair.pk).count() == 3
