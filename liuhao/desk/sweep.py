"""The desk's daily sweep, set-based: it runs across the whole province at once (issue 5 item 4).

Criteria C07.3 (按时限办结) and C18.2 (紧急诉求不超期): once a day, remind the handlers of running
requests near their resolution due date, escalate the overdue ones to the parent org, and close the
resolved ones the requester left unconfirmed for `auto_close_workdays` (desk-rules.yaml). It also
deletes the public form's rate-limit counts of past windows (issue 5 item 8), in case no submission
came since to delete them.

Each step is a constant number of statements whatever the number of requests: one read of the
candidates, `bulk_update` of the requests, `bulk_create` of their events and audit rows (through
`liuhao.core.audit.audit_fields`), in batches. Re-running the same day changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import AuditScope, audit_fields
from liuhao.core.models import AuditEvent
from liuhao.desk.choices import CloseReason, EventKind, RequestStatus
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.ratelimit import counts_purge
from liuhao.desk.rules import desk_rules
from liuhao.orgs.workdays import WorkdayCalendar

S = RequestStatus
RUNNING = (S.NEW, S.ACCEPTED, S.IN_PROGRESS)
BATCH = 500
AUTO_CLOSE_TEXT = "诉求人 {workdays} 个工作日内未确认，自动关闭"


@dataclass
class SweepResult:
    reminded: int = 0
    escalated: int = 0
    closed: int = 0
    counts_purged: int = 0


def _audit_row(request: ServiceRequest, changes: dict[str, Any]) -> AuditEvent:
    org = request.org
    scope = AuditScope(org_id=org.pk, org_path=org.path, university_id=org.university_id or org.pk)
    return AuditEvent(
        **audit_fields(actor=None, verb="update", target=request, scope=scope, changes=changes)
    )


def _last_day_closing(calendar: WorkdayCalendar, today: dt.date, workdays: int) -> dt.date:
    """The latest day D with at least `workdays` working days in (D, today]."""
    day = today
    while calendar.workdays_between(day, today) < workdays:
        day -= dt.timedelta(days=1)
    return day


def _remind(today: dt.date, near_before: dt.date, now: dt.datetime) -> int:
    rows = list(
        ServiceRequest.objects.filter(
            status__in=RUNNING, resolution_due__gte=today, resolution_due__lt=near_before
        )
        .exclude(reminded_on=today)
        .only("pk", "resolution_due")
        .order_by("pk")
    )
    for row in rows:
        row.reminded_on = today
        row.updated_at = now
    ServiceRequest.objects.bulk_update(rows, ["reminded_on", "updated_at"], batch_size=BATCH)
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request=row,
                at=now,
                kind=EventKind.REMINDER,
                text=f"办结时限 {row.resolution_due}，即将到期",
            )
            for row in rows
        ],
        batch_size=BATCH,
    )
    return len(rows)


def _escalate(today: dt.date, now: dt.datetime) -> int:
    rows = list(
        ServiceRequest.objects.select_for_update(of=("self",))
        .filter(status__in=RUNNING, resolution_due__lt=today, escalated_at__isnull=True)
        .select_related("org", "org__parent")
        .order_by("pk")
    )
    events, audits = [], []
    for row in rows:
        parent = row.org.parent
        row.escalated_at = now
        row.escalated_to = parent
        row.updated_at = now
        where = parent.name if parent is not None else "（无上级组织）"
        events.append(
            RequestEvent(
                request=row,
                at=now,
                kind=EventKind.ESCALATED,
                text=f"超过办结时限（{row.resolution_due}），已上报{where}",
            )
        )
        audits.append(_audit_row(row, {"escalated_to": [None, parent.pk if parent else None]}))
    ServiceRequest.objects.bulk_update(
        rows, ["escalated_at", "escalated_to", "updated_at"], batch_size=BATCH
    )
    RequestEvent.objects.bulk_create(events, batch_size=BATCH)
    AuditEvent.objects.bulk_create(audits, batch_size=BATCH)
    return len(rows)


def _auto_close(today: dt.date, calendar: WorkdayCalendar, workdays: int, now: dt.datetime) -> int:
    last_day = _last_day_closing(calendar, today, workdays)
    first_instant_after = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    rows = list(
        ServiceRequest.objects.select_for_update(of=("self",))
        .filter(status=S.RESOLVED, resolved_at__lt=first_instant_after)
        .select_related("org")
        .order_by("pk")
    )
    events, audits = [], []
    for row in rows:
        row.status = S.CLOSED
        row.closed_at = now
        row.close_reason = CloseReason.AUTO
        row.updated_at = now
        events.append(
            RequestEvent(
                request=row,
                at=now,
                kind=EventKind.TRANSITION,
                public=True,
                from_status=S.RESOLVED,
                to_status=S.CLOSED,
                text=AUTO_CLOSE_TEXT.format(workdays=workdays),
            )
        )
        audits.append(_audit_row(row, {"status": [S.RESOLVED.value, S.CLOSED.value]}))
    ServiceRequest.objects.bulk_update(
        rows, ["status", "closed_at", "close_reason", "updated_at"], batch_size=BATCH
    )
    RequestEvent.objects.bulk_create(events, batch_size=BATCH)
    AuditEvent.objects.bulk_create(audits, batch_size=BATCH)
    return len(rows)


@transaction.atomic
def desk_sweep(*, today: dt.date | None = None) -> SweepResult:
    """Once a day: remind handlers of running requests with at most `near_breach_workdays` working
    days left (once a day), escalate overdue ones to the parent org (once), and close resolved
    ones unconfirmed for `auto_close_workdays` working days (close reason “auto”)."""
    rules = desk_rules()
    now = timezone.now()
    today = today or timezone.localdate(now)
    calendar = WorkdayCalendar.load(today - dt.timedelta(days=120), today + dt.timedelta(days=120))
    near_before = calendar.add_workdays(today, rules.near_breach_workdays + 1)
    return SweepResult(
        reminded=_remind(today, near_before, now),
        escalated=_escalate(today, now),
        closed=_auto_close(today, calendar, rules.auto_close_workdays, now),
        counts_purged=counts_purge(),
    )
