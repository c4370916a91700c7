"""The review chain: accept, return with a reason, score review checkpoints, override a status
(issue 7 item 2; DESIGN §4 "Each step can return with a reason. Reviewer overrides need a reason
and are audited").

Only a current office-holder of the step that holds the assessment may act
(`selectors.reviewer_office_at`): the college committee's leadership, the university's
organization department (university admins), the province. Every decision, score and override is
a new row (history) and an audit row; the reviewer's name and office are copied onto it, so a past
approval stays readable after the office changes hands. Accepts and returns notify the next step's
office-holders and the org (`notices.announce`, issue 7 item 6).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.assessments.choices import AssessmentStatus, CheckpointStatus, Decision
from liuhao.assessments.models import CheckpointScore, ReviewStep, SelfAssessment, StatusOverride
from liuhao.assessments.notices import announce
from liuhao.assessments.selectors import assessments_visible, reviewer_office_at
from liuhao.assessments.services.common import actor_name, audit_change, audit_scope, lock
from liuhao.core.audit import audit_record, snapshot
from liuhao.core.exceptions import NotFound, NotPermitted
from liuhao.orgs.services.common import require
from liuhao.standards.engine.types import Method
from liuhao.standards.services.rules import rules_for

REASON_MAX = 500


def _reviewer(actor: Any, assessment: SelfAssessment) -> str:
    """The office under which the actor acts now; 404 when the assessment is out of sight, 403
    when visible but not at a step the actor holds."""
    office = reviewer_office_at(actor, assessment)
    if office is not None:
        return office
    if not assessments_visible(actor).filter(pk=assessment.pk).exists():
        raise NotFound("未找到该自评，或您无权查看")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise NotPermitted(f"该自评当前状态为“{assessment.get_status_display()}”，不在审核中")
    raise NotPermitted(
        f"该自评当前由“{assessment.get_current_level_display()}”审核，您不是该层级的审核人"
    )


def _reason(reason: str, label: str, required: bool) -> str:
    reason = (reason or "").strip()
    if required:
        require(bool(reason), f"{label}：请填写{label}", "reason")
    require(len(reason) <= REASON_MAX, f"{label}：不能超过 {REASON_MAX} 字", "reason")
    return reason


def _step(
    actor: Any, assessment: SelfAssessment, office: str, decision: str, reason: str
) -> ReviewStep:
    return ReviewStep.objects.create(
        assessment=assessment,
        level=assessment.current_level,
        reviewer=actor,
        reviewer_name=actor_name(actor),
        reviewer_office=office[:200],
        decision=decision,
        reason=reason,
        decided_at=timezone.now(),
    )


@transaction.atomic
def review_accept(*, actor: Any, assessment: SelfAssessment, comment: str = "") -> SelfAssessment:
    """Accept at the current step: the assessment moves to the next step of its chain, or is
    accepted when the province accepts."""
    assessment = lock(assessment)
    office = _reviewer(actor, assessment)
    comment = _reason(comment, "审核意见", required=False)
    step = _step(actor, assessment, office, Decision.ACCEPT, comment)
    before = snapshot(assessment, ["status", "current_level"])
    chain = list(assessment.chain)
    position = chain.index(assessment.current_level)
    if position + 1 < len(chain):
        assessment.current_level = chain[position + 1]
    else:
        assessment.status = AssessmentStatus.ACCEPTED
        assessment.current_level = ""
        assessment.accepted_at = step.decided_at
    assessment.save(update_fields=["status", "current_level", "accepted_at", "updated_at"])
    audit_change(actor, assessment, before, decision=f"{step.get_level_display()}通过")
    announce(assessment, Decision.ACCEPT)
    return assessment


@transaction.atomic
def review_return(*, actor: Any, assessment: SelfAssessment, reason: str) -> SelfAssessment:
    """Return the assessment to the org with a reason (required); the org fixes it and submits
    again, and the chain starts over. The frozen run stays."""
    assessment = lock(assessment)
    office = _reviewer(actor, assessment)
    reason = _reason(reason, "退回原因", required=True)
    step = _step(actor, assessment, office, Decision.RETURN, reason)
    before = snapshot(assessment, ["status", "current_level"])
    assessment.status = AssessmentStatus.RETURNED
    assessment.current_level = ""
    assessment.return_reason = reason
    assessment.save(update_fields=["status", "current_level", "return_reason", "updated_at"])
    audit_change(
        actor, assessment, before, decision=f"{step.get_level_display()}退回", reason=reason
    )
    announce(assessment, Decision.RETURN)
    return assessment


@transaction.atomic
def checkpoint_score(
    *,
    actor: Any,
    assessment: SelfAssessment,
    checkpoint_code: str,
    score: Any,
    comment: str = "",
) -> CheckpointScore:
    """Score one `review` checkpoint of the package, within 0…`scale.review_max` (C16.2, C17.2 in
    jiangsu-2015). A later score (this step's or a higher one's) supersedes; all are kept."""
    assessment = lock(assessment)
    _reviewer(actor, assessment)
    rules = rules_for(assessment.run.standard)
    rule = next((cp for cp in rules.checkpoints if cp.code == checkpoint_code), None)
    require(rule is not None, f"检查点：“{checkpoint_code}”不是本指标体系的检查点", "checkpoint")
    assert rule is not None
    require(
        rule.method == Method.REVIEW,
        f"检查点：{checkpoint_code} 不是评审评分项，只能对评审项打分",
        "checkpoint",
    )
    computed = {c["code"]: c["status"] for c in assessment.result.checkpoints}
    require(
        computed.get(checkpoint_code) not in (None, "not_applicable"),
        f"检查点：{checkpoint_code} 对该组织不适用，不能打分",
        "checkpoint",
    )
    top = Decimal(str(rules.review_scale_max))
    try:
        value = Decimal(str(score).strip())
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    require(
        value.is_finite() and Decimal(0) <= value <= top,
        f"评分：请填写 0 至 {top.normalize():f} 之间的分数",
        "score",
    )
    require(value == value.quantize(Decimal("0.01")), "评分：最多保留两位小数", "score")
    comment = _reason(comment, "评语", required=False)
    row = CheckpointScore.objects.create(
        assessment=assessment,
        checkpoint_code=checkpoint_code,
        score=value,
        level=assessment.current_level,
        reviewer=actor,
        reviewer_name=actor_name(actor),
        comment=comment,
        scored_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        verb="create",
        target=row,
        scope=audit_scope(assessment),
        changes=snapshot(row, ["checkpoint_code", "score", "level", "comment"]),
    )
    return row


@transaction.atomic
def status_override(
    *,
    actor: Any,
    assessment: SelfAssessment,
    checkpoint_code: str,
    new_status: str,
    reason: str,
) -> StatusOverride:
    """Set a checkpoint's status against the computed one, with a reason (required). The computed
    status is copied from the frozen result and shown beside the new one everywhere."""
    assessment = lock(assessment)
    _reviewer(actor, assessment)
    computed = {c["code"]: c["status"] for c in assessment.result.checkpoints}
    require(
        checkpoint_code in computed,
        f"检查点：“{checkpoint_code}”不是本自评的检查点",
        "checkpoint",
    )
    require(
        new_status in CheckpointStatus.values,
        "调整为：请选择达标、部分达标、未达标或不适用",
        "new_status",
    )
    reason = _reason(reason, "调整理由", required=True)
    row = StatusOverride.objects.create(
        assessment=assessment,
        checkpoint_code=checkpoint_code,
        computed_status=computed[checkpoint_code],
        new_status=new_status,
        reason=reason,
        level=assessment.current_level,
        by=actor,
        by_name=actor_name(actor),
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        verb="create",
        target=row,
        scope=audit_scope(assessment),
        changes=snapshot(
            row, ["checkpoint_code", "computed_status", "new_status", "reason", "level"]
        ),
    )
    return row
