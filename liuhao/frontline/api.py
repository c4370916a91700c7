"""The service-front API router under /api/v1/frontline/ (Criteria C05, C10, C11, C12.1): venues,
receptions, proposals, member affairs, service items, vanguard posts and news, each with list,
detail, create, update (PATCH) and delete.

Endpoints only parse, look up inside the actor's scope and call selectors or services, as the web
forms do: reads are limited to the actor's org subtrees (outside → 404); writes need
Capability.RECORD_LEDGER over the org (403 `not_permitted`), are validated (400 `validation_failed`
naming the field) and audited. Errors are `{code, message}` with a 4xx status, never 500.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound
from liuhao.frontline import schemas as s
from liuhao.frontline import selectors
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.frontline.services import record_delete, record_save, vanguard_post_save
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.schemas import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get

router = Router()
PAGINATION_NOTE = "分页不统计总数：以 has_next 判断是否还有下一页。"
PERSON_FIELDS = {"representative": "党代表", "person": "办理对象", "responsible": "责任人"}


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _person(org: Organization, pk: int, field: str, label: str) -> Person:
    person = Person.objects.filter(pk=pk, university_id=org.university_id or org.pk).first()
    if person is None:
        raise NotFound(
            f"{label}：本校没有编号为 {pk} 的人员", extra={"fields": {field: ["未找到该人员"]}}
        )
    return person


def _resolve(org: Organization, data: dict[str, Any]) -> dict[str, Any]:
    """Turn person and venue ids of a body into objects (persons of the org's university)."""
    out = dict(data)
    for field, label in PERSON_FIELDS.items():
        if out.get(field) is not None:
            out[field] = _person(org, out[field], field, label)
    if "venue" in out and out["venue"] is not None:
        venue = Venue.objects.filter(pk=out["venue"], org=org).first()
        if venue is None:
            raise NotFound(
                "接待场所：本组织没有该场所", extra={"fields": {"venue": ["未找到该场所"]}}
            )
        out["venue"] = venue
    if "members" in out and out["members"] is not None:
        out["members"] = [_person(org, pk, "members", "党员") for pk in out["members"]]
    return out


def _save(
    actor: Any, model: type[LedgerRecord], data: dict[str, Any], **target: Any
) -> LedgerRecord:
    if model is VanguardPost:
        record = target.get("record")
        members = data.pop("members", None)
        if members is None and record is not None:
            members = list(record.members.all())
        return vanguard_post_save(
            actor=actor, data=data, members=members or [], org=target.get("org"), post=record
        )
    return record_save(actor=actor, model=model, data=data, **target)


def _endpoints(
    path: str,
    model: type[LedgerRecord],
    out: Any,
    body_in: Any,
    body_patch: Any,
    tag: str,
    label: str,
) -> None:
    """Register list / detail / create / update / delete of one record type under `path`."""
    tags = [f"服务阵地：{tag}"]

    def one(actor: Any, pk: int) -> LedgerRecord:
        return selectors.record_get(actor, model, _check_id(pk))

    @router.get(
        f"/{path}/",
        response=list[out],  # type: ignore[valid-type]
        tags=tags,
        summary=f"{label}列表",
        description=PAGINATION_NOTE,
        operation_id=f"frontline_{path}_list",
    )
    @paginate(PageNumberNoCount)
    def list_endpoint(request: HttpRequest, filters: Query[s.RecordFilter]) -> QuerySet[Any]:
        actor = _actor(request)
        org = org_get(actor, _check_id(filters.org)) if filters.org else None
        return selectors.record_list(actor, model, org).order_by("-id")

    @router.get(
        f"/{path}/{{record_id}}/",
        response=out,
        tags=tags,
        summary=f"查看{label}",
        operation_id=f"frontline_{path}_detail",
    )
    def detail_endpoint(request: HttpRequest, record_id: int) -> LedgerRecord:
        return one(_actor(request), record_id)

    @router.post(
        f"/{path}/",
        response={201: out},
        tags=tags,
        summary=f"登记{label}",
        operation_id=f"frontline_{path}_create",
    )
    def create_endpoint(request: HttpRequest, body: body_in) -> Status[LedgerRecord]:  # type: ignore[valid-type]
        actor = _actor(request)
        org = org_get(actor, _check_id(body.org))
        data = _resolve(org, body.model_dump(exclude={"org"}))
        record = _save(actor, model, data, org=org)
        return Status(201, one(actor, record.pk))

    @router.patch(
        f"/{path}/{{record_id}}/",
        response=out,
        tags=tags,
        summary=f"修改{label}",
        operation_id=f"frontline_{path}_update",
    )
    def update_endpoint(request: HttpRequest, record_id: int, body: body_patch) -> LedgerRecord:  # type: ignore[valid-type]
        actor = _actor(request)
        record = one(actor, record_id)
        data = _resolve(record.org, body.changes())
        _save(actor, model, data, record=record)
        return one(actor, record_id)

    @router.delete(
        f"/{path}/{{record_id}}/",
        response={204: None},
        tags=tags,
        summary=f"删除误录的{label}",
        operation_id=f"frontline_{path}_delete",
    )
    def delete_endpoint(request: HttpRequest, record_id: int) -> Status[None]:
        actor = _actor(request)
        record_delete(actor=actor, record=one(actor, record_id))
        return Status(204, None)


REGISTER: list[tuple[str, type[LedgerRecord], Any, Any, Any, str, str]] = [
    ("venues", Venue, s.VenueOut, s.VenueIn, s.VenuePatch, "活动场所", "活动场所"),
    (
        "receptions",
        Reception,
        s.ReceptionOut,
        s.ReceptionIn,
        s.ReceptionPatch,
        "驻室接待",
        "驻室接待",
    ),
    ("proposals", Proposal, s.ProposalOut, s.ProposalIn, s.ProposalPatch, "提案建议", "提案建议"),
    (
        "member-affairs",
        MemberAffair,
        s.MemberAffairOut,
        s.MemberAffairIn,
        s.MemberAffairPatch,
        "党员事务",
        "党员事务",
    ),
    (
        "service-items",
        ServiceItem,
        s.ServiceItemOut,
        s.ServiceItemIn,
        s.ServiceItemPatch,
        "服务事项",
        "服务事项",
    ),
    (
        "vanguard-posts",
        VanguardPost,
        s.VanguardPostOut,
        s.VanguardPostIn,
        s.VanguardPostPatch,
        "党员先锋岗",
        "党员先锋岗",
    ),
    ("news", News, s.NewsOut, s.NewsIn, s.NewsPatch, "动态通知", "动态通知"),
]
for _args in REGISTER:
    _endpoints(*_args)
