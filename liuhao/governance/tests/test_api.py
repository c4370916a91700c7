"""The governance API under /api/v1/governance/: scoped (outside → 404), writers only (403),
Chinese 400s naming the field with nothing stored, audited writes, never a 500."""

from __future__ import annotations

import pytest

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.governance.models import (
    CareRecord,
    Election,
    Funding,
    MemberEvaluation,
    MemberGrade,
    OrgGrading,
)
from liuhao.governance.tests.factories import FundingFactory

API = "/api/v1/governance"


@pytest.fixture
def writer(actors):
    return token_client(actors.committee_member)


def test_funding_create_list_detail_delete(writer, tree):
    body = {
        "org": tree.branch.pk,
        "allocated_on": "2025-10-01",
        "amount": "3000.00",
        "source": "party_fee",
    }
    response = send(writer, "POST", f"{API}/fundings/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(target_id=pk, verb="create").exists()
    listed = writer.get(f"{API}/fundings/?org={tree.branch.pk}").json()
    assert [row["id"] for row in listed["items"]] == [pk]
    assert writer.get(f"{API}/fundings/{pk}/").json()["amount"] in ("3000.00", 3000.0, "3000")
    assert send(writer, "DELETE", f"{API}/fundings/{pk}/").status_code == 204
    assert not Funding.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "fundings",
            {"allocated_on": "2025-10-01", "amount": "-1", "source": "party_fee"},
            "amount",
        ),
        (
            "fundings",
            {"allocated_on": "2099-10-01", "amount": "1", "source": "party_fee"},
            "allocated_on",
        ),
        ("elections", {"elected_on": "2024-01-01", "term_years": 4}, "term_years"),
        (
            "elections",
            {
                "elected_on": "2022-06-01",
                "term_years": 3,
                "extended_until": "2027-01-01",
                "extension_approved_on": "2025-05-01",
            },
            "extended_until",
        ),
        (
            "care-records",
            {"cared_on": "2025-10-01", "kind": "visit", "summary": "x", "amount": "-3"},
            "amount",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(writer, tree, path, body, field):
    audits = AuditEvent.objects.count()
    response = send(writer, "POST", f"{API}/{path}/", {"org": tree.branch.pk, **body})
    error = assert_error(response, 400, "validation_failed")
    assert field in error["extra"]["fields"], error
    assert AuditEvent.objects.count() == audits
    assert not Funding.objects.exists() and not Election.objects.exists()
    assert not CareRecord.objects.exists()


def test_member_evaluation_cap_and_grades(writer, tree, crew):
    people = [crew.secretary, *crew.committee, *crew.members]
    grades = {str(p.pk): "合格" for p in people}
    body = {"org": tree.branch.pk, "year": 2025, "decided_on": "2025-10-15", "grades": grades}
    over = body | {"grades": grades | {str(p.pk): "优秀" for p in people[:3]}}
    error = assert_error(send(writer, "POST", f"{API}/member-evaluations/", over), 400)
    assert "grades" in error["extra"]["fields"]
    assert not MemberEvaluation.objects.exists() and not MemberGrade.objects.exists()
    response = send(writer, "POST", f"{API}/member-evaluations/", body)
    assert response.status_code == 201, response.content
    assert len(response.json()["grades"]) == len(people)


def test_org_grading_by_the_college(actors, tree):
    client = token_client(actors.org_secretary)
    body = {
        "org": tree.college.pk,
        "year": 2025,
        "graded_on": "2025-10-15",
        "bands": {str(tree.branch.pk): "先进", str(tree.other_branch.pk): "一般"},
    }
    response = send(client, "POST", f"{API}/org-gradings/", body)
    assert response.status_code == 201, response.content
    assert {row["value"] for row in response.json()["bands"]} == {"先进", "一般"}
    assert OrgGrading.objects.count() == 1


def test_scope_outside_is_404_and_viewer_is_403(actors, tree):
    other = FundingFactory(org=tree.other_univ_branch)
    writer = token_client(actors.committee_member)
    assert_error(writer.get(f"{API}/fundings/{other.pk}/"), 404, "not_found")
    assert [r["id"] for r in writer.get(f"{API}/fundings/").json()["items"]] == []
    viewer = token_client(actors.party_member)
    body = {
        "org": tree.branch.pk,
        "allocated_on": "2025-10-01",
        "amount": "1",
        "source": "party_fee",
    }
    assert_error(send(viewer, "POST", f"{API}/fundings/", body), 403, "not_permitted")
    outside = {**body, "org": tree.other_univ_branch.pk}
    assert_error(send(writer, "POST", f"{API}/fundings/", outside), 404)
    assert_error(writer.get(f"{API}/fundings/abc/"), 400)


def test_election_extension_endpoint(writer, tree):
    response = send(
        writer,
        "POST",
        f"{API}/elections/",
        {"org": tree.branch.pk, "elected_on": "2022-06-01", "term_years": 3},
    )
    pk = response.json()["id"]
    extended = send(
        writer,
        "POST",
        f"{API}/elections/{pk}/extension/",
        {"extended_until": "2026-03-01", "extension_approved_on": "2025-05-01"},
    )
    assert extended.status_code == 200, extended.content
    assert extended.json()["ends_on"] == "2026-03-01"
