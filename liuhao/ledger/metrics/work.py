"""Ledger metrics over member service, tasks and disclosures (criteria C06.3, C07.1, C07.2).

Like every ledger metric: a constant number of grouped queries per period window for all orgs in
`ctx.org_ids`, rows grouped by org (or rolled up the org tree by materialized path) in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from liuhao.ledger.choices import ActivityKind, AttendanceStatus
from liuhao.ledger.metrics.common import (
    ACTIVITY,
    Clock,
    late_days,
    orgs_q,
    span_of,
    text,
    value_of,
)
from liuhao.ledger.models import Activity, Attendance, Disclosure, ServiceRecord, Task
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.models import Membership, Organization
from liuhao.orgs.models.tree import PATH_SEGMENT
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

SERVICE = "ledger.servicerecord"
MEMBER_STAGES = (MembershipStage.FULL, MembershipStage.PROBATIONARY)
# Attending one of these activities is service too (C06.3: 开展多样化社会实践和志愿服务).
SERVICE_ACTIVITY_KINDS = (ActivityKind.VOLUNTEER_SERVICE, ActivityKind.SOCIAL_PRACTICE)


def _ancestors(path: str) -> Iterable[str]:
    for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
        yield path[:end]


@metric("ledger.member_service_rate", label="有服务记录的党员比例", unit="%")
def member_service_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share of the full and probationary members in the org's subtree (on the window's last day up
    to as_of) with at least one service record in the window, or present at a volunteer service or
    social practice activity of the university held in the window.

    C06.3 党员队伍达到全员服务、主动服务 (our default: ≥95%). Per window: one query for the
    memberships, one for the service records and one for the attendance of service activities, of
    the universities in scope; counts per membership org roll up to every ancestor by path. A member's service
    counts wherever it was recorded in the university. Evidence: the service records, or where the
    org has none, the service activities its members attended (`records` says which). None when the subtree has no member, or
    when the university recorded no member service at all in the window (the source is not in use
    there yet: awaiting data, not a failure of each org).
    """
    clock = Clock(late_days(ctx))
    orgs = dict(Organization.objects.filter(pk__in=ctx.org_ids).values_list("pk", "path"))
    universities = sorted({int(path[:PATH_SEGMENT]) for path in orgs.values()})
    paths = dict(
        Organization.objects.filter(university_id__in=universities).values_list("pk", "path")
    )
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        proof: dict[int, tuple[int, bool]] = {}  # person → (first service record, late)
        recording: set[int] = set()  # universities with any member-service data in the window
        for pk, university_id, person_id, served, entered in (
            ServiceRecord.objects.filter(university_id__in=universities, served_on__range=span)
            .order_by()
            .annotate(served=text("served_on"), entered=text("entered_at"))
            .values_list("pk", "university_id", "person_id", "served", "entered")
        ):
            recording.add(university_id)
            if person_id not in proof:
                proof[person_id] = (pk, not clock.within(served, entered))
        # The service activities first (one scan), then their attendance through its
        # (activity, person) index: never a scan of the whole attendance table.
        service_activities = Activity.objects.filter(
            orgs_q(paths), held_on__range=span, kind__in=SERVICE_ACTIVITY_KINDS
        ).values("pk")
        attended: dict[int, int] = {}  # person → a service activity they were present at
        for activity_id, person_id in (
            Attendance.objects.filter(
                activity_id__in=service_activities, status=AttendanceStatus.PRESENT
            )
            .order_by()
            .values_list("activity_id", "person_id")
        ):
            attended.setdefault(person_id, activity_id)
        # Per org holding memberships: members, served members, evidence.
        total: dict[int, int] = defaultdict(int)
        ok: dict[int, int] = defaultdict(int)
        evidence: dict[int, list[int]] = defaultdict(list)
        late: dict[int, list[int]] = defaultdict(list)
        activities: dict[int, set[int]] = defaultdict(set)
        for person_id, org_id in (
            Membership.objects.filter(university_id__in=universities, stage__in=MEMBER_STAGES)
            .active_on(span[1])
            .order_by()
            .values_list("person_id", "org_id")
        ):
            total[org_id] += 1
            record = proof.get(person_id)
            if record is not None:
                ok[org_id] += 1
                evidence[org_id].append(record[0])
                if record[1]:
                    late[org_id].append(record[0])
            elif person_id in attended:
                ok[org_id] += 1
                activities[org_id].add(attended[person_id])
        # Roll the holding orgs up to every ancestor in scope (by path).
        wanted = {orgs[org_id] for org_id in ids if org_id in orgs}
        up_total: dict[str, int] = defaultdict(int)
        up_ok: dict[str, int] = defaultdict(int)
        up_evidence: dict[str, list[int]] = defaultdict(list)
        up_late: dict[str, list[int]] = defaultdict(list)
        up_activities: dict[str, set[int]] = defaultdict(set)
        for org_id, n in total.items():
            path = paths.get(org_id)
            if path is None:
                continue
            if ok[org_id]:
                recording.add(int(path[:PATH_SEGMENT]))
            for ancestor in _ancestors(path):
                if ancestor not in wanted:
                    continue
                up_total[ancestor] += n
                up_ok[ancestor] += ok[org_id]
                up_evidence[ancestor] += evidence.get(org_id, [])
                up_late[ancestor] += late.get(org_id, [])
                up_activities[ancestor] |= activities.get(org_id, set())
        for org_id in ids:
            path = orgs.get(org_id)
            n = up_total.get(path, 0) if path else 0
            if not n or path is None or int(path[:PATH_SEGMENT]) not in recording:
                continue
            # Evidence: the service records; where there are none, the service activities attended.
            records = up_evidence[path]
            out[org_id] = value_of(
                up_ok[path] / n,
                records or up_activities[path],
                up_late[path],
                records=SERVICE if records else ACTIVITY,
                total=n,
                ok=up_ok[path],
            )
    return out


