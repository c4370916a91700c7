"""Metrics of the service front (服务阵地): criteria C05.2–C05.4, C10.1, C10.2, C11.1, C11.2, C12.1.

Every metric returns the value for **every** org in `ctx.org_ids` from one grouped query per period
window (CONVENTIONS B4), never one per org. The C05 metrics count the org's subtree (a studio or a
representative of a college counts for it, as `orgs.representative_count` does): rows of the
universities in scope are rolled up to their ancestors by materialized path. The other metrics
count the org's own records. Standing metrics read the state on `ctx.as_of`; per-period metrics
count records dated within [window.start, min(window.end, as_of)]. `late` lists records entered more
than `late_entry_days` after their event (补录).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Q

from liuhao.frontline.choices import VenueKind
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardMember,
    Venue,
)
from liuhao.ledger.metrics.common import Clock, late_days, orgs_q, span_of, text, value_of
from liuhao.orgs.choices import PositionKind
from liuhao.orgs.models import Organization, Position
from liuhao.orgs.models.tree import PATH_SEGMENT
from liuhao.orgs.workdays import WorkdayCalendar
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric


def _open_on(on: dt.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


def _paths(ids: Collection[int]) -> dict[int, str]:
    """id → path of the orgs in scope (a province-wide run reads the whole table: one scan instead
    of an IN list of tens of thousands of parameters)."""
    rows = Organization.objects.filter(orgs_q(ids, "pk")).values_list("pk", "path")
    return {pk: path for pk, path in rows if pk in ids}


def _filled(ids: Iterable[int], value: MetricValue) -> dict[int, MetricValue]:
    """Every org mapped to the same (immutable) value: the orgs without any record."""
    return dict.fromkeys(ids, value)


def _ancestors(path: str) -> Iterable[str]:
    for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
        yield path[:end]


class Rollup:
    """Rows of the universities of the orgs in scope, grouped under every ancestor of their org."""

    def __init__(self, ids: Collection[int]) -> None:
        self.paths = _paths(ids)
        self.universities = sorted({int(p[:PATH_SEGMENT]) for p in self.paths.values()})

    def group(self, rows: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for pk, path in rows:
            for ancestor in _ancestors(path):
                out[ancestor].append(pk)
        return out


# ---- C05: party representatives ------------------------------------------------------------------


@metric("ledger.representative_studio_count", label="党代表工作室", unit="个")
def representative_studio_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C05.2 加强党代表工作室建设: representatives' studios (venues of kind studio) open on as_of in
    the org's subtree."""
    roll = Rollup(ctx.org_ids)
    rows = Venue.objects.filter(
        _open_on(ctx.as_of, "opened_on", "closed_on"),
        university_id__in=roll.universities,
        kind=VenueKind.STUDIO,
    ).values_list("pk", "org__path")
    grouped = roll.group(rows)
    out = _filled(ctx.org_ids, value_of(0.0, (), (), records="frontline.venue"))
    for org_id, path in roll.paths.items():
        if proof := grouped.get(path):
            out[org_id] = value_of(float(len(proof)), proof, (), records="frontline.venue")
    return out


