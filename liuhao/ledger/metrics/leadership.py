"""Ledger metrics about the leadership team and its way of working: quorum of decision meetings,
plans on file, contact pairs and visits (criteria C02.1, C02.3, C03.1, C03.2)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from liuhao.ledger.choices import ActivityKind, AttendanceStatus, PlanKind
from liuhao.ledger.metrics.common import (
    Clock,
    int_param,
    kinds_param,
    late_days,
    leaders_on,
    leadership_by_org,
    orgs_q,
    span_of,
    text,
    value_of,
)
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    PlanDocument,
)
from liuhao.ledger.rules import ledger_rules
from liuhao.orgs.choices import LEADERSHIP_KINDS
from liuhao.orgs.models import Position
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

# ---- quorum --------------------------------------------------------------------------------------


@metric("ledger.decision_quorum_share", label="决策会议达到法定人数的比例", unit="%")
def decision_quorum_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share of the window's decision meetings whose decisions all had a quorum.

    C02.3 落实民主集中制，科学决策、民主决策: a meeting decides validly only when more than half of
    those entitled are present (fraction in ledger/data/ledger-rules.yaml). A meeting's decisions
    carry their entitled and present counts; a committee meeting without decision rows is judged
    from the attendance of the committee members on the day. A meeting with neither is not proven
    and counts as without quorum. None when the org held no decision meeting in the window.
    """
    rules = ledger_rules()
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        meetings_qs = Activity.objects.filter(
            orgs_q(ids), held_on__range=span, is_decision_meeting=True
        ).order_by()
        meetings = {
            pk: (org_id, kind, held, entered)
            for pk, org_id, kind, held, entered in meetings_qs.annotate(
                held=text("held_on"), entered=text("entered_at")
            ).values_list("pk", "org_id", "kind", "held", "entered")
            if org_id in ids
        }
        if not meetings:
            continue
        quorate: dict[int, bool] = {}
        for activity_id, entitled, present in Decision.objects.filter(
            activity__in=meetings_qs.values("pk")
        ).values_list("activity_id", "members_entitled", "members_present"):
            ok = rules.has_quorum(present, entitled)
            quorate[activity_id] = quorate.get(activity_id, True) and ok
        undecided = [
            pk
            for pk, (_, kind, _, _) in meetings.items()
            if pk not in quorate and kind == ActivityKind.COMMITTEE_MEETING
        ]
        if undecided:
            quorate.update(_quorum_from_attendance(undecided, meetings))
        by_org: dict[int, list[int]] = defaultdict(list)
        for pk, (org_id, _, _, _) in meetings.items():
            by_org[org_id].append(pk)
        for org_id, pks in by_org.items():
            ok_count = sum(1 for pk in pks if quorate.get(pk, False))
            unproven = sum(1 for pk in pks if pk not in quorate)
            late = [pk for pk in pks if not clock.within(meetings[pk][2], meetings[pk][3])]
            out[org_id] = value_of(
                ok_count / len(pks), pks, late, total=len(pks), ok=ok_count, unproven=unproven
            )
    return out


def _quorum_from_attendance(
    meeting_ids: list[int], meetings: dict[int, tuple[int, str, str, str]]
) -> dict[int, bool]:
    """Committee meetings without decision rows: quorate when more than the fraction of the
    committee on the day (leadership positions) is marked present. Two queries for all meetings;
    a meeting without any attendance row stays unproven."""
    rules = ledger_rules()
    orgs = {meetings[pk][0] for pk in meeting_ids}
    earliest = dt.date.fromisoformat(min(meetings[pk][2] for pk in meeting_ids))
    posts: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for org_id, person_id, started, ended in (
        Position.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=earliest),
            org_id__in=sorted(orgs),
            kind__in=LEADERSHIP_KINDS,
        )
        .order_by()
        .values_list("org_id", "person_id", "started_on", "ended_on")
    ):
        posts[org_id].append((person_id, started, ended))
    marked: dict[int, dict[int, str]] = defaultdict(dict)
    for activity_id, person_id, status in (
        Attendance.objects.filter(activity_id__in=meeting_ids)
        .order_by()
        .values_list("activity_id", "person_id", "status")
    ):
        marked[activity_id][person_id] = status
    out: dict[int, bool] = {}
    for pk in meeting_ids:
        if not marked.get(pk):
            continue
        org_id, _, held_text, _ = meetings[pk]
        held = dt.date.fromisoformat(held_text)
        committee = {
            person
            for person, started, ended in posts.get(org_id, [])
            if started <= held and (ended is None or ended >= held)
        }
        present = sum(1 for p in committee if marked[pk].get(p) == AttendanceStatus.PRESENT)
        out[pk] = rules.has_quorum(present, len(committee))
    return out


