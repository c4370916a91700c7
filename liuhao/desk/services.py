"""The request desk's writes: submit, handle (accept, start, wait, resume, resolve), reply and note,
assign, the requester's confirm / reopen / rate, and the daily sweep (reminders, escalation,
auto-close).

Criteria C07.3 (诉求收集、办理、反馈机制，按时限办结), C18.2 (及时解决突出问题), C12 (网上服务).
Every transition is checked against the state machine, written in one transaction with a
RequestEvent and an AuditEvent (the requester's own actions are audited without a user), and never
stores anything of a refused request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import AuditScope, audit_record, snapshot
from liuhao.core.exceptions import InvalidState, NotPermitted
from liuhao.desk import clock
from liuhao.desk.choices import (
    Channel,
    CloseReason,
    EventKind,
    Priority,
    RequestStatus,
)
from liuhao.desk.files import store_request_files
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.permissions import can_handle_requests
from liuhao.desk.ratelimit import Throttle
from liuhao.desk.rules import desk_rules

# The daily sweep (reminders, escalation, auto-close) is set-based and lives in sweep.py.
from liuhao.desk.sweep import SweepResult as SweepResult
from liuhao.desk.sweep import desk_sweep as desk_sweep
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.services.common import require, validate
from liuhao.orgs.workdays import WorkdayCalendar, calendar_version

S = RequestStatus
DAY_SECONDS = 24 * 3600

REQUEST_FIELDS = [
    "org",
    "reference",
    "category",
    "priority",
    "title",
    "anonymous",
    "channel",
    "status",
    "response_due",
    "resolution_due",
]

# Handler transitions: action → (statuses it may start from, status it leads to).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "accept": ((S.NEW,), S.ACCEPTED),
    "start": ((S.ACCEPTED,), S.IN_PROGRESS),
    "wait": ((S.ACCEPTED, S.IN_PROGRESS), S.WAITING),
    "resume": ((S.WAITING,), S.IN_PROGRESS),
    "resolve": ((S.ACCEPTED, S.IN_PROGRESS, S.WAITING), S.RESOLVED),
    "reopen": ((S.RESOLVED, S.CLOSED), S.IN_PROGRESS),
}
ACTION_LABELS = {
    "accept": "受理",
    "start": "开始办理",
    "wait": "等待诉求人补充",
    "resume": "恢复办理",
    "resolve": "办结",
    "reopen": "重新打开",
}


class RateLimited(Exception):
    """A public submission over its client's limit (desk-rules.yaml `rate_limit`)."""

    def __init__(self, throttle: Throttle) -> None:
        super().__init__("rate limited")
        self.throttle = throttle


@dataclass(frozen=True)
class Submitted:
    """A new request and the raw tracking token (shown once, in the tracking link; only its
    SHA-256 is stored)."""

    request: ServiceRequest
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _scope(org: Organization) -> AuditScope:
    return AuditScope(org_id=org.pk, org_path=org.path, university_id=org.university_id or org.pk)


def _reference(now: dt.datetime) -> str:
    """SQ + date + 6 random characters: readable on the phone, not enumerable."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    tail = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"SQ{now:%y%m%d}-{tail}"


def _event(
    request: ServiceRequest,
    kind: str,
    *,
    actor: Any = None,
    text: str = "",
    public: bool = False,
    before: str = "",
    after: str = "",
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        at=timezone.now(),
        kind=kind,
        public=public,
        from_status=before,
        to_status=after,
        text=text,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _audit(actor: Any, request: ServiceRequest, verb: str, changes: dict[str, Any]) -> None:
    audit_record(actor=actor, verb=verb, target=request, scope=_scope(request.org), changes=changes)


def _calendar(start: dt.date) -> WorkdayCalendar:
    return WorkdayCalendar.load(start - dt.timedelta(days=7), start + dt.timedelta(days=400))


def _due_dates(today: dt.date, first_response: int, resolution: int) -> tuple[dt.date, dt.date]:
    """clock.due_dates for a submission today, kept in Django's cache for the day under the
    calendar's version (liuhao.orgs.workdays): the public form does not load the calendar for
    every submission, and an admin's override takes effect at once."""
    key = f"desk:due:{calendar_version()}:{today.isoformat()}:{first_response}:{resolution}"
    cached = cache.get(key)
    if cached is None:
        cached = clock.due_dates(_calendar(today), today, first_response, resolution)
        cache.set(key, cached, timeout=DAY_SECONDS)
    return cached


