"""Web flow of the governance import (criteria C08, C09): upload → dry-run report → confirm;
template download.

Reuses the roster import's upload form, staging and report page (orgs.views.imports,
orgs.imports.staging, orgs/import_report.html); only the importer and the sheets differ.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.exceptions import NotPermitted
from liuhao.governance.imports import governance_import_workbook
from liuhao.governance.imports.columns import SHEETS
from liuhao.governance.imports.template import TEMPLATE_FILENAME, build_governance_template
from liuhao.ledger.imports import ledger_import_universities
from liuhao.orgs.imports import ImportRejected, ImportReport
from liuhao.orgs.imports.staging import discard, load_staged, stage_upload
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import get_visible_or_404
from liuhao.orgs.views.imports import XLSX_TYPE, ImportUploadForm


def _universities_or_403(request: HttpRequest) -> Any:
    universities = ledger_import_universities(request.user)
    if not universities.exists():
        raise NotPermitted("您无权导入工作台账（需要台账登记权限）")
    return universities


def _report_page(
    request: HttpRequest,
    report: ImportReport,
    university: Organization,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "title": "保障激励与考核评议导入检查结果",
        "report": report,
        "university": university,
        "token": token,
        "issues": report.issues.items,
        "commit_url": reverse("governance:import-commit", args=[token]) if token else "",
        "start_url": reverse("governance:import-start"),
    }
    return render(request, "orgs/import_report.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload form; a POST runs the dry run and shows the report (errors, or counts + 确认导入)."""
    universities = _universities_or_403(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, universities=universities)
    else:
        form = ImportUploadForm(universities=universities)
    context = {"title": "保障激励与考核评议导入", "form": form, "sheets": SHEETS}
    if request.method != "POST":
        return render(request, "governance/import_start.html", context)
    if not form.is_valid():
        return render(request, "governance/import_start.html", context, status=400)
    university = form.cleaned_data["university"]
    upload = form.cleaned_data["file"]
    data = upload.read()
    report = governance_import_workbook(actor=request.user, university=university, source=data)
    token = ""
    if report.ok:
        token = stage_upload(
            owner_id=int(request.user.pk or 0),
            university_id=university.pk,
            data=data,
            filename=upload.name,
        ).token
    return _report_page(request, report, university, token)


@login_required
@require_POST
def import_commit(request: HttpRequest, token: str) -> HttpResponse:
    """Commit a staged upload of this user: validated again, then written all-or-nothing."""
    staged = load_staged(token, int(request.user.pk or 0))
    university = get_visible_or_404(
        ledger_import_universities(request.user), pk=staged.university_id
    )
    try:
        report = governance_import_workbook(
            actor=request.user, university=university, source=staged.path, dry_run=False
        )
    except ImportRejected as exc:
        discard(staged)
        return _report_page(request, exc.report, university, status=400)
    discard(staged)
    messages.success(request, f"导入成功（{university.name}）：{report.summary_text()}")
    return redirect("governance:import-start")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The .xlsx template with the sheets 经费, 换届, 关怀帮扶, 表彰, 评议, 定级 and a 说明 sheet."""
    response = HttpResponse(build_governance_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=TEMPLATE_FILENAME) or "attachment"
    )
    return response
