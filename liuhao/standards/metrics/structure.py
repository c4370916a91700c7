"""Metrics computed from the org tree, memberships and positions (the foundation's own records).

Each reads the rows of every university in scope with one grouped query and rolls branch figures up
to their ancestors in Python by materialized path (a path's prefixes are its ancestors), so the
query count never depends on the number of orgs. Thresholds come from the checkpoint's rule and
from orgs/data/structure-rules.yaml, never from this module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, Q

from liuhao.orgs.choices import LEADERSHIP_KINDS, BranchType, MembershipStage, OrgKind, PositionKind
from liuhao.orgs.models import Membership, Organization, Position
from liuhao.orgs.models.tree import PATH_SEGMENT
from liuhao.orgs.rules import structure_rules
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

COMMITTEE_KINDS = (
    OrgKind.UNIVERSITY_COMMITTEE,
    OrgKind.COLLEGE_COMMITTEE,
    OrgKind.GENERAL_BRANCH,
)


def _orgs(ctx: MetricContext) -> dict[int, tuple[str, str, str]]:
    """id → (path, kind, branch_type) of the orgs in scope."""
    rows = Organization.objects.filter(pk__in=ctx.org_ids).values_list(
        "pk", "path", "kind", "branch_type"
    )
    return {pk: (path, kind, bt) for pk, path, kind, bt in rows}


def _universities(orgs: Mapping[int, tuple[str, str, str]]) -> list[int]:
    return sorted({int(path[:PATH_SEGMENT]) for path, _, _ in orgs.values()})


def _open_on(as_of: dt.date, prefix: str = "") -> Q:
    started = f"{prefix}started_on__lte"
    return Q(**{started: as_of}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": as_of})
    )


def _ancestors(path: str) -> Iterable[str]:
    for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
        yield path[:end]


def _active_orgs_of(universities: list[int], as_of: dt.date) -> list[tuple[int, str, str, str]]:
    return list(
        Organization.objects.filter(university_id__in=universities)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=as_of))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=as_of))
        .values_list("pk", "path", "kind", "branch_type")
    )


@metric("orgs.staffing_ok", label="党务工作力量配备", unit="")
def staffing_ok(ctx: MetricContext) -> dict[int, MetricValue]:
    """C04.1 配齐配强专兼职党务工作力量: a committee (university, college, general branch) has at
    least one full-time party-affairs worker; a branch has a secretary, and a committee of at least
    `committee_min_size` members once it has `committee_required_full_members` full members.
    Value 1 (staffed) or 0; evidence: the positions."""
    rules = structure_rules()
    orgs = _orgs(ctx)
    positions = defaultdict(list)
    for pk, org_id, kind in Position.objects.filter(
        _open_on(ctx.as_of), org_id__in=ctx.org_ids
    ).values_list("pk", "org_id", "kind"):
        positions[org_id].append((pk, kind))
    full = dict(
        Membership.objects.filter(
            org_id__in=ctx.org_ids, stage=MembershipStage.FULL, ended_on__isnull=True
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("org_id", "n")
    )
    out = {}
    for org_id, (_, kind, _) in orgs.items():
        held = positions.get(org_id, [])
        if kind in COMMITTEE_KINDS:
            proof = tuple(pk for pk, k in held if k == PositionKind.FULLTIME_WORKER)
            ok = bool(proof)
        else:
            secretary = tuple(pk for pk, k in held if k == PositionKind.SECRETARY)
            committee = tuple(pk for pk, k in held if k in LEADERSHIP_KINDS)
            needs_committee = full.get(org_id, 0) >= rules.committee_required_full_members
            ok = bool(secretary) and (
                not needs_committee or len(committee) >= rules.committee_min_size
            )
            proof = committee
        out[org_id] = MetricValue(
            value=1.0 if ok else 0.0,
            evidence=proof,
            records="orgs.position",
            detail=(("full_members", float(full.get(org_id, 0))),),
        )
    return out


@metric("orgs.representative_count", label="党代表", unit="名")
def representative_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C05 applicability and C05.1: party representatives holding office on as_of in the org's
    subtree (a representative elected through a branch counts for its college too)."""
    orgs = _orgs(ctx)
    rows = Position.objects.filter(
        _open_on(ctx.as_of),
        kind=PositionKind.REPRESENTATIVE,
        university_id__in=_universities(orgs),
    ).values_list("pk", "org__path")
    by_path: dict[str, list[int]] = defaultdict(list)
    for pk, path in rows:
        for ancestor in _ancestors(path):
            by_path[ancestor].append(pk)
    return {
        org_id: MetricValue(
            value=float(len(by_path.get(path, []))),
            evidence=tuple(by_path.get(path, [])),
            records="orgs.position",
        )
        for org_id, (path, _, _) in orgs.items()
    }


