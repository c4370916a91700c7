"""Pages of member development: funnel, case page, create/edit/advance forms, delete; every role
in and out of scope; bad input shown on the form naming the field, nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.development.models import DevelopmentCase
from liuhao.development.services import case_create
from liuhao.development.tests.conftest import full_case, until
from liuhao.orgs.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tree, dev, actors):
    return case_create(
        actor=actors.university_admin, org=tree.branch, data=until(full_case(dev), "contact_2")
    )


def post_data(**values):
    return {k: ("" if v is None else str(v)) for k, v in values.items()}


@pytest.mark.parametrize(
    ("who", "status"),
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
def test_funnel_and_case_pages_by_role(client, tree, actors, case, who, status):
    client.force_login(getattr(actors, who))
    assert (
        client.get(reverse("development:org-funnel", args=[tree.branch.pk])).status_code == status
    )
    page = client.get(reverse("development:developmentcase-detail", args=[case.pk]))
    assert page.status_code == status
    if status == 200:
        assert "申请人" in page.content.decode()


def test_out_of_scope_case_is_404(client, tree, actors, case):
    client.force_login(actors.committee_member)
    assert (
        client.get(reverse("development:org-funnel", args=[tree.other_branch.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "status"), [("party_member", 403), ("reviewer", 403), ("outsider", 404)]
)
def test_forms_refuse_roles_without_the_right(client, tree, actors, case, who, status):
    client.force_login(getattr(actors, who))
    assert (
        client.get(reverse("development:developmentcase-create", args=[tree.branch.pk])).status_code
        == status
    )
    assert (
        client.get(reverse("development:developmentcase-advance", args=[case.pk])).status_code
        == status
    )


def test_funnel_shows_counts_overdue_and_priority_groups(client, tree, dev, actors):
    case_create(
        actor=actors.university_admin,
        org=tree.branch,
        data={"person": dev.applicant, "applied_on": dt.date(2025, 1, 1)},
    )
    client.force_login(actors.committee_member)
    html = client.get(reverse("development:org-funnel", args=[tree.branch.pk])).content.decode()
    assert 'data-stage="applicant">1<' in html
    assert "入党申请后谈话" in html and "已逾期" in html
    assert "青年教师" in html


def test_create_form_stores_and_syncs_membership(client, tree, dev, actors):
    client.force_login(actors.committee_member)
    url = reverse("development:developmentcase-create", args=[tree.branch.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, post_data(person="A0001", applied_on="2025-03-01", talk_on="2025-03-10")
    )
    assert response.status_code == 302
    case = DevelopmentCase.objects.get()
    assert case.stage == "applicant" and case.talk_on == dt.date(2025, 3, 10)
    assert Membership.objects.get(person=dev.applicant).stage == "applicant"


def test_create_form_shows_refusals_naming_the_field(client, tree, dev, actors):
    client.force_login(actors.committee_member)
    url = reverse("development:developmentcase-create", args=[tree.branch.pk])
    response = client.post(url, post_data(person="A0002", applied_on="2025-03-01"))
    assert response.status_code == 400
    assert "未满18周岁" in response.content.decode()
    response = client.post(url, post_data(person="NOPE", applied_on="2025-03-01"))
    assert (
        response.status_code == 400
        and "本校没有工号/学号为“NOPE”的人员" in response.content.decode()
    )
    assert not DevelopmentCase.objects.exists()


def test_advance_form_records_the_next_step_only(client, tree, dev, actors, case):
    client.force_login(actors.committee_member)
    url = reverse("development:developmentcase-advance", args=[case.pk])
    page = client.get(url).content.decode()
    assert "确定为发展对象" in page and "接收表决应到人数" not in page
    m = dev.members
    response = client.post(
        url,
        post_data(candidate_on="2024-09-10", introducer_1=m[2].number, introducer_2=m[3].number),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "candidate" and case.introducer_1 == m[2]


def test_advance_to_probationary_refuses_yes_above_entitled(client, tree, dev, actors, case):
    client.force_login(actors.committee_member)
    data = full_case(dev)
    case.candidate_on = data["candidate_on"]
    case.stage = "candidate"
    case.save()
    url = reverse("development:developmentcase-advance", args=[case.pk])
    response = client.post(
        url,
        post_data(admitted_on="2024-11-01", vote_entitled=10, vote_present=9, vote_yes=12),
    )
    assert response.status_code == 400
    assert "接收表决赞成票数" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "candidate"


def test_edit_and_delete(client, tree, dev, actors, case):
    client.force_login(actors.committee_member)
    url = reverse("development:developmentcase-edit", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        post_data(
            applied_on="2023-03-02",
            activist_on="2023-09-01",
            contact_1=dev.members[0].number,
            contact_2=dev.members[1].number,
            talk_on="2023-03-15",
        ),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.applied_on == dt.date(2023, 3, 2)
    response = client.post(reverse("development:developmentcase-delete", args=[case.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        target_type="development.developmentcase", verb="delete"
    ).exists()


def test_funnel_lists_are_capped_and_queries_constant(client, tree, dev, actors, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from liuhao.development import selectors, views
    from liuhao.orgs.tests.factories import PersonFactory

    def add(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(
                university=tree.university, unit=tree.college, birth_date=dt.date(2000, 1, 1)
            )
            case_create(
                actor=actors.university_admin,
                org=tree.branch,
                data={"person": person, "applied_on": dt.date(2025, 1, 1)},
            )

    client.force_login(actors.university_admin)
    url = reverse("development:org-funnel", args=[tree.college.pk])
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(4)
    monkeypatch.setattr(views, "LIST_LIMIT", 3)
    monkeypatch.setattr(selectors, "LIST_LIMIT", 3)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert 'data-stage="applicant">6<' in html and "仅列出前 3 人" in html
    applicants = html.split('id="stage-applicant"')[1].split("</section>")[0]
    assert applicants.count("/development/cases/") == 3
