"""The assessment API router under /api/v1/assessment/ (issue 3 item 8).

Same scope as the web pages: runs and results the actor may see (Capability.VIEW_ASSESSMENT over the
org), everything else 404. A recompute needs Capability.ASSESS over its root (403 otherwise) and
answers 202 with the finished run (small subtrees, computed inline) or the queued task's id.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.orgs.models import Organization
from liuhao.orgs.schemas import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get
from liuhao.orgs.selectors.scope import visible_orgs
from liuhao.standards.models import AssessmentRun, OrgResult, StandardVersion
from liuhao.standards.reports import band_labels, status_label
from liuhao.standards.schemas import (
    AssessmentRunOut,
    GapListOut,
    OrgResultOut,
    RecomputeIn,
    RecomputeOut,
)
from liuhao.standards.selectors import (
    can_view_assessment,
    gap_list,
    org_result,
    run_get,
    run_list,
    standard_latest,
)
from liuhao.standards.services.recompute import assessment_recompute
from liuhao.standards.services.rules import rules_for

router = Router()
TAGS = ["评估"]


class ResultQuery(Schema):
    run: int | None = None
    period: str | None = None


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _assessed_org(actor: Any, org_id: int) -> Organization:
    org = org_get(actor, _check_id(org_id))
    if not can_view_assessment(actor, org):
        raise NotFound("未找到该对象，或您无权查看")
    return org


def _result(actor: Any, org: Organization, query: ResultQuery) -> OrgResult:
    if query.run is not None:
        _check_id(query.run)
    result = org_result(actor, org, period_code=query.period or None, run_id=query.run)
    if result is None:
        raise NotFound("该组织在所选评估期还没有评估结果")
    return result


@router.get(
    "/runs/",
    response=list[AssessmentRunOut],
    tags=TAGS,
    summary="评估运行列表",
    description="含本人范围内组织的评估运行，新的在前。分页不统计总数：以 has_next 判断。",
)
@paginate(PageNumberNoCount)
def run_list_endpoint(request: HttpRequest) -> QuerySet[AssessmentRun]:
    return run_list(_actor(request))


@router.get("/runs/{run_id}/", response=AssessmentRunOut, tags=TAGS, summary="查看评估运行")
def run_detail(request: HttpRequest, run_id: int) -> AssessmentRun:
    return run_get(_actor(request), _check_id(run_id))


@router.get(
    "/orgs/{org_id}/result/",
    response=OrgResultOut,
    tags=TAGS,
    summary="组织的评估结果",
    description="指定 run 时取该次计算，否则取 period 评估期（未指定则任意评估期）最新一次计算。",
)
def org_result_endpoint(
    request: HttpRequest, org_id: int, query: Query[ResultQuery]
) -> dict[str, Any]:
    actor = _actor(request)
    org = _assessed_org(actor, org_id)
    result = _result(actor, org, query)
    run = result.run
    bands = band_labels(rules_for(run.standard))
    return {
        "org": org.pk,
        "org_code": org.code,
        "org_name": org.name,
        "run": run.pk,
        "standard": run.standard.code,
        "period_code": run.period_code,
        "as_of": run.as_of,
        "level": result.level,
        "branch_type": result.branch_type,
        "verdict": result.verdict,
        "score": result.score,
        "band": result.band,
        "band_label": bands.get(result.band, result.band),
        "coverage": result.coverage,
        "dimensions": [{"code": d[0], "good": d[1], "status": d[2]} for d in result.dimensions],
        "criteria": [{"code": k, "status": v} for k, v in result.criteria.items()],
        "checkpoints": [
            {
                **c,
                "status_label": status_label(c["status"]),
                "evidence": [{"type": c["records"], "id": pk} for pk in c["evidence"]],
                "late": c.get("late") or [],
            }
            for c in result.checkpoint_list()
        ],
        "gap_count": result.gap_count,
        "late_count": result.late_count,
    }


@router.get(
    "/orgs/{org_id}/gaps/",
    response=GapListOut,
    tags=TAGS,
    summary="组织的差距清单",
    description="未达标、部分达标或进行中的检查点：需完成的工作、差多少、完成期限。",
)
def org_gaps(request: HttpRequest, org_id: int, query: Query[ResultQuery]) -> dict[str, Any]:
    actor = _actor(request)
    org = _assessed_org(actor, org_id)
    result = _result(actor, org, query)
    titles = {cp.code: cp.title for cp in rules_for(result.run.standard).checkpoints}
    return {
        "org": org.pk,
        "run": result.run_id,
        "period_code": result.run.period_code,
        "items": [
            {
                "code": g.code,
                "title": g.title,
                "status": g.status,
                "status_label": status_label(g.status),
                "gap": g.gap,
                "due": g.due,
                "explanation": g.explanation,
            }
            for g in gap_list(result, titles)
        ],
    }


def _standard(code: str | None) -> StandardVersion:
    try:
        return standard_latest(code)
    except NotFound as exc:
        raise ValidationFailed(
            exc.message,
            code="unknown_standard",
            extra={"fields": {"standard": ["未找到该指标体系"]}},
        ) from exc


@router.post(
    "/recompute/",
    response={202: RecomputeOut},
    tags=TAGS,
    summary="重新计算评估",
    description=(
        "需要对计算范围拥有“发起评估计算”权限。小范围（不超过 60 个组织）在请求内算完并返回 run_id；"
        "更大范围提交后台任务并返回 task_id。每次计算都新增一次结果，不覆盖以往结果。"
    ),
)
def recompute(request: HttpRequest, payload: RecomputeIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    root = None
    if payload.root is not None:
        root = visible_orgs(actor).filter(pk=_check_id(payload.root)).first()
        if root is None:
            raise NotFound(
                f"root：未找到组织“{payload.root}”，或您无权查看",
                extra={"fields": {"root": ["未找到该组织"]}},
            )
    standard = _standard(payload.standard)
    ticket = assessment_recompute(
        actor=actor,
        standard=standard,
        period_code=payload.period.strip(),
        root=root,
        today=timezone.localdate(),
    )
    return Status(
        202,
        {
            "inline": ticket.inline,
            "org_count": ticket.org_count,
            "run_id": ticket.run_id,
            "task_id": ticket.task_id,
        },
    )
