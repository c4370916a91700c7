"""Governance services: audited writes, bad input refused naming the field with nothing stored,
scope, the 1/3 cap on 优秀, term lengths from the rules file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
)
from liuhao.governance.rules import governance_rules
from liuhao.governance.services import (
    care_record_save,
    commendation_save,
    election_save,
    funding_save,
    leader_report_save,
    member_evaluation_save,
    org_grading_save,
    record_delete,
)

DAY = dt.date(2025, 10, 15)


def refused(exc: pytest.ExceptionInfo[ValidationFailed], field: str) -> str:
    assert field in exc.value.extra["fields"], exc.value.extra
    return exc.value.message


def test_funding_is_audited_and_negative_or_future_refused(tree, actors):
    actor = actors.committee_member
    funding = funding_save(
        actor=actor,
        org=tree.branch,
        data={"allocated_on": DAY, "amount": Decimal("3000"), "source": "party_fee"},
    )
    assert funding.entered_by == actor and funding.university_id == tree.university.pk
    event = AuditEvent.objects.get(target_type="governance.funding", target_id=funding.pk)
    assert event.verb == "create" and event.changes["amount"] == "3000"
    with pytest.raises(ValidationFailed) as exc:
        funding_save(
            actor=actor,
            org=tree.branch,
            data={"allocated_on": DAY, "amount": Decimal("-1"), "source": "party_fee"},
        )
    assert "金额" in refused(exc, "amount")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        funding_save(
            actor=actor,
            org=tree.branch,
            data={"allocated_on": tomorrow, "amount": Decimal("1"), "source": "party_fee"},
        )
    assert "拨付日期" in refused(exc, "allocated_on")
    assert Funding.objects.count() == 1
    funding_save(actor=actor, funding=funding, data={"amount": Decimal("3500")})
    assert AuditEvent.objects.filter(target_id=funding.pk, verb="update").exists()
    pk = funding.pk
    record_delete(actor=actor, record=funding)
    assert not Funding.objects.exists()
    assert AuditEvent.objects.filter(target_id=pk, verb="delete").exists()


def test_writes_outside_the_actor_scope_are_refused(tree, actors):
    with pytest.raises(NotPermitted):
        funding_save(
            actor=actors.committee_member,
            org=tree.other_branch,
            data={"allocated_on": DAY, "amount": Decimal("1"), "source": "party_fee"},
        )
    with pytest.raises(NotPermitted):
        funding_save(
            actor=actors.party_member,
            org=tree.branch,
            data={"allocated_on": DAY, "amount": Decimal("1"), "source": "party_fee"},
        )
    assert not Funding.objects.exists() and not AuditEvent.objects.exists()


def test_election_term_length_comes_from_the_rules(tree, actors):
    actor = actors.org_secretary
    assert governance_rules().terms_for("branch") == (3,)
    with pytest.raises(ValidationFailed) as exc:
        election_save(actor=actor, org=tree.branch, data={"elected_on": DAY, "term_years": 5})
    assert "3年" in refused(exc, "term_years")
    election = election_save(
        actor=actor, org=tree.college, data={"elected_on": dt.date(2021, 6, 1), "term_years": 5}
    )
    assert election.term_ends_on == dt.date(2026, 6, 1)


def test_election_extension_needs_approval_and_at_most_a_year(tree, actors):
    actor = actors.org_secretary
    base = {"elected_on": dt.date(2022, 6, 1), "term_years": 3}
    with pytest.raises(ValidationFailed) as exc:
        election_save(
            actor=actor, org=tree.branch, data=base | {"extended_until": dt.date(2025, 12, 1)}
        )
    refused(exc, "extension_approved_on")
    with pytest.raises(ValidationFailed) as exc:
        election_save(
            actor=actor,
            org=tree.branch,
            data=base
            | {"extended_until": dt.date(2026, 7, 1), "extension_approved_on": dt.date(2025, 5, 1)},
        )
    assert "最长12个月" in refused(exc, "extended_until")
    with pytest.raises(ValidationFailed) as exc:
        election_save(
            actor=actor,
            org=tree.branch,
            data=base
            | {"extended_until": dt.date(2025, 5, 1), "extension_approved_on": dt.date(2025, 5, 1)},
        )
    refused(exc, "extended_until")  # before the term ends
    assert not Election.objects.exists()
    election = election_save(
        actor=actor,
        org=tree.branch,
        data=base
        | {"extended_until": dt.date(2026, 3, 1), "extension_approved_on": dt.date(2025, 5, 1)},
    )
    assert election.ends_on == dt.date(2026, 3, 1)


def test_care_and_commendation_refuse_a_person_outside_the_org(tree, actors, crew):
    actor = actors.committee_member
    data = {"cared_on": DAY, "kind": "visit", "summary": "走访慰问", "person": crew.outsider}
    with pytest.raises(ValidationFailed) as exc:
        care_record_save(actor=actor, org=tree.branch, data=data)
    assert "张三" in refused(exc, "person")
    care_record_save(actor=actor, org=tree.branch, data=data | {"person": crew.members[0]})
    with pytest.raises(ValidationFailed) as exc:
        care_record_save(
            actor=actor, org=tree.branch, data=data | {"person": None, "amount": Decimal("-5")}
        )
    refused(exc, "amount")
    assert CareRecord.objects.count() == 1
    commendation_save(
        actor=actor,
        org=tree.branch,
        data={"awarded_on": DAY, "kind": "member", "level": "university", "title": "优秀共产党员"},
    )
    assert Commendation.objects.count() == 1


def test_leader_report_ratings_add_up_and_stay_in_range(tree, actors, crew):
    actor = actors.committee_member
    data = {
        "reported_on": DAY,
        "reporter": crew.secretary,
        "members_entitled": 7,
        "raters": 6,
        "ratings": {"好": 5, "较好": 1},
    }
    report = leader_report_save(actor=actor, org=tree.branch, data=data)
    assert report.ratings == {"好": 5, "较好": 1}
    with pytest.raises(ValidationFailed) as exc:
        leader_report_save(actor=actor, org=tree.branch, data=data | {"ratings": {"好": 5}})
    assert "之和" in refused(exc, "ratings")
    with pytest.raises(ValidationFailed) as exc:
        leader_report_save(actor=actor, org=tree.branch, data=data | {"raters": 8})
    refused(exc, "raters")
    with pytest.raises(ValidationFailed) as exc:
        leader_report_save(actor=actor, org=tree.branch, data=data | {"reporter": crew.outsider})
    refused(exc, "reporter")
    assert LeaderReport.objects.count() == 1


def test_member_evaluation_enforces_the_one_third_cap(tree, actors, crew):
    actor = actors.committee_member
    people = [crew.secretary, *crew.committee, *crew.members]  # 7 full members (+ 党员甲 = 8)
    data = {
        "year": 2025,
        "self_review_on": dt.date(2025, 10, 1),
        "peer_review_on": dt.date(2025, 10, 8),
        "rating_on": dt.date(2025, 10, 10),
        "decided_on": DAY,
    }
    grades = {p.pk: "合格" for p in people}
    too_many = grades | {p.pk: "优秀" for p in people[:3]}  # ⌊7/3⌋ = 2
    with pytest.raises(ValidationFailed) as exc:
        member_evaluation_save(actor=actor, org=tree.branch, data=data, grades=too_many)
    assert "1/3" in refused(exc, "grades")
    assert not MemberEvaluation.objects.exists() and not MemberGrade.objects.exists()
    with pytest.raises(ValidationFailed) as exc:
        member_evaluation_save(
            actor=actor,
            org=tree.branch,
            data=data | {"rating_on": dt.date(2025, 10, 5)},
            grades=grades,
        )
    assert "民主测评" in refused(exc, "rating_on")
    with pytest.raises(ValidationFailed) as exc:
        member_evaluation_save(
            actor=actor, org=tree.branch, data=data, grades=grades | {crew.outsider.pk: "合格"}
        )
    refused(exc, "grades")
    with pytest.raises(ValidationFailed) as exc:
        member_evaluation_save(
            actor=actor, org=tree.branch, data=data, grades={people[0].pk: "良好"}
        )
    refused(exc, "grades")
    ok = grades | {p.pk: "优秀" for p in people[:2]}
    evaluation = member_evaluation_save(actor=actor, org=tree.branch, data=data, grades=ok)
    assert MemberGrade.objects.filter(evaluation=evaluation, grade="优秀").count() == 2
    with pytest.raises(ValidationFailed) as exc:
        member_evaluation_save(actor=actor, org=tree.branch, data=data, grades=ok)
    refused(exc, "year")  # one round a year


def test_org_grading_bands_and_sub_orgs(tree, actors):
    actor = actors.org_secretary
    data = {"year": 2025, "graded_on": DAY}
    with pytest.raises(ValidationFailed) as exc:
        org_grading_save(actor=actor, org=tree.college, data=data, bands={tree.branch.pk: "优秀"})
    refused(exc, "bands")
    with pytest.raises(ValidationFailed) as exc:
        org_grading_save(
            actor=actor, org=tree.college, data=data, bands={tree.other_college.pk: "先进"}
        )
    refused(exc, "bands")
    grading = org_grading_save(
        actor=actor,
        org=tree.college,
        data=data,
        bands={tree.branch.pk: "先进", tree.other_branch.pk: "一般"},
    )
    assert OrgGrade.objects.filter(grading=grading).count() == 2
    org_grading_save(actor=actor, grading=grading, data={}, bands={tree.branch.pk: "一般"})
    assert list(OrgGrade.objects.values_list("band", flat=True)) == ["一般"]
    assert OrgGrading.objects.count() == 1