@metric("ledger.reception_duty_count", label="党代表驻室接待", unit="次")
def reception_duty_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C05.3 坚持党代表驻室接待制度: reception duties held in the org's subtree within the term up
    to as_of (planned duties dated later do not count)."""
    clock = Clock(late_days(ctx))
    roll = Rollup(ctx.org_ids)
    out = _filled(ctx.org_ids, value_of(0.0, (), (), records="frontline.reception"))
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows = list(
            Reception.objects.filter(university_id__in=roll.universities, held_on__range=span)
            .order_by()
            .annotate(held=text("held_on"), entered=text("entered_at"))
            .values_list("pk", "org__path", "held", "entered")
        )
        late = {pk for pk, _, held, entered in rows if not clock.within(held, entered)}
        grouped = roll.group((pk, path) for pk, path, _, _ in rows)
        for org_id in ids:
            if proof := grouped.get(roll.paths.get(org_id, "")):
                out[org_id] = value_of(
                    float(len(proof)),
                    proof,
                    late.intersection(proof),
                    records="frontline.reception",
                )
    return out


@metric("ledger.proposals_per_representative", label="人均提案、提议或调研报告", unit="件")
def proposals_per_representative(ctx: MetricContext) -> dict[int, MetricValue]:
    """C05.4 党代表开展提案、提议和调研: proposals, suggestions and research reports submitted in
    the org's subtree within the year up to as_of, per representative in office on as_of in the
    subtree. None when the subtree has no representative (C05 is then not applicable)."""
    clock = Clock(late_days(ctx))
    roll = Rollup(ctx.org_ids)
    reps = roll.group(
        Position.objects.filter(
            _open_on(ctx.as_of, "started_on", "ended_on"),
            kind=PositionKind.REPRESENTATIVE,
            university_id__in=roll.universities,
        ).values_list("pk", "org__path")
    )
    out = _filled(ctx.org_ids, value_of(None, (), (), records="frontline.proposal"))
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        rows: list[tuple[int, str, str, str]] = []
        if span is not None:
            rows = list(
                Proposal.objects.filter(
                    university_id__in=roll.universities, submitted_on__range=span
                )
                .order_by()
                .annotate(day=text("submitted_on"), entered=text("entered_at"))
                .values_list("pk", "org__path", "day", "entered")
            )
        late = {pk for pk, _, day, entered in rows if not clock.within(day, entered)}
        grouped = roll.group((pk, path) for pk, path, _, _ in rows)
        for org_id in ids:
            path = roll.paths.get(org_id, "")
            n = len(reps.get(path, ()))
            proof = grouped.get(path, [])
            if not n and not proof:
                continue
            out[org_id] = value_of(
                len(proof) / n if n else None,
                proof,
                late.intersection(proof),
                records="frontline.proposal",
                proposals=len(proof),
                representatives=n,
            )
    return out


# ---- C10: venues and member affairs --------------------------------------------------------------


@metric("ledger.venue_count", label="固定活动场所", unit="个")
def venue_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C10.1 建有相对固定、设施齐全的活动场所: the org's own venues (any kind) open on as_of that
    are fixed and list their equipment."""
    ids = ctx.org_ids
    grouped: dict[int, list[int]] = defaultdict(list)
    rows = (
        Venue.objects.filter(
            orgs_q(ids), _open_on(ctx.as_of, "opened_on", "closed_on"), is_fixed=True
        )
        .exclude(equipment="")
        .order_by()
        .values_list("pk", "org_id")
    )
    for pk, org_id in rows:
        if org_id in ids:
            grouped[org_id].append(pk)
    out = _filled(ids, value_of(0.0, (), (), records="frontline.venue"))
    for org_id, proof in grouped.items():
        out[org_id] = value_of(float(len(proof)), proof, (), records="frontline.venue")
    return out


def workday_index(start: dt.date, end: dt.date) -> dict[str, int]:
    """ISO date → working days in (start, date] for every date of [start, end] (one override
    query). Keyed by the date's text, as `text()` reads the columns."""
    calendar = WorkdayCalendar.load(start=start, end=end)
    index: dict[str, int] = {}
    count = 0
    day = start
    while day <= end:
        if day > start and calendar.is_workday(day):
            count += 1
        index[day.isoformat()] = count
        day += dt.timedelta(days=1)
    return index


@dataclass
class Durations:
    """Working days taken per org in one window: (record id, days, entered late) of each item."""

    window_ids: frozenset[int]
    span: tuple[dt.date, dt.date]
    items: dict[int, list[tuple[int, int, bool]]]


