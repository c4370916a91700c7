"""The governance API router under /api/v1/governance/ (保障激励与考核评议, criteria C08, C09):
funding, elections (with the approved extension), care records, commendations, the secretary's
rated reports, 民主评议 rounds with grades, 分类定级 rounds with bands, and 党性分析. Each has
list, detail, create (POST), update (PATCH: only the fields sent change) and delete endpoints.

Endpoints only parse, look up inside the actor's scope and call selectors or services (CONVENTIONS
B3, B7): reads are limited to the actor's org subtrees (outside → 404); writes need
Capability.RECORD_LEDGER over the org (403 `not_permitted`) and are validated (400
`validation_failed` naming the field) and audited, all-or-nothing.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound
from liuhao.governance import services as s
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
    SpiritAnalysis,
)
from liuhao.governance.schemas import (
    CareIn,
    CareOut,
    CarePatch,
    CommendationIn,
    CommendationOut,
    CommendationPatch,
    ElectionExtend,
    ElectionIn,
    ElectionOut,
    ElectionPatch,
    EvaluationIn,
    EvaluationOut,
    EvaluationPatch,
    FundingIn,
    FundingOut,
    FundingPatch,
    GradingIn,
    GradingOut,
    GradingPatch,
    OrgFilter,
    ReportIn,
    ReportOut,
    ReportPatch,
    SpiritIn,
    SpiritOut,
    SpiritPatch,
)
from liuhao.governance.selectors import record_get, record_list
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.schemas import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get

router = Router()
PAGINATION_NOTE = "分页不统计总数：以 has_next 判断是否还有下一页。"


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _org(actor: Any, pk: int) -> Organization:
    return org_get(actor, _check_id(pk))


def _person(org: Organization, pk: int | None, field: str, label: str) -> Person | None:
    """A person of the org's university named in a body, else 404 naming the field."""
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk, university_id=org.university_id or org.pk).first()
    if person is None:
        raise NotFound(
            f"{label}：本校没有编号为 {pk} 的人员", extra={"fields": {field: ["未找到该人员"]}}
        )
    return person


def _crud(
    path: str,
    model: type[models.Model],
    out: Any,
    body_schema: Any,
    tag: str,
    label: str,
    create: Callable[[Any, Organization, Any], Any],
    patch_schema: Any,
    update: Callable[[Any, Any, dict[str, Any]], Any],
    prefetch: tuple[str, ...] = (),
) -> None:
    """List, detail, create, update (PATCH) and delete endpoints of one record type."""
    tags = [f"保障激励与考核评议：{tag}"]

    @router.get(
        f"/{path}/",
        response=list[out],
        tags=tags,
        summary=f"{label}列表",
        description=PAGINATION_NOTE,
        operation_id=f"governance_{path.replace('-', '_')}_list",
    )
    @paginate(PageNumberNoCount)
    def list_endpoint(request: HttpRequest, filters: Query[OrgFilter]) -> QuerySet[Any]:
        actor = _actor(request)
        org = _org(actor, filters.org) if filters.org is not None else None
        return record_list(actor, model, org).prefetch_related(*prefetch).order_by("-id")

    @router.get(
        f"/{path}/{{record_id}}/",
        response=out,
        tags=tags,
        summary=f"查看{label}",
        operation_id=f"governance_{path.replace('-', '_')}_detail",
    )
    def detail_endpoint(request: HttpRequest, record_id: int) -> Any:
        return record_get(_actor(request), model, _check_id(record_id))

    @router.post(
        f"/{path}/",
        response={201: out},
        tags=tags,
        summary=f"登记{label}",
        operation_id=f"governance_{path.replace('-', '_')}_create",
    )
    def create_endpoint(request: HttpRequest, body: body_schema) -> Status[Any]:  # type: ignore[valid-type]
        actor = _actor(request)
        org = _org(actor, body.org)
        return Status(201, create(actor, org, body))

    @router.patch(
        f"/{path}/{{record_id}}/",
        response=out,
        tags=tags,
        summary=f"修改{label}",
        description="只修改请求中给出的字段；修改后的记录须仍满足全部登记规则。",
        operation_id=f"governance_{path.replace('-', '_')}_update",
    )
    def update_endpoint(request: HttpRequest, record_id: int, body: patch_schema) -> Any:  # type: ignore[valid-type]
        actor = _actor(request)
        record = record_get(actor, model, _check_id(record_id))
        saved = update(actor, record, body.changes())  # type: ignore[attr-defined]
        if prefetch:
            return model._default_manager.prefetch_related(*prefetch).get(pk=saved.pk)
        return saved

    @router.delete(
        f"/{path}/{{record_id}}/",
        response={204: None},
        tags=tags,
        summary=f"删除误录的{label}",
        operation_id=f"governance_{path.replace('-', '_')}_delete",
    )
    def delete_endpoint(request: HttpRequest, record_id: int) -> Status[None]:
        actor = _actor(request)
        s.record_delete(actor=actor, record=record_get(actor, model, _check_id(record_id)))
        return Status(204, None)


