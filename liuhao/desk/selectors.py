"""The request desk's reads (CONVENTIONS B3: selectors read, never write).

Criteria C07.3 (诉求收集、办理、反馈机制), C12 (网上服务), C18 (及时解决突出问题).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from liuhao.desk.choices import EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, RequestFile, ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.desk.services import token_hash
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Membership, Organization, Person
from liuhao.orgs.workdays import WorkdayCalendar

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
    """A live org by id, or None for anything else (a missing, dissolved or malformed id)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Organization.objects.active().filter(pk=pk).first()


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
