"""Ledger metrics over activities: counts by kind, monthly coverage, prompt recording and
attendance (criteria C01.1, C02.2, C04.2, C04.3, C06.4, C13.3, C14.1, C14.3, C15.1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count

from liuhao.ledger.choices import ActivityKind, AttendanceStatus
from liuhao.ledger.metrics.common import (
    Clock,
    activities_by_org,
    int_param,
    kinds_param,
    late_days,
    orgs_q,
    span_of,
    text,
    value_of,
)
from liuhao.ledger.models import Attendance
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

# ---- activity counts -----------------------------------------------------------------------------


@metric("ledger.activity_count", label="开展的活动", unit="次")
def activity_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """Activities of the `kinds` held by the org itself within the window (up to as_of).

    C01.1 每学期组织理论学习研讨会 (theory_seminar); C02.2 每学期至少1次专题研究部署
    (special_deployment); C04.2 每学期至少组织1次以提高服务能力为主题的培训研讨 (training);
    C13.3 推行支部共建、结对帮扶、朋辈教育 (co_construction, pairing_assistance, peer_education);
    C14.3 开展多样化社会实践和志愿服务 (volunteer_service, social_practice); C15.1 依托学术文化、
    社团文化、环境文化等载体 (culture).
    """
    kinds = kinds_param(ctx, ActivityKind.values)
    clock = Clock(late_days(ctx))
    out = dict.fromkeys(ctx.org_ids, value_of(0.0, (), (), total=0))  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        for org_id, rows in activities_by_org(ids, span, kinds).items():
            late = [pk for pk, held, entered in rows if not clock.within(held, entered)]
            out[org_id] = value_of(float(len(rows)), (r[0] for r in rows), late, total=len(rows))
    return out


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first_next - dt.timedelta(days=1)


@metric("ledger.activity_month_share", label="每月开展活动的月份比例", unit="%")
def activity_month_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share (0–1) of the window's months elapsed by as_of with at least one activity of `kinds`.

    C14.1 创新党日活动: a themed party day (themed_party_day) every month of the term. A calendar
    month counts when it overlaps the window; the month still running on as_of (not yet over, and
    not the window's last day) counts only once it has an activity, so the share does not drop on
    the first day of each month. None when no month counts yet.
    """
    kinds = kinds_param(ctx, ActivityKind.values)
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        months = _months(*span)
        running = months[-1] if min(_month_end(*months[-1]), window.end) > span[1] else None
        rows = activities_by_org(ids, span, kinds)
        for org_id in ids:
            held = rows.get(org_id, [])
            active = {(int(d[:4]), int(d[5:7])) for _, d, _ in held}
            counted = [m for m in months if m != running or m in active]
            ok = sum(1 for m in counted if m in active)
            late = [pk for pk, d, entered in held if not clock.within(d, entered)]
            out[org_id] = value_of(
                ok / len(counted) if counted else None,
                (r[0] for r in held),
                late,
                total=len(counted),
                ok=ok,
            )
    return out


# ---- recording and attendance --------------------------------------------------------------------


@metric("ledger.timely_recording_share", label="及时登记的活动比例", unit="%")
def timely_recording_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share of the window's activities (of `kinds`, if given) entered within `days` (default 7)
    calendar days of the day they were held.

    C04.3 运用现代信息技术推进党务工作的水平高 (our default: ≥90% recorded within 7 days).
    One query per window. None when the org recorded no activity in the window.
    """
    kinds = kinds_param(ctx, ActivityKind.values, required=False)
    timely = Clock(int_param(ctx, "days", 7))
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        for org_id, rows in activities_by_org(ids, span, kinds).items():
            ok = sum(1 for _, held, entered in rows if timely.within(held, entered))
            late = [pk for pk, held, entered in rows if not clock.within(held, entered)]
            out[org_id] = value_of(
                ok / len(rows), (r[0] for r in rows), late, total=len(rows), ok=ok
            )
    return out


@metric("ledger.attendance_rate", label="组织生活出勤率", unit="%")
def attendance_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """Present / (present + excused + absent) over the attendance rows of the window's activities
    of `kinds` held by the org.

    C06.4 严格师生党员教育管理 (our default: organizational-life attendance ≥80%). One grouped
    query per window. None when no attendance was recorded.
    """
    kinds = kinds_param(ctx, ActivityKind.values)
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows = (
            Attendance.objects.filter(
                orgs_q(ids, "activity__org_id"),
                activity__held_on__range=span,
                activity__kind__in=kinds,
            )
            .annotate(held=text("activity__held_on"), entered=text("activity__entered_at"))
            .values_list("activity_id", "activity__org_id", "held", "entered", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
        present: dict[int, int] = defaultdict(int)
        total: dict[int, int] = defaultdict(int)
        activities: dict[int, dict[int, bool]] = defaultdict(dict)
        for activity_id, org_id, held, entered, status, n in rows:
            if org_id not in ids:
                continue
            total[org_id] += n
            if status == AttendanceStatus.PRESENT:
                present[org_id] += n
            activities[org_id][activity_id] = not clock.within(held, entered)
        for org_id, n in total.items():
            acts = activities[org_id]
            out[org_id] = value_of(
                present[org_id] / n,
                acts,
                (pk for pk, late in acts.items() if late),
                total=n,
                ok=present[org_id],
            )
    return out
