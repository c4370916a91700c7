"""The handler's API of the request desk under /api/v1/desk/ (issue 5 item 7): the queue with its
filters, 我的待办, the overdue board, one request with its history, the state-machine actions, reply
and internal note, the responsible person, and recording a request raised at a reception or visit.

Criteria C07.3 and C18.2. Endpoints only parse, look up inside the actor's scope and call selectors
or services (CONVENTIONS B3, B7), exactly as the pages do: requests outside the actor's handling scope
answer 404; an actor who handles no requests (members, reviewers), or not those of the org asked
for, gets 403 `not_permitted`; refused input is 400 `validation_failed` naming the field, and
nothing is stored.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.desk import selectors
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.desk.schemas import (
    AssignIn,
    EventOut,
    OverdueFilter,
    RecordIn,
    ReplyIn,
    RequestDetailOut,
    RequestFilter,
    RequestOut,
    TransitionIn,
)
from liuhao.desk.selectors import DeskClock, QueueFilter
from liuhao.desk.services import request_assign, request_record, request_reply, request_transition
from liuhao.frontline.models import Reception
from liuhao.frontline.selectors import record_get
from liuhao.ledger.selectors import contact_visit_get
from liuhao.orgs.models import Organization
from liuhao.orgs.schemas.common import MAX_ID, PageNumberNoCount
from liuhao.orgs.selectors.orgs import org_get

router = Router()
TAGS = ["诉求办理"]
PAGINATION_NOTE = "分页不统计总数：以 has_next 判断是否还有下一页。"


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _clock() -> DeskClock:
    return DeskClock.load(timezone.localdate())


def _org(actor: Any, pk: int | None) -> Organization | None:
    return None if pk is None else org_get(actor, pk)


def _request(actor: Any, pk: int) -> ServiceRequest:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该诉求，或您无权查看")
    return selectors.request_get(actor, pk)


def _detail(obj: ServiceRequest, desk_clock: DeskClock | None = None) -> ServiceRequest:
    """Attach what RequestDetailOut reads: history, files, due state and working days left."""
    desk_clock = desk_clock or _clock()
    detail: Any = obj
    detail.event_list = selectors.request_events(obj)
    detail.file_list = selectors.request_files(obj)
    detail.due_state = desk_clock.state(obj)
    detail.workdays_left = desk_clock.workdays_left(obj.resolution_due) if obj.is_open else None
    detail.response_workdays_left = (
        desk_clock.workdays_left(obj.response_due) if obj.first_response_at is None else None
    )
    return obj


def _category(value: str | None) -> str:
    if value and value not in {c.code for c in desk_rules().categories}:
        raise ValidationFailed(
            f"请求参数不正确：category 不是有效的诉求类别：{value}",
            extra={"fields": {"category": ["不是有效的诉求类别"]}},
        )
    return value or ""


@router.get(
    "/requests/",
    response=list[RequestOut],
    tags=TAGS,
    summary="诉求列表（组织队列）",
    description="所辖组织（或 org 及其下级组织）的诉求，按提交时间倒序。" + PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def request_list_endpoint(
    request: HttpRequest, filters: Query[RequestFilter]
) -> QuerySet[ServiceRequest]:
    actor = _actor(request)
    queue = QueueFilter(
        status=filters.status or "",
        category=_category(filters.category),
        priority=filters.priority or "",
        overdue=filters.overdue,
        near_breach=filters.near_breach,
        escalated_to_me=filters.escalated_to_me,
        assigned_to_me=filters.assigned_to_me,
        start=filters.start,
        end=filters.end,
    )
    return selectors.request_list(actor, _clock(), org=_org(actor, filters.org), filters=queue)


@router.get(
    "/requests/todo/",
    response=list[RequestOut],
    tags=TAGS,
    summary="我的待办",
    description="指派给我的、我所在组织未指派的和上报给我所在组织的未办结诉求，时限近者在前。"
    + PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def request_todo_endpoint(request: HttpRequest) -> QuerySet[ServiceRequest]:
    return selectors.request_todo_list(_actor(request), _clock())


@router.get(
    "/requests/overdue/",
    response=list[RequestOut],
    tags=TAGS,
    summary="超期看板",
    description="已超过办结时限或临期的办理中诉求（含已上报的），时限早者在前。" + PAGINATION_NOTE,
)
@paginate(PageNumberNoCount)
def request_overdue_endpoint(
    request: HttpRequest, filters: Query[OverdueFilter]
) -> QuerySet[ServiceRequest]:
    actor = _actor(request)
    return selectors.overdue_board(actor, _clock(), org=_org(actor, filters.org))


@router.get(
    "/requests/{request_id}/", response=RequestDetailOut, tags=TAGS, summary="查看诉求及办理记录"
)
def request_detail_endpoint(request: HttpRequest, request_id: int) -> ServiceRequest:
    return _detail(_request(_actor(request), request_id))


@router.post(
    "/requests/{request_id}/transitions/",
    response=RequestDetailOut,
    tags=TAGS,
    summary="办理：受理、开始办理、等待补充、恢复、办结、重新打开",
)
def request_transition_endpoint(
    request: HttpRequest, request_id: int, body: TransitionIn
) -> ServiceRequest:
    actor = _actor(request)
    obj = _request(actor, request_id)
    request_transition(actor=actor, request=obj, action=body.action, text=body.text)
    return _detail(obj)


@router.post(
    "/requests/{request_id}/replies/",
    response={201: EventOut},
    tags=TAGS,
    summary="答复诉求人或添加内部备注",
)
def request_reply_endpoint(
    request: HttpRequest, request_id: int, body: ReplyIn
) -> Status[RequestEvent]:
    actor = _actor(request)
    obj = _request(actor, request_id)
    return Status(
        201, request_reply(actor=actor, request=obj, text=body.text, internal=body.internal)
    )


@router.post(
    "/requests/{request_id}/assign/",
    response=RequestDetailOut,
    tags=TAGS,
    summary="指派责任人",
)
def request_assign_endpoint(
    request: HttpRequest, request_id: int, body: AssignIn
) -> ServiceRequest:
    actor = _actor(request)
    obj = _request(actor, request_id)
    # An unknown or inactive user is refused like a non-handler (no hint that the id exists).
    assignee = get_user_model().objects.filter(pk=body.assignee, is_active=True).first()
    request_assign(actor=actor, request=obj, assignee=assignee)
    return _detail(obj)


def _source(actor: Any, body: RecordIn) -> dict[str, Any]:
    """The reception or visit named in the body, inside the actor's scope, else 404 naming it."""
    found: dict[str, Any] = {"reception": None, "contact_visit": None}
    for field, label in (("reception", "来源接待"), ("contact_visit", "来源走访")):
        pk = getattr(body, field)
        if pk is None:
            continue
        try:
            found[field] = (
                record_get(actor, Reception, pk)
                if field == "reception"
                else contact_visit_get(actor, pk)
            )
        except NotFound as exc:
            raise NotFound(
                f"{label}：未找到编号为 {pk} 的记录，或您无权查看",
                extra={"fields": {field: ["未找到该记录"]}},
            ) from exc
    return found


@router.post(
    "/requests/",
    response={201: RequestDetailOut},
    tags=TAGS,
    summary="登记党代表接待或联系走访中反映的诉求",
)
def request_record_endpoint(request: HttpRequest, body: RecordIn) -> Status[ServiceRequest]:
    actor = _actor(request)
    org = org_get(actor, body.org)
    data = body.model_dump(
        include={
            "category",
            "priority",
            "title",
            "body",
            "anonymous",
            "requester_name",
            "requester_contact",
        }
    )
    submitted = request_record(
        actor=actor, org=org, data=data, channel=body.channel, **_source(actor, body)
    )
    return Status(201, _detail(selectors.request_get(actor, submitted.request.pk)))