def _data(body: Any, **over: Any) -> dict[str, Any]:
    return body.model_dump(exclude={"org", *over}) | over


def _people(org: Organization, data: dict[str, Any], field: str, label: str) -> dict[str, Any]:
    """A PATCH body with its person id (if sent) resolved to the person, else 404 naming it."""
    if field in data:
        data = data | {field: _person(org, data[field], field, label)}
    return data


_crud(
    "fundings",
    Funding,
    FundingOut,
    FundingIn,
    "经费",
    "党建工作经费",
    lambda actor, org, body: s.funding_save(actor=actor, org=org, data=_data(body)),
    FundingPatch,
    lambda actor, record, data: s.funding_save(actor=actor, funding=record, data=data),
)
_crud(
    "elections",
    Election,
    ElectionOut,
    ElectionIn,
    "换届",
    "换届选举",
    lambda actor, org, body: s.election_save(actor=actor, org=org, data=_data(body)),
    ElectionPatch,
    lambda actor, record, data: s.election_save(actor=actor, election=record, data=data),
)
_crud(
    "care-records",
    CareRecord,
    CareOut,
    CareIn,
    "关怀帮扶",
    "关怀帮扶记录",
    lambda actor, org, body: s.care_record_save(
        actor=actor,
        org=org,
        data=_data(body, person=_person(org, body.person, "person", "帮扶对象")),
    ),
    CarePatch,
    lambda actor, record, data: s.care_record_save(
        actor=actor, record=record, data=_people(record.org, data, "person", "帮扶对象")
    ),
)
_crud(
    "commendations",
    Commendation,
    CommendationOut,
    CommendationIn,
    "评比表彰",
    "评比表彰或典型",
    lambda actor, org, body: s.commendation_save(
        actor=actor,
        org=org,
        data=_data(body, person=_person(org, body.person, "person", "受表彰党员")),
    ),
    CommendationPatch,
    lambda actor, record, data: s.commendation_save(
        actor=actor, commendation=record, data=_people(record.org, data, "person", "受表彰党员")
    ),
)
_crud(
    "leader-reports",
    LeaderReport,
    ReportOut,
    ReportIn,
    "述职评议",
    "书记述职评议",
    lambda actor, org, body: s.leader_report_save(
        actor=actor,
        org=org,
        data=_data(body, reporter=_person(org, body.reporter, "reporter", "述职人")),
    ),
    ReportPatch,
    lambda actor, record, data: s.leader_report_save(
        actor=actor, report=record, data=_people(record.org, data, "reporter", "述职人")
    ),
)
_crud(
    "member-evaluations",
    MemberEvaluation,
    EvaluationOut,
    EvaluationIn,
    "民主评议",
    "民主评议党员",
    lambda actor, org, body: s.member_evaluation_save(
        actor=actor, org=org, data=body.model_dump(exclude={"org", "grades"}), grades=body.grades
    ),
    EvaluationPatch,
    lambda actor, record, data: s.member_evaluation_save(
        actor=actor,
        evaluation=record,
        data={k: v for k, v in data.items() if k != "grades"},
        grades=data.get("grades")
        or dict(MemberGrade.objects.filter(evaluation=record).values_list("person_id", "grade")),
    ),
    prefetch=("grades",),
)
_crud(
    "org-gradings",
    OrgGrading,
    GradingOut,
    GradingIn,
    "分类定级",
    "分类定级",
    lambda actor, org, body: s.org_grading_save(
        actor=actor, org=org, data=body.model_dump(exclude={"org", "bands"}), bands=body.bands
    ),
    GradingPatch,
    lambda actor, record, data: s.org_grading_save(
        actor=actor,
        grading=record,
        data={k: v for k, v in data.items() if k != "bands"},
        bands=data.get("bands")
        or dict(OrgGrade.objects.filter(grading=record).values_list("sub_org_id", "band")),
    ),
    prefetch=("grades",),
)
_crud(
    "spirit-analyses",
    SpiritAnalysis,
    SpiritOut,
    SpiritIn,
    "党性分析",
    "党性分析",
    lambda actor, org, body: s.spirit_analysis_save(
        actor=actor,
        org=org,
        data=_data(body, person=_person(org, body.person, "person", "党员")),
    ),
    SpiritPatch,
    lambda actor, record, data: s.spirit_analysis_save(
        actor=actor, analysis=record, data=_people(record.org, data, "person", "党员")
    ),
)


@router.post(
    "/elections/{record_id}/extension/",
    response=ElectionOut,
    tags=["保障激励与考核评议：换届"],
    summary="登记经批准的延期换届",
)
def election_extend_endpoint(request: HttpRequest, record_id: int, body: ElectionExtend) -> Any:
    actor = _actor(request)
    election = record_get(actor, Election, _check_id(record_id))
    return s.election_save(actor=actor, election=election, data=body.model_dump())
