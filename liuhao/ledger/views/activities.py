"""Activity forms: record (with attendance, a decision and attachments), correct, delete, and add,
correct or delete a decision of a decision meeting.

DESIGN §8: only org, kind, date and topic are required; the attendance list is the org's roster, and
"全部出席并保存" marks everyone not marked otherwise as present in one tap. Each submit runs one
all-or-nothing service; a refusal is shown on the form naming the field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from liuhao.core.exceptions import ValidationFailed
from liuhao.ledger.choices import ActivityKind, AttendanceStatus
from liuhao.ledger.forms import ActivityForm, DecisionForm
from liuhao.ledger.models import Activity, Attendance
from liuhao.ledger.overview import roster_persons
from liuhao.ledger.selectors import activity_get, decision_get
from liuhao.ledger.services import activity_delete, decision_record
from liuhao.ledger.services.corrections import decision_delete, decision_update
from liuhao.ledger.services.entry import activity_entry_save
from liuhao.ledger.views.common import delete_page, form_page, org_for_view, require_record
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization, Person


def _roster_day(request: HttpRequest, default: dt.date) -> tuple[str, dt.date]:
    """The kind and day whose roster the form lists: as posted when valid, else the default."""
    today = timezone.localdate()
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    day = default
    raw = request.POST.get("held_on") if request.method == "POST" else None
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = default
    return (kind if kind in ActivityKind.values else ""), min(day, today)


def _save(
    request: HttpRequest, form: ActivityForm, org: Organization, activity: Activity | None
) -> Activity | None:
    try:
        return activity_entry_save(
            actor=request.user,
            org=org,
            activity=activity,
            data=form.activity_data(),
            statuses=form.statuses(),
            all_present="all_present" in request.POST,
            decision=form.decision(),
            files=form.cleaned_data["attachments"],
        )
    except ValidationFailed as exc:
        add_service_error(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an activity of org `pk` in under a minute: kind, date, topic, then "全部出席并保存"."""
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    today = timezone.localdate()
    kind, day = _roster_day(request, today)
    form = ActivityForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        roster=roster_persons(org, kind, day),
        initial={"held_on": today},
    )
    if request.method == "POST" and form.is_valid():
        activity = _save(request, form, org, None)
        if activity is not None:
            messages.success(request, f"已登记活动“{activity.topic}”")
            return redirect("ledger:activity-detail", pk=activity.pk)
    return form_page(
        request,
        "ledger/activity_create.html",
        form,
        title=f"登记活动 · {org.name}",
        org=org,
        submit="保存",
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an activity; its attendance is pre-filled and may be changed person by person."""
    actor = request.user
    activity = activity_get(actor, pk)
    org = activity.org
    require_record(actor, org, "您无权修改该活动")
    current = dict(Attendance.objects.filter(activity=activity).values_list("person_id", "status"))
    kind, day = _roster_day(request, activity.held_on)
    roster = roster_persons(org, kind or activity.kind, day)
    marked = {p.pk for p in roster}
    # Persons already marked but no longer on the roster (left the org since) stay listed.
    missing = [pk for pk in current if pk not in marked]
    if missing:
        roster += list(Person.objects.filter(pk__in=missing).order_by("number"))
    initial: dict[str, Any] = {
        "kind": activity.kind,
        "held_on": activity.held_on,
        "topic": activity.topic,
        "place": activity.place,
        "summary": activity.summary,
        "culture_tag": activity.culture_tag,
        "is_decision_meeting": activity.is_decision_meeting,
    }
    form = ActivityForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        roster=roster,
        current=current,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, org, activity)
        if saved is not None:
            messages.success(request, "已保存修改")
            return redirect("ledger:activity-detail", pk=activity.pk)
        activity.refresh_from_db()
    return form_page(
        request,
        "ledger/activity_edit.html",
        form,
        title=f"修改活动 · {activity.topic}",
        org=org,
        activity=activity,
        submit="保存",
        statuses=AttendanceStatus.choices,
    )


@login_required
@require_POST
def activity_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an activity entered by mistake (with its attendance, decisions and attachments)."""
    actor = request.user
    activity = activity_get(actor, pk)
    org = activity.org
    activity_delete(actor=actor, activity=activity)
    messages.success(request, f"已删除活动“{activity.topic}”")
    return redirect("ledger:org-ledger", pk=org.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision of a decision meeting with those entitled and present (Criterion C02.3)."""
    actor = request.user
    activity = activity_get(actor, pk)
    org = activity.org
    require_record(actor, org, "您无权登记该会议的决议")
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(actor=actor, activity=activity, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记决议")
            return redirect("ledger:activity-detail", pk=activity.pk)
    return form_page(
        request,
        "ledger/decision_create.html",
        form,
        title=f"登记决议 · {activity.topic}",
        org=org,
        activity=activity,
        submit="保存",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a decision: its text, those entitled and those present (Criterion C02.3)."""
    actor = request.user
    decision = decision_get(actor, pk)
    activity = decision.activity
    org = activity.org
    require_record(actor, org, "您无权修改该决议")
    initial = {
        "text": decision.text,
        "members_entitled": decision.members_entitled,
        "members_present": decision.members_present,
    }
    form = DecisionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            decision_update(actor=actor, decision=decision, data=data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
            decision.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("ledger:activity-detail", pk=activity.pk)
    return form_page(
        request,
        "ledger/decision_create.html",
        form,
        title=f"修改决议 · {activity.topic}",
        org=org,
        activity=activity,
        submit="保存",
        delete_url=reverse("ledger:decision-delete", args=[decision.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a decision entered by mistake (confirm, then POST; audited)."""
    actor = request.user
    decision = decision_get(actor, pk)
    activity = decision.activity
    return delete_page(
        request,
        org=activity.org,
        label="决议",
        name=decision.text[:40],
        delete=lambda: decision_delete(actor=actor, decision=decision),
        done_url=reverse("ledger:activity-detail", args=[activity.pk]),
        cancel_url=reverse("ledger:activity-detail", args=[activity.pk]),
        denied="您无权删除该决议",
        facts=[
            ("会议", f"{activity.held_on:%Y-%m-%d} {activity.topic}"),
            ("应到 / 实到", f"{decision.members_entitled} / {decision.members_present}"),
        ],
    )
