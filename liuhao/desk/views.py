"""The handler's pages of the request desk (issue 5 items 2, 3, 7): 我的待办, the org queue with its
filters and Excel export, the overdue board, the request page with its actions, and recording a
request raised at a representative's reception or a contact visit.

Criteria C07.3 (诉求收集、办理、反馈，按时限办结), C18.2 (及时解决突出问题), C05 (党代表接待).
Views parse a form and call one selector or service (CONVENTIONS B3). Requests outside the actor's
handling scope answer 404; members, reviewers and users without a role get 403 on the queues. A
refused action is shown on its form naming the field, with status 400, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.downloads import stored_file_response
from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.core.pagination import paginate
from liuhao.desk import selectors
from liuhao.desk.choices import Channel, EventKind, RequestStatus
from liuhao.desk.exports import request_workbook
from liuhao.desk.forms import AssignForm, QueueFilterForm, RecordForm, ReplyForm, TransitionForm
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.permissions import can_handle_requests
from liuhao.desk.rules import desk_rules
from liuhao.desk.services import (
    ACTION_LABELS,
    TRANSITIONS,
    request_assign,
    request_record,
    request_reply,
    request_transition,
)
from liuhao.frontline.models import Reception
from liuhao.frontline.selectors import record_list
from liuhao.ledger.models import ContactVisit
from liuhao.ledger.selectors import contact_visit_list
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization, subtree_q
from liuhao.orgs.selectors import orgs as org_selectors
from liuhao.orgs.selectors.scope import orgs_covering

PER_PAGE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOURCE_DAYS = 365  # receptions and visits offered as the source of a recorded request


def _clock() -> selectors.DeskClock:
    return selectors.DeskClock.load(timezone.localdate())


def _page(request: HttpRequest, qs: QuerySet[ServiceRequest], desk_clock: Any) -> Any:
    page = paginate(qs, request.GET.get("page"), PER_PAGE)
    return page, selectors.queue_rows(page.items, desk_clock)


def _own_orgs(actor: Any) -> list[Organization]:
    """The orgs named by the actor's handling grants (links to their queues)."""
    ids = [g.org_id for g in selectors.handler_scope(actor).grants if g.org_id]
    return list(Organization.objects.filter(pk__in=ids).order_by("path")) if ids else []


# ---- queues --------------------------------------------------------------------------------------


@login_required
@require_GET
def request_todo(request: HttpRequest) -> HttpResponse:
    """我的待办: requests assigned to me, unassigned ones of my orgs and those escalated to them."""
    actor = request.user
    desk_clock = _clock()
    page, rows = _page(request, selectors.request_todo_list(actor, desk_clock), desk_clock)
    context = {
        "page": page,
        "rows": rows,
        "own_orgs": _own_orgs(actor),
        "summary": selectors.desk_summary(actor, desk_clock),
        "today": desk_clock.today,
    }
    return render(request, "desk/request_todo.html", context)


def _filters(request: HttpRequest) -> QueueFilterForm:
    form = QueueFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    return form


@login_required
@require_GET
def request_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The org queue: requests of the org and its subtree, with filters (C07.3)."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    desk_clock = _clock()
    form = _filters(request)
    qs = selectors.request_list(actor, desk_clock, org=org, filters=form.queue_filter())
    page, rows = _page(request, qs, desk_clock)
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "form": form,
        "filtered": bool(request.GET.keys() - {"page"}),
        "page": page,
        "rows": rows,
        "today": desk_clock.today,
    }
    return render(request, "desk/request_list.html", context)


@login_required
@require_GET
def request_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The filtered org queue as .xlsx (no identity of anonymous requesters)."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    desk_clock = _clock()
    filters = _filters(request).queue_filter()
    qs = selectors.request_list(actor, desk_clock, org=org, filters=filters)
    content = request_workbook(qs, org=org, filters=filters, desk_clock=desk_clock)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="requests-{org.pk}-{desk_clock.today}.xlsx"'
    )
    return response


@login_required
@require_GET
def request_overdue(request: HttpRequest) -> HttpResponse:
    """The overdue board (C18.2): overdue and near-breach requests across the actor's scope, or
    of one org's subtree (`?org=`), escalated ones marked."""
    actor = request.user
    org = None
    if request.GET.get("org"):
        org = org_selectors.org_get(actor, request.GET["org"])
    desk_clock = _clock()
    page, rows = _page(request, selectors.overdue_board(actor, desk_clock, org=org), desk_clock)
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org) if org else [],
        "page": page,
        "rows": rows,
        "today": desk_clock.today,
        "near_workdays": desk_rules().near_breach_workdays,
    }
    return render(request, "desk/request_overdue.html", context)


# ---- one request ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    code: str
    label: str
    text_label: str  # '' when the action takes no text


@dataclass(frozen=True, slots=True)
class EventRow:
    """A history entry with its status labels and who did it (handler, requester or system)."""

    event: RequestEvent
    change: str
    who: str
    internal: bool


SYSTEM_KINDS = (EventKind.REMINDER, EventKind.ESCALATED)


def _event_rows(events: list[RequestEvent]) -> list[EventRow]:
    rows = []
    for e in events:
        change = ""
        if e.kind == EventKind.TRANSITION and e.from_status and e.to_status:
            change = f"{RequestStatus(e.from_status).label} → {RequestStatus(e.to_status).label}"
        if e.actor is not None:
            who = str(e.actor)
        elif e.kind in SYSTEM_KINDS or (
            e.kind == EventKind.TRANSITION and e.text.endswith("自动关闭")
        ):
            who = "系统"
        else:
            who = "诉求人"
        rows.append(EventRow(e, change, who, internal=e.kind == EventKind.NOTE))
    return rows


