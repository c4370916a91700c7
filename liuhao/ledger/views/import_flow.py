"""The web flow every record import shares: upload → dry-run report → confirm (commit); template
download. One `ImportFlow` per importer (ledger, governance, development) gives its three views.

Reuses the roster import's upload form, staging and report page (orgs.views.imports,
orgs.imports.staging, orgs/import_report.html); only the importer, the sheets and the words differ.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.exceptions import NotPermitted
from liuhao.ledger.imports import ledger_import_universities
from liuhao.orgs.imports import ImportRejected, ImportReport
from liuhao.orgs.imports.staging import discard, load_staged, stage_upload
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import get_visible_or_404
from liuhao.orgs.views.imports import XLSX_TYPE, ImportUploadForm

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class ImportFlow:
    namespace: str  # URL namespace: "<namespace>:import-start" / "-commit"
    title: str  # "台账导入"
    denied: str  # NotPermitted message for actors who may not record anywhere
    success: str  # "台账导入成功" (followed by the university and the counts)
    start_template: str  # the upload page (lists the sheets)
    importer: Callable[..., ImportReport]  # (actor, university, source, dry_run=True)
    template: Callable[[], bytes]  # the .xlsx template
    template_filename: str
    context: Mapping[str, Any] = field(default_factory=dict)  # extra context of the upload page

    def _universities_or_403(self, request: HttpRequest) -> Any:
        universities = ledger_import_universities(request.user)
        if not universities.exists():
            raise NotPermitted(self.denied)
        return universities

    def _report_page(
        self,
        request: HttpRequest,
        report: ImportReport,
        university: Organization,
        token: str = "",
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "title": f"{self.title}检查结果",
            "report": report,
            "university": university,
            "token": token,
            "issues": report.issues.items,
            "commit_url": reverse(f"{self.namespace}:import-commit", args=[token]) if token else "",
            "start_url": reverse(f"{self.namespace}:import-start"),
        }
        return render(request, "orgs/import_report.html", context, status=status)

    def start(self, request: HttpRequest) -> HttpResponse:
        """Upload form; a POST runs the dry run and shows the report (errors, or counts + 确认导入)."""
        universities = self._universities_or_403(request)
        if request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES, universities=universities)
        else:
            form = ImportUploadForm(universities=universities)
        context = {"title": self.title, "form": form, **self.context}
        if request.method != "POST":
            return render(request, self.start_template, context)
        if not form.is_valid():
            return render(request, self.start_template, context, status=400)
        university = form.cleaned_data["university"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = self.importer(actor=request.user, university=university, source=data)
        token = ""
        if report.ok:
            token = stage_upload(
                owner_id=int(request.user.pk or 0),
                university_id=university.pk,
                data=data,
                filename=upload.name,
            ).token
        return self._report_page(request, report, university, token)

    def commit(self, request: HttpRequest, token: str) -> HttpResponse:
        """Commit a staged upload of this user: validated again, then written all-or-nothing."""
        staged = load_staged(token, int(request.user.pk or 0))
        university = get_visible_or_404(
            ledger_import_universities(request.user), pk=staged.university_id
        )
        try:
            report = self.importer(
                actor=request.user, university=university, source=staged.path, dry_run=False
            )
        except ImportRejected as exc:
            discard(staged)
            return self._report_page(request, exc.report, university, status=400)
        discard(staged)
        messages.success(request, f"{self.success}（{university.name}）：{report.summary_text()}")
        return redirect(f"{self.namespace}:import-start")

    def download_template(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(self.template(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=True, filename=self.template_filename)
            or "attachment"
        )
        return response

    def views(self) -> tuple[View, View, View]:
        """(import_start, import_commit, import_template), with login and method checks."""
        return (
            login_required(require_http_methods(["GET", "POST"])(self.start)),
            login_required(require_POST(self.commit)),
            login_required(require_GET(self.download_template)),
        )
