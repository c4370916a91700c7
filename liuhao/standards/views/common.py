"""Shared lookups of the assessment pages: the org (VIEW_ASSESSMENT, else 404), the run shown,
the table filters, and the periods a recompute may be asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from liuhao.core.exceptions import NotFound
from liuhao.core.roles import Capability
from liuhao.orgs.choices import BranchType, OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.periods import Period, period_containing
from liuhao.orgs.selectors.orgs import org_get
from liuhao.orgs.selectors.scope import scope_for
from liuhao.standards.models import AssessmentRun
from liuhao.standards.reports import SORT_LABELS, period_label
from liuhao.standards.selectors import can_view_assessment, runs_covering

RUNS_IN_PICKER = 40
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_CHOICES = [
    (OrgKind.UNIVERSITY_COMMITTEE.value, OrgKind.UNIVERSITY_COMMITTEE.label),
    (OrgKind.COLLEGE_COMMITTEE.value, OrgKind.COLLEGE_COMMITTEE.label),
    (OrgKind.GENERAL_BRANCH.value, OrgKind.GENERAL_BRANCH.label),
    (OrgKind.BRANCH.value, OrgKind.BRANCH.label),
]


def assessed_org(actor: Any, pk: int) -> Organization:
    """The org if the actor may see its assessment (Capability.VIEW_ASSESSMENT over it), else 404:
    an org visible for other reasons (a party member's own branch) does not reveal its results."""
    org = org_get(actor, pk)
    if not can_view_assessment(actor, org):
        raise NotFound("未找到该组织的评估结果，或您无权查看")
    return org


def can_assess(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.ASSESS, org)


def parse_int(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if 1 <= value <= 2**62 else None


@dataclass(frozen=True, slots=True)
class PeriodOption:
    code: str
    label: str
    run_id: int  # the newest run of that period


@dataclass(slots=True)
class RunChoice:
    """The run a page shows and what the period picker offers (runs covering the org)."""

    run: AssessmentRun | None
    runs: list[AssessmentRun]
    periods: list[PeriodOption]

    @property
    def same_period(self) -> list[AssessmentRun]:
        """Earlier computations of the shown period (a recompute adds a run)."""
        if self.run is None:
            return []
        return [r for r in self.runs if r.period_code == self.run.period_code]


def run_choice(org: Organization, request: HttpRequest) -> RunChoice:
    """Pick the run from ?run= (must cover the org, else 404), else the newest of ?period=, else
    the newest run covering the org. One query for the picker and the choice."""
    runs = list(runs_covering(org)[:RUNS_IN_PICKER])
    periods: dict[str, PeriodOption] = {}
    for r in runs:
        if r.period_code not in periods:
            periods[r.period_code] = PeriodOption(r.period_code, period_label(r.period_code), r.pk)
    run_id = parse_int(request.GET.get("run"))
    period = (request.GET.get("period") or "").strip()
    run: AssessmentRun | None
    if run_id is not None:
        run = next((r for r in runs if r.pk == run_id), None)
        if run is None:
            run = runs_covering(org).filter(pk=run_id).first()
            if run is None:
                raise NotFound("未找到该评估运行，或它不包含本组织")
    elif period:
        run = next((r for r in runs if r.period_code == period), None)
    else:
        run = runs[0] if runs else None
    ordered = sorted(periods.values(), key=lambda p: p.code, reverse=True)
    return RunChoice(run=run, runs=runs, periods=ordered)


def recompute_periods(today: dt.date) -> list[Period]:
    """The periods a recompute button offers: this term, the previous term, this academic year."""
    term = period_containing(today)
    previous = period_containing(term.start - dt.timedelta(days=1))
    return [term, previous, period_containing(today, "year")]


@dataclass(frozen=True, slots=True)
class TableFilters:
    levels: tuple[str, ...]
    branch_types: tuple[str, ...]
    sort: str
    page: int

    def as_query(self) -> dict[str, Any]:
        return {"level": list(self.levels), "branch_type": list(self.branch_types)}


def table_filters(
    request: HttpRequest, default_sort: str = "score", sorts: tuple[str, ...] = tuple(SORT_LABELS)
) -> TableFilters:
    levels = {v for v, _ in LEVEL_CHOICES}
    types = set(BranchType.values)
    sort = request.GET.get("sort") or default_sort
    return TableFilters(
        levels=tuple(v for v in request.GET.getlist("level") if v in levels),
        branch_types=tuple(v for v in request.GET.getlist("branch_type") if v in types),
        sort=sort if sort in sorts else default_sort,
        page=min(max(parse_int(request.GET.get("page")) or 1, 1), 10_000),
    )
