"""Web views of the Excel import: upload → dry-run report → confirm (commit); template download.

The views only parse the request and call `orgs.imports` (CONVENTIONS B3). The upload that passed
its dry run is staged on disk under a random token bound to its uploader; the commit validates the
file again inside its transaction before writing (issue 2, item 8).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.exceptions import NotPermitted
from liuhao.orgs.imports import ImportRejected, ImportReport, import_universities, import_workbook
from liuhao.orgs.imports.columns import SHEETS
from liuhao.orgs.imports.staging import discard, load_staged, stage_upload
from liuhao.orgs.imports.template import TEMPLATE_FILENAME, build_template
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import get_visible_or_404

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


class ImportUploadForm(forms.Form):
    """The upload: a workbook, and the target university when the actor may choose one."""

    university = forms.ModelChoiceField(
        label="导入到高校",
        queryset=Organization.objects.none(),
        empty_label="请选择高校",
        error_messages={"required": "请选择要导入的高校", "invalid_choice": "请选择有效的高校"},
    )
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
        error_messages={"required": "请选择要上传的 .xlsx 文件", "empty": "文件为空"},
    )

    def __init__(self, *args: Any, universities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["university"]
        field.queryset = universities  # type: ignore[attr-defined]
        self.only_choice = universities[0] if len(universities) == 1 else None
        if self.only_choice is not None:
            field.initial = self.only_choice.pk
            field.required = False
            field.widget = forms.HiddenInput()
        self.fields[
            "file"
        ].help_text = f"使用导入模板填写；文件不超过 {_size_text(int(settings.IMPORT_MAX_BYTES))}。"

    def clean_university(self) -> Any:
        return self.cleaned_data.get("university") or self.only_choice

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = int(settings.IMPORT_MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {_size_text(limit)}，请分批导入"
            )
        return upload


def _universities_or_403(request: HttpRequest) -> Any:
    universities = import_universities(request.user)
    if not universities.exists():
        raise NotPermitted("您无权导入数据（需要高校管理员或省级管理员权限）")
    return universities


def _report_page(
    request: HttpRequest,
    report: ImportReport,
    university: Organization,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "title": "导入检查结果",
        "report": report,
        "university": university,
        "token": token,
        "issues": report.issues.items,
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
    context = {"title": "数据导入", "form": form, "sheets": SHEETS}
    if request.method != "POST":
        return render(request, "orgs/import_start.html", context)
    if not form.is_valid():
        return render(request, "orgs/import_start.html", context, status=400)
    university = form.cleaned_data["university"]
    upload = form.cleaned_data["file"]
    data = upload.read()
    report = import_workbook(actor=request.user, university=university, source=data)
    token = ""
    if report.ok:
        staged = stage_upload(
            owner_id=int(request.user.pk or 0),
            university_id=university.pk,
            data=data,
            filename=upload.name,
        )
        token = staged.token
    return _report_page(request, report, university, token)


@login_required
@require_POST
def import_commit(request: HttpRequest, token: str) -> HttpResponse:
    """Commit a staged upload of this user: validated again, then written all-or-nothing."""
    staged = load_staged(token, int(request.user.pk or 0))
    university = get_visible_or_404(import_universities(request.user), pk=staged.university_id)
    try:
        report = import_workbook(
            actor=request.user, university=university, source=staged.path, dry_run=False
        )
    except ImportRejected as exc:
        discard(staged)
        return _report_page(request, exc.report, university, status=400)
    discard(staged)
    messages.success(request, f"导入成功（{university.name}）：{report.summary_text()}")
    return redirect("orgs:import-start")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The .xlsx template with the four data sheets and a 说明 sheet."""
    response = HttpResponse(build_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=TEMPLATE_FILENAME) or "attachment"
    )
    return response
