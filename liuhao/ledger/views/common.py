"""Shared pieces of the ledger views: scoped org lookup with the write check, the form page and the
delete confirmation page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.ledger.permissions import can_record_ledger
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors import orgs as org_selectors


def org_for_view(actor: Any, pk: int) -> Organization:
    """The org in the actor's scope, else 404."""
    return org_selectors.org_get(actor, pk)


def require_record(
    actor: Any, org: Organization, message: str = "您无权登记该组织的工作台账"
) -> None:
    """403 unless the actor holds Capability.RECORD_LEDGER over `org`."""
    if not can_record_ledger(actor, org):
        raise NotPermitted(message)


def form_page(
    request: HttpRequest,
    template: str,
    form: Form,
    *,
    title: str,
    org: Organization,
    **extra: Any,
) -> HttpResponse:
    """Render a ledger form page; 400 when the form carries errors (nothing was stored)."""
    context = {
        "form": form,
        "title": title,
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(request.user, org),
        **extra,
    }
    return render(request, template, context, status=400 if form.errors else 200)


def delete_page(
    request: HttpRequest,
    *,
    org: Organization,
    label: str,
    name: str,
    delete: Callable[[], None],
    done_url: str,
    cancel_url: str,
    denied: str,
    facts: list[tuple[str, Any]] | None = None,
    warning: str = "",
) -> HttpResponse:
    """Delete a record entered by mistake: GET asks for confirmation, POST calls `delete` (a service:
    permission-checked and audited) and goes to `done_url`. Writers only (else 403); the record was
    looked up in the actor's scope (else 404). A refusal of the service is shown, nothing deleted."""
    require_record(request.user, org, f"您无权删除该{label}")
    error = ""
    if request.method == "POST":
        try:
            delete()
        except ValidationFailed as exc:
            error = exc.message
        else:
            messages.success(request, f"已删除{label}“{name}”")
            return redirect(done_url)
    context = {
        "title": f"删除{label}",
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(request.user, org),
        "label": label,
        "name": name,
        "facts": facts or [],
        "warning": warning,
        "error": error,
        "cancel_url": cancel_url,
    }
    return render(request, "ledger/record_delete.html", context, status=400 if error else 200)
