"""Reads of the ledger, scoped to the actor's subtrees (CONVENTIONS B5), and the roster of an
activity (who is expected to attend).

List selectors filter with `scope_for(actor).q("org__path")`, one indexed OR of path ranges; detail
selectors go through `get_visible_or_404`, so a record outside the actor's scope answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from liuhao.core.exceptions import NotFound
from liuhao.ledger.choices import ActivityKind
from liuhao.ledger.models import (
    Activity,
    Attachment,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.choices import LEADERSHIP_KINDS, MembershipStage, OrgKind
from liuhao.orgs.models import Membership, Organization, Position, subtree_q
from liuhao.orgs.selectors.scope import get_visible_or_404, scope_for

MEMBER_STAGES = (MembershipStage.PROBATIONARY, MembershipStage.FULL)


def _pk(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return -1


def _scoped(qs: QuerySet[Any], actor: Any) -> QuerySet[Any]:
    return qs.filter(scope_for(actor).q("org__path"))


def _in_org(qs: QuerySet[Any], org: Organization | None, subtree: bool) -> QuerySet[Any]:
    if org is None:
        return qs
    return qs.filter(subtree_q(org.path, "org__path")) if subtree else qs.filter(org=org)


def activity_list(
    actor: Any,
    org: Organization | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: list[str] | None = None,
    subtree: bool = False,
) -> QuerySet[Activity]:
    """Activities of `org` (or its subtree) held within [start, end], newest first, in scope."""
    qs = _in_org(_scoped(Activity.objects.all(), actor), org, subtree)
    if start is not None:
        qs = qs.filter(held_on__gte=start)
    if end is not None:
        qs = qs.filter(held_on__lte=end)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.select_related("org").order_by("-held_on", "-id")


def activity_get(actor: Any, pk: int | str) -> Activity:
    """One activity in the actor's scope, else NotFound (404)."""
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(Activity.objects.select_related("org", "university"), actor), pk=_pk(pk)
    )


def attendance_list(actor: Any, activity: Activity) -> QuerySet[Attendance]:
    """Attendance rows of a visible activity, by person number."""
    activity = activity_get(actor, activity.pk)
    return (
        Attendance.objects.filter(activity=activity)
        .select_related("person")
        .order_by("person__number")
    )


def decision_list(actor: Any, activity: Activity) -> QuerySet[Decision]:
    activity = activity_get(actor, activity.pk)
    return Decision.objects.filter(activity=activity).order_by("id")


def decision_get(actor: Any, pk: int | str) -> Decision:
    """One decision whose meeting is in the actor's scope, else NotFound (404)."""
    return get_visible_or_404(  # type: ignore[no-any-return]
        Decision.objects.filter(scope_for(actor).q("activity__org__path")).select_related(
            "activity", "activity__org"
        ),
        pk=_pk(pk),
    )


def plan_list(
    actor: Any,
    org: Organization | None = None,
    *,
    on: dt.date | None = None,
    subtree: bool = False,
) -> QuerySet[PlanDocument]:
    """Plan documents of `org` (or its subtree); with `on`, only those valid on that day."""
    qs = _in_org(_scoped(PlanDocument.objects.all(), actor), org, subtree)
    if on is not None:
        qs = qs.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    return qs.select_related("org").order_by("org__path", "kind", "-valid_from")


def plan_get(actor: Any, pk: int | str) -> PlanDocument:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(PlanDocument.objects.select_related("org"), actor), pk=_pk(pk)
    )


def contact_pair_list(
    actor: Any, org: Organization | None = None, *, on: dt.date | None = None
) -> QuerySet[ContactPair]:
    """Contact pairs of `org`'s leadership; with `on`, only the pairs open on that day."""
    qs = _in_org(_scoped(ContactPair.objects.all(), actor), org, False)
    if on is not None:
        qs = qs.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    return qs.select_related("leader", "target").order_by("leader__number", "started_on", "id")


def contact_pair_get(actor: Any, pk: int | str) -> ContactPair:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(ContactPair.objects.select_related("org", "leader", "target"), actor), pk=_pk(pk)
    )


def contact_visit_list(
    actor: Any,
    org: Organization | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[ContactVisit]:
    qs = _in_org(_scoped(ContactVisit.objects.all(), actor), org, False)
    if start is not None:
        qs = qs.filter(visited_on__gte=start)
    if end is not None:
        qs = qs.filter(visited_on__lte=end)
    return qs.select_related("leader", "target").order_by("-visited_on", "-id")


def contact_visit_get(actor: Any, pk: int | str) -> ContactVisit:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(ContactVisit.objects.select_related("org", "leader", "target"), actor),
        pk=_pk(pk),
    )


def attachment_get(actor: Any, pk: int | str) -> Attachment:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(Attachment.objects.select_related("org"), actor), pk=_pk(pk)
    )


def record_kind(record: models.Model) -> str:
    """The "app_label.model" key naming a record's type in attachment URLs and the API."""
    return f"{record._meta.app_label}.{record._meta.model_name}"


