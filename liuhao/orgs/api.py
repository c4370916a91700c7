"""The orgs API router: orgs, persons, memberships and positions under /api/v1/orgs/ (issue 2 item 11).

Endpoints only parse, look up inside the actor's scope and call selectors or services (CONVENTIONS
B3, B7). Every read is limited to the actor's org subtrees exactly as in the web UI; an object
outside them answers 404, never 403, so its existence does not leak. Writes go through
`orgs.services`, which check capabilities (403 `not_permitted` when visible but not allowed),
validate and audit.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound
from liuhao.core.roles import Capability, role_can
from liuhao.orgs.models import Membership, Organization, Person, Position, subtree_q
from liuhao.orgs.schemas import (
    MAX_ID,
    LeadershipOut,
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    OrgCode,
    OrgDissolveIn,
    OrgFilter,
    OrgIn,
    OrgMoveIn,
    OrgOut,
    OrgPatch,
    OrgStatsOut,
    PageNumberNoCount,
    PersonFilter,
    PersonIn,
    PersonOut,
    PersonPatch,
    PositionFilter,
    PositionIn,
    PositionOut,
    PositionPatch,
)
from liuhao.orgs.selectors.orgs import (
    org_get,
    org_get_by_code,
    org_leadership,
    org_stats,
    org_structural_warnings,
)
from liuhao.orgs.selectors.scope import (
    Scope,
    get_visible_or_404,
    scope_for,
    visible_orgs,
    visible_persons,
)
from liuhao.orgs.services.people import (
    membership_create,
    membership_update,
    person_create,
    person_update,
    position_create,
    position_delete,
    position_update,
)
from liuhao.orgs.services.tree import org_create, org_dissolve, org_move, org_update

router = Router()

ORGS = ["党组织"]
PERSONS = ["人员"]
MEMBERSHIPS = ["党员身份"]
POSITIONS = ["职务"]
PAGINATION_NOTE = "分页不统计总数（大表也很快）：以 has_next 判断是否还有下一页。"


# --------------------------------------------------------------------------------------------
# Scoped lookups
# --------------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    """Ids outside the database's range cannot exist: answer 404 like any other unknown id."""
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _people_scope(actor: Any) -> Scope:
    """The part of the actor's scope whose roles may view people (VIEW_PEOPLE)."""
    scope = scope_for(actor)
    grants = tuple(g for g in scope.grants if role_can(g.role, Capability.VIEW_PEOPLE))
    return Scope(user_id=scope.user_id, grants=grants, person_id=scope.person_id)


def _visible_memberships(actor: Any) -> QuerySet[Membership]:
    """Memberships in branches where the actor may view people, plus the actor's own records."""
    people = _people_scope(actor)
    query = people.q("org__path")
    if people.person_id:
        query |= Q(person_id=people.person_id)
    return Membership.objects.filter(query)


def _visible_positions(actor: Any) -> QuerySet[Position]:
    """Posts in orgs the actor sees (the org page shows its leadership team), plus the actor's own."""
    scope = scope_for(actor)
    query = scope.q("org__path")
    if scope.person_id:
        query |= Q(person_id=scope.person_id)
    return Position.objects.filter(query)


def _ref_org(
    actor: Any, field: str, pk: int | None = None, code: str | None = None
) -> Organization:
    """An org named in a request body (by id or code), inside the actor's scope, else 404."""
    org = None
    if pk is not None:
        org = visible_orgs(actor).filter(pk=pk).first()
    elif code:
        org = visible_orgs(actor).filter(code=code).first()
    if org is None:
        shown = pk if pk is not None else code
        raise NotFound(
            f"{field}：未找到组织“{shown}”，或您无权查看",
            extra={"fields": {field: ["未找到该组织"]}},
        )
    return org


def _ref_person(actor: Any, pk: int) -> Person:
    person = visible_persons(actor).filter(pk=pk).first()
    if person is None:
        raise NotFound(
            f"person：未找到人员“{pk}”，或您无权查看",
            extra={"fields": {"person": ["未找到该人员"]}},
        )
    return person


def _blank(data: dict[str, Any], *fields: str) -> dict[str, Any]:
    """Optional text/choice fields are stored as "" rather than NULL."""
    for field in fields:
        if field in data and data[field] is None:
            data[field] = ""
    return data


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------
# Organizations
# --------------------------------------------------------------------------------------------


@router.get(
    "/orgs/", response=list[OrgOut], tags=ORGS, summary="党组织列表", description=PAGINATION_NOTE
)
@paginate(PageNumberNoCount)
def org_list(request: HttpRequest, filters: Query[OrgFilter]) -> QuerySet[Organization]:
    actor = _actor(request)
    qs = filters.filter(visible_orgs(actor))
    if filters.under:
        root = org_get_by_code(actor, filters.under)
        qs = qs.filter(subtree_q(root.path))
    return qs.order_by("path")


