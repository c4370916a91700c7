"""PATCH endpoints of the governance API: only the fields sent change, the changed record must still
satisfy every rule (refusals are 400s naming the field in Chinese, nothing stored), writers only,
scoped (outside → 404), audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.governance.models import MemberGrade, OrgGrade, SpiritAnalysis
from liuhao.governance.tests.factories import (
    CareRecordFactory,
    ElectionFactory,
    FundingFactory,
    LeaderReportFactory,
    MemberEvaluationFactory,
    OrgGradingFactory,
)

API = "/api/v1/governance"


@pytest.fixture
def writer(actors):
    return token_client(actors.committee_member)


def test_patch_changes_only_the_fields_sent_and_is_audited(writer, tree):
    funding = FundingFactory(org=tree.branch, purpose="学习资料")
    response = send(writer, "PATCH", f"{API}/fundings/{funding.pk}/", {"amount": "4200.50"})
    assert response.status_code == 200, response.content
    funding.refresh_from_db()
    assert funding.amount == Decimal("4200.50") and funding.purpose == "学习资料"
    audit = AuditEvent.objects.get(verb="update", target_id=str(funding.pk))
    assert audit.changes["amount"][1] == "4200.50"


@pytest.mark.parametrize(
    ("path", "factory", "body", "field"),
    [
        ("fundings", FundingFactory, {"amount": "-1"}, "amount"),
        ("fundings", FundingFactory, {"allocated_on": "2099-01-01"}, "allocated_on"),
        ("fundings", FundingFactory, {"allocated_on": None}, "allocated_on"),
        ("elections", ElectionFactory, {"term_years": 5}, "term_years"),
        (
            "elections",
            ElectionFactory,
            {"extended_until": "2028-12-01", "extension_approved_on": "2025-05-01"},
            "extended_until",
        ),
        (
            "elections",
            ElectionFactory,
            {"extended_until": "2027-08-01", "extension_approved_on": "2024-01-01"},
            "extension_approved_on",
        ),
        ("care-records", CareRecordFactory, {"amount": "-2"}, "amount"),
    ],
)
def test_patch_refuses_impossible_data_naming_the_field(writer, tree, path, factory, body, field):
    record = factory(org=tree.branch)
    before = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    audits = AuditEvent.objects.count()
    error = assert_error(send(writer, "PATCH", f"{API}/{path}/{record.pk}/", body), 400)
    assert field in error["extra"]["fields"], error
    record.refresh_from_db()
    after = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    assert after == before and AuditEvent.objects.count() == audits


def test_patch_a_person_outside_the_org_is_refused(writer, tree, crew):
    record = CareRecordFactory(org=tree.branch)
    body = {"person": crew.outsider.pk}
    error = assert_error(send(writer, "PATCH", f"{API}/care-records/{record.pk}/", body), 400)
    assert "张三" in error["extra"]["fields"]["person"][0]
    body = {"person": crew.members[0].pk}
    assert send(writer, "PATCH", f"{API}/care-records/{record.pk}/", body).status_code == 200
    record.refresh_from_db()
    assert record.person == crew.members[0]


def test_patch_report_ratings_must_add_up(writer, tree, crew):
    report = LeaderReportFactory(org=tree.branch, reporter=crew.secretary)
    url = f"{API}/leader-reports/{report.pk}/"
    error = assert_error(send(writer, "PATCH", url, {"ratings": {"好": 1}}), 400)
    assert "ratings" in error["extra"]["fields"]
    body = {"raters": 3, "ratings": {"好": 2, "较好": 1}}
    response = send(writer, "PATCH", url, body)
    assert response.status_code == 200, response.content
    assert response.json()["ratings"] == {"好": 2, "较好": 1}


def test_patch_rounds_keep_or_replace_their_rows_under_the_caps(writer, actors, tree, crew, capped):
    people = [crew.secretary, *crew.committee, *crew.members]
    evaluation = MemberEvaluationFactory(org=tree.branch)
    for person in people:
        MemberGrade.objects.create(evaluation=evaluation, person=person, grade="合格")
    url = f"{API}/member-evaluations/{evaluation.pk}/"
    response = send(writer, "PATCH", url, {"note": "补记"})
    assert response.status_code == 200, response.content
    assert len(response.json()["grades"]) == len(people)
    over = {str(p.pk): "优秀" for p in people[:3]} | {str(p.pk): "合格" for p in people[3:]}
    error = assert_error(send(writer, "PATCH", url, {"grades": over}), 400)
    assert "1/3" in error["extra"]["fields"]["grades"][0]
    assert not MemberGrade.objects.filter(grade="优秀").exists()

    college = token_client(actors.org_secretary)
    grading = OrgGradingFactory(org=tree.college)
    OrgGrade.objects.create(grading=grading, sub_org=tree.branch, band="一般")
    url = f"{API}/org-gradings/{grading.pk}/"
    bands = {str(tree.branch.pk): "先进", str(tree.other_branch.pk): "先进"}
    error = assert_error(send(college, "PATCH", url, {"bands": bands}), 400)
    assert "1/2" in error["extra"]["fields"]["bands"][0]
    bands[str(tree.other_branch.pk)] = "一般"
    response = send(college, "PATCH", url, {"bands": bands})
    assert response.status_code == 200, response.content
    assert OrgGrade.objects.filter(grading=grading, band="先进").count() == 1


def test_patch_spirit_analysis_and_scope(writer, actors, tree, crew):
    analysis = SpiritAnalysis.objects.create(
        org=tree.branch,
        university=tree.university,
        analyzed_on=dt.date(2025, 1, 8),
        person=crew.members[0],
        summary="对照党章",
        entered_at=dt.datetime(2025, 1, 9, tzinfo=dt.UTC),
    )
    url = f"{API}/spirit-analyses/{analysis.pk}/"
    response = send(writer, "PATCH", url, {"summary": "对照党章查找差距"})
    assert response.status_code == 200 and response.json()["summary"] == "对照党章查找差距"
    assert_error(send(writer, "PATCH", url, {"person": crew.outsider.pk}), 400)
    viewer = token_client(actors.party_member)
    assert_error(send(viewer, "PATCH", url, {"summary": "x"}), 403)
    other = FundingFactory(org=tree.other_univ_branch)
    assert_error(send(writer, "PATCH", f"{API}/fundings/{other.pk}/", {"purpose": "x"}), 404)


def test_patch_a_round_onto_a_year_already_recorded_is_refused(writer, tree, crew):
    MemberEvaluationFactory(org=tree.branch, year=2024, decided_on=dt.date(2024, 10, 1))
    evaluation = MemberEvaluationFactory(org=tree.branch)
    MemberGrade.objects.create(evaluation=evaluation, person=crew.members[0], grade="合格")
    body = {"year": 2024, "decided_on": "2025-01-10"}
    response = send(writer, "PATCH", f"{API}/member-evaluations/{evaluation.pk}/", body)
    error = assert_error(response, 400)
    assert "2024年度的民主评议已登记" in error["extra"]["fields"]["year"][0], error
    evaluation.refresh_from_db()
    assert evaluation.year == 2025
