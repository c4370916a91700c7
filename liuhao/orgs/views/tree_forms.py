"""Form views on the org tree: create, edit, move, dissolve (issue 2 item 2).

Each view parses a form and calls one service of orgs.services.tree. A ValidationFailed from the
service is shown on the form (naming the field in Chinese) and nothing is saved; NotPermitted becomes
the 403 page, objects outside scope the 404 page (core middleware).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.orgs import permissions
from liuhao.orgs.choices import ALLOWED_CHILDREN, OrgKind
from liuhao.orgs.forms import (
    OrgCreateForm,
    OrgDissolveForm,
    OrgEditForm,
    OrgMoveForm,
    add_service_error,
    posted,
)
from liuhao.orgs.models import Organization, subtree_q
from liuhao.orgs.selectors import orgs as org_selectors
from liuhao.orgs.selectors.scope import visible_orgs
from liuhao.orgs.services import tree as tree_services


def _form_page(
    request: HttpRequest, form: Form, *, title: str, org: Organization | None, **extra: Any
) -> HttpResponse:
    breadcrumbs = org_selectors.org_breadcrumbs(request.user, org) if org is not None else []
    context = {"form": form, "title": title, "org": org, "breadcrumbs": breadcrumbs, **extra}
    return render(request, "orgs/org_form.html", context, status=400 if form.errors else 200)


def _require_active(org: Organization) -> None:
    if not org.is_active:
        raise InvalidState(f"“{org.name}”已撤销，不能再修改")


@login_required
@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """New sub-org under org `pk`; without `pk`, a new university committee (province admin only)."""
    actor = request.user
    parent = org_selectors.org_get(actor, pk) if pk is not None else None
    if parent is None:
        if not permissions.can_create_university(actor):
            raise NotPermitted("只有省级管理员可以新建高校党委")
    else:
        if not permissions.can_manage_org(actor, parent):
            raise NotPermitted("您无权在该组织下新建组织")
        _require_active(parent)
        if not ALLOWED_CHILDREN.get(parent.kind):
            raise InvalidState(f"“{OrgKind(parent.kind).label}”下不能再设下级组织")
    form = OrgCreateForm(posted(request), parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            org = tree_services.org_create(actor=actor, data=form.service_data(parent))
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已新建“{org.name}”")
            return redirect("orgs:org-detail", pk=org.pk)
    title = f"在“{parent.name}”下新建组织" if parent else "新建高校党委"
    return _form_page(request, form, title=title, org=parent, submit="新建")


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit name, branch type, unit count and founding date."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    if not permissions.can_manage_org(actor, org):
        raise NotPermitted("您无权修改该组织")
    _require_active(org)
    form = OrgEditForm(posted(request), org=org)
    if request.method == "POST" and form.is_valid():
        try:
            tree_services.org_update(actor=actor, org=org, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
            org.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("orgs:org-detail", pk=org.pk)
    return _form_page(request, form, title=f"修改“{org.name}”", org=org, submit="保存")


def move_candidates(actor: Any, org: Organization) -> Any:
    """Orgs that may become `org`'s parent: same university, active, of a kind that may hold it,
    outside its own subtree (so the list never offers a cycle)."""
    parent_kinds = [kind for kind, allowed in ALLOWED_CHILDREN.items() if org.kind in allowed]
    return (
        visible_orgs(actor)
        .filter(university_id=org.university_id, dissolved_on__isnull=True, kind__in=parent_kinds)
        .exclude(subtree_q(org.path))
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an org (with its subtree) under another parent; cycles are refused with a message."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    if not permissions.can_manage_org(actor, org):
        raise NotPermitted("您无权移动该组织")
    _require_active(org)
    if org.is_university:
        raise InvalidState("高校党委是顶层组织，不能移动")
    form = OrgMoveForm(
        posted(request),
        candidates=move_candidates(actor, org),
        visible=visible_orgs(actor),
        initial={"new_parent": org.parent_id},
    )
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            tree_services.org_move(actor=actor, org=org, new_parent=target)
        except ValidationFailed as exc:
            # Every refusal of a move is about the chosen parent: show it on the field used.
            form.add_error(
                "parent_code" if form.cleaned_data.get("parent_code") else "new_parent", exc.message
            )
        else:
            messages.success(request, f"已把“{org.name}”移到“{target.name}”之下")
            return redirect("orgs:org-detail", pk=org.pk)
    return _form_page(request, form, title=f"移动“{org.name}”", org=org, submit="移动")


@login_required
@require_http_methods(["GET", "POST"])
def org_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Dissolve an org with a date and reason; its row and history are kept."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    if not permissions.can_manage_org(actor, org):
        raise NotPermitted("您无权撤销该组织")
    _require_active(org)
    if org.is_university:
        raise InvalidState("高校党委不能撤销")
    form = OrgDissolveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            tree_services.org_dissolve(
                actor=actor,
                org=org,
                on=form.cleaned_data["dissolved_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
            org.refresh_from_db()
        else:
            messages.success(request, f"已撤销“{org.name}”，其历史记录仍保留")
            return redirect("orgs:org-detail", pk=org.pk)
    return _form_page(
        request,
        form,
        title=f"撤销“{org.name}”",
        org=org,
        submit="确认撤销",
        danger=True,
        confirm=f"确定要撤销“{org.name}”吗？",
        note="撤销前须先撤销或移走其下级组织，并转出全部党员。撤销后组织及其历史记录仍会保留。",
    )
