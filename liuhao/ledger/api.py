"""The ledger API router: activities (with attendance and decisions), plan documents, contact pairs,
contact visits (issue 3 item 10), member service records, tasks and disclosures (issue 4) under
/api/v1/ledger/.

Endpoints only parse, look up inside the actor's scope and call selectors or services (CONVENTIONS
B3, B7), exactly as the web forms do: reads are limited to the actor's org subtrees (outside → 404);
writes need Capability.RECORD_LEDGER over the record's org (403 `not_permitted` when visible but not
allowed) and are validated (400 `validation_failed` naming the field) and audited. Each write is
all-or-nothing.
"""

from typing import Any

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound
from liuhao.ledger.attachments_api import router as attachments_router
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.ledger.schemas import (
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    ContactPairFilter,
    ContactPairIn,
    ContactPairOut,
    ContactPairPatch,
    ContactVisitFilter,
    ContactVisitIn,
    ContactVisitOut,
    ContactVisitPatch,
    DecisionDetailOut,
    DecisionPatch,
    DisclosureFilter,
    DisclosureIn,
    DisclosureOut,
    DisclosurePatch,
    PlanFilter,
    PlanIn,
    PlanOut,
    PlanPatch,
    ServiceRecordFilter,
    ServiceRecordIn,
    ServiceRecordOut,
    ServiceRecordPatch,
    TaskFilter,
    TaskIn,
    TaskOut,
    TaskPatch,
)
from liuhao.ledger.selectors import (
    activity_get,
    activity_list,
    contact_pair_get,
    contact_pair_list,
    contact_visit_get,
    contact_visit_list,
    decision_get,
    disclosure_get,
    disclosure_list,
    overdue_task_list,
    plan_get,
    plan_list,
    service_record_get,
    service_record_list,
    task_get,
    task_list,
)
from liuhao.ledger.services import (
    activity_delete,
    contact_pair_create,
    contact_visit_record,
    decision_record,
    disclosure_create,
    disclosure_delete,
    disclosure_update,
    service_record_delete,
    service_record_update,
    service_records_create,
    task_delete,
)
from liuhao.ledger.services.corrections import (
    contact_pair_delete,
    contact_pair_update,
    contact_visit_delete,
    contact_visit_update,
    decision_delete,
    decision_update,
    plan_delete,
)
from liuhao.ledger.services.entry import activity_entry_save, plan_entry_save, task_entry_save
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.schemas import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get

router = Router()
# Attachments of any ledger record: /api/v1/ledger/attachments/ (attachments_api.py)
router.add_router("/attachments/", attachments_router)

ACTIVITIES = ["台账：组织活动"]
PLANS = ["台账：规划与实施办法"]
PAIRS = ["台账：结对联系"]
VISITS = ["台账：联系走访"]
PAGINATION_NOTE = "分页不统计总数：以 has_next 判断是否还有下一页。"


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _check_id(pk: int) -> int:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return pk


def _org(actor: Any, pk: int | None) -> Organization | None:
    """An org named by id (in a filter or a body), inside the actor's scope, else 404."""
    if pk is None:
        return None
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


