"""Plan, contact-pair and contact-visit forms, and the org ledger page (filters by period and kind,
constant queries, the link from the org page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Attachment, ContactPair, ContactVisit, PlanDocument
from liuhao.ledger.tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    ContactPairFactory,
    ContactVisitFactory,
    PlanDocumentFactory,
)
from liuhao.ledger.tests.views.conftest import PDF, form_errors, ledger_counts

PLAN = {"kind": "overall_plan", "title": "服务型党组织建设总体规划", "valid_from": "2025-09-01"}


def test_plan_create_with_attachment_and_edit(client, tree, actors):
    client.force_login(actors.committee_member)
    url = reverse("ledger:plan-create", args=[tree.branch.pk])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("规划.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**PLAN, "attachments": [upload]})
    assert response.status_code == 302
    plan = PlanDocument.objects.get()
    assert Attachment.objects.get().plan == plan
    assert AuditEvent.objects.filter(target_id=plan.pk, verb="create").exists()
    edit = reverse("ledger:plan-edit", args=[plan.pk])
    assert "规划.pdf" in client.get(edit).content.decode()
    response = client.post(edit, {**PLAN, "valid_until": "2028-08-31"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.valid_until == dt.date(2028, 8, 31)


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"valid_until": "2025-08-01"}, "有效期至"),
        ({"title": ""}, "标题"),
        ({"kind": "poem"}, "文件类型"),
        ({"valid_from": "明天"}, "生效日期"),
        ({"approved_on": "2999-01-01"}, "审定日期"),
        ({"attachments": "TEXT"}, "文件"),
    ],
)
def test_plan_bad_input(client, tree, actors, changes, label):
    client.force_login(actors.org_secretary)
    data = {**PLAN, **changes}
    if data.get("attachments") == "TEXT":
        data["attachments"] = SimpleUploadedFile("规划.pdf", b"just text", "application/pdf")
    before = ledger_counts()
    errors = form_errors(client.post(reverse("ledger:plan-create", args=[tree.branch.pk]), data))
    assert label in errors, errors
    assert ledger_counts() == before


def test_contact_pair_create_and_end(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    url = reverse("ledger:contact-pair-create", args=[tree.branch.pk])
    page = client.get(url)
    assert page.status_code == 200
    leaders = {p.pk for p in page.context["form"].fields["leader"].queryset}
    assert leaders == {crew.secretary.pk, *(p.pk for p in crew.committee)}
    data = {
        "leader": crew.secretary.pk,
        "target": crew.outsider.number,
        "started_on": "2025-09-01",
    }
    assert client.post(url, data).status_code == 302
    pair = ContactPair.objects.get()
    assert pair.target == crew.outsider
    assert AuditEvent.objects.filter(target_type="ledger.contactpair", verb="create").exists()
    end = reverse("ledger:contact-pair-end", args=[pair.pk])
    before = ledger_counts()
    assert "结对结束日期" in form_errors(client.post(end, {"ended_on": "2025-08-01"}))
    assert ledger_counts() == before
    assert client.post(end, {"ended_on": "2026-01-31"}).status_code == 302
    pair.refresh_from_db()
    assert pair.ended_on == dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"ended_on": "2025-08-01"}, "结对结束日期"),
        ({"target": "NOBODY"}, "服务对象"),
        ({"target": ""}, "服务对象"),
        ({"leader": "MEMBER"}, "班子成员"),
        ({"target": "SELF"}, "服务对象"),
    ],
)
def test_contact_pair_bad_input(client, tree, actors, crew, changes, label):
    client.force_login(actors.committee_member)
    data = {
        "leader": crew.secretary.pk,
        "target": crew.members[0].number,
        "started_on": "2025-09-01",
    }
    data.update(changes)
    if data["leader"] == "MEMBER":
        data["leader"] = crew.members[0].pk
    if data["target"] == "SELF":
        data["target"] = crew.secretary.number
    before = ledger_counts()
    url = reverse("ledger:contact-pair-create", args=[tree.branch.pk])
    errors = form_errors(client.post(url, data))
    assert label in errors, errors
    assert ledger_counts() == before


def test_contact_visit_create_and_refusals(client, tree, actors, crew):
    client.force_login(actors.org_secretary)
    url = reverse("ledger:contact-visit-create", args=[tree.branch.pk])
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    data = {"leader": crew.committee[0].pk, "visited_on": "2025-10-10", "topic": "走访宿舍"}
    before = ledger_counts()
    assert "走访日期" in form_errors(client.post(url, {**data, "visited_on": future}))
    assert "主题" in form_errors(client.post(url, {**data, "topic": ""}))
    assert ledger_counts() == before
    assert client.post(url, {**data, "target": crew.members[1].number}).status_code == 302
    visit = ContactVisit.objects.get()
    assert visit.target == crew.members[1] and visit.entered_by == actors.org_secretary
    assert AuditEvent.objects.filter(target_type="ledger.contactvisit", target_id=visit.pk).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("province_admin", 200),
        ("university_admin", 200),
        ("org_secretary", 200),
        ("committee_member", 200),
        ("party_member", 200),
        ("reviewer", 200),
        ("outsider", 404),
    ],
)
def test_ledger_and_activity_pages_by_role(client, tree, actors, role, status):
    activity = ActivityFactory(org=tree.branch)
    client.force_login(getattr(actors, role))
    assert client.get(reverse("ledger:org-ledger", args=[tree.branch.pk])).status_code == status
    detail = client.get(reverse("ledger:activity-detail", args=[activity.pk]))
    assert detail.status_code == status
    if status == 200:
        can_edit = reverse("ledger:activity-edit", args=[activity.pk]) in detail.content.decode()
        assert can_edit == (role not in {"party_member", "reviewer"})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("province_admin", 200),
        ("university_admin", 200),
        ("org_secretary", 200),
        ("committee_member", 200),
        ("party_member", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_record_forms_by_role(client, tree, actors, crew, role, status):
    client.force_login(getattr(actors, role))
    plan = PlanDocumentFactory(org=tree.branch)
    pair = ContactPairFactory(org=tree.branch, leader=crew.secretary, target=crew.members[0])
    for url in (
        reverse("ledger:plan-create", args=[tree.branch.pk]),
        reverse("ledger:plan-edit", args=[plan.pk]),
        reverse("ledger:contact-pair-create", args=[tree.branch.pk]),
        reverse("ledger:contact-pair-end", args=[pair.pk]),
        reverse("ledger:contact-visit-create", args=[tree.branch.pk]),
    ):
        assert client.get(url).status_code == status, url


def test_ledger_page_lists_the_period_and_filters_by_kind(client, tree, actors, crew):
    ActivityFactory(org=tree.branch, held_on=dt.date(2025, 10, 15), topic="十月研讨")
    ActivityFactory(
        org=tree.branch, held_on=dt.date(2025, 11, 1), kind="party_lecture", topic="党课"
    )
    ActivityFactory(org=tree.branch, held_on=dt.date(2025, 3, 1), topic="上学期研讨")
    ActivityFactory(org=tree.other_branch, held_on=dt.date(2025, 10, 15), topic="别的支部")
    PlanDocumentFactory(org=tree.branch, title="总体规划2024")
    ContactPairFactory(org=tree.branch, leader=crew.secretary, target=crew.members[0])
    ContactVisitFactory(org=tree.branch, leader=crew.secretary, topic="走访联系点")
    client.force_login(actors.party_member)
    url = reverse("ledger:org-ledger", args=[tree.branch.pk])
    html = client.get(url, {"period": "2025-2026-1"}).content.decode()
    assert "十月研讨" in html and "党课" in html
    assert "上学期研讨" not in html and "别的支部" not in html
    assert "总体规划2024" in html and "走访联系点" in html and crew.members[0].name in html
    assert "登记活动" not in html  # a party member reads, does not record
    only = client.get(url, {"period": "2025-2026-1", "kind": "party_lecture"}).content.decode()
    assert "党课" in only and "十月研讨" not in only
    spring = client.get(url, {"period": "2024-2025-2"}).content.decode()
    assert "上学期研讨" in spring and "十月研讨" not in spring
    assert client.get(url, {"period": "garbage"}).status_code == 200


def test_ledger_page_partial_for_htmx_paging(client, tree, actors):
    for n in range(25):
        ActivityFactory(org=tree.branch, held_on=dt.date(2025, 10, 1) + dt.timedelta(days=n))
    client.force_login(actors.committee_member)
    url = reverse("ledger:org-ledger", args=[tree.branch.pk])
    response = client.get(url, {"period": "2025-2026-1", "page": 2}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.count('href="/ledger/activities/') == 5


def _ledger_page_queries(client, tree, crew, count, start):
    for n in range(count):
        held_on = start + dt.timedelta(days=n % 60)
        activity = ActivityFactory(org=tree.branch, held_on=held_on)
        for person in crew.members:
            AttendanceFactory(activity=activity, person=person)
        ContactVisitFactory(org=tree.branch, leader=crew.secretary, visited_on=held_on)
        PlanDocumentFactory(org=tree.branch, title=f"规划{start}{n}")
        ContactPairFactory(org=tree.branch, leader=crew.secretary, target=crew.members[n % 4])
    url = reverse("ledger:org-ledger", args=[tree.branch.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"period": "2025-2026-1"})
    assert response.status_code == 200
    return len(queries)


def test_ledger_page_constant_queries(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    few = _ledger_page_queries(client, tree, crew, 2, dt.date(2025, 10, 1))
    many = _ledger_page_queries(client, tree, crew, 30, dt.date(2025, 11, 1))
    assert few == many, (few, many)
    assert many <= 16


def test_org_page_links_to_the_ledger(client, tree, actors):
    client.force_login(actors.reviewer)
    html = client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    assert reverse("ledger:org-ledger", args=[tree.branch.pk]) in html
    assert client.get(reverse("ledger:org-ledger", args=[tree.branch.pk])).status_code == 200


def test_attachment_download_is_scoped(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("ledger:plan-create", args=[tree.branch.pk]), {**PLAN, "attachments": [upload]}
    )
    attachment = Attachment.objects.get()
    client.force_login(actors.outsider)
    assert (
        client.get(reverse("ledger:attachment-download", args=[attachment.pk])).status_code == 404
    )
