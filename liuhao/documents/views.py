"""The report templates page (issue 7 item 5): an administrator downloads a report's default
template, uploads a replacement (checked: a real .docx, known placeholders, renders with sample
data; else refused naming the placeholder), sees the versions and reverts to the default.

Province administrators manage the province-wide templates and any university's; a university
administrator manages its own university's. Others get 403; another university's version is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted, ValidationFailed
from liuhao.documents import selectors
from liuhao.documents.forms import TemplateUploadForm
from liuhao.documents.models import ReportTemplate
from liuhao.documents.permissions import admin_universities, check_manage_templates
from liuhao.documents.registry import template_spec, template_specs
from liuhao.documents.rendering import active_template, render_docx
from liuhao.documents.services import template_activate, template_revert, template_upload
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_admin(actor: Any) -> list[int] | None:
    managed = admin_universities(actor)
    if managed is not None and not managed:
        raise NotPermitted("只有省级管理员或高校管理员可以管理报告模板")
    return managed


def _target(request: HttpRequest) -> Organization | None:
    """The university whose templates are shown (`?university=`); the province's by default for a
    province administrator, the own university for a university administrator."""
    managed = _require_admin(request.user)
    raw = request.GET.get("university") or request.POST.get("university") or ""
    if not raw:
        if managed is None:
            return None
        return Organization.objects.get(pk=managed[0])
    if not raw.isdigit():
        raise NotFound("未找到该高校，或您无权查看")
    university = Organization.objects.filter(pk=int(raw), kind="university_committee").first()
    if university is None:
        raise NotFound("未找到该高校，或您无权查看")
    check_manage_templates(request.user, university)
    return university


def _query(university: Organization | None) -> str:
    return f"?university={university.pk}" if university is not None else ""


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    """The registered reports and which template each one uses for the chosen university."""
    university = _target(request)
    specs = template_specs()
    active = {
        t.kind: t
        for t in selectors.visible_templates(request.user)
        .filter(active=True, university=university)
        .select_related("uploaded_by")
    }
    return render(
        request,
        "documents/template_list.html",
        {
            "rows": [(spec, active.get(spec.kind)) for spec in specs],
            "university": university,
            "universities": selectors.managed_universities(request.user),
            "is_province": scope_for(request.user).is_province,
            "query": _query(university),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request: HttpRequest, kind: str) -> HttpResponse:
    """One report: its placeholders, the template in force, upload, versions, revert."""
    spec = template_spec(kind)
    university = _target(request)
    form = TemplateUploadForm(posted(request), request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                template_upload(
                    actor=request.user,
                    kind=kind,
                    file=form.cleaned_data["file"],
                    university=university,
                )
            except ValidationFailed as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "新模板已启用。")
                return redirect(
                    reverse("documents:template-detail", args=[kind]) + _query(university)
                )
        status = 400
    in_force = active_template(kind, university.pk if university else None)
    return render(
        request,
        "documents/template_detail.html",
        {
            "spec": spec,
            "university": university,
            "form": form,
            "versions": list(selectors.template_versions(kind, university)),
            "in_force": in_force,
            "inherited": in_force is not None and in_force.university_id is None and university,
            "query": _query(university),
        },
        status=status,
    )


@login_required
@require_GET
def template_default(request: HttpRequest, kind: str) -> FileResponse:
    """The default template shipped with the app, to start a replacement from."""
    spec = template_spec(kind)
    _require_admin(request.user)
    if not spec.default_path.is_file():
        raise NotFound("默认模板文件缺失，请联系系统管理员")
    return FileResponse(
        spec.default_path.open("rb"),
        as_attachment=True,
        filename=f"{spec.label}-默认模板.docx",
        content_type=DOCX,
    )


@login_required
@require_GET
def template_preview(request: HttpRequest, kind: str) -> HttpResponse:
    """The report as the template in force renders it with the sample data (to check a layout)."""
    spec = template_spec(kind)
    university = _target(request)
    data = render_docx(kind, spec.sample(), university_id=university.pk if university else None)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=f"{spec.label}-示例.docx") or ""
    )
    return response


def _version(request: HttpRequest, pk: int) -> ReportTemplate:
    _require_admin(request.user)
    row = selectors.visible_templates(request.user).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该模板版本，或您无权查看")
    return row


@login_required
@require_GET
def template_download(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded version, as it was uploaded (its sha256 is on the page)."""
    row = _version(request, pk)
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.original_name, content_type=DOCX
    )


@login_required
@require_POST
def template_activate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an earlier version active again."""
    row = _version(request, pk)
    template_activate(actor=request.user, template=row)
    messages.success(request, "已启用该版本。")
    return redirect(reverse("documents:template-detail", args=[row.kind]) + _query(row.university))


@login_required
@require_POST
def template_revert_view(request: HttpRequest, kind: str) -> HttpResponse:
    """Go back to the default template."""
    template_spec(kind)
    university = _target(request)
    try:
        template_revert(actor=request.user, kind=kind, university=university)
    except InvalidState as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, "已恢复为默认模板。")
    return redirect(reverse("documents:template-detail", args=[kind]) + _query(university))
