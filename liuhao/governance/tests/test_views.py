"""Governance pages: every role in and out of scope, forms that store through the services, refusals
shown on the field with nothing stored, the term reminder, the 民主评议 and 分类定级 round forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.governance.models import (
    CareRecord,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
)
from liuhao.governance.models.support import add_months
from liuhao.governance.tests.factories import ElectionFactory, FundingFactory


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


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
def test_governance_page_scope(client, tree, actors, role, status):
    FundingFactory(org=tree.branch, amount=Decimal("1200"))
    response = page(
        client, getattr(actors, role), reverse("governance:org-governance", args=[tree.branch.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert "1200" in response.content.decode()


def test_out_of_scope_org_and_record_are_404(client, tree, actors):
    other = FundingFactory(org=tree.other_univ_branch)
    client.force_login(actors.committee_member)
    assert (
        client.get(
            reverse("governance:org-governance", args=[tree.other_univ_branch.pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("governance:funding-detail", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("governance:funding-create", args=[tree.other_branch.pk])).status_code
        == 404
    )
    client.force_login(actors.reviewer)  # sees the college, may not record
    assert (
        client.get(reverse("governance:funding-create", args=[tree.other_branch.pk])).status_code
        == 403
    )


def test_party_member_cannot_record(client, tree, actors):
    client.force_login(actors.party_member)
    url = reverse("governance:funding-create", args=[tree.branch.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"allocated_on": "2025-10-01", "amount": "5", "source": "party_fee"}
        ).status_code
        == 403
    )
    assert not Funding.objects.exists()


def test_funding_form_creates_and_refuses_negative_amount(client, tree, actors):
    client.force_login(actors.committee_member)
    url = reverse("governance:funding-create", args=[tree.branch.pk])
    bad = client.post(url, {"allocated_on": "2025-10-01", "amount": "-5", "source": "party_fee"})
    assert bad.status_code == 400 and "金额不能为负数" in bad.content.decode()
    assert not Funding.objects.exists() and not AuditEvent.objects.exists()
    ok = client.post(url, {"allocated_on": "2025-10-01", "amount": "5000", "source": "party_fee"})
    assert ok.status_code == 302
    funding = Funding.objects.get()
    detail = client.get(reverse("governance:funding-detail", args=[funding.pk]))
    assert detail.status_code == 200 and "5000" in detail.content.decode()
    edit = client.post(
        reverse("governance:funding-detail", args=[funding.pk]),
        {"allocated_on": "2025-10-01", "amount": "6000", "source": "budget"},
    )
    assert edit.status_code == 302
    funding.refresh_from_db()
    assert funding.amount == Decimal("6000") and funding.source == "budget"
    client.post(reverse("governance:funding-delete", args=[funding.pk]))
    assert not Funding.objects.exists()


def test_election_form_refuses_a_term_length_not_configured(client, tree, actors):
    client.force_login(actors.committee_member)
    url = reverse("governance:election-create", args=[tree.branch.pk])
    bad = client.post(url, {"elected_on": "2024-06-01", "term_years": "5"})
    assert bad.status_code == 400 and "任期" in bad.content.decode()
    assert client.post(url, {"elected_on": "2024-06-01", "term_years": "3"}).status_code == 302
    assert Election.objects.get().term_years == 3


def test_term_reminder_and_overdue_warning(client, tree, actors):
    today = timezone.localdate()
    ElectionFactory(org=tree.branch, elected_on=add_months(today, -33))  # ends in ~3 months
    ElectionFactory(org=tree.other_branch, elected_on=add_months(today, -40))
    client.force_login(actors.org_secretary)
    due = client.get(reverse("governance:org-governance", args=[tree.branch.pk])).content.decode()
    assert "即将届满" in due
    late = client.get(reverse("governance:org-governance", args=[tree.other_branch.pk]))
    assert "已超期未换届" in late.content.decode()


def test_care_and_report_forms(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    care = client.post(
        reverse("governance:carerecord-create", args=[tree.branch.pk]),
        {
            "cared_on": "2025-10-01",
            "kind": "visit",
            "summary": "走访慰问",
            "person": crew.members[0].pk,
        },
    )
    assert care.status_code == 302 and CareRecord.objects.get().person == crew.members[0]
    url = reverse("governance:leaderreport-create", args=[tree.branch.pk])
    data = {
        "reported_on": "2025-10-01",
        "reporter": crew.secretary.pk,
        "members_entitled": "8",
        "raters": "7",
        "rating_0": "6",
        "rating_1": "0",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "之和" in bad.content.decode()
    assert client.post(url, data | {"rating_1": "1"}).status_code == 302
    assert LeaderReport.objects.get().ratings == {"好": 6, "较好": 1}


def test_evaluation_round_form_enforces_the_cap(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    url = reverse("governance:memberevaluation-create", args=[tree.branch.pk])
    form = client.get(url)
    assert form.status_code == 200 and "王书记" in form.content.decode()
    people = [crew.secretary, *crew.committee, *crew.members]
    data = {"year": "2025", "decided_on": "2025-10-15"}
    data |= {f"grade_{p.pk}": "合格" for p in people}
    too_many = data | {f"grade_{p.pk}": "优秀" for p in people[:4]}
    bad = client.post(url, too_many)
    assert bad.status_code == 400 and "1/3" in bad.content.decode()
    assert not MemberEvaluation.objects.exists()
    ok = client.post(url, data | {f"grade_{p.pk}": "优秀" for p in people[:2]})
    assert ok.status_code == 302
    evaluation = MemberEvaluation.objects.get()
    assert MemberGrade.objects.filter(evaluation=evaluation).count() == len(people)
    detail = client.get(reverse("governance:memberevaluation-detail", args=[evaluation.pk]))
    assert detail.status_code == 200


def test_grading_round_form(client, tree, actors):
    client.force_login(actors.org_secretary)
    url = reverse("governance:orggrading-create", args=[tree.college.pk])
    form = client.get(url)
    assert form.status_code == 200 and tree.other_branch.name in form.content.decode()
    ok = client.post(
        url,
        {
            "year": "2025",
            "graded_on": "2025-10-15",
            f"band_{tree.branch.pk}": "先进",
            f"band_{tree.other_branch.pk}": "一般",
        },
    )
    assert ok.status_code == 302
    assert OrgGrade.objects.count() == 2
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    bad = client.post(url, {"year": "2026", "graded_on": future, f"band_{tree.branch.pk}": "一般"})
    assert bad.status_code == 400 and "定级日期" in bad.content.decode()


def test_rounds_are_read_only_for_viewers(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    url = reverse("governance:memberevaluation-create", args=[tree.branch.pk])
    data = {"year": "2025", "decided_on": "2025-10-15", f"grade_{crew.members[0].pk}": "合格"}
    assert client.post(url, data).status_code == 302
    evaluation = MemberEvaluation.objects.get()
    client.force_login(actors.reviewer)  # the scorecard's evidence link
    page = client.get(reverse("governance:memberevaluation-detail", args=[evaluation.pk]))
    assert page.status_code == 200 and "合格" in page.content.decode()
    assert "保存修改" not in page.content.decode()
    assert (
        client.post(
            reverse("governance:memberevaluation-detail", args=[evaluation.pk]), data
        ).status_code
        == 403
    )


def test_a_person_id_out_of_range_is_an_invalid_choice_not_a_500(client, tree, actors):
    from django.urls import reverse

    client.force_login(actors.committee_member)
    url = reverse("governance:spiritanalysis-create", args=[tree.branch.pk])
    response = client.post(url, {"person": "99999999999999999999", "analysed_on": "2025-10-01"})
    assert response.status_code == 400
    assert "请选择列表中的人员" in response.content.decode()