def member_affair_durations(ctx: MetricContext) -> list[Durations]:
    """C10.2 党员事务办理高效, the ledger's half: per window, the working days from receipt to
    completion of each member-affairs service of the org completed within the window up to as_of,
    on the official calendar of `liuhao.orgs.workdays` (chinese-calendar and admin overrides): a
    service completed the day it was received took 0 working days. One query per window; the
    calendar is read once and turned into a running count of working days (`workday_index`). The
    metric itself (`desk.member_affairs_median_days`) adds the request desk's member-affairs
    requests (liuhao.desk.metrics)."""
    ids = ctx.org_ids
    clock = Clock(late_days(ctx))
    out: list[Durations] = []
    for window, window_ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows = list(
            MemberAffair.objects.filter(orgs_q(window_ids), completed_on__range=span)
            .order_by()
            .annotate(
                received=text("received_on"), done=text("completed_on"), entered=text("entered_at")
            )
            .values_list("pk", "org_id", "received", "done", "entered")
        )
        rows = [r for r in rows if r[1] in window_ids and r[1] in ids]
        items: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
        if rows:
            first = dt.date.fromisoformat(min(r[2] for r in rows)[:10])
            index = workday_index(first, span[1])
            for pk, org_id, received, done, entered in rows:
                taken = max(index[done[:10]] - index[received[:10]], 0)
                items[org_id].append((pk, taken, not clock.within(done, entered)))
        out.append(Durations(frozenset(window_ids), span, items))
    return out


# ---- C11, C12.1: service window and online presence ----------------------------------------------


def _standing(
    ctx: MetricContext, rows: Iterable[tuple[int, int]], records: str
) -> dict[int, MetricValue]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for pk, org_id in rows:
        if org_id in ctx.org_ids:
            grouped[org_id].append(pk)
    out = _filled(ctx.org_ids, value_of(0.0, (), (), records=records))
    for org_id, proof in grouped.items():
        out[org_id] = value_of(float(len(proof)), proof, (), records=records)
    return out


@metric("portal.service_item_count", label="公开的服务事项", unit="项")
def service_item_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C11.1 公开服务事项、责任人、流程和时限: the org's service items published on as_of (not
    withdrawn) that name a responsible person, a process and a time limit."""
    rows = (
        ServiceItem.objects.filter(
            orgs_q(ctx.org_ids),
            _open_on(ctx.as_of, "published_on", "withdrawn_on"),
            time_limit_days__isnull=False,
        )
        .exclude(process="")
        .order_by()
        .values_list("pk", "org_id")
    )
    return _standing(ctx, rows, "frontline.serviceitem")


@metric("ledger.vanguard_post_count", label="党员先锋岗、责任区或工作站", unit="个")
def vanguard_post_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C11.2 设立党员先锋岗、责任区或工作站: the org's posts, areas and stations set up and not
    ended on as_of that name at least one member."""

    rows = (
        VanguardMember.objects.filter(
            orgs_q(ctx.org_ids, "post__org_id"),
            _open_on(ctx.as_of, "post__set_up_on", "post__ended_on"),
        )
        .order_by()
        .values_list("post_id", "post__org_id")
        .distinct()
    )
    return _standing(ctx, rows, "frontline.vanguardpost")


@metric("portal.news_count", label="发布的动态或通知", unit="条")
def news_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C12.1 网上发布动态和通知: news items and notices the org published within the term up to
    as_of."""
    clock = Clock(late_days(ctx))
    out = _filled(ctx.org_ids, value_of(0.0, (), (), records="frontline.news"))
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        grouped: dict[int, list[int]] = defaultdict(list)
        late: dict[int, list[int]] = defaultdict(list)
        rows = (
            News.objects.filter(orgs_q(ids), published_on__range=span)
            .order_by()
            .annotate(day=text("published_on"), entered=text("entered_at"))
            .values_list("pk", "org_id", "day", "entered")
        )
        for pk, org_id, day, entered in rows:
            if org_id in ids:
                grouped[org_id].append(pk)
                if not clock.within(day, entered):
                    late[org_id].append(pk)
        for org_id, proof in grouped.items():
            out[org_id] = value_of(float(len(proof)), proof, late[org_id], records="frontline.news")
    return out