TEXT_LABELS = {"wait": "需要诉求人补充的内容", "resolve": "办理结果（答复诉求人）"}


def _actions(obj: ServiceRequest) -> list[Action]:
    """The state machine's actions open from the request's status."""
    return [
        Action(code, ACTION_LABELS[code], TEXT_LABELS.get(code, ""))
        for code, (sources, _target) in TRANSITIONS.items()
        if obj.status in sources
    ]


def _detail_page(
    request: HttpRequest,
    obj: ServiceRequest,
    *,
    failed: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    desk_clock = _clock()
    handlers = selectors.org_handlers(obj.org)
    forms: dict[str, Form] = {
        "transition": TransitionForm(),
        "reply": ReplyForm(),
        "assign": AssignForm(handlers=handlers, initial={"assignee": obj.assignee_id}),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    context = {
        "org": obj.org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, obj.org),
        "item": obj,
        "category": desk_rules().category_label(obj.category),
        "events": _event_rows(selectors.request_events(obj)),
        "files": selectors.request_files(obj),
        "state": desk_clock.state(obj),
        "response_left": (
            desk_clock.workdays_left(obj.response_due) if obj.first_response_at is None else None
        ),
        "resolution_left": desk_clock.workdays_left(obj.resolution_due) if obj.is_open else None,
        "actions": _actions(obj),
        "failed": failed[0] if failed else "",
        "forms": forms,
        "today": desk_clock.today,
    }
    return render(request, "desk/request_detail.html", context, status=status)


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request: identity only if named, files, due dates with working days left, the full
    history with internal notes marked 内部, and the actions its status allows."""
    return _detail_page(request, selectors.request_get(request.user, pk))


def _done(request: HttpRequest, obj: ServiceRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("desk:request-detail", pk=obj.pk)


@login_required
@require_POST
def request_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    """accept / start / wait / resume / resolve / reopen."""
    obj = selectors.request_get(request.user, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            request_transition(
                actor=request.user, request=obj, action=action, text=form.cleaned_data["text"]
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        except InvalidState as exc:
            form.add_error(None, exc.message)
        else:
            return _done(request, obj, f"已{ACTION_LABELS[action]}")
        obj.refresh_from_db()
    return _detail_page(request, obj, failed=("transition", form), status=400)


@login_required
@require_POST
def request_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A reply to the requester, or an internal note."""
    obj = selectors.request_get(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        internal = form.cleaned_data["internal"]
        try:
            request_reply(
                actor=request.user, request=obj, text=form.cleaned_data["text"], internal=internal
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            return _done(request, obj, "已添加内部备注" if internal else "已答复诉求人")
    return _detail_page(request, obj, failed=("reply", form), status=400)


@login_required
@require_POST
def request_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the responsible person among the org's handlers."""
    obj = selectors.request_get(request.user, pk)
    form = AssignForm(request.POST, handlers=selectors.org_handlers(obj.org))
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            request_assign(actor=request.user, request=obj, assignee=assignee)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            return _done(request, obj, f"已指派责任人：{assignee}")
        obj.refresh_from_db()
    return _detail_page(request, obj, failed=("assign", form), status=400)


@login_required
@require_GET
def request_file(request: HttpRequest, pk: int) -> FileResponse:
    """A requester's file, for the handlers of the request."""
    row = selectors.request_file_get(request.user, pk)
    return stored_file_response(
        row.file, filename=row.original_name, content_type=row.content_type, missing="附件不存在"
    )


# ---- recording a request raised at a reception or a contact visit ----------------------------------


def _sources(
    actor: Any, org: Organization, since: dt.date, picked: dict[str, int]
) -> tuple[QuerySet[Reception], QuerySet[ContactVisit]]:
    """Receptions and visits in the actor's scope, of the org, its subtree or its ancestors (a
    college studio's reception may raise a branch's request), recent or picked by the link."""
    near = subtree_q(org.path, "org__path") | Q(org__path__in=orgs_covering([org.path]))
    receptions = (
        record_list(actor, Reception)
        .filter(near)
        .filter(Q(held_on__gte=since) | Q(pk=picked.get("reception", 0)))
    )
    visits = (
        contact_visit_list(actor)
        .filter(near)
        .filter(Q(visited_on__gte=since) | Q(pk=picked.get("contact_visit", 0)))
    )
    return receptions, visits


def _picked(request: HttpRequest) -> dict[str, int]:
    picked = {}
    for key in ("reception", "contact_visit"):
        value = request.GET.get(key, "")
        if value.isdigit() and len(value) < 16:
            picked[key] = int(value)
    return picked


@login_required
@require_http_methods(["GET", "POST"])
def request_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """登记诉求: a request raised at a representative's reception or a contact visit (C05)."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    if not can_handle_requests(actor, org):
        raise NotPermitted("您无权为该党组织登记诉求")
    picked = _picked(request)
    today = timezone.localdate()
    receptions, visits = _sources(actor, org, today - dt.timedelta(days=SOURCE_DAYS), picked)
    initial: dict[str, Any] = {"priority": "normal", **picked}
    initial["channel"] = Channel.CONTACT_VISIT if "contact_visit" in picked else Channel.RECEPTION
    form = RecordForm(posted(request), receptions=receptions, visits=visits, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = request_record(
                actor=actor,
                org=org,
                data=form.request_data(),
                channel=form.cleaned_data["channel"],
                reception=form.cleaned_data["reception"],
                contact_visit=form.cleaned_data["contact_visit"],
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            obj = submitted.request
            return _done(request, obj, f"已登记诉求 {obj.reference}")
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "form": form,
        "title": f"登记诉求 · {org.name}",
    }
    return render(request, "desk/request_record.html", context, status=400 if form.errors else 200)
