"""The structure compliance report page and its Excel export (Criterion C13.1–C13.2, C04.1)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liuhao.ledger.structure import structure_report, structure_workbook
from liuhao.ledger.views.common import org_for_view
from liuhao.orgs.selectors import orgs as org_selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def structure_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """设置情况: every branch of the org's subtree with the structural rules it breaks."""
    actor = request.user
    org = org_for_view(actor, pk)
    report = structure_report(org, timezone.localdate())
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "report": report,
    }
    return render(request, "ledger/structure_report.html", context)


@login_required
@require_GET
def structure_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as .xlsx."""
    org = org_for_view(request.user, pk)
    today = timezone.localdate()
    content = structure_workbook(structure_report(org, today))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="structure-{org.pk}-{today}.xlsx"'
    return response
