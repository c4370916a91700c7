"""Pages of member development (发展党员), Criterion C06.1 and the C06.2 priority-group report.

The funnel page of an org (counts per stage, list per stage, overdue steps, priority groups), the
case page with its violations, the case form (create/edit) and the advance form (the next step
only). Everything is looked up in the actor's scope (outside → 404); writing needs
Capability.RECORD_LEDGER over the branch (else 403). A refusal is shown on the form naming the
field, nothing stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.downloads import stored_file_response
from liuhao.core.exceptions import ValidationFailed
from liuhao.development.checker import overdue, probation_end
from liuhao.development.forms import NEXT_STEP, STEP_DATE, CaseForm, initial_of
from liuhao.development.rules import rule_set
from liuhao.development.selectors import (
    LIST_LIMIT,
    case_get,
    document_get,
    funnel,
    violations_of,
)
from liuhao.development.services import case_delete, case_entry_save
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.views.common import form_page, org_for_view, require_record
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.selectors import orgs as org_selectors

NO_RIGHT = "您无权登记该党支部的发展党员工作"


def _files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None


@login_required
@require_GET
def org_funnel(request: HttpRequest, pk: int) -> HttpResponse:
    """发展党员: who is at which stage in the org's subtree, who is overdue, priority groups."""
    actor = request.user
    org = org_for_view(actor, pk)
    today = timezone.localdate()
    data = funnel(actor, org, today)
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "funnel": data,
        "stages": [(s, label, n, data.by_stage.get(s, [])) for s, label, n in data.counts],
        "list_limit": LIST_LIMIT,
        "can_record": org.kind == OrgKind.BRANCH and can_record_ledger(actor, org),
        "today": today,
    }
    return render(request, "development/funnel.html", context)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: every step recorded, its violations in Chinese, and what is overdue."""
    actor = request.user
    case = case_get(actor, pk)
    today = timezone.localdate()
    violations = violations_of([case], today)[case.pk]
    rules = rule_set(case.rule_set)

    context = {
        "org": case.org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, case.org),
        "case": case,
        "violations": violations,
        "overdue": overdue(case.facts(), rules, today),
        "rules": rules,
        "probation_end": probation_end(case.facts(), rules),
        "next_step": NEXT_STEP.get(case.stage, ("", ()))[0],
        "can_record": can_record_ledger(actor, case.org),
        "documents": list(case.documents.all()),
    }
    return render(request, "development/case_detail.html", context)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Download a case document in scope, under its original name."""
    document = document_get(request.user, pk)
    return stored_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
        missing="材料文件不存在",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the development file of a person in branch `pk`."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org, NO_RIGHT)
    form = CaseForm(posted(request), _files(request), org=org)
    if request.method == "POST" and form.is_valid():
        data = form.case_data()
        if not form.errors:
            try:
                case = case_entry_save(actor=actor, org=org, data=data, files=form.files_data())
            except ValidationFailed as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"已登记{case.person.name}的发展党员档案")
                return redirect("development:developmentcase-detail", pk=case.pk)
    return form_page(
        request,
        "development/case_form.html",
        form,
        title=f"登记发展党员档案 · {org.name}",
        org=org,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct any step of a case (the person stays)."""
    actor = request.user
    case = case_get(actor, pk)
    require_record(actor, case.org, "您无权修改该发展党员档案")
    form = CaseForm(posted(request), _files(request), org=case.org, initial=initial_of(case))
    form.fields["person"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.case_data()
        data.pop("person", None)
        if not form.errors:
            try:
                case_entry_save(actor=actor, case=case, data=data, files=form.files_data())
            except ValidationFailed as exc:
                add_service_error(form, exc)
                case.refresh_from_db()
            else:
                messages.success(request, "已保存修改")
                return redirect("development:developmentcase-detail", pk=case.pk)
    return form_page(
        request,
        "development/case_form.html",
        form,
        title=f"修改发展党员档案 · {case.person.name}",
        org=case.org,
        case=case,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the next step (积极分子 → 发展对象 → 预备党员 → 正式党员): only its fields."""
    actor = request.user
    case = case_get(actor, pk)
    require_record(actor, case.org, "您无权修改该发展党员档案")
    step = NEXT_STEP.get(case.stage)
    if step is None:
        messages.info(request, "已是正式党员，没有下一步")
        return redirect("development:developmentcase-detail", pk=case.pk)
    label, fields = step
    initial = {k: v for k, v in initial_of(case).items() if k in fields}
    form = CaseForm(
        posted(request),
        _files(request),
        org=case.org,
        only=fields,
        required=(STEP_DATE[case.stage],),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.case_data()
        if not form.errors:
            try:
                case_entry_save(actor=actor, case=case, data=data, files=form.files_data())
            except ValidationFailed as exc:
                add_service_error(form, exc)
                case.refresh_from_db()
            else:
                messages.success(request, f"已登记：{label}")
                return redirect("development:developmentcase-detail", pk=case.pk)
    return form_page(
        request,
        "development/case_form.html",
        form,
        title=f"{label} · {case.person.name}",
        org=case.org,
        case=case,
        submit=label,
    )


@login_required
@require_POST
def case_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    case = case_get(actor, pk)
    org = case.org
    case_delete(actor=actor, case=case)
    messages.success(request, "已删除发展党员档案")
    return redirect("development:org-funnel", pk=org.pk)
