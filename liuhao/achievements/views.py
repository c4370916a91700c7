"""Pages of the achievements app (承诺践诺与成果品牌), mounted at /achievements/.

Each view parses one form and calls one service; a refusal is shown on the form naming the field and
nothing is stored. Writing needs Capability.RECORD_LEDGER over the org (403 otherwise); rating needs
the reviewer role over the org; records outside the actor's scope answer 404.
Criteria C14.2, C16, C17.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from liuhao.achievements import selectors, services
from liuhao.achievements.forms import (
    AchievementForm,
    BrandEventForm,
    BrandForm,
    BulkCommitmentForm,
    CommitmentForm,
    OutputForm,
    RatingForm,
)
from liuhao.achievements.models import Commitment
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.selectors import member_person_ids
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.periods import Period, period_containing, period_from_code
from liuhao.orgs.selectors import orgs as org_selectors


def _org(actor: Any, pk: int) -> Organization:
    return org_selectors.org_get(actor, pk)


def _require_record(actor: Any, org: Organization) -> None:
    if not can_record_ledger(actor, org):
        raise NotPermitted("您无权登记该组织的承诺践诺与成果")


def _year(request: HttpRequest) -> Period:
    code = request.GET.get("year", "")
    today = timezone.localdate()
    if code:
        try:
            period = period_from_code(code)
        except ValidationFailed:
            return period_containing(today, "year")
        if period.kind == "year":
            return period
    return period_containing(today, "year")


def _years(today: dt.date) -> list[Period]:
    current = period_containing(today, "year")
    years = [current]
    for _ in range(2):
        years.append(period_containing(years[-1].start - dt.timedelta(days=1), "year"))
    return years


def _page(
    request: HttpRequest, template: str, form: Form, *, title: str, org: Organization, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(request.user, org),
        **extra,
    }
    return render(request, template, context, status=400 if form.errors else 200)


# ---- the org's pages -----------------------------------------------------------------------------


@login_required
def org_commitments(request: HttpRequest, pk: int) -> HttpResponse:
    """承诺践诺 page: the org's members × this year's commitment, fulfilment and 三评 (C14.2)."""
    actor = request.user
    org = _org(actor, pk)
    year = _year(request)
    today = timezone.localdate()
    on = min(today, year.end)
    roster = selectors.commitment_roster(actor, org, year, on)
    committed = sum(1 for _, c in roster if c is not None)
    evaluated = sum(1 for _, c in roster if c is not None and c.is_evaluated)
    return render(
        request,
        "achievements/org_commitments.html",
        {
            "org": org,
            "year": year,
            "years": _years(today),
            "roster": roster,
            "committed": committed,
            "evaluated": evaluated,
            "rate": round(100 * evaluated / len(roster)) if roster else None,
            "can_record": can_record_ledger(actor, org),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        },
    )


@login_required
def org_results(request: HttpRequest, pk: int) -> HttpResponse:
    """成果与品牌 page: achievements (C16.1), outputs and brands (C17.1), reviewer ratings (C16.2,
    C17.2) of the org."""
    actor = request.user
    org = _org(actor, pk)
    return render(
        request,
        "achievements/org_results.html",
        {
            "org": org,
            "achievements": selectors.achievement_list(actor, org)[:50],
            "outputs": selectors.output_list(actor, org)[:50],
            "brands": selectors.brand_list(actor, org),
            "ratings": selectors.rating_list(actor, org),
            "can_record": can_record_ledger(actor, org),
            "can_rate": services.is_reviewer_of(actor, org),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        },
    )


# ---- commitments ---------------------------------------------------------------------------------


def _members(org: Organization) -> list[Person]:
    ids = member_person_ids(org, timezone.localdate())
    return list(Person.objects.filter(pk__in=ids).order_by("number"))


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one member's commitment (C14.2)."""
    actor = request.user
    org = _org(actor, pk)
    _require_record(actor, org)
    form = CommitmentForm(
        posted(request),
        people=_members(org),
        initial={"committed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(actor=actor, org=org, data=form.data_for_service())
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记承诺")
            return redirect("achievements:org-commitments", pk=org.pk)
    return _page(request, "achievements/form.html", form, title=f"登记承诺 · {org.name}", org=org)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One commitment; its recorders edit it here (fulfilment report, 三评)."""
    actor = request.user
    commitment: Commitment = selectors.commitment_get(actor, pk)
    org = commitment.org
    editable = can_record_ledger(actor, org)
    if request.method == "POST" and not editable:
        raise NotPermitted("您无权修改该承诺")
    form = CommitmentForm(
        posted(request),
        people=[],
        fixed=commitment.person,
        initial={f: getattr(commitment, f) for f in services.COMMITMENT_FIELDS if f != "person"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(
                actor=actor, commitment=commitment, data=form.data_for_service()
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("achievements:org-commitments", pk=org.pk)
    return _page(
        request,
        "achievements/form.html",
        form,
        title=f"承诺践诺 · {commitment.person.name}",
        org=org,
        readonly=not editable,
        cancel=("achievements:org-commitments", org.pk),
        attached=commitment,
        delete_url=reverse("achievements:commitment-delete", args=[commitment.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """The branch's commitments of the year in one form (C14.2; DESIGN §8)."""
    actor = request.user
    org = _org(actor, pk)
    _require_record(actor, org)
    year = _year(request)
    today = timezone.localdate()
    roster = selectors.commitment_roster(actor, org, year, min(today, year.end))
    first = next((c for _, c in roster if c is not None), None)
    form = BulkCommitmentForm(
        posted(request),
        roster=roster,
        initial={
            "committed_on": first.committed_on if first else min(today, year.end),
            "content": first.content if first else "",
            "evaluated_on": first.evaluated_on if first else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.commitment_bulk_save(actor=actor, org=org, rows=form.rows())
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已保存 {len(saved)} 名党员的承诺践诺")
            return redirect(f"/achievements/orgs/{org.pk}/commitments/?year={year.code}")
    return _page(
        request,
        "achievements/commitment_bulk.html",
        form,
        title=f"批量登记承诺践诺 · {org.name}",
        org=org,
        year=year,
    )


# ---- achievements, outputs, brands ---------------------------------------------------------------


def _record_create(
    request: HttpRequest, pk: int, form_class: type[Form], create: Any, title: str, date_field: str
) -> HttpResponse:
    actor = request.user
    org = _org(actor, pk)
    _require_record(actor, org)
    form = form_class(posted(request), initial={date_field: timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            create(actor=actor, org=org, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记")
            return redirect("achievements:org-results", pk=org.pk)
    return _page(request, "achievements/form.html", form, title=f"{title} · {org.name}", org=org)


def _record_detail(
    request: HttpRequest, record: Any, form_class: type[Form], update: Any, kwarg: str, title: str
) -> HttpResponse:
    """A record's page: read-only for viewers; recorders edit it (POST) or delete it."""
    actor = request.user
    org = record.org
    editable = can_record_ledger(actor, org)
    if request.method == "POST" and not editable:
        raise NotPermitted("您无权修改该记录")
    fields = list(form_class.base_fields)
    form = form_class(posted(request), initial={f: getattr(record, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            update(actor=actor, data=form.cleaned_data, **{kwarg: record})
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("achievements:org-results", pk=org.pk)
    return _page(
        request,
        "achievements/form.html",
        form,
        title=title,
        org=org,
        readonly=not editable,
        cancel=("achievements:org-results", org.pk),
        attached=record,
        delete_url=reverse(f"achievements:{kwarg}-delete", args=[record.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a work result (C16.1)."""
    return _record_create(
        request, pk, AchievementForm, services.achievement_create, "登记工作成果", "achieved_on"
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.achievement_get(request.user, pk)
    return _record_detail(
        request, record, AchievementForm, services.achievement_update, "achievement", "工作成果"
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a research or practice output (C17.1)."""
    return _record_create(
        request, pk, OutputForm, services.output_create, "登记研究与实践成果", "published_on"
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.output_get(request.user, pk)
    return _record_detail(
        request, record, OutputForm, services.output_update, "output", "研究与实践成果"
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a named service brand (C17.1)."""
    return _record_create(
        request, pk, BrandForm, services.brand_create, "登记服务品牌", "founded_on"
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A brand with its history; recorders add history entries here."""
    actor = request.user
    brand = selectors.brand_get(actor, pk)
    org = brand.org
    editable = can_record_ledger(actor, org)
    if request.method == "POST" and not editable:
        raise NotPermitted("您无权登记该品牌的历程")
    form = BrandEventForm(posted(request), initial={"happened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_event_create(actor=actor, brand=brand, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记品牌历程")
            return redirect("achievements:servicebrand-detail", pk=brand.pk)
    return _page(
        request,
        "achievements/brand_detail.html",
        form,
        title=f"服务品牌 · {brand.name}",
        org=org,
        brand=brand,
        events=selectors.brand_events(actor, brand),
        readonly=not editable,
    )


# ---- reviewer ratings ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rating_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer scores the review checkpoints of the org (C16.2, C17.2)."""
    actor = request.user
    org = _org(actor, pk)
    if not services.is_reviewer_of(actor, org):
        raise NotPermitted("只有负责该组织的评审专家可以评分")
    checkpoints, review_max = services.review_checkpoints()
    form = RatingForm(
        posted(request),
        checkpoints=checkpoints,
        review_max=review_max,
        initial={
            "checkpoint_code": request.GET.get("checkpoint", ""),
            "period_code": request.GET.get("period")
            or period_containing(timezone.localdate(), "year").code,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_rating_save(actor=actor, org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存评分，重新计算评估后生效")
            return redirect("achievements:org-results", pk=org.pk)
    return _page(request, "achievements/form.html", form, title=f"评审评分 · {org.name}", org=org)
