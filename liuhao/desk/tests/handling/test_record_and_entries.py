"""Recording a request raised at a representative's reception or a contact visit (C05, C03.2) from
the web form, and the desk's entry points: the nav, the home page counts, the org page and the
reception's record page (issue 5 item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from liuhao.desk.choices import Channel
from liuhao.desk.models import ServiceRequest
from liuhao.frontline.tests.factories import ReceptionFactory
from liuhao.ledger.tests.factories import ContactVisitFactory
from liuhao.orgs.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reception(tree):
    return ReceptionFactory(
        org=tree.branch,
        representative=PersonFactory(unit=tree.college, name="代表甲"),
        held_on=timezone.localdate() - dt.timedelta(days=2),
    )


def form(**over):
    return {
        "channel": "reception",
        "category": "campus_service",
        "priority": "normal",
        "title": "接待中反映：实验室空调",
        "body": "多名教师反映实验室空调损坏。",
        "requester_name": "李老师",
        "requester_contact": "025-12345678",
        **over,
    }


def test_record_from_the_reception_page(client, tree, actors, reception):
    client.force_login(actors.committee_member)
    page = client.get(reverse("frontline:reception-detail", args=[reception.pk])).content.decode()
    link = reverse("desk:request-record", args=[tree.branch.pk]) + f"?reception={reception.pk}"
    assert link in page and "登记诉求" in page
    shown = client.get(link)
    assert shown.status_code == 200
    assert shown.context["form"].initial["reception"] == reception.pk
    assert "代表甲" in shown.content.decode()
    response = client.post(link, form(reception=reception.pk))
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert (request.channel, request.reception, request.org) == (
        Channel.RECEPTION,
        reception,
        tree.branch,
    )
    assert response["Location"] == reverse("desk:request-detail", args=[request.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "驻室接待" in detail and "李老师" in detail


def test_record_from_a_contact_visit(client, tree, actors):
    leader = PersonFactory(unit=tree.college, name="班子成员甲")
    visit = ContactVisitFactory(
        org=tree.college, leader=leader, topic="走访实验室", visited_on=timezone.localdate()
    )
    client.force_login(actors.org_secretary)
    url = reverse("desk:request-record", args=[tree.branch.pk])
    response = client.post(url, form(channel="contact_visit", contact_visit=visit.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServiceRequest.objects.get().contact_visit == visit


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({}, "来源接待"),
        ({"channel": "public_form"}, "来源渠道"),
        ({"reception": "OTHER"}, "来源接待"),
        ({"category": "nope"}, "类别"),
        ({"title": ""}, "标题"),
        ({"body": ""}, "诉求内容"),
        ({"priority": "asap"}, "紧急程度"),
    ],
)
def test_record_bad_input(client, tree, actors, reception, changes, label):
    other = ReceptionFactory(
        org=tree.other_univ_branch,
        representative=PersonFactory(unit=tree.other_univ_branch),
        held_on=timezone.localdate(),
    )
    if changes.get("reception") == "OTHER":
        changes = {"reception": other.pk}
    client.force_login(actors.committee_member)
    response = client.post(reverse("desk:request-record", args=[tree.branch.pk]), form(**changes))
    assert response.status_code == 400
    errors = response.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert label in errors
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("party_member", 403), ("reviewer", 404), ("outsider", 404), ("committee_member", 200)],
)
def test_record_form_needs_a_handler(client, tree, actors, role, status):
    client.force_login(getattr(actors, role))
    org = tree.branch if role != "reviewer" else tree.other_univ_branch
    assert client.get(reverse("desk:request-record", args=[org.pk])).status_code == status


def test_entry_points_for_handlers_only(client, tree, actors, desk):
    client.force_login(actors.committee_member)
    home = client.get(reverse("dashboards:home")).content.decode()
    assert 'id="home-desk"' in home and reverse("desk:request-todo") in home
    org_page = client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    assert reverse("desk:request-list", args=[tree.branch.pk]) in org_page
    client.force_login(actors.party_member)
    home = client.get(reverse("dashboards:home")).content.decode()
    assert 'id="home-desk"' not in home and reverse("desk:request-todo") not in home
    org_page = client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    assert reverse("desk:request-list", args=[tree.branch.pk]) not in org_page