# ---- plans and contacts --------------------------------------------------------------------------


@metric("ledger.plans_on_file", label="在案的规划与实施办法", unit="项")
def plans_on_file(ctx: MetricContext) -> dict[int, MetricValue]:
    """How many of the listed plan kinds the org has valid on as_of (0..number of kinds).

    C02.1 抓好服务型党组织建设的总体规划，制定实施办法 (overall_plan, implementation_measures).
    A document is valid from `valid_from` through `valid_until` (open-ended when empty). Standing:
    read on as_of, one query.
    """
    kinds = kinds_param(ctx, PlanKind.values)
    clock = Clock(late_days(ctx))
    rows: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    for pk, org_id, kind, valid_from, approved_on, entered in (
        PlanDocument.objects.filter(
            orgs_q(ctx.org_ids),
            Q(valid_until__isnull=True) | Q(valid_until__gte=ctx.as_of),
            kind__in=kinds,
            valid_from__lte=ctx.as_of,
        )
        .order_by()
        .annotate(
            start=text("valid_from"), approved=text("approved_on"), entered=text("entered_at")
        )
        .values_list("pk", "org_id", "kind", "start", "approved", "entered")
    ):
        if org_id in ctx.org_ids:
            rows[org_id].append((pk, kind, not clock.within(approved_on or valid_from, entered)))
    out = {}
    for org_id in ctx.org_ids:
        docs = rows.get(org_id, [])
        have = {kind for _, kind, _ in docs}
        out[org_id] = value_of(
            float(len(have)),
            (pk for pk, _, _ in docs),
            (pk for pk, _, late in docs if late),
            records="ledger.plandocument",
            kinds=len(kinds),
        )
    return out


@metric("ledger.leaders_paired_share", label="结对联系服务对象达标的班子成员比例", unit="%")
def leaders_paired_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share of the org's leadership team on as_of with at least `min` (default 2) service targets
    in contact pairs open on as_of.

    C03.1 班子成员每人结对联系2名以上服务对象. A leader's pairs count wherever they were recorded
    (distinct targets). Standing; two queries. None when the org has no leadership member.
    """
    need = int_param(ctx, "min", 2)
    clock = Clock(late_days(ctx))
    team = leadership_by_org(ctx.org_ids, ctx.as_of)
    leaders = leaders_on(ctx.org_ids, ctx.as_of).values("person_id")
    targets: dict[int, set[int]] = defaultdict(set)
    pairs: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for pk, leader_id, target_id, started, entered in (
        ContactPair.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.as_of),
            started_on__lte=ctx.as_of,
            leader_id__in=leaders,
        )
        .order_by()
        .annotate(started=text("started_on"), entered=text("entered_at"))
        .values_list("pk", "leader_id", "target_id", "started", "entered")
    ):
        targets[leader_id].add(target_id)
        pairs[leader_id].append((pk, not clock.within(started, entered)))
    out: dict[int, MetricValue] = {}
    for org_id in ctx.org_ids:
        members = team.get(org_id, set())
        ok = sum(1 for p in members if len(targets.get(p, ())) >= need)
        proof = [pair for p in members for pair in pairs.get(p, [])]
        out[org_id] = value_of(
            ok / len(members) if members else None,
            (pk for pk, _ in proof),
            (pk for pk, late in proof if late),
            records="ledger.contactpair",
            total=len(members),
            ok=ok,
        )
    return out


@metric("ledger.leaders_visited_share", label="开展联系走访的班子成员比例", unit="%")
def leaders_visited_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share of the org's leadership team (on the window's last day up to as_of) with at least
    `min` (default 1) contact visits or research trips within the window.

    C03.2 定期深入联系点调查研究 (our default: every leadership member at least once a term).
    A leader's visits count wherever they were recorded. Two queries per window. None when the org
    has no leadership member, or the window has not started.
    """
    need = int_param(ctx, "min", 1)
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        team = leadership_by_org(ids, span[1])
        visits: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for pk, leader_id, visited, entered in (
            ContactVisit.objects.filter(
                visited_on__range=span, leader_id__in=leaders_on(ids, span[1]).values("person_id")
            )
            .order_by()
            .annotate(visited=text("visited_on"), entered=text("entered_at"))
            .values_list("pk", "leader_id", "visited", "entered")
        ):
            visits[leader_id].append((pk, not clock.within(visited, entered)))
        for org_id in ids:
            members = team.get(org_id, set())
            ok = sum(1 for p in members if len(visits.get(p, ())) >= need)
            proof = [v for p in members for v in visits.get(p, [])]
            out[org_id] = value_of(
                ok / len(members) if members else None,
                (pk for pk, _ in proof),
                (pk for pk, late in proof if late),
                records="ledger.contactvisit",
                total=len(members),
                ok=ok,
            )
    return out
