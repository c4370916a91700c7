"""Edit and delete pages of the achievements records (Criteria C14.2, C16, C17) that the org pages
link to: a brand's edit page, a brand event's page (edit), and the delete actions of every record
type, each audited by its service. Out of scope → 404; writing needs Capability.RECORD_LEDGER over
the record's org (withdrawing a rating: the reviewer who gave it), else 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from liuhao.achievements import selectors, services
from liuhao.achievements.forms import BrandEventForm, BrandForm
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.ledger.permissions import can_record_ledger
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.selectors import orgs as org_selectors


@dataclass(frozen=True, slots=True)
class Deletable:
    """How one record type is found (in the actor's scope), deleted and where the page goes next."""

    path: str  # URL prefix of the record: "<path>/<pk>/delete/"
    get: Callable[[Any, int], Any]
    delete: Callable[[Any, Any], None]
    back: Callable[[Any], str]


DELETABLE: dict[str, Deletable] = {
    "commitment": Deletable(
        "commitments",
        selectors.commitment_get,
        lambda actor, r: services.commitment_delete(actor=actor, commitment=r),
        lambda r: reverse("achievements:org-commitments", args=[r.org_id]),
    ),
    "achievement": Deletable(
        "achievements",
        selectors.achievement_get,
        lambda actor, r: services.achievement_delete(actor=actor, achievement=r),
        lambda r: reverse("achievements:org-results", args=[r.org_id]),
    ),
    "output": Deletable(
        "outputs",
        selectors.output_get,
        lambda actor, r: services.output_delete(actor=actor, output=r),
        lambda r: reverse("achievements:org-results", args=[r.org_id]),
    ),
    "servicebrand": Deletable(
        "brands",
        selectors.brand_get,
        lambda actor, r: services.brand_delete(actor=actor, brand=r),
        lambda r: reverse("achievements:org-results", args=[r.org_id]),
    ),
    "brandevent": Deletable(
        "brand-events",
        selectors.brand_event_get,
        lambda actor, r: services.brand_event_delete(actor=actor, event=r),
        lambda r: reverse("achievements:servicebrand-detail", args=[r.brand_id]),
    ),
    "reviewrating": Deletable(
        "ratings",
        selectors.rating_get,
        lambda actor, r: services.review_rating_delete(actor=actor, rating=r),
        lambda r: reverse("achievements:org-results", args=[r.org_id]),
    ),
}


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Delete one record of `kind` (a brand with its history), audited; then back to its list."""
    spec = DELETABLE[kind]
    record = spec.get(request.user, pk)
    back = spec.back(record)
    spec.delete(request.user, record)
    messages.success(request, "已删除")
    return redirect(back)


def _form_page(
    request: HttpRequest,
    form: Any,
    record: Any,
    title: str,
    cancel: str,
    delete_url: str,
    readonly: bool = False,
) -> HttpResponse:
    org = record.org
    context = {
        "form": form,
        "title": title,
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(request.user, org),
        "cancel_url": cancel,
        "delete_url": "" if readonly else delete_url,
        "readonly": readonly,
        "attached": record,
    }
    return render(request, "achievements/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def brand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a service brand (C17.1): its name, dates and description; or delete it."""
    actor = request.user
    brand = selectors.brand_get(actor, pk)
    if not can_record_ledger(actor, brand.org):
        raise NotPermitted("您无权修改该服务品牌")
    fields = list(BrandForm.base_fields)
    form = BrandForm(posted(request), initial={f: getattr(brand, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_update(actor=actor, brand=brand, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
            brand.refresh_from_db()
        else:
            messages.success(request, "已保存")
            return redirect("achievements:servicebrand-detail", pk=brand.pk)
    return _form_page(
        request,
        form,
        brand,
        f"修改服务品牌 · {brand.name}",
        reverse("achievements:servicebrand-detail", args=[brand.pk]),
        reverse("achievements:servicebrand-delete", args=[brand.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of a brand's history: read-only for viewers; recorders edit or delete it."""
    actor = request.user
    event = selectors.brand_event_get(actor, pk)
    editable = can_record_ledger(actor, event.org)
    if request.method == "POST" and not editable:
        raise NotPermitted("您无权修改该品牌历程")
    fields = list(BrandEventForm.base_fields)
    form = BrandEventForm(posted(request), initial={f: getattr(event, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_event_update(actor=actor, event=event, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
            event.refresh_from_db()
        else:
            messages.success(request, "已保存")
            return redirect("achievements:servicebrand-detail", pk=event.brand_id)
    return _form_page(
        request,
        form,
        event,
        f"品牌历程 · {event.brand.name}",
        reverse("achievements:servicebrand-detail", args=[event.brand_id]),
        reverse("achievements:brandevent-delete", args=[event.pk]),
        readonly=not editable,
    )
