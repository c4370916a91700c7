"""Web views of the org tree: browser, search, org page, member list and export, audit page.

Views parse the request, call selectors, and render a full page or, for HTMX requests, a template
partial (CONVENTIONS B7). Every lookup goes through the actor's scope: objects outside it answer 404.
The forms (create, edit, move, dissolve) live in views/tree_forms.py and are re-exported here, so the
URL map keeps naming `tree.<view>`.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails
from openpyxl import Workbook

from liuhao.core.exceptions import NotPermitted
from liuhao.core.pagination import paginate
from liuhao.core.roles import Capability
from liuhao.orgs import permissions
from liuhao.orgs.choices import ALLOWED_CHILDREN, STAGE_DATE_FIELDS, MembershipStage, PersonCategory
from liuhao.orgs.models import Membership, Organization
from liuhao.orgs.selectors import orgs as org_selectors
from liuhao.orgs.selectors.audit import audit_list, audit_rows
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.views.tree_forms import org_create, org_dissolve, org_edit, org_move

__all__ = [
    "org_audit",
    "org_browser",
    "org_children",
    "org_create",
    "org_detail",
    "org_dissolve",
    "org_edit",
    "org_members",
    "org_members_export",
    "org_move",
    "org_search",
]


class HtmxHttpRequest(HttpRequest):
    """A request seen by django-htmx's middleware (for type checking)."""

    htmx: HtmxDetails


MEMBERS_ON_ORG_PAGE = 10
MEMBERS_PER_PAGE = 30
AUDIT_PER_PAGE = 30
# Kinds that may have children: only their nodes get an expander in the browser (no query per node).
EXPANDABLE_KINDS = frozenset(kind for kind, allowed in ALLOWED_CHILDREN.items() if allowed)


def org_permissions(actor: Any, org: Organization) -> dict[str, bool]:
    """What the actor may do on `org`, for showing links (no query: the scope is cached)."""
    active = org.is_active
    manage = permissions.can_manage_org(actor, org)
    return {
        "manage_org": manage and active,
        "create_child": manage and active and bool(ALLOWED_CHILDREN.get(org.kind)),
        "move": manage and active and not org.is_university,
        "dissolve": manage and active and not org.is_university,
        "view_people": permissions.can_view_people(actor, org),
        "manage_people": permissions.can_manage_people(actor, org) and active,
        "view_audit": permissions.can_view_audit(actor, org),
        "view_assessment": scope_for(actor).can(Capability.VIEW_ASSESSMENT, org),
        "handle_requests": scope_for(actor).can(Capability.HANDLE_REQUESTS, org),
        # The same rule as surveys.permissions.can_view_survey_results (orgs may not import it).
        "view_surveys": scope_for(actor).can(Capability.RECORD_LEDGER, org)
        or scope_for(actor).can(Capability.VIEW_ASSESSMENT, org),
    }


def parse_day(raw: str | None) -> dt.date | None:
    """An ISO date from a query string, or None when it is missing or impossible."""
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


@login_required
@require_GET
def org_browser(request: HttpRequest) -> HttpResponse:
    """The org tree: the roots of the actor's scope, expandable, with a live search box."""
    return render(
        request,
        "orgs/org_browser.html",
        {
            "roots": list(org_selectors.org_roots(request.user)),
            "expandable": EXPANDABLE_KINDS,
            "query": "",
            "results": None,
        },
    )


@login_required
@require_GET
def org_search(request: HtmxHttpRequest) -> HttpResponse:
    """Search by name, full pinyin or initials ("jsj" → 计算机…); HTMX gets the result list only."""
    query = (request.GET.get("q") or "").strip()[:50]
    results = org_selectors.org_search(request.user, query) if query else None
    context = {"query": query, "results": results, "expandable": EXPANDABLE_KINDS}
    if request.htmx:
        return render(request, "orgs/org_browser.html#search-results", context)
    context["roots"] = list(org_selectors.org_roots(request.user))
    return render(request, "orgs/org_browser.html", context)


