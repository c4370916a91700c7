"""Pages of member service records (Criterion C06.3), tasks with the overdue list (C07.1) and
party-affairs disclosures (C07.2).

Each form view parses one form and calls one service; a refusal is shown on the form naming the
field and nothing is stored. Writing needs Capability.RECORD_LEDGER over the org (else 403); records
outside the actor's scope answer 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from liuhao.core.exceptions import ValidationFailed
from liuhao.core.pagination import paginate
from liuhao.ledger.forms import DisclosureForm, ServiceRecordForm, TaskForm
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.selectors import (
    disclosure_get,
    leadership_person_ids,
    member_person_ids,
    overdue_task_list,
    service_record_get,
    task_get,
)
from liuhao.ledger.services import (
    disclosure_create,
    disclosure_delete,
    disclosure_update,
    service_record_delete,
    service_record_update,
    service_records_create,
    task_delete,
)
from liuhao.ledger.services.entry import task_entry_save
from liuhao.ledger.views.common import delete_page, form_page, org_for_view, require_record
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.selectors import orgs as org_selectors

OVERDUE_PER_PAGE = 30


def _people(org: Organization, *extra: int) -> QuerySet[Person]:
    """The org's full and probationary members and its leadership today (plus `extra` ids)."""
    today = timezone.localdate()
    ids = member_person_ids(org, today) | leadership_person_ids(org, today) | set(extra)
    return Person.objects.filter(pk__in=ids).order_by("number")


def _detail(request: HttpRequest, template: str, org: Organization, **extra: Any) -> HttpResponse:
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(request.user, org),
        "can_record": can_record_ledger(request.user, org),
        **extra,
    }
    return render(request, template, context)


