"""Reads of the request desk: for its handlers, who sees which request, the queues with their
filters, the overdue board, one request with its history, the org's handlers (issue 5 items 2, 3,
7); at the end, the requester's side (the public form's org lists, the tracking link).

Criteria C07.3 (诉求按时限受理、办结) and C18.2 (紧急诉求不超期). Requests carry personal data, so
only handlers see them: an actor sees a request when a grant carrying Capability.HANDLE_REQUESTS
covers the request's org, or the org it was escalated to (CONVENTIONS B5); members and reviewers see
none. Every list is one query for the page (plus one for the workday calendar), whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone

from liuhao.core.exceptions import NotPermitted
from liuhao.core.roles import CAPABILITIES, Capability
from liuhao.desk import clock
from liuhao.desk.choices import OPEN_STATUSES, EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, RequestFile, ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.desk.services import token_hash
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Membership, Organization, Person, RoleAssignment, subtree_q
from liuhao.orgs.selectors.scope import Scope, get_visible_or_404, orgs_covering, scope_for
from liuhao.orgs.workdays import WorkdayCalendar

S = RequestStatus
# The SLA clock runs in these statuses; it is paused while waiting for the requester.
RUNNING = (S.NEW, S.ACCEPTED, S.IN_PROGRESS)
HANDLING_ROLES = tuple(
    role for role, caps in CAPABILITIES.items() if Capability.HANDLE_REQUESTS in caps
)
NOT_A_HANDLER = "您无权办理诉求：只有党组织书记、委员和上级管理员可以查看和办理诉求"


# ---- who sees what ---------------------------------------------------------------------------------


def handler_scope(actor: Any) -> Scope:
    """The actor's grants that carry Capability.HANDLE_REQUESTS (no query: the scope is cached)."""
    scope = scope_for(actor)
    return replace(
        scope,
        grants=tuple(g for g in scope.grants if g.role in HANDLING_ROLES),
    )


def is_handler(actor: Any) -> bool:
    return bool(handler_scope(actor).grants)


def require_handler(actor: Any) -> Scope:
    """The handler scope, or NotPermitted (403) for members, reviewers and users without a role."""
    scope = handler_scope(actor)
    if not scope.grants:
        raise NotPermitted(NOT_A_HANDLER)
    return scope


def visible_requests(actor: Any) -> QuerySet[ServiceRequest]:
    """Requests whose org, or the org they were escalated to, lies in the actor's handler scope.

    Outside the province, the filter is narrowed to the grants' universities first (a request and
    the org it is escalated to belong to the same university), so it rides the university index.
    """
    scope = handler_scope(actor)
    if scope.is_province:
        return ServiceRequest.objects.all()
    if not scope.grants:
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(
        Q(university_id__in=scope.university_ids() or [])
        & (scope.q("org__path") | scope.q("escalated_to__path"))
    )


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def request_get(actor: Any, pk: int | str) -> ServiceRequest:
    """One request the actor handles, with its orgs, assignee and source records; else 404."""
    qs = visible_requests(actor).select_related(
        "org", "university", "assignee", "escalated_to", "reception", "contact_visit"
    )
    return get_visible_or_404(qs, pk=_pk(pk))  # type: ignore[no-any-return]


def request_events(request: ServiceRequest) -> list[RequestEvent]:
    """The full history of a request, internal notes included (handlers only), oldest first."""
    return list(request.events.select_related("actor").order_by("at", "id"))


def request_files(request: ServiceRequest) -> list[RequestFile]:
    return list(request.files.order_by("id"))


def request_file_get(actor: Any, pk: int | str) -> RequestFile:
    """A requester's file of a request the actor handles; else 404."""
    qs = RequestFile.objects.filter(request__in=visible_requests(actor)).select_related("request")
    return get_visible_or_404(qs, pk=_pk(pk))  # type: ignore[no-any-return]