@login_required
@require_GET
def org_children(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The children of one node (HTMX partial); a plain request goes to the org page."""
    org = org_selectors.org_get(request.user, pk)
    if not request.htmx:
        return redirect("orgs:org-detail", pk=org.pk)
    children = list(org_selectors.org_children(request.user, org))
    return render(
        request,
        "orgs/org_browser.html#children",
        {"org": org, "children": children, "expandable": EXPANDABLE_KINDS},
    )


@login_required
@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The org page: leadership on a date, posts, sub-orgs, counts, warnings, first members.

    A constant number of queries whatever the subtree size: grouped counts (org_stats) and one
    page of members; nothing is queried per row.
    """
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    today = timezone.localdate()
    raw_as_of = request.GET.get("as_of")
    as_of = parse_day(raw_as_of) or today
    as_of_error = (
        "日期格式不正确，已改为显示今天的班子成员" if raw_as_of and not parse_day(raw_as_of) else ""
    )
    can = org_permissions(actor, org)
    stats = org_selectors.org_stats(org)
    members = None
    if can["view_people"]:
        members = paginate(
            org_selectors.org_member_list(actor, org), 1, per_page=MEMBERS_ON_ORG_PAGE
        )
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org)[:-1],
        "as_of": as_of,
        "as_of_error": as_of_error,
        "today": today,
        "leadership": org_selectors.org_leadership(org, as_of),
        "positions": org_selectors.org_positions(org, as_of),
        "children": list(org_selectors.org_children(actor, org)),
        "stats": stats,
        "warnings": org_selectors.org_structural_warnings(org, stats, today),
        "members": members,
        "can": can,
        "expandable": EXPANDABLE_KINDS,
    }
    return render(request, "orgs/org_detail.html", context)


def _member_filters(request: HttpRequest) -> dict[str, Any]:
    stage = request.GET.get("stage") or ""
    if stage not in MembershipStage.values:
        stage = ""
    return {
        "stage": stage,
        "query": (request.GET.get("q") or "").strip()[:50],
        "subtree": request.GET.get("subtree", "1") != "0",
    }


def _members_or_403(actor: Any, org: Organization, filters: dict[str, Any]) -> QuerySet[Membership]:
    if not permissions.can_view_people(actor, org):
        raise NotPermitted("您无权查看该组织的党员名单")
    return org_selectors.org_member_list(
        actor,
        org,
        stage=filters["stage"] or None,
        query=filters["query"],
        subtree=filters["subtree"],
    )


@login_required
@require_GET
def org_members(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The member list: filter by stage, search by name/number/pinyin, subtree toggle, pages."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    filters = _member_filters(request)
    page = paginate(_members_or_403(actor, org, filters), request.GET.get("page"), MEMBERS_PER_PAGE)
    context = {
        "org": org,
        "page": page,
        "filters": filters,
        "stages": MembershipStage.choices,
        "can": org_permissions(actor, org),
    }
    if request.htmx:
        return render(request, "orgs/org_members.html#results", context)
    context["breadcrumbs"] = org_selectors.org_breadcrumbs(actor, org)[:-1]
    return render(request, "orgs/org_members.html", context)


EXPORT_DATE_LABELS = {
    "applied_on": "递交入党申请日期",
    "activist_on": "确定积极分子日期",
    "candidate_on": "确定发展对象日期",
    "admitted_on": "接收预备党员日期",
    "full_on": "转为正式党员日期",
}


EXPORT_COLUMNS = ["person__name", "person__number", "person__category", "org__name", "stage"]


def member_workbook(members: QuerySet[Membership]) -> bytes:
    """The member list as .xlsx: write-only mode, plain value rows (no model instances), and only
    the columns a roster needs (姓名, 工号/学号, 人员类别, 所在党支部, 发展阶段, stage dates)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员名单")
    date_fields = list(STAGE_DATE_FIELDS.values())
    sheet.append(
        ["姓名", "工号/学号", "人员类别", "所在党支部", "发展阶段"]
        + [EXPORT_DATE_LABELS[f] for f in date_fields]
    )
    categories = dict(PersonCategory.choices)
    stages = dict(MembershipStage.choices)
    for row in members.values_list(*EXPORT_COLUMNS, *date_fields).iterator(chunk_size=2000):
        name, number, category, org_name, stage, *dates = row
        sheet.append(
            [
                name,
                number,
                categories.get(category, category),
                org_name,
                stages.get(stage, stage),
                *dates,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
@require_GET
def org_members_export(request: HttpRequest, pk: int) -> FileResponse:
    """Excel export of the (filtered) member list, scoped like the list itself."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    content = member_workbook(_members_or_403(actor, org, _member_filters(request)))
    filename = f"{org.name}-党员名单-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_GET
def org_audit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Audit trail of the org and its subtree, newest first (VIEW_AUDIT)."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    page = paginate(audit_list(actor, org), request.GET.get("page"), AUDIT_PER_PAGE)
    context = {"org": org, "page": page, "rows": audit_rows(actor, page.items)}
    if request.htmx:
        return render(request, "orgs/org_audit.html#rows", context)
    context["breadcrumbs"] = org_selectors.org_breadcrumbs(actor, org)[:-1]
    return render(request, "orgs/org_audit.html", context)
