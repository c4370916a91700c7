"""The ledger page of an org, the activity page and attachment downloads (read-only views).

Everything is looked up inside the actor's scope (outside → 404); the ledger page lists one period
in a constant number of queries (grouped attendance counts, one page of activities).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liuhao.core.downloads import stored_file_response
from liuhao.core.pagination import paginate
from liuhao.ledger.choices import DECISION_KINDS, ActivityKind
from liuhao.ledger.models import Attachment
from liuhao.ledger.overview import (
    org_ledger_overview,
    period_or_current,
    recent_periods,
    term_starts,
)
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.selectors import activity_get, attachment_get, attendance_list, decision_list
from liuhao.ledger.views.common import org_for_view
from liuhao.orgs.selectors import orgs as org_selectors

ACTIVITIES_PER_PAGE = 20


@login_required
@require_GET
def org_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """台账: the org's activities, plans, contact pairs and visits of a period, filtered by kind."""
    actor = request.user
    org = org_for_view(actor, pk)
    today = timezone.localdate()
    starts = term_starts(org)
    period = period_or_current(request.GET.get("period"), today, starts)
    kind = request.GET.get("kind") or ""
    if kind not in ActivityKind.values:
        kind = ""
    overview = org_ledger_overview(actor, org, period, kind)
    page = paginate(overview.activities, request.GET.get("page"), ACTIVITIES_PER_PAGE)
    periods = recent_periods(today, starts)
    if period.code not in {p.code for p in periods}:
        periods.append(period)
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "overview": overview,
        "page": page,
        "period": period,
        "periods": periods,
        "kind": kind,
        "kinds": ActivityKind.choices,
        "can_record": can_record_ledger(actor, org),
    }
    if getattr(request, "htmx", False):
        return render(request, "ledger/org_ledger.html#activities", context)
    return render(request, "ledger/org_ledger.html", context)


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity: its record, attendance, decisions (with quorum) and attachments (sha256)."""
    actor = request.user
    activity = activity_get(actor, pk)
    org = activity.org
    attendance = list(attendance_list(actor, activity))
    counts = {"present": 0, "excused": 0, "absent": 0}
    for row in attendance:
        counts[row.status] += 1
    context = {
        "activity": activity,
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "attendance": attendance,
        "counts": counts,
        "decisions": list(decision_list(actor, activity)),
        "attachments": list(activity.attachments.all()),
        "can_record": can_record_ledger(actor, org),
        "decision_kind": activity.kind in DECISION_KINDS,
    }
    return render(request, "ledger/activity_detail.html", context)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Download an attachment in scope, under its original name."""
    return attachment_response(attachment_get(request.user, pk))


def attachment_response(attachment: Attachment) -> FileResponse:
    """An attachment as a download under its original name (web page and API)."""
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        missing="附件文件不存在",
    )
