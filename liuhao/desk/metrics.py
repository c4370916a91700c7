"""Metrics of the request desk: criteria C05.5, C07.3, C10.2, C12.2, C18.2 and C18.3.

Each metric reads the requests of every university in scope with one query per period window and
rolls them up the tree by materialized path (a college counts the requests routed to it and to its
branches), never one query per org (CONVENTIONS B4). A request counts in the window of the day it
was submitted, up to `as_of`. Its outcome is known once it is resolved or closed, or once its
resolution due date has passed while it is still open (overdue): requests still open within their
time limit are not judged yet. An org without any judged request gets no value (`awaiting_data`,
never met: honest numbers).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from liuhao.desk.choices import ONLINE_CHANNELS, Channel, Priority, RequestStatus
from liuhao.desk.models import ServiceRequest
from liuhao.frontline.metrics import Rollup, member_affair_durations, workday_index
from liuhao.ledger.metrics.common import span_of, value_of
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

RECORDS = "desk.servicerequest"
DONE = (RequestStatus.RESOLVED, RequestStatus.CLOSED)


@dataclass(frozen=True, slots=True)
class Row:
    pk: int
    path: str
    status: str
    priority: str
    channel: str
    due: dt.date
    within: bool | None

    def judged(self, as_of: dt.date) -> bool:
        return self.status in DONE or self.due < as_of

    def overdue(self, as_of: dt.date) -> bool:
        """Resolved late, or still open past its due date."""
        if self.status in DONE:
            return self.within is False
        return self.due < as_of


def _rows(roll: Rollup, span: tuple[dt.date, dt.date]) -> list[Row]:
    return [
        Row(*values)
        for values in ServiceRequest.objects.filter(
            university_id__in=roll.universities, submitted_on__range=span
        )
        .order_by()
        .values_list(
            "pk",
            "org__path",
            "status",
            "priority",
            "channel",
            "resolution_due",
            "resolved_within_sla",
        )
    ]


def _by_org(ctx: MetricContext) -> Iterable[tuple[frozenset[int], Rollup, dict[str, list[Row]]]]:
    """Per window: the orgs, the roll-up and the window's requests grouped under every ancestor."""
    roll = Rollup(ctx.org_ids)
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        grouped: dict[str, list[Row]] = defaultdict(list)
        if span is not None:
            by_pk = {row.pk: row for row in _rows(roll, span)}
            for ancestor, pks in roll.group((r.pk, r.path) for r in by_pk.values()).items():
                grouped[ancestor] = [by_pk[pk] for pk in pks]
        yield ids, roll, grouped


def _share(ctx: MetricContext, ok: str, channel: str = "") -> dict[int, MetricValue]:
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(None, (), (), RECORDS))
    for ids, roll, grouped in _by_org(ctx):
        for org_id in ids:
            judged = [
                r
                for r in grouped.get(roll.paths.get(org_id, ""), [])
                if r.judged(ctx.as_of) and (not channel or r.channel == channel)
            ]
            if ok == "closed":
                # Resolved requests still awaiting the requester's confirmation are not judged yet.
                judged = [r for r in judged if r.status != RequestStatus.RESOLVED]
            if not judged:
                continue
            good = [
                r.pk
                for r in judged
                if r.within and (ok != "closed" or r.status == RequestStatus.CLOSED)
            ]
            out[org_id] = value_of(
                len(good) / len(judged),
                [r.pk for r in judged],
                (),
                RECORDS,
                total=len(judged),
                ok=len(good),
            )
    return out


@metric("desk.resolved_within_sla_rate", label="时限内办结的诉求比例", unit="%")
def resolved_within_sla_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C07.3 诉求按时限办结: of the judged requests submitted in the window (resolved, or open past
    their due date), the share resolved on or before their resolution due date (working days, the
    clock paused while waiting for the requester)."""
    return _share(ctx, "resolved")


@metric("desk.closed_within_sla_rate", label="时限内关闭的诉求比例", unit="%")
def closed_within_sla_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C18.2 及时解决师生反映的突出问题: of the requests submitted in the window that are closed or
    overdue, the share closed (confirmed by the requester or closed automatically) after a
    resolution within the time limit."""
    return _share(ctx, "closed")


