"""The achievements API router under /api/v1/achievements/: commitments (C14.2), achievements
(C16.1), outputs and service brands with their history (C17.1), reviewer ratings (C16.2, C17.2).
Every record type has list, detail, create, update (PATCH: only the fields sent change) and delete
endpoints; a reviewer rates again to change a score and may withdraw their own score.

Endpoints only parse, look up inside the actor's scope and call selectors or services, as the web
forms do: reads are limited to the actor's org subtrees (outside → 404); writes need
Capability.RECORD_LEDGER over the org (ratings: the reviewer role) and are validated (400 naming
the field) and audited.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.achievements import selectors, services
from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ReviewRating,
    ServiceBrand,
)
from liuhao.achievements.schemas import (
    AchievementIn,
    AchievementOut,
    AchievementPatch,
    BrandEventIn,
    BrandEventOut,
    BrandEventPatch,
    BrandIn,
    BrandOut,
    BrandPatch,
    CommitmentFilter,
    CommitmentIn,
    CommitmentOut,
    CommitmentPatch,
    OrgFilter,
    OutputIn,
    OutputOut,
    OutputPatch,
    RatingIn,
    RatingOut,
)
from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.periods import period_from_code
from liuhao.orgs.schemas import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get

router = Router()

COMMITMENTS = ["承诺践诺"]
RESULTS = ["工作成果、研究与实践成果、服务品牌"]
RATINGS = ["评审评分"]
PAGINATION_NOTE = "分页不统计总数：以 has_next 判断是否还有下一页。"


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _org(actor: Any, pk: int | None) -> Organization | None:
    if pk is None:
        return None
    return org_get(actor, _check_id(pk))


# ---- commitments ---------------------------------------------------------------------------------


@router.get(
    "/commitments/",
    response=list[CommitmentOut],
    tags=COMMITMENTS,
    summary="承诺践诺列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def commitment_list_endpoint(
    request: HttpRequest, filters: Query[CommitmentFilter]
) -> QuerySet[Commitment]:
    actor = _actor(request)
    year = None
    if filters.year:
        year = period_from_code(filters.year)
        if year.kind != "year":
            raise ValidationFailed(
                "学年格式应为 2025-2026", extra={"fields": {"year": ["学年格式应为 2025-2026"]}}
            )
    return selectors.commitment_list(actor, _org(actor, filters.org), year=year)


@router.get(
    "/commitments/{commitment_id}/", response=CommitmentOut, tags=COMMITMENTS, summary="查看承诺"
)
def commitment_detail_endpoint(request: HttpRequest, commitment_id: int) -> Commitment:
    return selectors.commitment_get(_actor(request), _check_id(commitment_id))


@router.post(
    "/commitments/", response={201: CommitmentOut}, tags=COMMITMENTS, summary="登记承诺践诺"
)
def commitment_create_endpoint(request: HttpRequest, body: CommitmentIn) -> Status[Commitment]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    person = Person.objects.filter(
        pk=body.person, university_id=org.university_id or org.pk
    ).first()
    if person is None:
        raise NotFound(
            f"党员：本校没有编号为 {body.person} 的人员",
            extra={"fields": {"person": ["未找到该人员"]}},
        )
    data["person"] = person
    return Status(201, services.commitment_create(actor=actor, org=org, data=data))


@router.patch(
    "/commitments/{commitment_id}/",
    response=CommitmentOut,
    tags=COMMITMENTS,
    summary="补充践诺情况或评议得分",
)
def commitment_update_endpoint(
    request: HttpRequest, commitment_id: int, body: CommitmentPatch
) -> Commitment:
    actor = _actor(request)
    commitment = selectors.commitment_get(actor, _check_id(commitment_id))
    return services.commitment_update(actor=actor, commitment=commitment, data=body.changes())


@router.delete(
    "/commitments/{commitment_id}/",
    response={204: None},
    tags=COMMITMENTS,
    summary="删除误录的承诺",
)
def commitment_delete_endpoint(request: HttpRequest, commitment_id: int) -> Status[None]:
    actor = _actor(request)
    commitment = selectors.commitment_get(actor, _check_id(commitment_id))
    services.commitment_delete(actor=actor, commitment=commitment)
    return Status(204, None)


# ---- achievements, outputs, brands ---------------------------------------------------------------


@router.get(
    "/achievements/",
    response=list[AchievementOut],
    tags=RESULTS,
    summary="工作成果列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def achievement_list_endpoint(
    request: HttpRequest, filters: Query[OrgFilter]
) -> QuerySet[Achievement]:
    actor = _actor(request)
    return selectors.achievement_list(actor, _org(actor, filters.org))


@router.get(
    "/achievements/{record_id}/", response=AchievementOut, tags=RESULTS, summary="查看工作成果"
)
def achievement_detail_endpoint(request: HttpRequest, record_id: int) -> Achievement:
    return selectors.achievement_get(_actor(request), _check_id(record_id))


@router.post("/achievements/", response={201: AchievementOut}, tags=RESULTS, summary="登记工作成果")
def achievement_create_endpoint(request: HttpRequest, body: AchievementIn) -> Status[Achievement]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    return Status(201, services.achievement_create(actor=actor, org=org, data=data))


@router.patch(
    "/achievements/{record_id}/", response=AchievementOut, tags=RESULTS, summary="修改工作成果"
)
def achievement_update_endpoint(
    request: HttpRequest, record_id: int, body: AchievementPatch
) -> Achievement:
    actor = _actor(request)
    record = selectors.achievement_get(actor, _check_id(record_id))
    return services.achievement_update(actor=actor, achievement=record, data=body.changes())


@router.delete(
    "/achievements/{record_id}/", response={204: None}, tags=RESULTS, summary="删除工作成果"
)
def achievement_delete_endpoint(request: HttpRequest, record_id: int) -> Status[None]:
    actor = _actor(request)
    record = selectors.achievement_get(actor, _check_id(record_id))
    services.achievement_delete(actor=actor, achievement=record)
    return Status(204, None)


@router.get(
    "/outputs/",
    response=list[OutputOut],
    tags=RESULTS,
    summary="研究与实践成果列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def output_list_endpoint(request: HttpRequest, filters: Query[OrgFilter]) -> QuerySet[Output]:
    actor = _actor(request)
    return selectors.output_list(actor, _org(actor, filters.org))


@router.get("/outputs/{record_id}/", response=OutputOut, tags=RESULTS, summary="查看研究与实践成果")
def output_detail_endpoint(request: HttpRequest, record_id: int) -> Output:
    return selectors.output_get(_actor(request), _check_id(record_id))


@router.post("/outputs/", response={201: OutputOut}, tags=RESULTS, summary="登记研究与实践成果")
def output_create_endpoint(request: HttpRequest, body: OutputIn) -> Status[Output]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    return Status(201, services.output_create(actor=actor, org=org, data=data))


@router.patch(
    "/outputs/{record_id}/", response=OutputOut, tags=RESULTS, summary="修改研究与实践成果"
)
def output_update_endpoint(request: HttpRequest, record_id: int, body: OutputPatch) -> Output:
    actor = _actor(request)
    record = selectors.output_get(actor, _check_id(record_id))
    return services.output_update(actor=actor, output=record, data=body.changes())


@router.delete(
    "/outputs/{record_id}/", response={204: None}, tags=RESULTS, summary="删除研究与实践成果"
)
def output_delete_endpoint(request: HttpRequest, record_id: int) -> Status[None]:
    actor = _actor(request)
    record = selectors.output_get(actor, _check_id(record_id))
    services.output_delete(actor=actor, output=record)
    return Status(204, None)


@router.get(
    "/brands/",
    response=list[BrandOut],
    tags=RESULTS,
    summary="服务品牌列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def brand_list_endpoint(request: HttpRequest, filters: Query[OrgFilter]) -> QuerySet[ServiceBrand]:
    actor = _actor(request)
    return selectors.brand_list(actor, _org(actor, filters.org))


@router.get("/brands/{record_id}/", response=BrandOut, tags=RESULTS, summary="查看服务品牌")
def brand_detail_endpoint(request: HttpRequest, record_id: int) -> ServiceBrand:
    return selectors.brand_get(_actor(request), _check_id(record_id))


@router.post("/brands/", response={201: BrandOut}, tags=RESULTS, summary="登记服务品牌")
def brand_create_endpoint(request: HttpRequest, body: BrandIn) -> Status[ServiceBrand]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    return Status(201, services.brand_create(actor=actor, org=org, data=data))


@router.patch("/brands/{record_id}/", response=BrandOut, tags=RESULTS, summary="修改服务品牌")
def brand_update_endpoint(request: HttpRequest, record_id: int, body: BrandPatch) -> ServiceBrand:
    actor = _actor(request)
    brand = selectors.brand_get(actor, _check_id(record_id))
    return services.brand_update(actor=actor, brand=brand, data=body.changes())


@router.delete(
    "/brands/{record_id}/",
    response={204: None},
    tags=RESULTS,
    summary="删除服务品牌",
    description="品牌历程一并删除，每条删除都记入审计日志。",
)
def brand_delete_endpoint(request: HttpRequest, record_id: int) -> Status[None]:
    actor = _actor(request)
    brand = selectors.brand_get(actor, _check_id(record_id))
    services.brand_delete(actor=actor, brand=brand)
    return Status(204, None)


@router.get(
    "/brands/{record_id}/events/",
    response=list[BrandEventOut],
    tags=RESULTS,
    summary="服务品牌历程",
)
def brand_events_endpoint(request: HttpRequest, record_id: int) -> QuerySet[BrandEvent]:
    actor = _actor(request)
    brand = selectors.brand_get(actor, _check_id(record_id))
    return selectors.brand_events(actor, brand)[:500]


@router.post(
    "/brands/{record_id}/events/",
    response={201: BrandEventOut},
    tags=RESULTS,
    summary="登记服务品牌历程",
)
def brand_event_create_endpoint(
    request: HttpRequest, record_id: int, body: BrandEventIn
) -> Status[BrandEvent]:
    actor = _actor(request)
    brand = selectors.brand_get(actor, _check_id(record_id))
    event = services.brand_event_create(actor=actor, brand=brand, data=body.model_dump())
    return Status(201, event)


@router.get(
    "/brand-events/{event_id}/", response=BrandEventOut, tags=RESULTS, summary="查看品牌历程"
)
def brand_event_detail_endpoint(request: HttpRequest, event_id: int) -> BrandEvent:
    return selectors.brand_event_get(_actor(request), _check_id(event_id))


@router.patch(
    "/brand-events/{event_id}/", response=BrandEventOut, tags=RESULTS, summary="修改品牌历程"
)
def brand_event_update_endpoint(
    request: HttpRequest, event_id: int, body: BrandEventPatch
) -> BrandEvent:
    actor = _actor(request)
    event = selectors.brand_event_get(actor, _check_id(event_id))
    return services.brand_event_update(actor=actor, event=event, data=body.changes())


@router.delete(
    "/brand-events/{event_id}/", response={204: None}, tags=RESULTS, summary="删除品牌历程"
)
def brand_event_delete_endpoint(request: HttpRequest, event_id: int) -> Status[None]:
    actor = _actor(request)
    event = selectors.brand_event_get(actor, _check_id(event_id))
    services.brand_event_delete(actor=actor, event=event)
    return Status(204, None)


# ---- reviewer ratings ----------------------------------------------------------------------------


@router.get("/ratings/", response=list[RatingOut], tags=RATINGS, summary="评审评分列表")
def rating_list_endpoint(request: HttpRequest, filters: Query[OrgFilter]) -> QuerySet[ReviewRating]:
    actor = _actor(request)
    org = _org(actor, filters.org)
    if org is None:
        raise ValidationFailed("请指定党组织", extra={"fields": {"org": ["请指定党组织"]}})
    return selectors.rating_list(actor, org)[:500]


@router.post("/ratings/", response={201: RatingOut}, tags=RATINGS, summary="评审专家评分")
def rating_create_endpoint(request: HttpRequest, body: RatingIn) -> Status[ReviewRating]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    rating = services.review_rating_save(
        actor=actor,
        org=org,
        period_code=body.period_code,
        checkpoint_code=body.checkpoint_code,
        score=body.score,
        comment=body.comment,
    )
    return Status(201, rating)


@router.delete(
    "/ratings/{rating_id}/", response={204: None}, tags=RATINGS, summary="撤回本人的评分"
)
def rating_delete_endpoint(request: HttpRequest, rating_id: int) -> Status[None]:
    actor = _actor(request)
    rating = selectors.rating_get(actor, _check_id(rating_id))
    services.review_rating_delete(actor=actor, rating=rating)
    return Status(204, None)