# ---- the SLA clock as seen today ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeskClock:
    """Today, the workday calendar and the near-breach line (desk-rules.yaml), loaded once.

    A running request is near breach when at most `near_breach_workdays` working days are left to
    its resolution due date, i.e. when that date falls before `near_before`; overdue once the due
    date has passed.
    """

    today: dt.date
    calendar: WorkdayCalendar
    near_before: dt.date

    @classmethod
    def load(cls, today: dt.date) -> DeskClock:
        calendar = WorkdayCalendar.load(
            today - dt.timedelta(days=400), today + dt.timedelta(days=400)
        )
        near = desk_rules().near_breach_workdays
        return cls(today, calendar, calendar.add_workdays(today, near + 1))

    def workdays_left(self, due: dt.date) -> int:
        return clock.workdays_left(self.calendar, self.today, due)

    def state(self, request: ServiceRequest) -> str:
        """'overdue', 'near' or '' for a request (only running requests are late or near)."""
        if request.status not in RUNNING:
            return ""
        if request.resolution_due < self.today:
            return "overdue"
        if request.resolution_due < self.near_before:
            return "near"
        return ""


def _due_state(desk_clock: DeskClock) -> Case:
    running = Q(status__in=RUNNING)
    return Case(
        When(running & Q(resolution_due__lt=desk_clock.today), then=Value("overdue")),
        When(running & Q(resolution_due__lt=desk_clock.near_before), then=Value("near")),
        default=Value(""),
        output_field=CharField(),
    )


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A request on a queue page with its working days left and its badges."""

    request: ServiceRequest
    workdays_left: int | None  # None once resolved or closed
    state: str  # 'overdue', 'near' or ''

    @property
    def escalated(self) -> bool:
        return self.request.escalated_at is not None

    @property
    def late_workdays(self) -> int:
        return -self.workdays_left if self.workdays_left is not None else 0

    @property
    def category(self) -> str:
        return desk_rules().category_label(self.request.category)


def queue_rows(requests: list[ServiceRequest], desk_clock: DeskClock) -> list[QueueRow]:
    """Badges for one page of requests (no query: the calendar is already loaded)."""
    return [
        QueueRow(
            request=r,
            workdays_left=desk_clock.workdays_left(r.resolution_due) if r.is_open else None,
            state=desk_clock.state(r),
        )
        for r in requests
    ]


# ---- queues ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The filters of a queue; all optional. `start`/`end` bound the submission day."""

    status: str = ""  # a RequestStatus value, 'open' or '' (all)
    category: str = ""
    priority: str = ""
    overdue: bool = False
    near_breach: bool = False  # overdue or near breach (临期)
    escalated_to_me: bool = False
    assigned_to_me: bool = False
    start: dt.date | None = None
    end: dt.date | None = None


def _listing(qs: QuerySet[ServiceRequest], desk_clock: DeskClock) -> QuerySet[ServiceRequest]:
    return qs.select_related("org", "assignee", "escalated_to").annotate(
        due_state=_due_state(desk_clock)
    )