def attachable_model(kind: str) -> type[LedgerRecord]:
    """The ledger record model named by `kind` ("frontline.reception"); 404 for anything that is
    not a concrete ledger record (attachments themselves included)."""
    app_label, _, model_name = str(kind).partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as exc:
        raise NotFound("未找到该类记录") from exc
    if not issubclass(model, LedgerRecord) or model is Attachment:
        raise NotFound("该类记录不能添加附件")
    return model


def attachable_get(actor: Any, kind: str, pk: int | str) -> LedgerRecord:
    """A ledger record of any app, inside the actor's scope (outside → 404)."""
    model = attachable_model(kind)
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(model._default_manager.select_related("org"), actor), pk=_pk(pk)
    )


def attachments_of(record: LedgerRecord) -> QuerySet[Attachment]:
    """The attachments of one record (one query), oldest first."""
    if isinstance(record, Activity):
        qs = Attachment.objects.filter(activity=record)
    elif isinstance(record, PlanDocument):
        qs = Attachment.objects.filter(plan=record)
    elif isinstance(record, Task):
        qs = Attachment.objects.filter(task=record)
    else:
        kind = ContentType.objects.get_for_model(record)
        qs = Attachment.objects.filter(record_type=kind, record_id=record.pk)
    return qs.order_by("id")


# ---- rosters (no actor: the services call these after their own permission check) --------------


def leadership_person_ids(org: Organization, on: dt.date) -> set[int]:
    """Persons in the org's leadership team (书记、副书记、委员) on `on` (one query)."""
    return set(
        Position.objects.filter(org=org, kind__in=LEADERSHIP_KINDS, started_on__lte=on)
        .active_on(on)
        .values_list("person_id", flat=True)
    )


def member_person_ids(org: Organization, on: dt.date) -> set[int]:
    """Full and probationary members of the org on `on`: open memberships in its subtree (a Party
    group reads its branch, since memberships are held in branches)."""
    base = org
    if org.kind == OrgKind.GROUP and org.parent_id:
        base = Organization.objects.get(pk=org.parent_id)
    return set(
        Membership.objects.filter(subtree_q(base.path, "org__path"), stage__in=MEMBER_STAGES)
        .active_on(on)
        .values_list("person_id", flat=True)
    )


def activity_roster(activity: Activity) -> set[int]:
    """Who is expected at the activity (DESIGN §8: attendance defaults from the roster).

    A committee meeting expects the leadership team on the day; any other activity expects the
    org's members and its leadership.
    """
    leaders = leadership_person_ids(activity.org, activity.held_on)
    if activity.kind == ActivityKind.COMMITTEE_MEETING:
        return leaders
    return member_person_ids(activity.org, activity.held_on) | leaders


def attendance_eligible_ids(activity: Activity) -> set[int]:
    """Who may be marked at all: the org's members and leadership on the day (for any kind)."""
    return member_person_ids(activity.org, activity.held_on) | leadership_person_ids(
        activity.org, activity.held_on
    )


# ---- service records, tasks, disclosures (C06.3, C07.1, C07.2) ---------------------------------


def service_record_list(
    actor: Any,
    org: Organization | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[ServiceRecord]:
    """Service records of `org` (or everywhere in scope) within [start, end], newest first."""
    qs = _in_org(_scoped(ServiceRecord.objects.all(), actor), org, False)
    if start is not None:
        qs = qs.filter(served_on__gte=start)
    if end is not None:
        qs = qs.filter(served_on__lte=end)
    return qs.select_related("org", "person").order_by("-served_on", "-id")


def service_record_get(actor: Any, pk: int | str) -> ServiceRecord:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(ServiceRecord.objects.select_related("org", "person"), actor), pk=_pk(pk)
    )


def task_list(
    actor: Any,
    org: Organization | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    subtree: bool = False,
) -> QuerySet[Task]:
    """Tasks of `org` (or its subtree) due within [start, end], by due date."""
    qs = _in_org(_scoped(Task.objects.all(), actor), org, subtree)
    if start is not None:
        qs = qs.filter(due_on__gte=start)
    if end is not None:
        qs = qs.filter(due_on__lte=end)
    return qs.select_related("org", "owner").order_by("due_on", "id")


def overdue_task_list(actor: Any, org: Organization, on: dt.date) -> QuerySet[Task]:
    """Tasks in `org`'s subtree past their due date on `on`: still open, or completed late
    (Criterion C07.1, the overdue list), oldest due first."""
    qs = task_list(actor, org, subtree=True).filter(due_on__lt=on)
    return qs.filter(
        Q(completed_on__isnull=True) | Q(completed_on__gt=models.F("due_on"))
    ).order_by("due_on", "id")


def task_get(actor: Any, pk: int | str) -> Task:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(Task.objects.select_related("org", "owner"), actor), pk=_pk(pk)
    )


def disclosure_list(
    actor: Any,
    org: Organization | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Disclosure]:
    qs = _in_org(_scoped(Disclosure.objects.all(), actor), org, False)
    if start is not None:
        qs = qs.filter(published_on__gte=start)
    if end is not None:
        qs = qs.filter(published_on__lte=end)
    return qs.select_related("org").order_by("-published_on", "-id")


def disclosure_get(actor: Any, pk: int | str) -> Disclosure:
    return get_visible_or_404(  # type: ignore[no-any-return]
        _scoped(Disclosure.objects.select_related("org"), actor), pk=_pk(pk)
    )
