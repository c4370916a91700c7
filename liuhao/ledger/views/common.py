"""Shared pieces of the ledger views: scoped org lookup with the write check, the form page."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from liuhao.core.exceptions import NotPermitted
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
