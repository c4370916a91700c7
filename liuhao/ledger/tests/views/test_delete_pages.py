"""Delete pages of every ledger record type besides activities: a confirmation page (GET stores
nothing), then POST deletes through the service with an audit row; readers get 403, records outside
the actor's scope 404, and nothing is deleted then."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import (
    Attachment,
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.ledger.services import attachment_add
from liuhao.ledger.tests.factories import (
    ActivityFactory,
    ContactPairFactory,
    ContactVisitFactory,
    DecisionFactory,
    DisclosureFactory,
    PlanDocumentFactory,
    ServiceRecordFactory,
    TaskFactory,
)
from liuhao.ledger.tests.views.conftest import PDF


def _make(name: str, org: Any, crew: Any) -> Any:
    if name == "servicerecord":
        return ServiceRecordFactory(org=org, person=crew.members[0])
    if name == "task":
        return TaskFactory(org=org, owner=crew.secretary)
    if name == "disclosure":
        return DisclosureFactory(org=org)
    if name == "plan":
        return PlanDocumentFactory(org=org)
    if name == "contact-pair":
        return ContactPairFactory(org=org, leader=crew.secretary, target=crew.members[0])
    if name == "contact-visit":
        return ContactVisitFactory(org=org, leader=crew.secretary)
    activity = ActivityFactory(org=org, kind="committee_meeting", is_decision_meeting=True)
    return DecisionFactory(activity=activity)


KINDS = [
    ("servicerecord", ServiceRecord, "服务记录"),
    ("task", Task, "任务"),
    ("disclosure", Disclosure, "党务公开"),
    ("plan", PlanDocument, "文件"),
    ("contact-pair", ContactPair, "结对联系"),
    ("contact-visit", ContactVisit, "联系走访"),
    ("decision", Decision, "决议"),
]


@pytest.mark.parametrize(("name", "model", "label"), KINDS)
def test_confirm_then_delete_is_audited(client, tree, actors, crew, name, model, label):
    record = _make(name, tree.branch, crew)
    client.force_login(actors.committee_member)
    url = reverse(f"ledger:{name}-delete", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"删除{label}" in page.content.decode()
    assert model.objects.filter(pk=record.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
    event = AuditEvent.objects.get(verb="delete", target_id=record.pk)
    assert event.actor_id == actors.committee_member.pk
    assert event.changes


@pytest.mark.parametrize(("name", "model", "label"), KINDS)
def test_readers_get_403_and_outsiders_404(client, tree, actors, crew, name, model, label):
    mine = _make(name, tree.branch, crew)
    client.force_login(actors.party_member)
    url = reverse(f"ledger:{name}-delete", args=[mine.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    foreign = _make(name, tree.other_univ_branch, crew)
    client.force_login(actors.university_admin)
    assert client.post(reverse(f"ledger:{name}-delete", args=[foreign.pk])).status_code == 404
    assert model.objects.count() == 2
    assert not AuditEvent.objects.filter(verb="delete").exists()


@pytest.mark.parametrize(
    ("name", "edit", "detail"),
    [
        ("servicerecord", "servicerecord-edit", "servicerecord-detail"),
        ("task", "task-edit", "task-detail"),
        ("disclosure", "disclosure-edit", "disclosure-detail"),
        ("plan", "plan-edit", None),
        ("contact-pair", "contact-pair-edit", None),
        ("contact-visit", "contact-visit-edit", None),
        ("decision", "decision-edit", None),
    ],
)
def test_edit_and_detail_pages_link_to_the_delete_page(
    client, tree, actors, crew, name, edit, detail
):
    record = _make(name, tree.branch, crew)
    client.force_login(actors.committee_member)
    delete_url = reverse(f"ledger:{name}-delete", args=[record.pk])
    assert delete_url in client.get(reverse(f"ledger:{edit}", args=[record.pk])).content.decode()
    if detail:
        page = client.get(reverse(f"ledger:{detail}", args=[record.pk])).content.decode()
        assert delete_url in page


def test_deleting_a_decision_returns_to_its_meeting(client, tree, actors, crew):
    decision = _make("decision", tree.branch, crew)
    client.force_login(actors.committee_member)
    response = client.post(reverse("ledger:decision-delete", args=[decision.pk]))
    assert response["Location"] == reverse("ledger:activity-detail", args=[decision.activity_id])
    event = AuditEvent.objects.get(verb="delete")
    assert event.changes["activity"] == decision.activity_id
    assert event.org_id == tree.branch.pk


def test_org_ledger_links_pairs_and_visits_to_their_edit_pages(client, tree, actors, crew):
    day = timezone.localdate() - dt.timedelta(days=3)
    pair = ContactPairFactory(
        org=tree.branch, leader=crew.secretary, target=crew.members[0], started_on=day
    )
    visit = ContactVisitFactory(org=tree.branch, leader=crew.secretary, visited_on=day)
    client.force_login(actors.committee_member)
    page = client.get(reverse("ledger:org-ledger", args=[tree.branch.pk])).content.decode()
    assert reverse("ledger:contact-pair-edit", args=[pair.pk]) in page
    assert reverse("ledger:contact-visit-edit", args=[visit.pk]) in page
    assert "<title>" + tree.branch.name + " 工作台账" in page


def test_deleting_a_task_removes_its_evidence_files(
    client, tree, actors, crew, media, django_capture_on_commit_callbacks
):
    task = TaskFactory(org=tree.branch, owner=crew.secretary)
    evidence = attachment_add(
        actor=actors.committee_member,
        file=SimpleUploadedFile("佐证.pdf", PDF, "application/pdf"),
        task=task,
    )
    path = media / evidence.file.name
    assert path.exists()
    client.force_login(actors.committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ledger:task-delete", args=[task.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not path.exists()
