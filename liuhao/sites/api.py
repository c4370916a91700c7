"""The demonstration-site cycle's API under /api/v1/sites/ (issue 7 items 3, 7): cycles, the
applications the actor may see, applying, the university's ranked recommendation, an expert's
scores and the named sites. Endpoints parse and call the same selectors and services as the pages:
outside scope 404, visible but not allowed 403, refused input 400 naming the field, nothing stored.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.orgs import org_get
from liuhao.sites import selectors
from liuhao.sites.models import RANK, Application, Cycle, ExpertAssignment, Site
from liuhao.sites.schemas import (
    ApplicationIn,
    ApplicationOut,
    CycleOut,
    RecommendationIn,
    ScoresIn,
    SiteOut,
)
from liuhao.sites.services.cycle import (
    application_submit,
    expert_score_submit,
    recommendation_set,
)

router = Router()
TAGS = ["示范点"]


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _app_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "cycle_id": a.cycle_id,
        "org_id": a.org_id,
        "org_name": a.org.name,
        "university_id": a.university_id,
        "status": a.status,
        "rank": a.rank,
        "score": a.result.score,
        "verdict": a.verdict,
        "verdict_reason": a.verdict_reason,
    }


@router.get("/cycles/", response=list[CycleOut], tags=TAGS, summary="示范点评选列表")
def cycle_list_endpoint(request: HttpRequest) -> QuerySet[Cycle]:
    return selectors.cycle_list(_actor(request))


@router.get(
    "/cycles/{pk}/applications/",
    response=list[ApplicationOut],
    tags=TAGS,
    summary="评选中的申报（本人范围内）",
)
def application_list_endpoint(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    actor = _actor(request)
    cycle = selectors.cycle_get(actor, pk)
    rows = (
        selectors.applications_visible(actor)
        .filter(cycle=cycle)
        .select_related("org", "result")
        .order_by("university_id", RANK, "org_path")
    )
    return [_app_out(a) for a in rows]


@router.post(
    "/cycles/{pk}/applications/",
    response={201: ApplicationOut},
    tags=TAGS,
    summary="申报示范点（以审核通过的自评申报）",
)
def application_create_endpoint(
    request: HttpRequest, pk: int, payload: ApplicationIn
) -> Status[dict[str, Any]]:
    actor = _actor(request)
    cycle = selectors.cycle_get(actor, pk)
    org: Organization = org_get(actor, payload.org_id)
    app = application_submit(
        actor=actor,
        cycle=cycle,
        org=org,
        statement=payload.statement,
        today=timezone.localdate(),
    )
    app = Application.objects.select_related("org", "result").get(pk=app.pk)
    return Status(201, _app_out(app))


@router.post(
    "/cycles/{pk}/recommendations/",
    response=list[ApplicationOut],
    tags=TAGS,
    summary="高校推荐排序（不超过名额）",
)
def recommendation_endpoint(
    request: HttpRequest, pk: int, payload: RecommendationIn
) -> list[dict[str, Any]]:
    actor = _actor(request)
    cycle = selectors.cycle_get(actor, pk)
    university = org_get(actor, payload.university_id)
    done = recommendation_set(
        actor=actor,
        cycle=cycle,
        university=university,
        ranking=payload.ranking,
        today=timezone.localdate(),
    )
    rows = Application.objects.filter(pk__in=[a.pk for a in done]).select_related("org", "result")
    return [_app_out(a) for a in rows.order_by(RANK)]


@router.post(
    "/assignments/{pk}/scores/",
    response={200: dict[str, str]},
    tags=TAGS,
    summary="专家评分（评审类检查点，0 至 scale.review_max）",
)
def scores_endpoint(request: HttpRequest, pk: int, payload: ScoresIn) -> dict[str, str]:
    actor = _actor(request)
    assignment: ExpertAssignment = selectors.assignment_get(actor, pk)
    expert_score_submit(
        actor=actor,
        assignment=assignment,
        scores=payload.scores,
        comment=payload.comment,
        today=timezone.localdate(),
    )
    return {s.checkpoint_code: str(s.score) for s in assignment.scores.all()}


@router.get("/named/", response=list[SiteOut], tags=TAGS, summary="已命名且未撤销的示范点")
def named_list_endpoint(request: HttpRequest) -> list[dict[str, Any]]:
    sites: list[Site] = list(selectors.public_sites())
    return [
        {
            "id": s.pk,
            "org_id": s.org_id,
            "org_name": s.org.name,
            "university_id": s.university_id,
            "cycle_id": s.cycle_id,
            "named_on": s.named_on,
            "status": s.status,
        }
        for s in sites
    ]
