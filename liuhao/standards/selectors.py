"""Reads of standards, runs and results, scoped to the actor (issue 3 items 5, 6, 8, 9).

An org's result in a run is visible to an actor who holds Capability.VIEW_ASSESSMENT over that org.
Lists filter results by the actor's subtrees on the stored `org_path` (an indexed range per grant).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from liuhao.core.exceptions import NotFound, NotPermitted
from liuhao.core.roles import Capability, role_can
from liuhao.orgs.models import Organization, subtree_q
from liuhao.orgs.selectors.scope import Scope, scope_for
from liuhao.standards.engine import ENGINE_VERSION
from liuhao.standards.models import AssessmentRun, OrgResult, StandardVersion

JSON_SCHEMA_VERSION = 1


def _assessment_scope(actor: Any) -> Scope:
    scope = scope_for(actor)
    return Scope(
        user_id=scope.user_id,
        grants=tuple(g for g in scope.grants if role_can(g.role, Capability.VIEW_ASSESSMENT)),
        person_id=scope.person_id,
    )


def can_view_assessment(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.VIEW_ASSESSMENT, org)


def standard_latest(code: str | None = None) -> StandardVersion:
    """The newest version of `code` (or of the first standard loaded); Chinese NotFound otherwise."""
    qs = StandardVersion.objects.order_by("-version")
    if code:
        qs = qs.filter(code=code)
    version = qs.first() if code else StandardVersion.objects.order_by("pk").first()
    if code and version is None:
        raise NotFound(f"未找到指标体系“{code}”，请先导入（liuhao standards load）")
    if version is None:
        raise NotFound("尚未导入任何指标体系")
    if not code:
        version = qs.filter(code=version.code).first()
    assert version is not None
    return version


def results_visible(actor: Any) -> QuerySet[OrgResult]:
    scope = _assessment_scope(actor)
    if not scope.grants:
        return OrgResult.objects.none()
    return OrgResult.objects.filter(scope.q("org_path"))


def runs_covering(
    org: Organization, standard: StandardVersion | None = None
) -> QuerySet[AssessmentRun]:
    """Finished runs whose scope contains `org` (province-wide runs or runs rooted at an ancestor)."""
    ancestors = [org.path[:end] for end in range(8, len(org.path) + 1, 8)]
    qs = AssessmentRun.objects.filter(status=AssessmentRun.Status.DONE).filter(
        Q(root__isnull=True) | Q(root__path__in=ancestors)
    )
    if standard is not None:
        qs = qs.filter(standard=standard)
    return qs.select_related("standard").order_by("-started_at", "-pk")


def org_result(
    actor: Any,
    org: Organization,
    *,
    period_code: str | None = None,
    run_id: int | None = None,
    standard: StandardVersion | None = None,
) -> OrgResult | None:
    """The org's result in `run_id`, or in the newest finished run of `period_code` (any period if
    None). None when no run covers it yet. 404 when the actor may not see the org's results."""
    if not can_view_assessment(actor, org):
        raise NotPermitted("您无权查看该组织的评估结果")
    qs = OrgResult.objects.filter(org=org, run__status=AssessmentRun.Status.DONE).select_related(
        "run", "run__standard"
    )
    if run_id is not None:
        return qs.filter(run_id=run_id).first()
    if standard is not None:
        qs = qs.filter(run__standard=standard)
    if period_code:
        qs = qs.filter(run__period_code=period_code)
    return qs.order_by("-run__started_at", "-run_id").first()


def org_trend(org: Organization, standard: StandardVersion, limit: int = 8) -> list[OrgResult]:
    """The org's newest result per term, oldest first (the scorecard's trend over terms)."""
    rows = (
        OrgResult.objects.filter(
            org=org,
            run__standard__code=standard.code,
            run__status=AssessmentRun.Status.DONE,
            run__period_kind="term",
        )
        .select_related("run")
        .order_by("-run__started_at", "-run_id")
        .only("score", "verdict", "dimensions", "run__period_code", "run__started_at", "run_id")[
            :60
        ]
    )
    newest: dict[str, OrgResult] = {}
    for row in rows:
        newest.setdefault(row.run.period_code, row)
    return [newest[code] for code in sorted(newest)][-limit:]


@dataclass(frozen=True, slots=True)
class GapItem:
    code: str
    title: str
    status: str
    gap: str
    due: str | None
    explanation: str


def gap_list(result: OrgResult, titles: dict[str, str]) -> list[GapItem]:
    """差距清单: every unmet, partly met or in-progress checkpoint as a to-do (what, how much, by when)."""
    return [
        GapItem(
            code=c["code"],
            title=titles.get(c["code"], c["code"]),
            status=c["status"],
            gap=c["gap"],
            due=c["due"],
            explanation=c["explanation"],
        )
        for c in result.checkpoint_list()
        if c.get("gap")
    ]