# ---- submitting ------------------------------------------------------------------------------------


@transaction.atomic
def request_submit(
    *,
    org: Organization,
    data: dict[str, Any],
    channel: str,
    user: Any = None,
    files: Sequence[Any] = (),
    actor: Any = None,
    reception: Any = None,
    contact_visit: Any = None,
    submit_key: str | None = None,
    throttle: Throttle | None = None,
) -> Submitted:
    """File a request to `org` (C07.3 诉求收集). `data`: category, priority, title, body,
    anonymous, requester_name, requester_contact. Anonymous requests keep no name or contact.

    `user` is the signed-in requester (channel signed_in); `actor` is the handler recording a
    request raised at a representative's reception or a contact visit (needs the handle capability
    over `org`). `submit_key` is the form's one-time code: a second submission with it raises
    IntegrityError (the unique column), which the form answers as a double submit. `throttle`
    (the public forms) counts the client's submission in the same transaction first and raises
    RateLimited over the limit, so a refused or failed submission counts nothing.
    """
    if throttle is not None and not throttle.take():
        raise RateLimited(throttle)
    rules = desk_rules()
    require(org.dissolved_on is None, "该党组织已撤销，不能接收诉求", "org")
    require(
        data.get("category") in {c.code for c in rules.categories}, "请选择诉求类别", "category"
    )
    priority = data.get("priority") or Priority.NORMAL
    require(priority in Priority.values, "紧急程度无效", "priority")
    recorded = channel in (Channel.RECEPTION, Channel.CONTACT_VISIT)
    if recorded and (actor is None or not can_handle_requests(actor, org)):
        raise NotPermitted("您无权为该党组织登记诉求")
    anonymous = bool(data.get("anonymous"))
    now = timezone.now()
    today = timezone.localdate(now)
    policy = rules.policy(data["category"], priority)
    response_due, resolution_due = _due_dates(today, policy.first_response, policy.resolution)
    token = secrets.token_urlsafe(24)
    request = ServiceRequest(
        university_id=org.university_id or org.pk,
        org=org,
        reference=_reference(now),
        tracking_hash=token_hash(token),
        category=data["category"],
        priority=priority,
        title=(data.get("title") or "").strip(),
        body=(data.get("body") or "").strip(),
        anonymous=anonymous,
        requester_name="" if anonymous else (data.get("requester_name") or "").strip(),
        requester_contact="" if anonymous else (data.get("requester_contact") or "").strip(),
        requester_user=user if (user is not None and not anonymous) else None,
        channel=channel,
        reception=reception,
        contact_visit=contact_visit,
        submitted_at=now,
        submitted_on=today,
        response_due=response_due,
        resolution_due=resolution_due,
        submit_key=submit_key or None,
    )
    # No uniqueness queries: the tracking hash is a SHA-256 of 24 random bytes, the reference has
    # 32^6 random tails a day (a collision raises IntegrityError and the caller retries), the
    # submit key is unique by design. The two constraints hold by construction (an anonymous
    # request gets no name or contact above; no rating yet). The database enforces all of them.
    validate(
        request,
        exclude=["university", "org", "reception", "contact_visit", "tracking_hash"],
        constraints=False,
        unique=False,
    )
    request.save()
    if files:
        store_request_files(request, files, existing=0)
    _event(request, EventKind.SUBMITTED, actor=actor, public=True, after=S.NEW)
    _audit(actor, request, "create", snapshot(request, REQUEST_FIELDS))
    return Submitted(request=request, token=token)


RECORDED_CHANNELS = (Channel.RECEPTION, Channel.CONTACT_VISIT)