@router.get("/orgs/by-code/{code}/", response=OrgOut, tags=ORGS, summary="按组织代码查看党组织")
def org_detail_by_code(request: HttpRequest, code: OrgCode) -> Organization:
    return org_get_by_code(_actor(request), code)


@router.get("/orgs/{org_id}/", response=OrgOut, tags=ORGS, summary="查看党组织")
def org_detail(request: HttpRequest, org_id: int) -> Organization:
    return org_get(_actor(request), _check_id(org_id))


@router.get(
    "/orgs/{org_id}/stats/", response=OrgStatsOut, tags=ORGS, summary="党组织统计与设置提醒"
)
def org_stats_detail(request: HttpRequest, org_id: int) -> dict[str, Any]:
    """Counts by stage, category and sub-org kind, with the structural warnings (DOMAIN-RULES §7)."""
    org = org_get(_actor(request), _check_id(org_id))
    as_of = _today()
    stats = org_stats(org)
    warnings = org_structural_warnings(org, stats, as_of)
    return {
        "org": org.pk,
        "as_of": as_of,
        "by_stage": stats.by_stage,
        "by_category": stats.by_category,
        "full_members": stats.full_members,
        "all_members": stats.all_members,
        "sub_orgs_by_kind": stats.sub_orgs_by_kind,
        "branches_by_type": stats.branches_by_type,
        "warnings": [{"code": w.code, "message": w.message} for w in warnings],
    }


@router.get(
    "/orgs/{org_id}/leadership/", response=LeadershipOut, tags=ORGS, summary="领导班子（按日期）"
)
def org_leadership_detail(
    request: HttpRequest, org_id: int, as_of: dt.date | None = None
) -> dict[str, Any]:
    """The leadership team on `as_of` (default today): secretary, deputies, committee members."""
    org = org_get(_actor(request), _check_id(org_id))
    day = as_of or _today()
    return {"org": org.pk, "as_of": day, "members": org_leadership(org, day)}


@router.post("/orgs/", response={201: OrgOut}, tags=ORGS, summary="新建党组织")
def org_create_endpoint(request: HttpRequest, payload: OrgIn) -> Status[Organization]:
    actor = _actor(request)
    data = payload.model_dump(exclude={"parent", "parent_code"})
    parent = None
    if payload.parent or payload.parent_code:
        parent = _ref_org(actor, "parent", payload.parent, payload.parent_code)
    data["parent"] = parent
    return Status(201, org_create(actor=actor, data=_blank(data, "branch_type")))


@router.patch("/orgs/{org_id}/", response=OrgOut, tags=ORGS, summary="修改党组织")
def org_update_endpoint(request: HttpRequest, org_id: int, payload: OrgPatch) -> Organization:
    actor = _actor(request)
    org = org_get(actor, _check_id(org_id))
    return org_update(actor=actor, org=org, data=_blank(payload.changes(), "branch_type"))


@router.post("/orgs/{org_id}/move/", response=OrgOut, tags=ORGS, summary="移动党组织（连同下级）")
def org_move_endpoint(request: HttpRequest, org_id: int, payload: OrgMoveIn) -> Organization:
    actor = _actor(request)
    org = org_get(actor, _check_id(org_id))
    new_parent = _ref_org(actor, "parent", payload.parent, payload.parent_code)
    return org_move(actor=actor, org=org, new_parent=new_parent)


@router.post(
    "/orgs/{org_id}/dissolve/", response=OrgOut, tags=ORGS, summary="撤销党组织（保留历史）"
)
def org_dissolve_endpoint(
    request: HttpRequest, org_id: int, payload: OrgDissolveIn
) -> Organization:
    actor = _actor(request)
    org = org_get(actor, _check_id(org_id))
    return org_dissolve(actor=actor, org=org, on=payload.on, reason=payload.reason)


# --------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------


