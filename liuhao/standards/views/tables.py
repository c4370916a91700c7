"""The criteria × org heat map and the rankings of a subtree, with their Excel exports (issue 3
item 9).

Both read one run covering the org (the newest, or ?period= / ?run=) and list only results the
actor may see (results_visible: Capability.VIEW_ASSESSMENT over each org's path). Rankings are a
tool for the levels that evaluate a subtree, never a public league table (DESIGN §8): they exist
only under an org the actor evaluates, and only its own subtree is ranked.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from liuhao.core.exceptions import NotFound
from liuhao.core.pagination import Page
from liuhao.orgs.choices import BranchType
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.orgs import org_breadcrumbs
from liuhao.standards.charts import heatmap_json
from liuhao.standards.models import AssessmentRun
from liuhao.standards.reports import (
    SORT_LABELS,
    band_labels,
    period_label,
    table_rows,
    table_rows_iter,
)
from liuhao.standards.selectors import run_results
from liuhao.standards.services.rules import rules_for
from liuhao.standards.views.common import (
    LEVEL_CHOICES,
    XLSX,
    RunChoice,
    TableFilters,
    assessed_org,
    can_assess,
    recompute_periods,
    run_choice,
    table_filters,
)
from liuhao.standards.views.exports import heatmap_workbook, rankings_workbook

PER_PAGE = 50


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def sorts_of(kind: str) -> tuple[str, ...]:
    """Rankings order by score only; the heat map also by name or code."""
    return ("score", "score_asc") if kind == "rankings" else tuple(SORT_LABELS)


def _results(actor: Any, org: Organization, run: AssessmentRun, f: TableFilters) -> Any:
    qs: Any = run_results(actor, run, root=org, levels=f.levels, branch_types=f.branch_types)
    return qs


def _table_context(request: HttpRequest, kind: str, default_sort: str) -> dict[str, Any]:
    actor = request.user
    org = assessed_org(actor, int(request.resolver_match.kwargs["pk"]))  # type: ignore[union-attr]
    choice: RunChoice = run_choice(org, request)
    filters = table_filters(request, default_sort, sorts_of(kind))
    context: dict[str, Any] = {
        "org": org,
        "choice": choice,
        "filters": filters,
        "levels": LEVEL_CHOICES,
        "branch_types": BranchType.choices,
        "sorts": [(k, v) for k, v in SORT_LABELS.items() if k in sorts_of(kind)],
        "kind": kind,
        "rows": [],
        "page": None,
    }
    run = choice.run
    if run is None:
        return context
    rules = rules_for(run.standard)
    criteria = [c.code for c in rules.criteria]
    offset = (filters.page - 1) * PER_PAGE
    rows = table_rows(
        _results(actor, org, run, filters),
        criteria,
        band_labels(rules),
        sort=filters.sort,
        offset=offset,
        limit=PER_PAGE + 1,
    )
    page = Page(
        items=rows[:PER_PAGE],
        number=filters.page,
        has_next=len(rows) > PER_PAGE,
        has_previous=filters.page > 1,
        per_page=PER_PAGE,
    )
    context.update(
        rules=rules,
        criteria=rules.criteria,
        rows=page.items,
        page=page,
        run=run,
        period=period_label(run.period_code),
    )
    return context


def _page(request: HtmxHttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    if request.htmx:
        return render(request, f"{template}#table", context)
    org = context["org"]
    context["breadcrumbs"] = org_breadcrumbs(request.user, org)
    context["can_assess"] = can_assess(request.user, org)
    return render(request, template, context)


@login_required
@require_GET
def heatmap(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Orgs of the subtree × the criteria, each cell the criterion's status (text and colour)."""
    context = _table_context(request, "heatmap", "name")
    if context["rows"]:
        context["chart"] = heatmap_json(context["rows"], [c.code for c in context["criteria"]])
    if not request.htmx:
        context["periods"] = recompute_periods(timezone.localdate())
    return _page(request, "standards/heatmap.html", context)


@login_required
@require_GET
def rankings(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Orgs of the subtree by score, with band and verdict (only for levels that evaluate it)."""
    context = _table_context(request, "rankings", "score")
    return _page(request, "standards/rankings.html", context)


def _export(request: HttpRequest, pk: int, what: str) -> FileResponse:
    actor = request.user
    org = assessed_org(actor, pk)
    choice = run_choice(org, request)
    if choice.run is None:
        raise NotFound("该组织还没有评估结果，无法导出")
    run = choice.run
    rules = rules_for(run.standard)
    filters = table_filters(request, "name" if what == "heatmap" else "score", sorts_of(what))
    results: Any = _results(actor, org, run, filters)
    rows = table_rows_iter(
        results, [c.code for c in rules.criteria], band_labels(rules), filters.sort
    )
    if what == "heatmap":
        content, title = heatmap_workbook(rows, rules), "指标热力图"
    else:
        content, title = rankings_workbook(rows, rules), "评估排名"
    filename = f"{org.name}-{title}-{period_label(run.period_code)}.xlsx"
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX
    )


@login_required
@require_GET
def heatmap_export(request: HttpRequest, pk: int) -> FileResponse:
    return _export(request, pk, "heatmap")


@login_required
@require_GET
def rankings_export(request: HttpRequest, pk: int) -> FileResponse:
    return _export(request, pk, "rankings")