@transaction.atomic
def request_record(
    *,
    actor: Any,
    org: Organization,
    data: dict[str, Any],
    channel: str,
    reception: Any = None,
    contact_visit: Any = None,
) -> Submitted:
    """A handler records a request raised at a representative's reception (C05 党代表接待) or a
    contact visit (C03.2 联系走访), linked to that record: the record must match the channel, lie in
    the actor's scope and belong to the same university as `org`."""
    if not can_handle_requests(actor, org):
        raise NotPermitted("您无权为该党组织登记诉求")
    require(channel in RECORDED_CHANNELS, "来源渠道须为党代表接待或联系走访", "channel")
    source, field, label = (
        (reception, "reception", "来源接待")
        if channel == Channel.RECEPTION
        else (contact_visit, "contact_visit", "来源走访")
    )
    require(source is not None, f"请选择{label}", field)
    source_org = source.org
    require(
        (source_org.university_id or source_org.pk) == (org.university_id or org.pk)
        and scope_for(actor).covers(source_org.path),
        f"{label}须为本校、您有权查看的记录",
        field,
    )
    return request_submit(
        org=org,
        data=data,
        channel=channel,
        actor=actor,
        reception=source if channel == Channel.RECEPTION else None,
        contact_visit=source if channel == Channel.CONTACT_VISIT else None,
    )


# ---- handling ----------------------------------------------------------------------------------------


def check_can_handle(actor: Any, request: ServiceRequest) -> None:
    """The org's handlers, or those of the org it was escalated to."""
    if can_handle_requests(actor, request.org):
        return
    if request.escalated_to is not None and can_handle_requests(actor, request.escalated_to):
        return
    raise NotPermitted("您无权办理该诉求")


@transaction.atomic
def request_transition(
    *, actor: Any, request: ServiceRequest, action: str, text: str = ""
) -> ServiceRequest:
    """Move a request along new → accepted → in progress (⇄ waiting) → resolved; `reopen` brings
    a resolved or closed one back. Resolving needs a reply to the requester; waiting needs the
    question put to the requester. Both texts are public; the clock pauses while waiting."""
    check_can_handle(actor, request)
    ServiceRequest.objects.select_for_update().filter(pk=request.pk).first()
    request.refresh_from_db()
    if action not in TRANSITIONS:
        raise InvalidState("不支持的操作")
    sources, target = TRANSITIONS[action]
    if request.status not in sources:
        raise InvalidState(
            f"诉求当前为“{request.get_status_display()}”，不能{ACTION_LABELS[action]}"
        )
    text = (text or "").strip()
    if action in ("resolve", "wait"):
        label = "办理结果" if action == "resolve" else "需要诉求人补充的内容"
        require(bool(text), f"请填写{label}", "text")
    require(len(text) <= 2000, "内容不能超过 2000 字", "text")
    _move(request, target, actor=actor, text=text, public=bool(text))
    return request


def _move(
    request: ServiceRequest,
    target: str,
    *,
    actor: Any,
    text: str = "",
    public: bool = True,
    close_reason: str = "",
) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    before = request.status
    changed: dict[str, Any] = {"status": [before, target]}
    if before == S.WAITING and target != S.WAITING and request.paused_on is not None:
        calendar = _calendar(request.paused_on)
        paused = clock.paused_workdays(calendar, request.paused_on, today)
        request.paused_workdays += paused
        request.response_due = clock.shift(calendar, request.response_due, paused)
        request.resolution_due = clock.shift(calendar, request.resolution_due, paused)
        request.paused_on = None
        changed["resolution_due"] = str(request.resolution_due)
    if target == S.WAITING:
        request.paused_on = today
    if target in (S.ACCEPTED, S.WAITING, S.RESOLVED) and request.first_response_at is None:
        request.first_response_at = now
    if target == S.RESOLVED:
        request.resolved_at = now
        request.resolved_within_sla = today <= request.resolution_due
    if target == S.CLOSED:
        request.closed_at = now
        request.close_reason = close_reason
    if target == S.IN_PROGRESS and before in (S.RESOLVED, S.CLOSED):
        request.reopened_count += 1
        request.resolved_at = None
        request.resolved_within_sla = None
        request.closed_at = None
        request.close_reason = ""
        request.rating = None
        request.rating_comment = ""
        request.rated_at = None
    request.status = target
    request.save()
    _event(
        request,
        EventKind.TRANSITION,
        actor=actor,
        text=text,
        public=public,
        before=before,
        after=target,
    )
    _audit(actor, request, "update", changed)


@transaction.atomic
def request_reply(
    *, actor: Any, request: ServiceRequest, text: str, internal: bool = False
) -> RequestEvent:
    """A reply to the requester (shown on the tracking page) or an internal note (never shown)."""
    check_can_handle(actor, request)
    text = (text or "").strip()
    require(bool(text), "请填写内容", "text")
    require(len(text) <= 2000, "内容不能超过 2000 字", "text")
    require(request.status != S.CLOSED or internal, "诉求已关闭，不能再答复", "text")
    if not internal and request.first_response_at is None:
        request.first_response_at = timezone.now()
        request.save(update_fields=["first_response_at", "updated_at"])
    event = _event(
        request,
        EventKind.NOTE if internal else EventKind.REPLY,
        actor=actor,
        text=text,
        public=not internal,
    )
    _audit(actor, request, "update", {"note" if internal else "reply": [None, text[:200]]})
    return event


