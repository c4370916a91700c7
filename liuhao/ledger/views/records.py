"""Forms for plan documents (Criterion C02.1), contact pairs (C03.1) and contact visits (C03.2):
create, correct and delete (a confirmation page, then POST).

Each view parses one form and calls one service; a refusal is shown on the form naming the field and
nothing is stored. Writing needs Capability.RECORD_LEDGER over the org (else 403); records outside
the actor's scope answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from liuhao.core.exceptions import ValidationFailed
from liuhao.ledger.forms import ContactPairEndForm, ContactPairForm, ContactVisitForm, PlanForm
from liuhao.ledger.overview import leader_choices
from liuhao.ledger.selectors import contact_pair_get, contact_visit_get, plan_get
from liuhao.ledger.services import contact_pair_create, contact_pair_end, contact_visit_record
from liuhao.ledger.services.corrections import (
    contact_pair_delete,
    contact_pair_update,
    contact_visit_delete,
    contact_visit_update,
    plan_delete,
)
from liuhao.ledger.services.entry import plan_entry_save
from liuhao.ledger.views.common import delete_page, form_page, org_for_view, require_record
from liuhao.orgs.forms import add_service_error, posted


def _files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an overall plan or implementation measures of org `pk` on file."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = PlanForm(posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan_entry_save(
                actor=actor, org=org, data=form.plan_data(), files=form.cleaned_data["attachments"]
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已登记“{form.cleaned_data['title']}”")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request, "ledger/plan_create.html", form, title=f"登记规划与实施办法 · {org.name}", org=org
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a plan document or close its validity."""
    actor = request.user
    plan = plan_get(actor, pk)
    org = plan.org
    require_record(actor, org, "您无权修改该文件")
    initial = {
        "kind": plan.kind,
        "title": plan.title,
        "valid_from": plan.valid_from,
        "valid_until": plan.valid_until,
        "approved_on": plan.approved_on,
    }
    form = PlanForm(posted(request), _files(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_entry_save(
                actor=actor,
                plan=plan,
                data=form.plan_data(),
                files=form.cleaned_data["attachments"],
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
            plan.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:org-ledger", pk=org.pk)
    attachments = list(plan.attachments.all())
    return form_page(
        request,
        "ledger/plan_edit.html",
        form,
        title=f"修改 · {plan.title}",
        org=org,
        plan=plan,
        attachments=attachments,
        delete_url=reverse("ledger:plan-delete", args=[plan.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a plan document entered by mistake, with its attachments (confirm, then POST)."""
    actor = request.user
    plan = plan_get(actor, pk)
    org = plan.org
    return delete_page(
        request,
        org=org,
        label="文件",
        name=plan.title,
        delete=lambda: plan_delete(actor=actor, plan=plan),
        done_url=reverse("ledger:org-ledger", args=[org.pk]),
        cancel_url=reverse("ledger:plan-edit", args=[plan.pk]),
        denied="您无权删除该文件",
        facts=[("文件类型", plan.get_kind_display()), ("生效日期", f"{plan.valid_from:%Y-%m-%d}")],
        warning="文件的附件将一并删除。",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_pair_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair a leadership member of org `pk` with a service target."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = ContactPairForm(
        posted(request),
        leaders=leader_choices(org),
        org=org,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact_pair_create(actor=actor, org=org, data=form.pair_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记结对联系")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request,
        "ledger/contact_pair_create.html",
        form,
        title=f"登记结对联系 · {org.name}",
        org=org,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_pair_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """End a contact pair on a date (not before it started)."""
    actor = request.user
    pair = contact_pair_get(actor, pk)
    org = pair.org
    require_record(actor, org, "您无权修改该结对联系")
    form = ContactPairEndForm(posted(request), initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            contact_pair_end(actor=actor, pair=pair, on=form.cleaned_data["ended_on"])
        except ValidationFailed as exc:
            add_service_error(form, exc)
            pair.refresh_from_db()
        else:
            messages.success(request, "已结束结对联系")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request,
        "ledger/contact_pair_end.html",
        form,
        title=f"结束结对联系 · {pair.leader.name} → {pair.target.name}",
        org=org,
        pair=pair,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_visit_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a contact visit or research trip of a leadership member of org `pk`."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = ContactVisitForm(
        posted(request),
        leaders=leader_choices(org),
        org=org,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact_visit_record(actor=actor, org=org, data=form.visit_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记联系走访")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request,
        "ledger/contact_visit_create.html",
        form,
        title=f"登记联系走访 · {org.name}",
        org=org,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_pair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a contact pair: leader, target, dates, note (Criterion C03.1)."""
    actor = request.user
    pair = contact_pair_get(actor, pk)
    org = pair.org
    require_record(actor, org, "您无权修改该结对联系")
    initial = {
        "leader": pair.leader_id,
        "target": pair.target.number,
        "started_on": pair.started_on,
        "ended_on": pair.ended_on,
        "note": pair.note,
    }
    form = ContactPairForm(posted(request), leaders=leader_choices(org), org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_pair_update(actor=actor, pair=pair, data=form.pair_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
            pair.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request,
        "ledger/record_form.html",
        form,
        title=f"修改结对联系 · {pair.leader.name} → {pair.target.name}",
        org=org,
        delete_url=reverse("ledger:contact-pair-delete", args=[pair.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_pair_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a contact pair entered by mistake (ending a real pair is “结束”)."""
    actor = request.user
    pair = contact_pair_get(actor, pk)
    org = pair.org
    return delete_page(
        request,
        org=org,
        label="结对联系",
        name=f"{pair.leader.name} → {pair.target.name}",
        delete=lambda: contact_pair_delete(actor=actor, pair=pair),
        done_url=reverse("ledger:org-ledger", args=[org.pk]),
        cancel_url=reverse("ledger:org-ledger", args=[org.pk]),
        denied="您无权删除该结对联系",
        facts=[("结对开始日期", f"{pair.started_on:%Y-%m-%d}")],
        warning="结对已经结束的，请使用“结束”登记结束日期，不要删除。",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a contact visit (Criterion C03.2)."""
    actor = request.user
    visit = contact_visit_get(actor, pk)
    org = visit.org
    require_record(actor, org, "您无权修改该走访记录")
    initial = {
        "leader": visit.leader_id,
        "visited_on": visit.visited_on,
        "topic": visit.topic,
        "target": visit.target.number if visit.target else "",
        "place": visit.place,
        "findings": visit.findings,
    }
    form = ContactVisitForm(posted(request), leaders=leader_choices(org), org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_visit_update(actor=actor, visit=visit, data=form.visit_data())
        except ValidationFailed as exc:
            add_service_error(form, exc)
            visit.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:org-ledger", pk=org.pk)
    return form_page(
        request,
        "ledger/record_form.html",
        form,
        title=f"修改联系走访 · {visit.topic}",
        org=org,
        delete_url=reverse("ledger:contact-visit-delete", args=[visit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_visit_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a contact visit entered by mistake (confirm, then POST; audited)."""
    actor = request.user
    visit = contact_visit_get(actor, pk)
    org = visit.org
    return delete_page(
        request,
        org=org,
        label="联系走访",
        name=visit.topic,
        delete=lambda: contact_visit_delete(actor=actor, visit=visit),
        done_url=reverse("ledger:org-ledger", args=[org.pk]),
        cancel_url=reverse("ledger:contact-visit-edit", args=[visit.pk]),
        denied="您无权删除该走访记录",
        facts=[("班子成员", visit.leader.name), ("走访日期", f"{visit.visited_on:%Y-%m-%d}")],
    )
