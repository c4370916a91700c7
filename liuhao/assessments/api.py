"""The self-assessment API under /api/v1/self-assessments/ (issue 7 items 1, 2).

Same services and scope as the pages: an assessment the actor may not see answers 404, one it sees
but may not act on 403; bad input 400 with the Chinese message naming the field, nothing stored.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from liuhao.assessments import services
from liuhao.assessments.models import SelfAssessment
from liuhao.assessments.selectors import (
    assessment_get,
    effective_checkpoints,
    review_counts,
    review_queue,
)
from liuhao.core.exceptions import NotFound
from liuhao.orgs.schemas import MAX_ID
from liuhao.orgs.selectors.orgs import org_get

router = Router()
TAGS = ["自评与审核"]
QUEUE_MAX = 200


class StartIn(Schema):
    org: int
    period: str = Field(max_length=16, description="学年，如 2025-2026")


class NarrativeIn(Schema):
    criterion: str = Field(max_length=8)
    text: str = Field(max_length=4000)


class EvidenceLinkIn(Schema):
    checkpoint: str = Field(max_length=12)
    title: str = Field(max_length=400)
    url: str = Field(max_length=1000)
    replaces: int | None = None


class DecisionIn(Schema):
    comment: str = Field("", max_length=1000)


class ReturnIn(Schema):
    reason: str = Field(max_length=1000)


class ScoreIn(Schema):
    checkpoint: str = Field(max_length=12)
    score: float | str
    comment: str = Field("", max_length=1000)


class OverrideIn(Schema):
    checkpoint: str = Field(max_length=12)
    new_status: str = Field(max_length=20)
    reason: str = Field(max_length=1000)


class CheckpointOut(Schema):
    code: str
    criterion: str
    title: str
    is_review: bool
    computed_status: str
    status: str
    status_label: str
    value: str
    explanation: str
    score: float | None
    override_reason: str
    late: int
    evidence_items: int


class AssessmentOut(Schema):
    id: int
    org: int
    org_name: str
    period_code: str
    run: int
    status: str
    status_label: str
    current_level: str
    chain: list[str]
    result_sha256: str
    score: float


class AssessmentDetailOut(AssessmentOut):
    checkpoints: list[CheckpointOut]


class QueueOut(Schema):
    counts: dict[str, int]
    items: list[AssessmentOut]


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _get(request: HttpRequest, pk: int) -> SelfAssessment:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该自评，或您无权查看")
    return assessment_get(_actor(request), pk)


def _out(a: SelfAssessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "org": a.org_id,
        "org_name": a.org.name,
        "period_code": a.period_code,
        "run": a.run_id,
        "status": a.status,
        "status_label": a.get_status_display(),
        "current_level": a.current_level,
        "chain": list(a.chain or []),
        "result_sha256": a.result_sha256,
        "score": a.result.score,
    }


def _detail(a: SelfAssessment) -> dict[str, Any]:
    return {
        **_out(a),
        "checkpoints": [
            {
                "code": cp.code,
                "criterion": cp.criterion,
                "title": cp.row.title,
                "is_review": cp.is_review,
                "computed_status": cp.computed_status,
                "status": cp.status,
                "status_label": cp.status_label,
                "value": cp.row.value,
                "explanation": cp.row.explanation,
                "score": None if cp.score is None else float(cp.score),
                "override_reason": cp.override.reason if cp.override is not None else "",
                "late": cp.late_total,
                "evidence_items": len(cp.evidence_items),
            }
            for cp in effective_checkpoints(a)
        ],
    }


@router.get("/reviews/", response=QueueOut, tags=TAGS, summary="我的评审")
def reviews(request: HttpRequest) -> dict[str, Any]:
    """What waits for the actor's decision at its current offices, with counts per level."""
    actor = _actor(request)
    rows = review_queue(actor).select_related("result")[:QUEUE_MAX]
    return {"counts": review_counts(actor), "items": [_out(a) for a in rows]}


@router.post("/", response={201: AssessmentDetailOut}, tags=TAGS, summary="开始自评")
def start(request: HttpRequest, payload: StartIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    if not 1 <= payload.org <= MAX_ID:
        raise NotFound("未找到该组织，或您无权查看")
    org = org_get(actor, payload.org)
    a = services.assessment_start(
        actor=actor, org=org, period_code=payload.period, today=timezone.localdate()
    )
    return Status(201, _detail(_get(request, a.pk)))


@router.get("/{assessment_id}/", response=AssessmentDetailOut, tags=TAGS, summary="查看自评")
def detail(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    return _detail(_get(request, assessment_id))


@router.post(
    "/{assessment_id}/narratives/", response=AssessmentOut, tags=TAGS, summary="填写指标说明"
)
def narrative(request: HttpRequest, assessment_id: int, payload: NarrativeIn) -> dict[str, Any]:
    a = _get(request, assessment_id)
    services.narrative_save(
        actor=_actor(request),
        assessment=a,
        criterion_code=payload.criterion,
        text=payload.text,
    )
    return _out(a)


@router.post(
    "/{assessment_id}/evidence/", response=AssessmentOut, tags=TAGS, summary="添加链接材料"
)
def evidence(request: HttpRequest, assessment_id: int, payload: EvidenceLinkIn) -> dict[str, Any]:
    a = _get(request, assessment_id)
    services.evidence_add(
        actor=_actor(request),
        assessment=a,
        checkpoint_code=payload.checkpoint,
        title=payload.title,
        url=payload.url,
        replaces=payload.replaces,
    )
    return _out(a)


@router.post("/{assessment_id}/submit/", response=AssessmentOut, tags=TAGS, summary="提交自评")
def submit(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    a = services.assessment_submit(actor=_actor(request), assessment=_get(request, assessment_id))
    return _out(a)


@router.post("/{assessment_id}/accept/", response=AssessmentOut, tags=TAGS, summary="审核通过")
def accept(request: HttpRequest, assessment_id: int, payload: DecisionIn) -> dict[str, Any]:
    a = services.review_accept(
        actor=_actor(request), assessment=_get(request, assessment_id), comment=payload.comment
    )
    return _out(a)


@router.post("/{assessment_id}/return/", response=AssessmentOut, tags=TAGS, summary="退回修改")
def give_back(request: HttpRequest, assessment_id: int, payload: ReturnIn) -> dict[str, Any]:
    a = services.review_return(
        actor=_actor(request), assessment=_get(request, assessment_id), reason=payload.reason
    )
    return _out(a)


@router.post(
    "/{assessment_id}/scores/", response=AssessmentDetailOut, tags=TAGS, summary="评审项打分"
)
def score(request: HttpRequest, assessment_id: int, payload: ScoreIn) -> dict[str, Any]:
    a = _get(request, assessment_id)
    services.checkpoint_score(
        actor=_actor(request),
        assessment=a,
        checkpoint_code=payload.checkpoint,
        score=payload.score,
        comment=payload.comment,
    )
    return _detail(a)


@router.post(
    "/{assessment_id}/overrides/",
    response=AssessmentDetailOut,
    tags=TAGS,
    summary="调整检查点状态",
)
def override(request: HttpRequest, assessment_id: int, payload: OverrideIn) -> dict[str, Any]:
    a = _get(request, assessment_id)
    services.status_override(
        actor=_actor(request),
        assessment=a,
        checkpoint_code=payload.checkpoint,
        new_status=payload.new_status,
        reason=payload.reason,
    )
    return _detail(a)