@metric("ledger.task_on_time_rate", label="按期完成的任务比例", unit="%")
def task_on_time_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """Tasks of the org due within the window (up to as_of) completed by their due date, as a share
    of those tasks.

    C07.1 精细化服务程度高，各项任务都有责任人和运作程序 (our default: ≥90% on time). One query per
    window. None when no task of the org fell due in the window.
    """
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(
        ctx.org_ids, value_of(None, (), ())
    )  # one shared frozen value
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows: dict[int, list[tuple[int, bool, bool]]] = defaultdict(list)
        for pk, org_id, due, done, assigned, entered in (
            Task.objects.filter(orgs_q(ids), due_on__range=span)
            .order_by()
            .annotate(
                due=text("due_on"),
                done=text("completed_on"),
                assigned=text("assigned_on"),
                entered=text("entered_at"),
            )
            .values_list("pk", "org_id", "due", "done", "assigned", "entered")
        ):
            if org_id in ids:
                on_time = done is not None and done <= due
                rows[org_id].append((pk, on_time, not clock.within(assigned, entered)))
        for org_id, tasks in rows.items():
            n_ok = sum(1 for _, on_time, _ in tasks if on_time)
            out[org_id] = value_of(
                n_ok / len(tasks),
                (pk for pk, _, _ in tasks),
                (pk for pk, _, is_late in tasks if is_late),
                records="ledger.task",
                total=len(tasks),
                ok=n_ok,
            )
    return out


@metric("ledger.disclosure_count", label="党务公开", unit="次")
def disclosure_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """Party-affairs disclosures the org published within the window (up to as_of), public or
    internal.

    C07.2 推进党务政务公开. One query per window; 0 for an org without disclosures.
    """
    clock = Clock(late_days(ctx))
    out = {
        org_id: value_of(0.0, (), (), records="ledger.disclosure", total=0)
        for org_id in ctx.org_ids
    }
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for pk, org_id, published, entered in (
            Disclosure.objects.filter(orgs_q(ids), published_on__range=span)
            .order_by()
            .annotate(published=text("published_on"), entered=text("entered_at"))
            .values_list("pk", "org_id", "published", "entered")
        ):
            if org_id in ids:
                rows[org_id].append((pk, not clock.within(published, entered)))
        for org_id, items in rows.items():
            out[org_id] = value_of(
                float(len(items)),
                (pk for pk, _ in items),
                (pk for pk, is_late in items if is_late),
                records="ledger.disclosure",
                total=len(items),
            )
    return out
