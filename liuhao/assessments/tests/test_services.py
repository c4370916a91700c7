"""Self-assessment and review chain services (issue 7 items 1, 2): the state machine, the chain by
current office-holders (incl. a secretary change), freezing, and every refusal storing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liuhao.assessments.choices import AssessmentStatus, ReviewLevel
from liuhao.assessments.models import (
    CheckpointScore,
    CriterionNarrative,
    EvidenceItem,
    ReviewStep,
    SelfAssessment,
    StatusOverride,
)
from liuhao.assessments.selectors import (
    assessment_for,
    effective_checkpoints,
    is_reviewed,
    review_counts,
    review_queue,
)
from liuhao.assessments.services import (
    assessment_start,
    assessment_submit,
    checkpoint_score,
    evidence_add,
    narrative_save,
    review_accept,
    review_return,
    status_override,
)
from liuhao.assessments.tests.conftest import TODAY, YEAR
from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Position
from liuhao.orgs.tests.factories import PersonFactory, PositionFactory, UserFactory
from liuhao.standards.models import AssessmentRun, OrgResult
from liuhao.standards.services.runs import assessment_run

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _start(tree, chain):
    return assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code=YEAR, today=TODAY
    )


def _submitted(tree, chain):
    a = _start(tree, chain)
    return assessment_submit(actor=chain.branch_secretary, assessment=a)


def test_start_freezes_the_newest_year_run_and_is_audited(tree, chain):
    a = _start(tree, chain)
    assert a.run_id == chain.run.pk and a.result.org_id == tree.branch.pk
    assert a.status == AssessmentStatus.DRAFT
    assert assessment_for(tree.branch.pk, YEAR) == a
    assert AuditEvent.objects.filter(
        target_type__icontains="selfassessment", verb="create"
    ).exists()
    # a second start returns the same assessment (one per org and year)
    assert _start(tree, chain).pk == a.pk


def test_start_computes_a_run_when_none_exists(tree, chain):
    before = AssessmentRun.objects.count()
    a = assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code="2025-2026", today=TODAY
    )
    assert AssessmentRun.objects.count() == before + 1
    assert a.run.period_code == "2025-2026" and a.run.root_id == tree.branch.pk


@pytest.mark.parametrize("code", ["2024-2025-1", "2024", "", "2024-2026"])
def test_start_refuses_a_term_or_malformed_year(tree, chain, code):
    with pytest.raises(ValidationFailed) as exc:
        assessment_start(
            actor=chain.branch_secretary, org=tree.branch, period_code=code, today=TODAY
        )
    assert exc.value.extra["fields"].keys() == {"period"}
    assert not SelfAssessment.objects.exists()


def test_start_scope(tree, chain, actors):
    with pytest.raises(NotFound):
        assessment_start(
            actor=chain.other_university_admin, org=tree.branch, period_code=YEAR, today=TODAY
        )
    with pytest.raises(NotPermitted):  # sees the branch, may not start its assessment
        assessment_start(actor=chain.branch_member, org=tree.branch, period_code=YEAR, today=TODAY)
    assert not SelfAssessment.objects.exists()


def test_narrative_and_evidence_with_versions(tree, chain):
    a = _start(tree, chain)
    narrative_save(
        actor=chain.branch_member, assessment=a, criterion_code="C01", text="坚持理论学习"
    )
    first = evidence_add(
        actor=chain.branch_member,
        assessment=a,
        checkpoint_code="C16.2",
        title="育人成果汇编",
        file=SimpleUploadedFile("a.pdf", PDF),
    )
    assert len(first.sha256) == 64 and first.content_type == "application/pdf"
    second = evidence_add(
        actor=chain.branch_member,
        assessment=a,
        checkpoint_code="C16.2",
        title="育人成果汇编（修订）",
        url="https://example.edu.cn/a",
        replaces=first.key,
    )
    first.refresh_from_db()
    assert first.superseded and second.version == 2 and second.key == first.key
    rows = {c.code: c for c in effective_checkpoints(a)}
    assert [e.version for e in rows["C16.2"].evidence_items] == [2, 1]
    assert CriterionNarrative.objects.get(assessment=a).text == "坚持理论学习"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"checkpoint_code": "C99.1", "title": "x", "url": "https://a.cn"}, "checkpoint"),
        ({"checkpoint_code": "C16.2", "title": "", "url": "https://a.cn"}, "title"),
        ({"checkpoint_code": "C16.2", "title": "x"}, "file"),
        ({"checkpoint_code": "C16.2", "title": "x", "url": "ftp://a.cn"}, "url"),
        (
            {"checkpoint_code": "C16.2", "title": "x", "file": SimpleUploadedFile("a.exe", b"MZ")},
            "file",
        ),
        (
            {"checkpoint_code": "C16.2", "title": "x", "url": "https://a.cn", "replaces": 9},
            "replaces",
        ),
    ],
)
def test_evidence_bad_input_stores_nothing(tree, chain, kwargs, field):
    a = _start(tree, chain)
    with pytest.raises(ValidationFailed) as exc:
        evidence_add(actor=chain.branch_member, assessment=a, **kwargs)
    assert field in exc.value.extra["fields"]
    assert not EvidenceItem.objects.exists()


def test_narrative_bad_input(tree, chain):
    a = _start(tree, chain)
    with pytest.raises(ValidationFailed) as exc:
        narrative_save(
            actor=chain.branch_member, assessment=a, criterion_code="C01", text="长" * 2001
        )
    assert "2000" in exc.value.message and "text" in exc.value.extra["fields"]
    with pytest.raises(ValidationFailed):
        narrative_save(actor=chain.branch_member, assessment=a, criterion_code="C19", text="x")
    assert not CriterionNarrative.objects.exists()


def test_submitted_assessment_refuses_changes(tree, chain):
    a = _submitted(tree, chain)
    for call in (
        lambda: narrative_save(
            actor=chain.branch_member, assessment=a, criterion_code="C01", text="x"
        ),
        lambda: evidence_add(
            actor=chain.branch_member,
            assessment=a,
            checkpoint_code="C16.2",
            title="x",
            url="https://a.cn",
        ),
        lambda: assessment_submit(actor=chain.branch_secretary, assessment=a),
    ):
        with pytest.raises(InvalidState, match="已提交，不能修改"):
            call()
    assert not CriterionNarrative.objects.exists() and not EvidenceItem.objects.exists()


def test_recompute_makes_a_new_run_and_leaves_the_frozen_one(tree, chain):
    a = _submitted(tree, chain)
    frozen = OrgResult.objects.get(pk=a.result_id)
    before = (frozen.score, frozen.checkpoints, a.result_sha256)
    new = assessment_run(
        standard=chain.standard, period_code=YEAR, root=tree.university, today=TODAY
    )
    assert new.pk != chain.run.pk
    a.refresh_from_db()
    frozen.refresh_from_db()
    assert a.run_id == chain.run.pk and (frozen.score, frozen.checkpoints) == before[:2]
    from liuhao.assessments.services.common import result_digest

    assert result_digest(frozen) == before[2]
    # the frozen run cannot be deleted
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        AssessmentRun.objects.get(pk=chain.run.pk).delete()


def test_chain_branch_college_university_province(tree, chain):
    a = _submitted(tree, chain)
    assert a.chain == ["college", "university", "province"] and a.college_id == tree.college.pk
    assert list(review_queue(chain.college_secretary, TODAY)) == [a]
    assert review_counts(chain.college_secretary, TODAY) == {"college": 1}
    assert not review_queue(chain.university_admin, TODAY).exists()
    with pytest.raises(NotPermitted):  # the university sees it but does not hold the college step
        review_accept(actor=chain.university_admin, assessment=a)
    with pytest.raises(NotFound):
        review_accept(actor=chain.other_university_admin, assessment=a)
    a = review_accept(actor=chain.college_secretary, assessment=a)
    assert a.current_level == ReviewLevel.UNIVERSITY and not is_reviewed(a)
    a = review_accept(actor=chain.university_admin, assessment=a)
    assert a.current_level == ReviewLevel.PROVINCE and is_reviewed(a)
    a = review_accept(actor=chain.province_admin, assessment=a, comment="同意")
    assert a.status == AssessmentStatus.ACCEPTED and is_reviewed(a)
    steps = list(ReviewStep.objects.filter(assessment=a).values_list("level", "decision"))
    assert steps == [("college", "accept"), ("university", "accept"), ("province", "accept")]
    assert (
        AuditEvent.objects.filter(target_type__icontains="selfassessment", verb="update").count()
        == 4
    )


def test_college_committee_goes_to_university_first(tree, chain):
    a = assessment_start(
        actor=chain.university_admin, org=tree.college, period_code=YEAR, today=TODAY
    )
    a = assessment_submit(actor=chain.university_admin, assessment=a)
    assert a.chain == ["university", "province"] and a.current_level == "university"


def test_return_with_reason_then_resubmit(tree, chain):
    a = _submitted(tree, chain)
    with pytest.raises(ValidationFailed) as exc:
        review_return(actor=chain.college_secretary, assessment=a, reason="  ")
    assert "reason" in exc.value.extra["fields"]
    assert not ReviewStep.objects.exists()
    a = review_return(actor=chain.college_secretary, assessment=a, reason="C01 说明不完整")
    assert a.status == AssessmentStatus.RETURNED and a.return_reason == "C01 说明不完整"
    narrative_save(actor=chain.branch_member, assessment=a, criterion_code="C01", text="已补充")
    a = assessment_submit(actor=chain.branch_secretary, assessment=a)
    assert a.status == AssessmentStatus.SUBMITTED and a.current_level == "college"
    assert a.run_id == chain.run.pk


def test_new_secretary_inherits_the_queue_and_old_steps_stay(tree, chain):
    a = _submitted(tree, chain)
    review_return(actor=chain.college_secretary, assessment=a, reason="请补充材料")
    Position.objects.filter(person=chain.college_person).update(ended_on=dt.date(2025, 9, 1))
    new_user = UserFactory(username="newsec", display_name="新书记")
    person = PersonFactory(university=tree.university, unit=tree.college, user=new_user)
    PositionFactory(
        person=person, org=tree.college, kind="secretary", started_on=dt.date(2025, 9, 2)
    )
    a.refresh_from_db()
    a = assessment_submit(actor=chain.branch_secretary, assessment=a)
    assert not review_queue(chain.college_secretary, TODAY).exists()
    assert list(review_queue(new_user, TODAY)) == [a]
    with pytest.raises(NotPermitted):  # still sees the college (role), no longer holds the office
        review_accept(actor=chain.college_secretary, assessment=a)
    review_accept(actor=new_user, assessment=a)
    steps = list(ReviewStep.objects.filter(assessment=a).values_list("reviewer_name", "decision"))
    assert steps == [("王书记", "return"), ("新书记", "accept")]
    assert "书记" in ReviewStep.objects.first().reviewer_office


def test_score_and_override(tree, chain):
    a = _submitted(tree, chain)
    a = review_accept(actor=chain.college_secretary, assessment=a)
    checkpoint_score(
        actor=chain.university_admin, assessment=a, checkpoint_code="C16.2", score="4.5"
    )
    o = status_override(
        actor=chain.university_admin,
        assessment=a,
        checkpoint_code="C01.1",
        new_status="met",
        reason="现场核查学习记录齐全",
    )
    rows = {c.code: c for c in effective_checkpoints(a)}
    assert rows["C16.2"].score == 4.5 and rows["C16.2"].status == "met"
    assert rows["C16.2"].computed_status == "awaiting_data"
    assert rows["C01.1"].override == o and rows["C01.1"].status == "met"
    assert rows["C01.1"].computed_status == o.computed_status
    assert AuditEvent.objects.filter(target_type__icontains="statusoverride").exists()
    assert AuditEvent.objects.filter(target_type__icontains="checkpointscore").exists()


@pytest.mark.parametrize(
    ("code", "score", "field"),
    [
        ("C16.2", "5.5", "score"),
        ("C16.2", "-1", "score"),
        ("C16.2", "abc", "score"),
        ("C16.2", "nan", "score"),
        ("C16.2", "4.555", "score"),
        ("C01.1", "4", "checkpoint"),
        ("C99.9", "4", "checkpoint"),
    ],
)
def test_score_bad_input_stores_nothing(tree, chain, code, score, field):
    a = _submitted(tree, chain)
    with pytest.raises(ValidationFailed) as exc:
        checkpoint_score(
            actor=chain.college_secretary, assessment=a, checkpoint_code=code, score=score
        )
    assert field in exc.value.extra["fields"]
    assert not CheckpointScore.objects.exists()


def test_override_bad_input_and_wrong_level(tree, chain):
    a = _submitted(tree, chain)
    with pytest.raises(ValidationFailed) as exc:
        status_override(
            actor=chain.college_secretary,
            assessment=a,
            checkpoint_code="C01.1",
            new_status="met",
            reason="",
        )
    assert "reason" in exc.value.extra["fields"]
    with pytest.raises(ValidationFailed) as exc:
        status_override(
            actor=chain.college_secretary,
            assessment=a,
            checkpoint_code="C01.1",
            new_status="great",
            reason="x",
        )
    assert "new_status" in exc.value.extra["fields"]
    with pytest.raises(NotPermitted):
        status_override(
            actor=chain.province_admin,
            assessment=a,
            checkpoint_code="C01.1",
            new_status="met",
            reason="x",
        )
    assert not StatusOverride.objects.exists()


def test_decisions_refused_when_not_in_review(tree, chain):
    a = _start(tree, chain)
    with pytest.raises(NotPermitted):
        review_accept(actor=chain.college_secretary, assessment=a)
    with pytest.raises(NotPermitted):
        checkpoint_score(actor=chain.province_admin, assessment=a, checkpoint_code="C16.2", score=4)
    assert not ReviewStep.objects.exists()


def test_notifications_follow_the_chain_and_waiting_items(tree, chain):
    from liuhao.assessments.notices import waiting
    from liuhao.notifications.models import Notification

    a = _submitted(tree, chain)
    to_college = Notification.objects.filter(recipient=chain.college_secretary, kind="review")
    assert to_college.count() == 1 and "待您审核" in to_college.get().title
    assert [i.count for i in waiting(chain.college_secretary)] == [1]
    a = review_accept(actor=chain.college_secretary, assessment=a)
    assert Notification.objects.filter(recipient=chain.university_admin, kind="review").exists()
    assert waiting(chain.college_secretary) == []
    review_return(actor=chain.university_admin, assessment=a, reason="请补充 C16 材料")
    back = Notification.objects.get(recipient=chain.branch_secretary, kind="return")
    assert back.body == "请补充 C16 材料"
    assert Notification.objects.filter(recipient=chain.branch_member, kind="return").exists()
    items = waiting(chain.branch_secretary)
    assert len(items) == 1 and items[0].kind == "return" and "请补充 C16 材料" in items[0].title


def test_start_without_any_standard_is_refused_on_the_period(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        assessment_start(
            actor=actors.university_admin, org=tree.branch, period_code=YEAR, today=TODAY
        )
    assert "尚未导入任何指标体系" in exc.value.message and "period" in exc.value.extra["fields"]
    assert not SelfAssessment.objects.exists()


def test_reviewed_q_matches_is_reviewed(tree, chain):
    from liuhao.assessments.selectors import reviewed_q

    branch = _submitted(tree, chain)
    top = assessment_start(
        actor=chain.university_admin, org=tree.university, period_code=YEAR, today=TODAY
    )
    top = assessment_submit(actor=chain.university_admin, assessment=top)
    assert top.current_level == "province" and not is_reviewed(top)
    branch = review_accept(actor=chain.college_secretary, assessment=branch)
    branch = review_accept(actor=chain.university_admin, assessment=branch)
    rows = list(SelfAssessment.objects.filter(reviewed_q()))
    assert rows == [branch] and is_reviewed(branch)
    top = review_accept(actor=chain.province_admin, assessment=top)
    assert set(SelfAssessment.objects.filter(reviewed_q())) == {branch, top}


def test_chain_for_each_place_in_the_tree(tree):
    from liuhao.assessments.services import chain_for
    from liuhao.orgs.tests.factories import OrganizationFactory

    general = OrganizationFactory(parent=tree.college, kind="general_branch", code="U001-C01-G1")
    nested = OrganizationFactory(parent=general, kind="branch", code="U001-C01-G1-B1")
    direct = OrganizationFactory(parent=tree.university, kind="branch", code="U001-B9")
    assert chain_for(nested) == (["college", "university", "province"], tree.college)
    assert chain_for(general) == (["college", "university", "province"], tree.college)
    assert chain_for(direct) == (["university", "province"], None)
    assert chain_for(tree.college) == (["university", "province"], None)
    assert chain_for(tree.university) == (["province"], None)