@router.get(
    "/persons/",
    response=list[PersonOut],
    tags=PERSONS,
    summary="人员列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> QuerySet[Person]:
    return filters.filter(visible_persons(_actor(request))).order_by(
        "university_id", "number", "pk"
    )


@router.get("/persons/{person_id}/", response=PersonOut, tags=PERSONS, summary="查看人员")
def person_detail(request: HttpRequest, person_id: int) -> Person:
    return get_visible_or_404(visible_persons(_actor(request)), pk=_check_id(person_id))  # type: ignore[no-any-return]


@router.post("/persons/", response={201: PersonOut}, tags=PERSONS, summary="登记人员")
def person_create_endpoint(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    actor = _actor(request)
    data = payload.model_dump(exclude={"university", "unit"})
    unit = _ref_org(actor, "unit", payload.unit) if payload.unit else None
    if payload.university:
        university = _ref_org(actor, "university", payload.university)
    else:
        assert unit is not None  # PersonIn requires university or unit
        university = unit.university  # type: ignore[assignment]
    data["unit"] = unit
    person = person_create(actor=actor, university=university, data=_blank(data, "gender"))
    return Status(201, person)


@router.patch("/persons/{person_id}/", response=PersonOut, tags=PERSONS, summary="修改人员")
def person_update_endpoint(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    actor = _actor(request)
    person = get_visible_or_404(
        visible_persons(actor).select_related("unit"), pk=_check_id(person_id)
    )
    data = _blank(payload.changes(), "gender")
    if data.get("unit") is not None:
        data["unit"] = _ref_org(actor, "unit", data["unit"])
    return person_update(actor=actor, person=person, data=data)


# --------------------------------------------------------------------------------------------
# Memberships
# --------------------------------------------------------------------------------------------


@router.get(
    "/memberships/",
    response=list[MembershipOut],
    tags=MEMBERSHIPS,
    summary="党员身份列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def membership_list(request: HttpRequest, filters: Query[MembershipFilter]) -> QuerySet[Membership]:
    actor = _actor(request)
    qs = filters.filter(_visible_memberships(actor))
    if filters.org and filters.subtree:
        root = org_get(actor, filters.org)
        qs = qs.filter(subtree_q(root.path, "org__path"))
    return qs.select_related("person").order_by("pk")


@router.get(
    "/memberships/{membership_id}/",
    response=MembershipOut,
    tags=MEMBERSHIPS,
    summary="查看党员身份",
)
def membership_detail(request: HttpRequest, membership_id: int) -> Membership:
    qs = _visible_memberships(_actor(request)).select_related("person")
    return get_visible_or_404(qs, pk=_check_id(membership_id))  # type: ignore[no-any-return]


@router.post(
    "/memberships/", response={201: MembershipOut}, tags=MEMBERSHIPS, summary="登记党员身份"
)
def membership_create_endpoint(request: HttpRequest, payload: MembershipIn) -> Status[Membership]:
    actor = _actor(request)
    person = _ref_person(actor, payload.person)
    data = payload.model_dump(exclude={"person"})
    data["org"] = _ref_org(actor, "org", payload.org)
    return Status(
        201, membership_create(actor=actor, person=person, data=_blank(data, "end_reason"))
    )


@router.patch(
    "/memberships/{membership_id}/",
    response=MembershipOut,
    tags=MEMBERSHIPS,
    summary="修改党员身份",
)
def membership_update_endpoint(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> Membership:
    actor = _actor(request)
    qs = _visible_memberships(actor).select_related("person", "org")
    membership = get_visible_or_404(qs, pk=_check_id(membership_id))
    data = _blank(payload.changes(), "end_reason")
    if "org" in data:
        data["org"] = _ref_org(actor, "org", data["org"])
    return membership_update(actor=actor, membership=membership, data=data)


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------


@router.get(
    "/positions/",
    response=list[PositionOut],
    tags=POSITIONS,
    summary="职务列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def position_list(request: HttpRequest, filters: Query[PositionFilter]) -> QuerySet[Position]:
    return (
        filters.filter(_visible_positions(_actor(request))).select_related("person").order_by("pk")
    )


@router.get("/positions/{position_id}/", response=PositionOut, tags=POSITIONS, summary="查看职务")
def position_detail(request: HttpRequest, position_id: int) -> Position:
    qs = _visible_positions(_actor(request)).select_related("person")
    return get_visible_or_404(qs, pk=_check_id(position_id))  # type: ignore[no-any-return]


@router.post("/positions/", response={201: PositionOut}, tags=POSITIONS, summary="任命职务")
def position_create_endpoint(request: HttpRequest, payload: PositionIn) -> Status[Position]:
    actor = _actor(request)
    person = _ref_person(actor, payload.person)
    data = payload.model_dump(exclude={"person"})
    data["org"] = _ref_org(actor, "org", payload.org)
    return Status(
        201, position_create(actor=actor, person=person, data=_blank(data, "duty", "congress_name"))
    )


@router.patch("/positions/{position_id}/", response=PositionOut, tags=POSITIONS, summary="修改职务")
def position_update_endpoint(
    request: HttpRequest, position_id: int, payload: PositionPatch
) -> Position:
    actor = _actor(request)
    qs = _visible_positions(actor).select_related("person", "org")
    position = get_visible_or_404(qs, pk=_check_id(position_id))
    return position_update(
        actor=actor, position=position, data=_blank(payload.changes(), "duty", "congress_name")
    )


@router.delete(
    "/positions/{position_id}/", response={204: None}, tags=POSITIONS, summary="删除误录的职务"
)
def position_delete_endpoint(request: HttpRequest, position_id: int) -> Status[None]:
    actor = _actor(request)
    qs = _visible_positions(actor).select_related("org")
    position = get_visible_or_404(qs, pk=_check_id(position_id))
    position_delete(actor=actor, position=position)
    return Status(204, None)
