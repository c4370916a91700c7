"""Governance metrics of assessment (考核评价): the secretary's annual report rated by members
(C09.1) and the year's 分类定级 and 民主评议党员 (C09.3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Q

from liuhao.governance.metrics.common import counted, dated_by_org, zeros
from liuhao.governance.models import LeaderReport, MemberEvaluation, OrgGrade, OrgGrading
from liuhao.ledger.metrics.common import MAX_IN_LIST, Clock, late_days, orgs_q, span_of
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.models.tree import PATH_SEGMENT
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

REPORT = "governance.leaderreport"
EVALUATION = "governance.memberevaluation"


@metric("ledger.leader_report_rated", label="述职评议", unit="次")
def leader_report_rated(ctx: MetricContext) -> dict[int, MetricValue]:
    """Annual reports (书记述职) of the org within the window that members rated (raters > 0).

    Criterion C09.1 作为领导干部述职的重要内容: the secretary reports yearly and the members rate
    the report. One query per window.
    """
    clock = Clock(late_days(ctx))
    out = zeros(ctx.org_ids, 0.0, REPORT, total=0)
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows_by_org = dated_by_org(LeaderReport, "reported_on", ids, span, raters__gt=0)
        for org_id, rows in rows_by_org.items():
            late = [r[0] for r in rows if not clock.within(r[1], r[2])]
            out[org_id] = counted(
                float(len(rows)), [r[0] for r in rows], late, REPORT, total=len(rows)
            )
    return out


def _branches_under(ids: Collection[int]) -> tuple[dict[int, str], dict[int, list[int]]]:
    """Kinds of the orgs in `ids`, and the active branches under each of them (one query; the
    universities of the orgs when few, the whole tree at province scale)."""
    orgs = Organization.objects.filter(dissolved_on__isnull=True).order_by()
    if len(ids) <= MAX_IN_LIST:
        universities = Organization.objects.filter(pk__in=list(ids)).values("university_id")
        orgs = orgs.filter(
            Q(pk__in=list(ids)) | Q(university_id__in=universities) | Q(university_id=None)
        )
    kinds: dict[int, str] = {}
    by_path: dict[str, int] = {}
    branches: list[tuple[int, str]] = []
    for pk, path, kind in orgs.values_list("pk", "path", "kind"):
        if pk in ids:
            kinds[pk] = kind
            if kind != OrgKind.BRANCH:
                by_path[path] = pk
        if kind == OrgKind.BRANCH:
            branches.append((pk, path))
    under: dict[int, list[int]] = defaultdict(list)
    for pk, path in branches:
        for cut in range(PATH_SEGMENT, len(path), PATH_SEGMENT):
            owner = by_path.get(path[:cut])
            if owner is not None:
                under[owner].append(pk)
    return kinds, under


@metric("ledger.evaluation_done", label="分类定级与民主评议", unit="项")
def evaluation_done(ctx: MetricContext) -> dict[int, MetricValue]:
    """How many of {分类定级, 民主评议党员} the org completed in the window (0–2).

    Criterion C09.3 重视考核结果运用，将其作为基层党组织分类定级、党员民主评议和党性分析等的重要
    依据. 分类定级: a committee or general branch graded its sub-orgs (a grading round with bands
    dated in the window); a branch was graded by its parent. 民主评议党员: a branch decided a round
    in the window; a committee or general branch counts when every active branch under it did (or
    it held a round itself). Evidence: the 民主评议 rounds. Four queries per window.
    """
    kinds, under = _branches_under(ctx.org_ids)
    clock = Clock(late_days(ctx))
    out = zeros(ctx.org_ids, 0.0, EVALUATION, graded=0, evaluated=0)
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        graders = set(
            OrgGrading.objects.filter(orgs_q(ids), graded_on__range=span, grades__isnull=False)
            .order_by()
            .values_list("org_id", flat=True)
            .distinct()
        )
        graded = set(
            OrgGrade.objects.filter(orgs_q(ids, "sub_org_id"), grading__graded_on__range=span)
            .order_by()
            .values_list("sub_org_id", flat=True)
            .distinct()
        )
        branch_ids = {b for org_id in ids for b in under.get(org_id, ())}
        rounds = dated_by_org(MemberEvaluation, "decided_on", set(ids) | branch_ids, span)
        for org_id in ids:
            is_branch = kinds.get(org_id) == OrgKind.BRANCH
            did_grade = org_id in (graded if is_branch else graders)
            own = rounds.get(org_id, [])
            rows = list(own)
            done = bool(own)
            if not is_branch and not done:
                subs = under.get(org_id, [])
                done = bool(subs) and all(b in rounds for b in subs)
                if done:
                    rows = [r for b in subs for r in rounds[b]]
            if not did_grade and not done:
                continue
            late = [r[0] for r in rows if not clock.within(r[1], r[2])]
            out[org_id] = counted(
                float(did_grade) + float(done),
                [r[0] for r in rows],
                late,
                EVALUATION,
                graded=int(did_grade),
                evaluated=int(done),
            )
    return out
