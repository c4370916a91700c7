"""The org scorecard: header, radar of the six dimensions, checklist, gap list, awaiting data,
period picker and trend; its Excel export; and the recompute button (issue 3 item 8).

Scoped like every page: Capability.VIEW_ASSESSMENT over the org, else 404. A constant number of
queries whatever the number of checkpoints or of orgs in the run (see tests/test_views.py).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from liuhao.core.exceptions import NotFound, NotPermitted, ValidationFailed
from liuhao.orgs.selectors.orgs import org_breadcrumbs
from liuhao.standards.charts import radar_json, trend_json
from liuhao.standards.models import StandardVersion
from liuhao.standards.reports import period_label, scorecard_build
from liuhao.standards.selectors import org_result, org_trend, standard_latest
from liuhao.standards.services.recompute import assessment_recompute
from liuhao.standards.services.runs import can_run
from liuhao.standards.views.common import (
    XLSX,
    assessed_org,
    can_assess,
    recompute_periods,
    run_choice,
)
from liuhao.standards.views.exports import scorecard_workbook


def _latest_standard() -> StandardVersion | None:
    try:
        return standard_latest()
    except NotFound:
        return None


@login_required
@require_GET
def org_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """The scorecard of one org in the chosen run (?run=, ?period=, else the newest)."""
    actor = request.user
    org = assessed_org(actor, pk)
    choice = run_choice(org, request)
    result = org_result(actor, org, run_id=choice.run.pk) if choice.run is not None else None
    today = timezone.localdate()
    context: dict[str, object] = {
        "org": org,
        "breadcrumbs": org_breadcrumbs(actor, org),
        "choice": choice,
        "result": result,
        "can_assess": can_assess(actor, org),
        "periods": recompute_periods(today),
    }
    if result is None:
        context["standard"] = choice.run.standard if choice.run else _latest_standard()
        return render(request, "standards/org_scorecard.html", context)
    card = scorecard_build(result)
    trend = [
        (period_label(r.run.period_code), r.score) for r in org_trend(org, result.run.standard)
    ]
    context.update(
        card=card,
        standard=result.run.standard,
        radar=radar_json(card.dimensions),
        trend=trend,
        trend_chart=trend_json(trend) if len(trend) > 1 else None,
    )
    return render(request, "standards/org_scorecard.html", context)


@login_required
@require_GET
def org_scorecard_export(request: HttpRequest, pk: int) -> FileResponse:
    """The scorecard as .xlsx: 概况, 检查点清单, 差距清单 sheets."""
    actor = request.user
    org = assessed_org(actor, pk)
    choice = run_choice(org, request)
    result = org_result(actor, org, run_id=choice.run.pk) if choice.run is not None else None
    if result is None:
        raise NotFound("该组织还没有评估结果，无法导出")
    card = scorecard_build(result)
    filename = f"{org.name}-评估结果-{card.period_label}.xlsx"
    return FileResponse(
        io.BytesIO(scorecard_workbook(org, card)),
        as_attachment=True,
        filename=filename,
        content_type=XLSX,
    )


@login_required
@require_POST
def org_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute (inline for small subtrees, else queue) a new run for the org's subtree."""
    actor = request.user
    org = assessed_org(actor, pk)
    if not can_run(actor, org):
        raise NotPermitted("您无权发起该组织的评估计算")
    standard = _latest_standard()
    if standard is None:
        raise ValidationFailed("尚未导入任何指标体系，请先导入（liuhao standards load）")
    today = timezone.localdate()
    allowed = {p.code for p in recompute_periods(today)}
    period = request.POST.get("period") or ""
    if period not in allowed:
        raise ValidationFailed(f"评估期“{period}”不可选，请从列表中选择")
    ticket = assessment_recompute(
        actor=actor, standard=standard, period_code=period, root=org, today=today
    )
    url = reverse("standards:org-scorecard", args=[org.pk])
    if ticket.inline:
        messages.success(request, f"已完成 {ticket.org_count} 个组织的评估计算。")
        return redirect(f"{url}?run={ticket.run_id}")
    messages.success(
        request, f"已提交后台计算（{ticket.org_count} 个组织），完成后刷新本页即可查看。"
    )
    return redirect(url)