def _with_children(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Attendance (with the person's name) and decisions in two queries for the whole page."""
    return qs.prefetch_related(
        Prefetch(
            "attendance",
            queryset=Attendance.objects.select_related("person").order_by("person__number"),
        ),
        "decisions",
    )


def _activity(actor: Any, pk: int) -> Activity:
    activity = activity_get(actor, _check_id(pk))
    return _with_children(Activity.objects.filter(pk=activity.pk).select_related("org")).get()


def _entry(body: ActivityIn | ActivityPatch) -> dict[str, Any]:
    return {
        "statuses": {a.person: a.status for a in body.attendance},
        "all_present": body.all_present,
        "files": (),
    }


# --------------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------------


@router.get(
    "/activities/",
    response=list[ActivityOut],
    tags=ACTIVITIES,
    summary="组织活动列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def activity_list_endpoint(
    request: HttpRequest, filters: Query[ActivityFilter]
) -> QuerySet[Activity]:
    actor = _actor(request)
    qs = activity_list(
        actor,
        _org(actor, filters.org),
        start=filters.start,
        end=filters.end,
        kinds=[filters.kind] if filters.kind else None,
        subtree=filters.subtree,
    )
    return _with_children(qs)


@router.get("/activities/{activity_id}/", response=ActivityOut, tags=ACTIVITIES, summary="查看活动")
def activity_detail_endpoint(request: HttpRequest, activity_id: int) -> Activity:
    return _activity(_actor(request), activity_id)


@router.post(
    "/activities/", response={201: ActivityOut}, tags=ACTIVITIES, summary="登记活动（含出勤、决议）"
)
def activity_create_endpoint(request: HttpRequest, body: ActivityIn) -> Status[Activity]:
    actor = _actor(request)
    org = _org(actor, body.org)
    data = body.model_dump(include={"kind", "held_on", "topic", "place", "summary"})
    data["culture_tag"] = body.culture_tag or ""
    data["is_decision_meeting"] = body.is_decision_meeting
    decisions = [d.model_dump() for d in body.decisions]
    with transaction.atomic():
        activity = activity_entry_save(
            actor=actor,
            org=org,
            data=data,
            decision=decisions[0] if decisions else None,
            **_entry(body),
        )
        for extra in decisions[1:]:
            decision_record(actor=actor, activity=activity, data=extra)
    return Status(201, _activity(actor, activity.pk))


@router.patch(
    "/activities/{activity_id}/",
    response=ActivityOut,
    tags=ACTIVITIES,
    summary="修改活动（可同时修改出勤、新增决议）",
)
def activity_update_endpoint(
    request: HttpRequest, activity_id: int, body: ActivityPatch
) -> Activity:
    actor = _actor(request)
    activity = activity_get(actor, _check_id(activity_id))
    changes = body.changes()
    data = {k: changes[k] for k in changes if k not in {"attendance", "all_present", "decisions"}}
    if "culture_tag" in data:
        data["culture_tag"] = data["culture_tag"] or ""
    decisions = [d.model_dump() for d in body.decisions]
    with transaction.atomic():
        activity_entry_save(
            actor=actor,
            activity=activity,
            data=data,
            decision=decisions[0] if decisions else None,
            **_entry(body),
        )
        for extra in decisions[1:]:
            decision_record(actor=actor, activity=activity, data=extra)
    return _activity(actor, activity.pk)


@router.delete(
    "/activities/{activity_id}/", response={204: None}, tags=ACTIVITIES, summary="删除误录的活动"
)
def activity_delete_endpoint(request: HttpRequest, activity_id: int) -> Status[None]:
    actor = _actor(request)
    activity_delete(actor=actor, activity=activity_get(actor, _check_id(activity_id)))
    return Status(204, None)


@router.get(
    "/decisions/{decision_id}/", response=DecisionDetailOut, tags=ACTIVITIES, summary="查看决议"
)
def decision_detail_endpoint(request: HttpRequest, decision_id: int) -> Decision:
    return decision_get(_actor(request), _check_id(decision_id))


@router.patch(
    "/decisions/{decision_id}/", response=DecisionDetailOut, tags=ACTIVITIES, summary="修改决议"
)
def decision_update_endpoint(
    request: HttpRequest, decision_id: int, body: DecisionPatch
) -> Decision:
    actor = _actor(request)
    decision = decision_get(actor, _check_id(decision_id))
    return decision_update(actor=actor, decision=decision, data=body.changes())


@router.delete(
    "/decisions/{decision_id}/", response={204: None}, tags=ACTIVITIES, summary="删除误录的决议"
)
def decision_delete_endpoint(request: HttpRequest, decision_id: int) -> Status[None]:
    actor = _actor(request)
    decision_delete(actor=actor, decision=decision_get(actor, _check_id(decision_id)))
    return Status(204, None)


# --------------------------------------------------------------------------------------------
# Plan documents
# --------------------------------------------------------------------------------------------


@router.get(
    "/plans/",
    response=list[PlanOut],
    tags=PLANS,
    summary="规划与实施办法列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def plan_list_endpoint(request: HttpRequest, filters: Query[PlanFilter]) -> QuerySet[PlanDocument]:
    actor = _actor(request)
    qs = plan_list(actor, _org(actor, filters.org), on=filters.on)
    return qs.filter(kind=filters.kind) if filters.kind else qs


@router.get("/plans/{plan_id}/", response=PlanOut, tags=PLANS, summary="查看规划或实施办法")
def plan_detail_endpoint(request: HttpRequest, plan_id: int) -> PlanDocument:
    return plan_get(_actor(request), _check_id(plan_id))


@router.post("/plans/", response={201: PlanOut}, tags=PLANS, summary="登记规划或实施办法")
def plan_create_endpoint(request: HttpRequest, body: PlanIn) -> Status[PlanDocument]:
    actor = _actor(request)
    org = _org(actor, body.org)
    plan = plan_entry_save(actor=actor, org=org, data=body.model_dump(exclude={"org"}))
    return Status(201, plan)


@router.patch("/plans/{plan_id}/", response=PlanOut, tags=PLANS, summary="修改规划或实施办法")
def plan_update_endpoint(request: HttpRequest, plan_id: int, body: PlanPatch) -> PlanDocument:
    actor = _actor(request)
    plan = plan_get(actor, _check_id(plan_id))
    return plan_entry_save(actor=actor, plan=plan, data=body.changes())


@router.delete("/plans/{plan_id}/", response={204: None}, tags=PLANS, summary="删除误录的文件")
def plan_delete_endpoint(request: HttpRequest, plan_id: int) -> Status[None]:
    actor = _actor(request)
    plan_delete(actor=actor, plan=plan_get(actor, _check_id(plan_id)))
    return Status(204, None)


# --------------------------------------------------------------------------------------------
# Contact pairs
# --------------------------------------------------------------------------------------------


@router.get(
    "/contact-pairs/",
    response=list[ContactPairOut],
    tags=PAIRS,
    summary="结对联系列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def contact_pair_list_endpoint(
    request: HttpRequest, filters: Query[ContactPairFilter]
) -> QuerySet[ContactPair]:
    actor = _actor(request)
    return contact_pair_list(actor, _org(actor, filters.org), on=filters.on)


@router.get(
    "/contact-pairs/{pair_id}/", response=ContactPairOut, tags=PAIRS, summary="查看结对联系"
)
def contact_pair_detail_endpoint(request: HttpRequest, pair_id: int) -> ContactPair:
    return contact_pair_get(_actor(request), _check_id(pair_id))


@router.post("/contact-pairs/", response={201: ContactPairOut}, tags=PAIRS, summary="登记结对联系")
def contact_pair_create_endpoint(request: HttpRequest, body: ContactPairIn) -> Status[ContactPair]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    data["leader"] = _person(org, body.leader, "leader", "班子成员")
    data["target"] = _person(org, body.target, "target", "服务对象")
    return Status(201, contact_pair_create(actor=actor, org=org, data=data))


@router.patch(
    "/contact-pairs/{pair_id}/",
    response=ContactPairOut,
    tags=PAIRS,
    summary="修改或结束结对联系",
)
def contact_pair_update_endpoint(
    request: HttpRequest, pair_id: int, body: ContactPairPatch
) -> ContactPair:
    actor = _actor(request)
    pair = contact_pair_get(actor, _check_id(pair_id))
    data = body.changes()
    if "leader" in data:
        data["leader"] = _person(pair.org, data["leader"], "leader", "班子成员")
    if "target" in data:
        data["target"] = _person(pair.org, data["target"], "target", "服务对象")
    return contact_pair_update(actor=actor, pair=pair, data=data)


@router.delete(
    "/contact-pairs/{pair_id}/", response={204: None}, tags=PAIRS, summary="删除误录的结对联系"
)
def contact_pair_delete_endpoint(request: HttpRequest, pair_id: int) -> Status[None]:
    actor = _actor(request)
    contact_pair_delete(actor=actor, pair=contact_pair_get(actor, _check_id(pair_id)))
    return Status(204, None)


# --------------------------------------------------------------------------------------------
# Contact visits
# --------------------------------------------------------------------------------------------


@router.get(
    "/contact-visits/",
    response=list[ContactVisitOut],
    tags=VISITS,
    summary="联系走访列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def contact_visit_list_endpoint(
    request: HttpRequest, filters: Query[ContactVisitFilter]
) -> QuerySet[ContactVisit]:
    actor = _actor(request)
    return contact_visit_list(actor, _org(actor, filters.org), start=filters.start, end=filters.end)


@router.get(
    "/contact-visits/{visit_id}/", response=ContactVisitOut, tags=VISITS, summary="查看联系走访"
)
def contact_visit_detail_endpoint(request: HttpRequest, visit_id: int) -> ContactVisit:
    return contact_visit_get(_actor(request), _check_id(visit_id))


@router.post(
    "/contact-visits/", response={201: ContactVisitOut}, tags=VISITS, summary="登记联系走访"
)
def contact_visit_create_endpoint(
    request: HttpRequest, body: ContactVisitIn
) -> Status[ContactVisit]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    data["leader"] = _person(org, body.leader, "leader", "班子成员")
    data["target"] = _person(org, body.target, "target", "走访对象")
    return Status(201, contact_visit_record(actor=actor, org=org, data=data))


@router.patch(
    "/contact-visits/{visit_id}/", response=ContactVisitOut, tags=VISITS, summary="修改联系走访"
)
def contact_visit_update_endpoint(
    request: HttpRequest, visit_id: int, body: ContactVisitPatch
) -> ContactVisit:
    actor = _actor(request)
    visit = contact_visit_get(actor, _check_id(visit_id))
    data = body.changes()
    if "leader" in data:
        data["leader"] = _person(visit.org, data["leader"], "leader", "班子成员")
    if "target" in data:
        data["target"] = _person(visit.org, data["target"], "target", "走访对象")
    return contact_visit_update(actor=actor, visit=visit, data=data)


@router.delete(
    "/contact-visits/{visit_id}/",
    response={204: None},
    tags=VISITS,
    summary="删除误录的联系走访",
)
def contact_visit_delete_endpoint(request: HttpRequest, visit_id: int) -> Status[None]:
    actor = _actor(request)
    contact_visit_delete(actor=actor, visit=contact_visit_get(actor, _check_id(visit_id)))
    return Status(204, None)


# --------------------------------------------------------------------------------------------
# Member service records, tasks, disclosures (Criteria C06.3, C07.1, C07.2)
# --------------------------------------------------------------------------------------------

SERVICES = ["台账：党员服务记录"]
TASKS = ["台账：任务"]
DISCLOSURES = ["台账：党务公开"]


@router.get(
    "/service-records/",
    response=list[ServiceRecordOut],
    tags=SERVICES,
    summary="党员服务记录列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def service_record_list_endpoint(
    request: HttpRequest, filters: Query[ServiceRecordFilter]
) -> QuerySet[ServiceRecord]:
    actor = _actor(request)
    org = _org(actor, filters.org)
    return service_record_list(actor, org, start=filters.start, end=filters.end)


@router.get(
    "/service-records/{record_id}/",
    response=ServiceRecordOut,
    tags=SERVICES,
    summary="查看党员服务记录",
)
def service_record_detail_endpoint(request: HttpRequest, record_id: int) -> ServiceRecord:
    return service_record_get(_actor(request), _check_id(record_id))


@router.post(
    "/service-records/",
    response={201: list[ServiceRecordOut]},
    tags=SERVICES,
    summary="登记党员服务（可一次登记多名党员）",
)
def service_record_create_endpoint(
    request: HttpRequest, body: ServiceRecordIn
) -> Status[list[ServiceRecord]]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    persons = [_person(org, pk, "persons", "党员") for pk in body.persons]
    records = service_records_create(
        actor=actor,
        org=org,
        persons=[p for p in persons if p is not None],
        data=body.model_dump(include={"served_on", "kind", "hours", "description"}),
    )
    return Status(201, records)


@router.patch(
    "/service-records/{record_id}/",
    response=ServiceRecordOut,
    tags=SERVICES,
    summary="修改党员服务记录",
)
def service_record_update_endpoint(
    request: HttpRequest, record_id: int, body: ServiceRecordPatch
) -> ServiceRecord:
    actor = _actor(request)
    record = service_record_get(actor, _check_id(record_id))
    return service_record_update(actor=actor, record=record, data=body.changes())


@router.delete(
    "/service-records/{record_id}/",
    response={204: None},
    tags=SERVICES,
    summary="删除误录的服务记录",
)
def service_record_delete_endpoint(request: HttpRequest, record_id: int) -> Status[None]:
    actor = _actor(request)
    service_record_delete(actor=actor, record=service_record_get(actor, _check_id(record_id)))
    return Status(204, None)


@router.get(
    "/tasks/", response=list[TaskOut], tags=TASKS, summary="任务列表", description=PAGINATION_NOTE
)
@paginate(PageNumberNoCount)
def task_list_endpoint(request: HttpRequest, filters: Query[TaskFilter]) -> QuerySet[Task]:
    actor = _actor(request)
    org = _org(actor, filters.org)
    if filters.overdue and org is not None:
        qs = overdue_task_list(actor, org, timezone.localdate())
    else:
        qs = task_list(actor, org, subtree=filters.subtree and org is not None)
        if filters.overdue:
            today = timezone.localdate()
            qs = qs.filter(due_on__lt=today).exclude(
                completed_on__isnull=False, completed_on__lte=F("due_on")
            )
    if filters.start:
        qs = qs.filter(due_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(due_on__lte=filters.end)
    return qs


@router.get("/tasks/{task_id}/", response=TaskOut, tags=TASKS, summary="查看任务")
def task_detail_endpoint(request: HttpRequest, task_id: int) -> Task:
    return task_get(_actor(request), _check_id(task_id))


@router.post("/tasks/", response={201: TaskOut}, tags=TASKS, summary="登记任务")
def task_create_endpoint(request: HttpRequest, body: TaskIn) -> Status[Task]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    data = body.model_dump(exclude={"org"})
    data["owner"] = _person(org, body.owner, "owner", "责任人")
    return Status(201, task_entry_save(actor=actor, org=org, data=data))


@router.patch("/tasks/{task_id}/", response=TaskOut, tags=TASKS, summary="修改任务或登记完成")
def task_update_endpoint(request: HttpRequest, task_id: int, body: TaskPatch) -> Task:
    actor = _actor(request)
    task = task_get(actor, _check_id(task_id))
    data = body.changes()
    if "owner" in data:
        data["owner"] = _person(task.org, data["owner"], "owner", "责任人")
    return task_entry_save(actor=actor, task=task, data=data)


@router.delete("/tasks/{task_id}/", response={204: None}, tags=TASKS, summary="删除误录的任务")
def task_delete_endpoint(request: HttpRequest, task_id: int) -> Status[None]:
    actor = _actor(request)
    task_delete(actor=actor, task=task_get(actor, _check_id(task_id)))
    return Status(204, None)


@router.get(
    "/disclosures/",
    response=list[DisclosureOut],
    tags=DISCLOSURES,
    summary="党务公开列表",
    description=PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def disclosure_list_endpoint(
    request: HttpRequest, filters: Query[DisclosureFilter]
) -> QuerySet[Disclosure]:
    actor = _actor(request)
    return disclosure_list(actor, _org(actor, filters.org), start=filters.start, end=filters.end)


@router.get(
    "/disclosures/{disclosure_id}/",
    response=DisclosureOut,
    tags=DISCLOSURES,
    summary="查看党务公开",
)
def disclosure_detail_endpoint(request: HttpRequest, disclosure_id: int) -> Disclosure:
    return disclosure_get(_actor(request), _check_id(disclosure_id))


@router.post(
    "/disclosures/", response={201: DisclosureOut}, tags=DISCLOSURES, summary="登记党务公开"
)
def disclosure_create_endpoint(request: HttpRequest, body: DisclosureIn) -> Status[Disclosure]:
    actor = _actor(request)
    org = _org(actor, body.org)
    assert org is not None
    item = disclosure_create(actor=actor, org=org, data=body.model_dump(exclude={"org"}))
    return Status(201, item)


@router.patch(
    "/disclosures/{disclosure_id}/",
    response=DisclosureOut,
    tags=DISCLOSURES,
    summary="修改党务公开",
)
def disclosure_update_endpoint(
    request: HttpRequest, disclosure_id: int, body: DisclosurePatch
) -> Disclosure:
    actor = _actor(request)
    item = disclosure_get(actor, _check_id(disclosure_id))
    return disclosure_update(actor=actor, disclosure=item, data=body.changes())


@router.delete(
    "/disclosures/{disclosure_id}/",
    response={204: None},
    tags=DISCLOSURES,
    summary="删除误录的党务公开",
)
def disclosure_delete_endpoint(request: HttpRequest, disclosure_id: int) -> Status[None]:
    actor = _actor(request)
    disclosure_delete(actor=actor, disclosure=disclosure_get(actor, _check_id(disclosure_id)))
    return Status(204, None)