def run_results(
    actor: Any,
    run: AssessmentRun,
    *,
    root: Organization | None = None,
    levels: Sequence[str] = (),
    branch_types: Sequence[str] = (),
) -> QuerySet[OrgResult]:
    qs = results_visible(actor).filter(run=run)
    if root is not None:
        qs = qs.filter(subtree_q(root.path, "org_path"))
    if levels:
        qs = qs.filter(level__in=list(levels))
    if branch_types:
        qs = qs.filter(branch_type__in=list(branch_types))
    return qs


def run_get(actor: Any, run_id: int) -> AssessmentRun:
    """A run the actor may see: a province run, or one rooted inside the actor's scope."""
    run = AssessmentRun.objects.select_related("standard", "root").filter(pk=run_id).first()
    if run is None:
        raise NotFound("未找到该评估运行")
    scope = _assessment_scope(actor)
    if not scope.grants:
        raise NotFound("未找到该评估运行")
    if run.root is not None and not scope.is_province:
        root_path = run.root.path
        inside = scope.covers(root_path)
        above = any(g.path and g.path.startswith(root_path) for g in scope.grants)
        if not (inside or above):
            raise NotFound("未找到该评估运行")
    return run


def run_list(actor: Any) -> QuerySet[AssessmentRun]:
    """Runs that contain something the actor may see: province-wide runs, and runs rooted at an
    org inside or above the actor's subtrees."""
    scope = _assessment_scope(actor)
    if not scope.grants:
        return AssessmentRun.objects.none()
    qs = AssessmentRun.objects.select_related("standard", "root").order_by("-started_at", "-pk")
    if scope.is_province:
        return qs
    q = Q(root__isnull=True)
    for grant in scope.grants:
        assert grant.path is not None
        ancestors = [grant.path[:end] for end in range(8, len(grant.path) + 1, 8)]
        q |= Q(root__path__in=ancestors) | subtree_q(grant.path, "root__path")
    return qs.filter(q)


def result_json(result: OrgResult, code: str, name: str) -> dict[str, Any]:
    """One org in the documented `--json` contract (docs/assessment-json.md)."""
    return {
        "org": code,
        "name": name,
        "level": result.level,
        "branch_type": result.branch_type,
        "liuhao": result.verdict,
        "score": result.score,
        "band": result.band,
        "coverage": result.coverage,
        "dimensions": [{"code": d[0], "good": d[1], "status": d[2]} for d in result.dimensions],
        "criteria": [{"code": k, "status": v} for k, v in result.criteria.items()],
        "checkpoints": [
            {
                "code": c["code"],
                "status": c["status"],
                "value": c["value"],
                "threshold": c["threshold"],
                "explanation": c["explanation"],
                "evidence": [{"type": c["records"], "id": pk} for pk in c["evidence"]],
                "evidence_total": c["evidence_total"],
                "late": c["late"],
                "gap": c["gap"],
                "due": c["due"],
            }
            for c in result.checkpoint_list()
        ],
    }


def run_json(run: AssessmentRun, results: Iterable[OrgResult]) -> dict[str, Any]:
    """The whole `liuhao assess --json` document: standard, period, run, orgs."""
    rows = list(results)
    names = dict(
        Organization.objects.filter(pk__in=[r.org_id for r in rows]).values_list("pk", "code")
    )
    titles = dict(
        Organization.objects.filter(pk__in=[r.org_id for r in rows]).values_list("pk", "name")
    )
    return {
        "schema": JSON_SCHEMA_VERSION,
        "standard": {
            "code": run.standard.code,
            "version": run.standard.version,
            "title": run.standard.title,
            "sha256": run.standard.sha256,
        },
        "period": {
            "code": run.period_code,
            "kind": run.period_kind,
            "as_of": run.as_of.isoformat(),
        },
        "run": {
            "id": run.pk,
            "engine_version": run.engine_version or ENGINE_VERSION,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "status": run.status,
            "org_count": run.org_count,
            "awaiting_data": run.awaiting,
        },
        "orgs": [result_json(r, names.get(r.org_id, ""), titles.get(r.org_id, "")) for r in rows],
    }


def standard_list() -> QuerySet[StandardVersion]:
    """Every loaded standard version, by code then newest version first. Standards are
    province-wide configuration, readable by everyone (DESIGN §3)."""
    return StandardVersion.objects.order_by("code", "-version")


def standard_get(code: str, version: int | None = None) -> StandardVersion:
    """Version `version` of standard `code`, or its newest version; Chinese NotFound otherwise."""
    qs = StandardVersion.objects.filter(code=code)
    found = (
        qs.filter(version=version).first()
        if version is not None
        else qs.order_by("-version").first()
    )
    if found is None:
        which = f"“{code}”第 {version} 版" if version is not None else f"“{code}”"
        raise NotFound(f"未找到指标体系{which}，请先导入（liuhao standards load）")
    return found