@metric("orgs.representative_term_share", label="落实任期制的党代表比例", unit="%")
def representative_term_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """C05.1 党代表任期制落实到位: share of the subtree's representatives on as_of whose congress
    term (届次 and term dates covering as_of) is recorded. None when there is no representative."""
    orgs = _orgs(ctx)
    rows = Position.objects.filter(
        _open_on(ctx.as_of),
        kind=PositionKind.REPRESENTATIVE,
        university_id__in=_universities(orgs),
    ).values_list("pk", "org__path", "congress_name", "congress_term_start", "congress_term_end")
    total: dict[str, int] = defaultdict(int)
    ok: dict[str, list[int]] = defaultdict(list)
    for pk, path, name, start, end in rows:
        registered = bool(name) and start is not None and start <= ctx.as_of
        registered = registered and (end is None or end >= ctx.as_of)
        for ancestor in _ancestors(path):
            total[ancestor] += 1
            if registered:
                ok[ancestor].append(pk)
    out = {}
    for org_id, (path, _, _) in orgs.items():
        n = total.get(path, 0)
        proof = tuple(ok.get(path, []))
        out[org_id] = MetricValue(
            value=None if n == 0 else len(proof) / n,
            evidence=proof,
            records="orgs.position",
            detail=(("total", float(n)), ("ok", float(len(proof)))),
        )
    return out


@metric("orgs.structure_compliance_share", label="设置规范的党支部比例", unit="%")
def structure_compliance_share(ctx: MetricContext) -> dict[int, MetricValue]:
    """C13.1 优化基层党组织设置: share of the active branches in the org's subtree (the branch
    itself, for a branch) that have ≥ `branch_min_full_members` full members, a committee once
    they reach `committee_required_full_members`, and at most the size cap of their type. Every
    member belongs to one branch by construction (one open membership per person). None when the
    subtree has no branch."""
    rules = structure_rules()
    orgs = _orgs(ctx)
    universities = _universities(orgs)
    branches = {
        pk: (path, bt)
        for pk, path, kind, bt in _active_orgs_of(universities, ctx.as_of)
        if kind == OrgKind.BRANCH
    }
    counts = {
        org_id: (full, total)
        for org_id, full, total in Membership.objects.filter(
            university_id__in=universities, ended_on__isnull=True
        )
        .values("org_id")
        .annotate(
            full=Count("id", filter=Q(stage=MembershipStage.FULL)),
            total=Count(
                "id", filter=Q(stage__in=[MembershipStage.FULL, MembershipStage.PROBATIONARY])
            ),
        )
        .order_by()
        .values_list("org_id", "full", "total")
    }
    committee = dict(
        Position.objects.filter(
            _open_on(ctx.as_of), university_id__in=universities, kind__in=LEADERSHIP_KINDS
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("org_id", "n")
    )
    total: dict[str, int] = defaultdict(int)
    ok: dict[str, list[int]] = defaultdict(list)
    for pk, (path, branch_type) in branches.items():
        full, members = counts.get(pk, (0, 0))
        cap = (
            rules.teacher_branch_max_members
            if branch_type == BranchType.TEACHER
            else rules.branch_max_members
        )
        compliant = (
            full >= rules.branch_min_full_members
            and members <= cap
            and (
                full < rules.committee_required_full_members
                or committee.get(pk, 0) >= rules.committee_min_size
            )
        )
        for ancestor in _ancestors(path):
            total[ancestor] += 1
            if compliant:
                ok[ancestor].append(pk)
    out = {}
    for org_id, (path, _, _) in orgs.items():
        n = total.get(path, 0)
        proof = tuple(ok.get(path, []))
        out[org_id] = MetricValue(
            value=None if n == 0 else len(proof) / n,
            evidence=proof,
            records="orgs.organization",
            detail=(("total", float(n)), ("ok", float(len(proof)))),
        )
    return out


@metric("orgs.new_form_branch_count", label="新形式党支部", unit="个")
def new_form_branch_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C13.2 党支部建在教学、科研和项目团队、公寓社区等新形式: active branches of the types in
    `params.types` (default research_team, project_team, dorm_community) in the subtree."""
    types = set(
        str(ctx.params.get("types", "research_team,project_team,dorm_community")).split(",")
    )
    orgs = _orgs(ctx)
    found: dict[str, list[int]] = defaultdict(list)
    for pk, path, kind, bt in _active_orgs_of(_universities(orgs), ctx.as_of):
        if kind == OrgKind.BRANCH and bt in types:
            for ancestor in _ancestors(path):
                found[ancestor].append(pk)
    return {
        org_id: MetricValue(
            value=float(len(found.get(path, []))),
            evidence=tuple(found.get(path, [])),
            records="orgs.organization",
        )
        for org_id, (path, _, _) in orgs.items()
    }


@metric(
    "orgs.priority_recruit_count",
    label="从青年教师、学术带头人、留学归国人员中发展的党员",
    unit="名",
)
def priority_recruit_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C06.2 将青年教师、学术带头人、留学归国人员中的优秀分子吸收进党员队伍: members admitted
    (预备党员 date) within the window, up to as_of, whose person carries one of those flags, in the
    org's subtree."""
    orgs = _orgs(ctx)
    flagged = (
        Q(person__young_teacher=True) | Q(person__academic_leader=True) | Q(person__returnee=True)
    )
    found: dict[str, list[int]] = defaultdict(list)
    for window, ids in ctx.windows.items():
        universities = _universities({k: v for k, v in orgs.items() if k in ids})
        end = min(window.end, ctx.as_of)
        rows = Membership.objects.filter(
            flagged,
            university_id__in=universities,
            admitted_on__gte=window.start,
            admitted_on__lte=end,
        ).values_list("pk", "org__path")
        for pk, path in rows:
            for ancestor in _ancestors(path):
                found[ancestor].append(pk)
    return {
        org_id: MetricValue(
            value=float(len(found.get(path, []))),
            evidence=tuple(found.get(path, [])),
            records="orgs.membership",
        )
        for org_id, (path, _, _) in orgs.items()
    }
