"""The calendar page: a university's term starts and the working-day overrides (issue 2 item 4).

Shows, for the current and next academic year, the period codes (`2025-2026`, `2025-2026-1`, …) with
their dates, and whether each calendar year is known to chinese-calendar or covered by overrides.
Writes go through orgs.services.calendar (atomic, audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from liuhao.core.exceptions import NotFound, NotPermitted, ValidationFailed
from liuhao.core.roles import Role
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.forms import AcademicCalendarForm, WorkdayOverrideForm, add_service_error
from liuhao.orgs.models import AcademicCalendar, Organization, WorkdayOverride
from liuhao.orgs.periods import DefaultTermStarts, TermStarts, make_period, period_containing
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.services import calendar as calendar_services
from liuhao.orgs.workdays import WorkdayCalendar


def editable_universities(actor: Any) -> list[Organization]:
    """Universities whose calendar the actor may edit: all for the province, else its own."""
    scope = scope_for(actor)
    qs = Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE)
    if not scope.is_province:
        ids = {g.org_id for g in scope.grants if g.role == Role.UNIVERSITY_ADMIN and g.org_id}
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("name_pinyin"))


def _selected(request: HttpRequest, universities: list[Organization]) -> Organization:
    raw = request.POST.get("university") or request.GET.get("university")
    if not raw:
        return universities[0]
    for university in universities:
        if str(university.pk) == raw:
            return university
    raise NotFound("未找到该高校，或您无权维护其校历")


def _periods(starts: TermStarts, today: dt.date) -> list[dict[str, Any]]:
    first = period_containing(today, "year", starts).start_year
    years = []
    for start_year in (first, first + 1):
        year = make_period(start_year, None, starts)
        years.append({"year": year, "terms": year.terms(starts), "current": start_year == first})
    return years


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest) -> HttpResponse:
    """Edit term starts; list, add and delete working-day overrides (admins only)."""
    actor = request.user
    universities = editable_universities(actor)
    if not universities:
        raise NotPermitted("只有省级管理员或高校管理员可以维护校历")
    university = _selected(request, universities)
    stored = AcademicCalendar.objects.filter(university=university).first()
    starts: TermStarts = stored or DefaultTermStarts()
    initial = {
        "term1_start_month": starts.term1_start_month,
        "term1_start_day": starts.term1_start_day,
        "term2_start_month": starts.term2_start_month,
        "term2_start_day": starts.term2_start_day,
    }
    action = request.POST.get("action") if request.method == "POST" else None
    terms_form = AcademicCalendarForm(request.POST if action == "terms" else None, initial=initial)
    override_form = WorkdayOverrideForm(request.POST if action == "add_override" else None)
    here = f"{reverse('orgs:calendar')}?university={university.pk}"
    try:
        if action == "terms" and terms_form.is_valid():
            calendar_services.academic_calendar_update(
                actor=actor, university=university, data=terms_form.cleaned_data
            )
            messages.success(request, "已保存学期开始日期")
            return redirect(here)
        if action == "add_override" and override_form.is_valid():
            calendar_services.workday_override_create(
                actor=actor, university=university, data=override_form.service_data()
            )
            messages.success(request, "已添加工作日调整")
            return redirect(here)
        if action == "delete_override":
            override = WorkdayOverride.objects.filter(pk=_int(request.POST.get("override"))).first()
            if override is None:
                raise NotFound("未找到该调整记录")
            calendar_services.workday_override_delete(
                actor=actor, university=university, override=override
            )
            messages.success(request, f"已删除 {override.date} 的调整")
            return redirect(here)
    except ValidationFailed as exc:
        add_service_error(terms_form if action == "terms" else override_form, exc)
    if action is not None and action not in ("terms", "add_override", "delete_override"):
        messages.error(request, "未知的操作")
    today = timezone.localdate()
    since = dt.date(today.year - 1, 1, 1)
    workdays = WorkdayCalendar.load(start=since)
    periods = _periods(starts, today)
    calendar_years = range(periods[0]["year"].start.year, periods[-1]["year"].end.year + 1)
    context = {
        "universities": universities,
        "university": university,
        "terms_form": terms_form,
        "override_form": override_form,
        "periods": periods,
        "years_known": [(y, workdays.year_is_known(y)) for y in calendar_years],
        "overrides": list(WorkdayOverride.objects.filter(date__gte=since).order_by("date")),
        "today": today,
    }
    failed = terms_form.errors or override_form.errors
    return render(request, "orgs/calendar.html", context, status=400 if failed else 200)


def _int(raw: str | None) -> int:
    try:
        return int(raw or "")
    except ValueError:
        return -1