@transaction.atomic
def request_assign(*, actor: Any, request: ServiceRequest, assignee: Any) -> ServiceRequest:
    """Name the responsible person: someone who may handle the org's requests."""
    check_can_handle(actor, request)
    require(
        assignee is not None and can_handle_requests(assignee, request.org),
        "责任人须为该党组织的书记、委员或上级管理员",
        "assignee",
    )
    before = request.assignee_id
    request.assignee = assignee
    request.save(update_fields=["assignee", "updated_at"])
    _event(request, EventKind.ASSIGNED, actor=actor, text=str(assignee))
    _audit(actor, request, "update", {"assignee": [before, assignee.pk]})
    return request


# ---- the requester, through the tracking link ---------------------------------------------------------


@transaction.atomic
def requester_confirm(*, request: ServiceRequest) -> ServiceRequest:
    """The requester confirms the resolution: the request closes."""
    if request.status != S.RESOLVED:
        raise InvalidState("只有已办结的诉求可以确认关闭")
    _move(request, S.CLOSED, actor=None, close_reason=CloseReason.CONFIRMED, public=True)
    return request


@transaction.atomic
def requester_reopen(*, request: ServiceRequest, text: str) -> ServiceRequest:
    """The requester is not satisfied: a resolved request, or a closed one within the reopen
    window, goes back to the handler with the reason."""
    text = (text or "").strip()
    require(bool(text), "请说明需要继续办理的原因", "text")
    require(len(text) <= 2000, "内容不能超过 2000 字", "text")
    if request.status == S.CLOSED:
        rules = desk_rules()
        closed_on = timezone.localdate(request.closed_at) if request.closed_at else None
        today = timezone.localdate()
        if closed_on is None or (
            _calendar(closed_on).workdays_between(closed_on, today) > rules.reopen_workdays
        ):
            raise InvalidState(f"诉求关闭已超过 {rules.reopen_workdays} 个工作日，不能重新打开")
    elif request.status != S.RESOLVED:
        raise InvalidState("诉求仍在办理中")
    _move(request, S.IN_PROGRESS, actor=None, text=text, public=True)
    return request


@transaction.atomic
def requester_add(*, request: ServiceRequest, text: str, files: Sequence[Any] = ()) -> None:
    """The requester answers a question (or adds material); a waiting request resumes."""
    text = (text or "").strip()
    require(bool(text) or bool(files), "请填写补充内容或上传文件", "text")
    require(len(text) <= 2000, "内容不能超过 2000 字", "text")
    require(request.status != S.CLOSED, "诉求已关闭，如需继续办理请重新打开", "text")
    store_request_files(request, files)
    _event(request, EventKind.REQUESTER, text=text, public=True)
    if request.status == S.WAITING:
        _move(request, S.IN_PROGRESS, actor=None, text="诉求人已补充", public=True)


@transaction.atomic
def requester_rate(*, request: ServiceRequest, rating: int, comment: str = "") -> ServiceRequest:
    """Rate the handling once, on close (C18: 师生满意度 of the handling)."""
    scale = desk_rules().rating
    ServiceRequest.objects.select_for_update().filter(pk=request.pk).first()
    request.refresh_from_db()
    if request.status != S.CLOSED:
        raise InvalidState("诉求关闭后才能评价")
    if request.rating is not None:
        raise InvalidState("该诉求已评价过，不能重复评价")
    require(
        isinstance(rating, int) and scale.min <= rating <= scale.max,
        f"评价须为 {scale.min}–{scale.max} 分",
        "rating",
    )
    comment = (comment or "").strip()
    require(len(comment) <= 500, "评价意见不能超过 500 字", "comment")
    request.rating = rating
    request.rating_comment = comment
    request.rated_at = timezone.now()
    request.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _event(request, EventKind.RATED, text=f"{rating} 分", public=True)
    _audit(None, request, "update", {"rating": [None, rating]})
    return request