# ---- service records (C06.3) ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def service_record_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one service for one or more members of org `pk` (one submission)."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = ServiceRecordForm(
        posted(request), members=_people(org), initial={"served_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            records = service_records_create(
                actor=actor,
                org=org,
                persons=form.cleaned_data["persons"],
                data=form.service_data(),
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已登记 {len(records)} 名党员的服务记录")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request,
        "ledger/service_record_form.html",
        form,
        title=f"登记党员服务 · {org.name}",
        org=org,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a service record (date, kind, hours, description)."""
    actor = request.user
    record = service_record_get(actor, pk)
    org = record.org
    require_record(actor, org, "您无权修改该服务记录")
    initial = {
        "served_on": record.served_on,
        "kind": record.kind,
        "hours": record.hours,
        "description": record.description,
    }
    form = ServiceRecordForm(
        posted(request), members=Person.objects.none(), single=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_record_update(actor=actor, record=record, data=form.service_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
            record.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:servicerecord-detail", pk=record.pk)
    return form_page(
        request,
        "ledger/record_form.html",
        form,
        title=f"修改服务记录 · {record.person.name}",
        org=org,
        delete_url=reverse("ledger:servicerecord-delete", args=[record.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_record_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a service record entered by mistake (confirm, then POST; audited)."""
    actor = request.user
    record = service_record_get(actor, pk)
    org = record.org
    return delete_page(
        request,
        org=org,
        label="服务记录",
        name=f"{record.person.name} · {record.get_kind_display()}",
        delete=lambda: service_record_delete(actor=actor, record=record),
        done_url=reverse("ledger:org-ledger", args=[org.pk]),
        cancel_url=reverse("ledger:servicerecord-detail", args=[record.pk]),
        denied="您无权删除该服务记录",
        facts=[
            ("党员", f"{record.person.name}（{record.person.number}）"),
            ("服务日期", f"{record.served_on:%Y-%m-%d}"),
            ("时长", f"{record.hours} 小时"),
        ],
    )


@login_required
@require_GET
def service_record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = service_record_get(request.user, pk)
    return _detail(request, "ledger/service_record_detail.html", record.org, record=record)


# ---- tasks (C07.1) -------------------------------------------------------------------------------


def _task_form(request: HttpRequest, org: Organization, **kwargs: Any) -> TaskForm:
    owner = kwargs.pop("owner_id", None)
    extra = (owner,) if owner else ()
    return TaskForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        owners=_people(org, *extra),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a task of org `pk` with owner, procedure steps and due date."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = _task_form(request, org, initial={"assigned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            task = task_entry_save(
                actor=actor, org=org, data=form.task_data(), files=form.cleaned_data["attachments"]
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已登记任务“{task.title}”")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request, "ledger/task_form.html", form, title=f"登记任务 · {org.name}", org=org
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a task or record its completion (date, note, optional evidence)."""
    actor = request.user
    task = task_get(actor, pk)
    org = task.org
    require_record(actor, org, "您无权修改该任务")
    initial = {
        "title": task.title,
        "owner": task.owner_id,
        "steps": task.steps,
        "assigned_on": task.assigned_on,
        "due_on": task.due_on,
        "completed_on": task.completed_on,
        "completion_note": task.completion_note,
    }
    form = _task_form(request, org, initial=initial, owner_id=task.owner_id)
    if request.method == "POST" and form.is_valid():
        try:
            task_entry_save(
                actor=actor,
                task=task,
                data=form.task_data(),
                files=form.cleaned_data["attachments"],
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
            task.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:task-detail", pk=task.pk)
    return form_page(
        request,
        "ledger/task_form.html",
        form,
        title=f"修改任务 · {task.title}",
        org=org,
        attachments=list(task.attachments.all()),
        delete_url=reverse("ledger:task-delete", args=[task.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a task entered by mistake, with its completion evidence (confirm, then POST)."""
    actor = request.user
    task = task_get(actor, pk)
    org = task.org
    return delete_page(
        request,
        org=org,
        label="任务",
        name=task.title,
        delete=lambda: task_delete(actor=actor, task=task),
        done_url=reverse("ledger:org-ledger", args=[org.pk]),
        cancel_url=reverse("ledger:task-detail", args=[task.pk]),
        denied="您无权删除该任务",
        facts=[
            ("责任人", task.owner.name),
            ("布置日期", f"{task.assigned_on:%Y-%m-%d}"),
            ("完成时限", f"{task.due_on:%Y-%m-%d}"),
        ],
        warning="任务的完成佐证附件将一并删除。",
    )


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get(request.user, pk)
    today = timezone.localdate()
    overdue = task.due_on < today and (task.completed_on is None or not task.on_time)
    return _detail(
        request,
        "ledger/task_detail.html",
        task.org,
        task=task,
        overdue=overdue,
        attachments=list(task.attachments.all()),
    )


@login_required
@require_GET
def overdue_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """逾期任务: tasks in the org's subtree past their due date, open or completed late."""
    actor = request.user
    org = org_for_view(actor, pk)
    today = timezone.localdate()
    page = paginate(overdue_task_list(actor, org, today), request.GET.get("page"), OVERDUE_PER_PAGE)
    return _detail(request, "ledger/overdue_tasks.html", org, page=page, today=today)


# ---- disclosures (C07.2) -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a party-affairs disclosure of org `pk`, public or internal."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = DisclosureForm(posted(request), initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_create(actor=actor, org=org, data=form.disclosure_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已登记党务公开“{form.cleaned_data['title']}”")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request, "ledger/record_form.html", form, title=f"登记党务公开 · {org.name}", org=org
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    disclosure = disclosure_get(actor, pk)
    org = disclosure.org
    require_record(actor, org, "您无权修改该党务公开")
    initial = {
        "title": disclosure.title,
        "published_on": disclosure.published_on,
        "scope": disclosure.scope,
        "channel": disclosure.channel,
        "content": disclosure.content,
    }
    form = DisclosureForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_update(actor=actor, disclosure=disclosure, data=form.disclosure_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
            disclosure.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:disclosure-detail", pk=disclosure.pk)
    return form_page(
        request,
        "ledger/record_form.html",
        form,
        title=f"修改 · {disclosure.title}",
        org=org,
        delete_url=reverse("ledger:disclosure-delete", args=[disclosure.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a party-affairs disclosure entered by mistake (confirm, then POST; audited)."""
    actor = request.user
    disclosure = disclosure_get(actor, pk)
    org = disclosure.org
    return delete_page(
        request,
        org=org,
        label="党务公开",
        name=disclosure.title,
        delete=lambda: disclosure_delete(actor=actor, disclosure=disclosure),
        done_url=reverse("ledger:org-ledger", args=[org.pk]),
        cancel_url=reverse("ledger:disclosure-detail", args=[disclosure.pk]),
        denied="您无权删除该党务公开",
        facts=[
            ("公开日期", f"{disclosure.published_on:%Y-%m-%d}"),
            ("公开范围", disclosure.get_scope_display()),
        ],
    )


@login_required
@require_GET
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = disclosure_get(request.user, pk)
    return _detail(request, "ledger/disclosure_detail.html", disclosure.org, item=disclosure)