@metric("desk.reception_resolved_rate", label="党代表接待中反映并按时办结的诉求比例", unit="%")
def reception_resolved_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C05.5 党代表经常性收集师生诉求: of the judged requests recorded from representatives'
    receptions in the org's subtree, the share resolved within the time limit. No value when no
    reception issue was recorded (awaiting data, never met)."""
    return _share(ctx, "resolved", Channel.RECEPTION)


@metric("desk.urgent_overdue_count", label="超期的紧急诉求", unit="件")
def urgent_overdue_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C18.3 紧急诉求不超期: urgent requests submitted in the window that were resolved late or are
    still open past their due date. No value for an org that received no request in the window."""
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(None, (), (), RECORDS))
    for ids, roll, grouped in _by_org(ctx):
        for org_id in ids:
            rows = grouped.get(roll.paths.get(org_id, ""), [])
            if not rows:
                continue
            late = [r.pk for r in rows if r.priority == Priority.URGENT and r.overdue(ctx.as_of)]
            out[org_id] = value_of(float(len(late)), late, (), RECORDS)
    return out


@metric("desk.online_request_count", label="网上征询或受理的诉求", unit="件")
def online_request_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C12.2 网上征询或受理: requests taken online (the public form, with or without log-in) in the
    window for the org and its subtree."""
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(0.0, (), (), RECORDS))
    for ids, roll, grouped in _by_org(ctx):
        for org_id in ids:
            online = [
                r.pk
                for r in grouped.get(roll.paths.get(org_id, ""), [])
                if r.channel in ONLINE_CHANNELS
            ]
            if online:
                out[org_id] = value_of(float(len(online)), online, (), RECORDS)
    return out


def _member_request_days(
    ctx: MetricContext, window_ids: frozenset[int], span: tuple[dt.date, dt.date]
) -> dict[int, list[tuple[int, int]]]:
    """Per org (its own requests, as the ledger's half counts its own services): (request id,
    working days) of the member-affairs requests resolved within the span, from the day submitted
    to the day resolved less the working days spent waiting for the requester. One query."""
    categories = str(ctx.params.get("request_categories") or "").split(",")
    start = timezone.make_aware(dt.datetime.combine(span[0], dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(span[1], dt.time.max))
    rows = list(
        ServiceRequest.objects.filter(
            org_id__in=window_ids,
            category__in=[c.strip() for c in categories if c.strip()],
            resolved_at__range=(start, end),
        )
        .order_by()
        .values_list("pk", "org_id", "submitted_on", "resolved_at", "paused_workdays")
    )
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if not rows:
        return out
    index = workday_index(min(r[2] for r in rows), span[1])
    for pk, org_id, submitted_on, resolved_at, paused in rows:
        done = timezone.localdate(resolved_at)
        taken = index[done.isoformat()] - index[submitted_on.isoformat()] - paused
        out[org_id].append((pk, max(taken, 0)))
    return out


@metric("desk.member_affairs_median_days", label="党员事务办理用时中位数", unit="个工作日")
def member_affairs_median_days(ctx: MetricContext) -> dict[int, MetricValue]:
    """C10.2 党员事务办理高效: the median working days taken by the org's member affairs completed
    in the window up to as_of — the member-affairs services recorded in the frontline ledger
    (received → completed) and the member-affairs requests of the desk (submitted → resolved, less
    the days waiting for the requester; categories from the checkpoint's `request_categories`), on
    the official calendar. A matter completed the day it came in took 0 working days. None (awaiting
    data) when nothing was completed in the window. Evidence links the kind of record that makes
    up most of the matters; `detail` counts both."""
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), (), "frontline.memberaffair")
    )
    for window in member_affair_durations(ctx):
        requests = _member_request_days(ctx, window.window_ids, window.span)
        for org_id in window.window_ids & (set(window.items) | set(requests)):
            services = window.items.get(org_id, [])
            asked = requests.get(org_id, [])
            taken = [days for _, days, _ in services] + [days for _, days in asked]
            use_requests = len(asked) > len(services)
            out[org_id] = MetricValue(
                value=float(statistics.median(taken)),
                evidence=tuple(pk for pk, _ in asked)
                if use_requests
                else tuple(pk for pk, _, _ in services),
                records=RECORDS if use_requests else "frontline.memberaffair",
                late=() if use_requests else tuple(pk for pk, _, late in services if late),
                detail=(("completed", float(len(services))), ("requests", float(len(asked)))),
            )
    return out