def _filtered(
    qs: QuerySet[ServiceRequest],
    actor: Any,
    scope: Scope,
    filters: QueueFilter,
    desk_clock: DeskClock,
) -> QuerySet[ServiceRequest]:
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.overdue:
        qs = qs.filter(status__in=RUNNING, resolution_due__lt=desk_clock.today)
    if filters.near_breach:
        qs = qs.filter(status__in=RUNNING, resolution_due__lt=desk_clock.near_before)
    if filters.escalated_to_me:
        qs = qs.filter(Q(escalated_to__isnull=False) & scope.q("escalated_to__path"))
    if filters.assigned_to_me:
        qs = qs.filter(assignee=actor)
    if filters.start is not None:
        qs = qs.filter(submitted_on__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(submitted_on__lte=filters.end)
    return qs


def request_list(
    actor: Any,
    desk_clock: DeskClock,
    *,
    org: Organization | None = None,
    filters: QueueFilter | None = None,
) -> QuerySet[ServiceRequest]:
    """The org queue (C07.3): requests of `org` and its subtree (or all the actor handles when
    `org` is None), filtered, newest first. 403 for an actor who handles no requests at all, or not
    those of `org`."""
    scope = require_handler(actor)
    qs = visible_requests(actor)
    if org is not None:
        if not scope.can(Capability.HANDLE_REQUESTS, org):
            raise NotPermitted(NOT_A_HANDLER)
        qs = qs.filter(subtree_q(org.path, "org__path"))
    qs = _filtered(qs, actor, scope, filters or QueueFilter(), desk_clock)
    return _listing(qs, desk_clock).order_by("-submitted_at", "-id")


def request_todo_list(actor: Any, desk_clock: DeskClock) -> QuerySet[ServiceRequest]:
    """我的待办: open requests assigned to the actor, unassigned ones of the orgs the actor's grants
    name, and those escalated to those orgs; the most urgent first (due date, then priority)."""
    scope = require_handler(actor)
    own_orgs = [g.org_id for g in scope.grants if g.org_id]
    mine = Q(assignee=actor)
    if own_orgs:
        mine |= Q(assignee__isnull=True, org_id__in=own_orgs) | Q(escalated_to_id__in=own_orgs)
    qs = visible_requests(actor).filter(mine, status__in=OPEN_STATUSES)
    return _listing(qs, desk_clock).order_by("resolution_due", "-priority", "id")


def overdue_board(
    actor: Any, desk_clock: DeskClock, *, org: Organization | None = None
) -> QuerySet[ServiceRequest]:
    """The overdue board (C18.2): running requests past their resolution due date or near it,
    across the actor's scope (or `org`'s subtree), escalated ones included; most late first."""
    return request_list(actor, desk_clock, org=org, filters=QueueFilter(near_breach=True)).order_by(
        "resolution_due", "-priority", "id"
    )


@dataclass(frozen=True, slots=True)
class DeskSummary:
    todo: int
    overdue: int
    near: int
    escalated: int


def desk_summary(actor: Any, desk_clock: DeskClock) -> DeskSummary | None:
    """Counts for the home page (one query); None for actors who handle no requests."""
    if not is_handler(actor):
        return None
    scope = handler_scope(actor)
    own_orgs = [g.org_id for g in scope.grants if g.org_id]
    mine = Q(assignee=actor)
    if own_orgs:
        mine |= Q(assignee__isnull=True, org_id__in=own_orgs) | Q(escalated_to_id__in=own_orgs)
    running = Q(status__in=RUNNING)
    counts = (
        visible_requests(actor)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(
            todo=Count("pk", filter=mine),
            overdue=Count("pk", filter=running & Q(resolution_due__lt=desk_clock.today)),
            near=Count(
                "pk",
                filter=running
                & Q(
                    resolution_due__gte=desk_clock.today,
                    resolution_due__lt=desk_clock.near_before,
                ),
            ),
            escalated=Count(
                "pk", filter=Q(escalated_to__isnull=False) & scope.q("escalated_to__path")
            ),
        )
    )
    return DeskSummary(**counts)


# ---- handlers of an org --------------------------------------------------------------------------------


def org_handlers(org: Organization) -> QuerySet[Any]:
    """Users who may handle the org's requests and be named responsible (责任人): those holding a
    handling role on the org itself, or recursively on one of its ancestors (one query). Province
    admins may handle every request but are not offered in the list."""
    grants = RoleAssignment.objects.filter(
        Q(org=org) | Q(recursive=True, org__path__in=orgs_covering([org.path])),
        role__in=HANDLING_ROLES,
    )
    return (
        get_user_model()
        .objects.filter(pk__in=grants.values("user_id"), is_active=True)
        .order_by("username")
    )


# ---- the requester's side ---------------------------------------------------------------------------
# The public form and the tracking link (issue 5 items 1, 4, 8). Nothing here is scoped to an actor:
# the tracking token is the requester's only key, and the form lists live orgs, which are public.

OrgGroup = tuple[str, list[tuple[int, str]]]


def request_universities() -> QuerySet[Organization]:
    """Live university committees a request can be addressed to (C12 网上服务: public form)."""
    return (
        Organization.objects.active()
        .filter(kind=OrgKind.UNIVERSITY_COMMITTEE)
        .order_by("name_pinyin", "name")
    )


def request_org_get(pk: Any) -> Organization | None:
    """A live org by id, or None for anything else (a missing, dissolved or malformed id); its
    university comes with it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Organization.objects.active().select_related("university").filter(pk=pk).first()


def request_org_groups(university: Organization, query: str = "") -> list[OrgGroup]:
    """The live orgs of one university for the form's select, grouped by college (one query).

    The university committee comes first, then each college (or other second-level org) with the
    orgs under it in tree order; `query` narrows the list by name or pinyin (no JavaScript needed).
    """
    qs = Organization.objects.active().filter(university=university).order_by("path")
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(name_pinyin__icontains=query.lower())
            | Q(name_initials__icontains=query.lower())
        )
    if query:
        return [("搜索结果", [(pk, name) for pk, name in qs.values_list("pk", "name")[:200]])]
    groups: list[OrgGroup] = []
    current: list[tuple[int, str]] | None = None
    for pk, name, depth in qs.values_list("pk", "name", "depth"):
        if depth == 0:
            groups.insert(0, ("校级党委", [(pk, name)]))
            continue
        if depth == 1 or current is None:
            current = []
            groups.append((name, current))
        current.append((pk, name))
    return groups


def requester_default_org(user: Any) -> Organization | None:
    """Where a signed-in requester's request goes by default: the branch of their open membership,
    else their unit (C07.3: requests reach the org closest to the requester)."""
    person = Person.objects.filter(user=user).select_related("unit").first()
    if person is None:
        return None
    membership = (
        Membership.objects.filter(
            person=person, ended_on__isnull=True, org__dissolved_on__isnull=True
        )
        .select_related("org")
        .first()
    )
    if membership is not None:
        return membership.org
    if person.unit is not None and person.unit.dissolved_on is None:
        return person.unit
    return None


def requester_person(user: Any) -> Person | None:
    return Person.objects.filter(user=user).select_related("university").first()


def request_by_token(token: str) -> ServiceRequest | None:
    """The request whose tracking link carries `token`, or None.

    Only the token's SHA-256 is stored, so the lookup is one indexed equality on the hash: a forged
    token and an unknown one take the same path and reveal nothing.
    """
    if not token or len(token) > 100:
        return None
    return (
        ServiceRequest.objects.select_related("org").filter(tracking_hash=token_hash(token)).first()
    )


@dataclass(frozen=True, slots=True)
class PublicEvent:
    at: dt.datetime
    title: str
    text: str


def _public_title(event: RequestEvent) -> str:
    if event.kind == EventKind.SUBMITTED:
        return "提交诉求"
    if event.kind == EventKind.TRANSITION and event.to_status:
        return f"状态变为“{RequestStatus(event.to_status).label}”"
    return {
        EventKind.REPLY: "承办党组织答复",
        EventKind.REQUESTER: "您补充了内容",
        EventKind.RATED: "您的评价",
    }.get(EventKind(event.kind), EventKind(event.kind).label)


def request_public_events(request: ServiceRequest) -> list[PublicEvent]:
    """The history the requester may see: public events only, never internal notes, assignments,
    reminders or escalations, and never who acted (only the org is named on the page)."""
    rows = RequestEvent.objects.filter(request=request, public=True).only(
        "at", "kind", "to_status", "text"
    )
    return [PublicEvent(at=e.at, title=_public_title(e), text=e.text) for e in rows]


def request_public_files(request: ServiceRequest) -> QuerySet[RequestFile]:
    return RequestFile.objects.filter(request=request).only(
        "pk", "file", "original_name", "size", "content_type", "uploaded_at", "request_id"
    )


@dataclass(frozen=True, slots=True)
class RequesterActions:
    """What the requester may do on the tracking page now (the services enforce the rules; a
    resolved request is confirmed or reopened rather than added to)."""

    add: bool
    confirm: bool
    reopen: bool
    rate: bool


def requester_actions(request: ServiceRequest, today: dt.date) -> RequesterActions:
    status = request.status
    reopen = status == RequestStatus.RESOLVED
    if status == RequestStatus.CLOSED and request.closed_at is not None:
        closed_on = timezone.localdate(request.closed_at)
        calendar = WorkdayCalendar.load(closed_on, today)
        reopen = calendar.workdays_between(closed_on, today) <= desk_rules().reopen_workdays
    return RequesterActions(
        add=status not in (RequestStatus.RESOLVED, RequestStatus.CLOSED),
        confirm=status == RequestStatus.RESOLVED,
        reopen=reopen,
        rate=status == RequestStatus.CLOSED and request.rating is None,
    )
