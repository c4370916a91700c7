"""The development API router under /api/v1/development/ (Criterion C06.1): cases.

Endpoints only parse, look up inside the actor's scope and call selectors or services, as the web
forms do: reads are limited to the actor's subtrees (outside → 404); writes need
Capability.RECORD_LEDGER over the branch (403 when visible but not allowed), are validated (400
`validation_failed` naming the field) and audited.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound
from liuhao.development.models import PERSON_FIELDS, DevelopmentCase
from liuhao.development.schemas import CaseFilter, CaseIn, CaseOut, CasePatch
from liuhao.development.selectors import case_get, case_list, violations_of
from liuhao.development.services import case_create, case_delete, case_update
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.schemas import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get

router = Router()
CASES = ["发展党员档案"]
LABELS = {
    "person": "发展对象",
    "contact_1": "培养联系人一",
    "contact_2": "培养联系人二",
    "introducer_1": "入党介绍人一",
    "introducer_2": "入党介绍人二",
}


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _persons(org: Organization, data: dict[str, Any]) -> dict[str, Any]:
    for field in ("person", *PERSON_FIELDS):
        pk = data.get(field)
        if pk is None:
            continue
        person = Person.objects.filter(pk=pk, university_id=org.university_id or org.pk).first()
        if person is None:
            raise NotFound(
                f"{LABELS[field]}：本校没有编号为 {pk} 的人员",
                extra={"fields": {field: ["未找到该人员"]}},
            )
        data[field] = person
    return data


def _out(case: DevelopmentCase) -> DevelopmentCase:
    case.violations = violations_of([case], timezone.localdate())[case.pk]  # type: ignore[attr-defined]
    return case


@router.get("/cases/", response=list[CaseOut], tags=CASES, summary="发展党员档案列表")
@paginate(PageNumberNoCount)
def case_list_endpoint(
    request: HttpRequest, filters: Query[CaseFilter]
) -> QuerySet[DevelopmentCase]:
    actor = _actor(request)
    org = org_get(actor, _check_id(filters.org)) if filters.org is not None else None
    return case_list(actor, org, stage=filters.stage)


@router.get("/cases/{case_id}/", response=CaseOut, tags=CASES, summary="查看发展党员档案")
def case_detail_endpoint(request: HttpRequest, case_id: int) -> DevelopmentCase:
    return _out(case_get(_actor(request), _check_id(case_id)))


@router.post("/cases/", response={201: CaseOut}, tags=CASES, summary="登记发展党员档案")
def case_create_endpoint(request: HttpRequest, body: CaseIn) -> Status[DevelopmentCase]:
    actor = _actor(request)
    org = org_get(actor, _check_id(body.org))
    data = _persons(org, body.model_dump(exclude={"org"}))
    return Status(201, _out(case_create(actor=actor, org=org, data=data)))


@router.patch("/cases/{case_id}/", response=CaseOut, tags=CASES, summary="修改或推进发展党员档案")
def case_update_endpoint(request: HttpRequest, case_id: int, body: CasePatch) -> DevelopmentCase:
    actor = _actor(request)
    case = case_get(actor, _check_id(case_id))
    data = _persons(case.org, body.changes())
    return _out(case_update(actor=actor, case=case, data=data))


@router.delete("/cases/{case_id}/", response={204: None}, tags=CASES, summary="删除误录的档案")
def case_delete_endpoint(request: HttpRequest, case_id: int) -> Status[None]:
    actor = _actor(request)
    case_delete(actor=actor, case=case_get(actor, _check_id(case_id)))
    return Status(204, None)
