"""Pages of the governance app (保障激励与考核评议, criteria C08 and C09): the org's governance page,
a create and a detail/edit page per record type, and the two round forms (民主评议 with a grade
per full member, 分类定级 with a band per sub-org).

Everything is looked up inside the actor's scope (outside → 404); writing needs
Capability.RECORD_LEDGER over the org (else 403). A refusal of the service is shown on the field
and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.exceptions import ValidationFailed
from liuhao.governance import forms as f
from liuhao.governance import services as s
from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.governance.overview import org_governance_overview
from liuhao.governance.rules import governance_rules
from liuhao.governance.selectors import full_members, gradable_sub_orgs, record_get
from liuhao.ledger.overview import leader_choices
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.selectors import member_person_ids
from liuhao.ledger.views.common import org_for_view, require_record
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.selectors import orgs as org_selectors


@dataclass(frozen=True, slots=True)
class Kind:
    """One simple record type: its model, form, service and how the service names the record."""

    slug: str  # model name, lower case: URL `governance:<slug>-detail`
    model: type[models.Model]
    form: type[f.RecordForm]
    save: Callable[..., Any]
    instance_kw: str
    title: str
    people: str  # "members" | "leaders" | ""


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind("funding", Funding, f.FundingForm, s.funding_save, "funding", "党建工作经费", ""),
        Kind("election", Election, f.ElectionForm, s.election_save, "election", "换届选举", ""),
        Kind(
            "carerecord",
            CareRecord,
            f.CareForm,
            s.care_record_save,
            "record",
            "关怀帮扶",
            "members",
        ),
        Kind(
            "commendation",
            Commendation,
            f.CommendationForm,
            s.commendation_save,
            "commendation",
            "评比表彰",
            "members",
        ),
        Kind(
            "leaderreport",
            LeaderReport,
            f.LeaderReportForm,
            s.leader_report_save,
            "report",
            "书记述职评议",
            "leaders",
        ),
        Kind(
            "spiritanalysis",
            SpiritAnalysis,
            f.SpiritForm,
            s.spirit_analysis_save,
            "analysis",
            "党性分析",
            "members",
        ),
    )
}


def _people(kind: Kind, org: Organization) -> list[Person]:
    if kind.people == "leaders":
        return list(leader_choices(org))
    if kind.people == "members":
        ids = member_person_ids(org, timezone.localdate())
        return list(Person.objects.filter(pk__in=ids).order_by("number"))
    return []


def _form(kind: Kind, org: Organization, request: HttpRequest, initial: dict[str, Any]) -> Any:
    extra: dict[str, Any] = {"people": _people(kind, org), "initial": initial}
    if kind.form is f.ElectionForm:
        extra["org_kind"] = org.kind
    return kind.form(posted(request), **extra)


def _initial(kind: Kind, record: models.Model, form_fields: list[str]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in form_fields:
        if name.startswith(f.RATING_PREFIX):
            continue
        value = getattr(record, f"{name}_id", None) if name in ("person", "reporter") else None
        initial[name] = value if value is not None else getattr(record, name, None)
    if isinstance(record, LeaderReport):
        names = [n for n in form_fields if n.startswith(f.RATING_PREFIX)]
        lookup = dict(record.ratings or {})
        for n, grade in enumerate(governance_rules().report_ratings):
            if f"{f.RATING_PREFIX}{n}" in names:
                initial[f"{f.RATING_PREFIX}{n}"] = lookup.get(grade)
    return initial


def _page(request: HttpRequest, template: str, org: Organization, **context: Any) -> HttpResponse:
    form = context.get("form")
    status = 400 if form is not None and form.errors else 200
    context |= {"org": org, "breadcrumbs": org_selectors.org_breadcrumbs(request.user, org)}
    return render(request, template, context, status=status)


@login_required
@require_GET
def org_governance(request: HttpRequest, pk: int) -> HttpResponse:
    """保障激励与考核评议: funding by year, the committee's term (reminder 6 months before it ends,
    overdue warning), care, commendations, reports, 分类定级, 民主评议 and 党性分析 of the org."""
    actor = request.user
    org = org_for_view(actor, pk)
    overview = org_governance_overview(actor, org, timezone.localdate())
    return _page(
        request,
        "governance/org_governance.html",
        org,
        overview=overview,
        can_record=can_record_ledger(actor, org),
        kinds=KINDS,
        gradable=org.kind != "branch" and org.kind != "group",
        evaluable=org.kind == "branch",
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Create one record of `slug` for org `pk`."""
    kind = KINDS[slug]
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = _form(kind, org, request, {})
    if request.method == "POST" and form.is_valid():
        try:
            kind.save(actor=actor, org=org, data=form.data_for_service())
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已登记{kind.title}")
            return redirect("governance:org-governance", pk=org.pk)
    return _page(
        request,
        "governance/record_form.html",
        org,
        form=form,
        title=f"登记{kind.title} · {org.name}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One record: its values, and the edit form for those who may record (POST saves)."""
    kind = KINDS[slug]
    actor = request.user
    record = record_get(actor, kind.model, pk)
    org: Organization = record.org  # type: ignore[attr-defined]
    can_record = can_record_ledger(actor, org)
    form = None
    if can_record:
        form = _form(kind, org, request, {})
        form.initial = _initial(kind, record, list(form.fields))
        if request.method == "POST" and form.is_valid():
            try:
                kind.save(actor=actor, data=form.data_for_service(), **{kind.instance_kw: record})
            except ValidationFailed as exc:
                add_service_error(form, exc)
                record.refresh_from_db()
            else:
                messages.success(request, "已保存修改")
                return redirect("governance:org-governance", pk=org.pk)
    elif request.method == "POST":
        require_record(actor, org)
    rows = [
        (str(field.verbose_name), _display(record, field))
        for field in record._meta.concrete_fields
        if field.name not in ("id", "org", "university", "entered_by", "created_at", "updated_at")
    ]
    return _page(
        request,
        "governance/record_detail.html",
        org,
        form=form,
        record=record,
        rows=rows,
        slug=slug,
        title=f"{kind.title} · {record}",
    )


def _display(record: models.Model, field: Any) -> str:
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    value = getattr(record, field.name)
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return "，".join(f"{k} {v} 人" for k, v in value.items()) or "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d")
    return str(value)


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Delete a record (audited)."""
    model = ROUND_MODELS.get(slug) or KINDS[slug].model
    record = record_get(request.user, model, pk)
    org: Organization = record.org  # type: ignore[attr-defined]
    s.record_delete(actor=request.user, record=record)
    messages.success(request, "已删除")
    return redirect("governance:org-governance", pk=org.pk)


# ---- rounds: 民主评议党员 and 分类定级 ------------------------------------------------------------

ROUND_MODELS: dict[str, type[models.Model]] = {
    "memberevaluation": MemberEvaluation,
    "orggrading": OrgGrading,
}


def _evaluation_page(
    request: HttpRequest, org: Organization, evaluation: MemberEvaluation | None
) -> HttpResponse:
    actor = request.user
    require_record(actor, org)
    today = timezone.localdate()
    on = evaluation.decided_on if evaluation is not None else today
    people = full_members(org, on)
    initial: dict[str, Any] = {"year": today.year}
    if evaluation is not None:
        initial = {
            name: getattr(evaluation, name)
            for name in ("year", "self_review_on", "peer_review_on", "rating_on", "decided_on")
        } | {"note": evaluation.note}
        for person_id, grade in MemberGrade.objects.filter(evaluation=evaluation).values_list(
            "person_id", "grade"
        ):
            initial[f"{f.GRADE_PREFIX}{person_id}"] = grade
    form = f.EvaluationForm(posted(request), rows=f.member_rows(people), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if evaluation is None:
                s.member_evaluation_save(
                    actor=actor, org=org, data=form.round_data(), grades=form.picks()
                )
            else:
                s.member_evaluation_save(
                    actor=actor, evaluation=evaluation, data=form.round_data(), grades=form.picks()
                )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存民主评议结果")
            return redirect("governance:org-governance", pk=org.pk)
    rules = governance_rules()
    cap = rules.member_top_cap
    return _page(
        request,
        "governance/round_form.html",
        org,
        form=form,
        title=f"民主评议党员 · {org.name}",
        rows_title="评定等次（正式党员）",
        hint=(
            f"“{rules.top_grade}”不超过参评人数的{cap.text}（{len(people)}人中最多"
            f"{cap.limit(len(people))}人）"
            if cap
            else ""
        ),
        record=evaluation,
        slug="memberevaluation",
        fill=rules.member_grades[1] if len(rules.member_grades) > 1 else rules.member_grades[0],
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """民主评议党员 of branch `pk`: the stages and a grade per full member, the 1/3 cap enforced."""
    return _evaluation_page(request, org_for_view(request.user, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One 民主评议 round: the edit form for those who may record, else the grades read-only."""
    evaluation = record_get(request.user, MemberEvaluation, pk)
    if request.method == "GET" and not can_record_ledger(request.user, evaluation.org):
        rows = [
            (f"{g.person.name}（{g.person.number}）", g.grade)
            for g in MemberGrade.objects.filter(evaluation=evaluation)
            .select_related("person")
            .order_by("person__number")
        ]
        return _round_detail(request, evaluation, rows, "组织评定日期", evaluation.decided_on)
    return _evaluation_page(request, evaluation.org, evaluation)


def _round_detail(
    request: HttpRequest, record: Any, rows: list[tuple[str, str]], label: str, day: Any
) -> HttpResponse:
    facts = [("年度", str(record.year)), (label, f"{day:%Y-%m-%d}")]
    return _page(
        request,
        "governance/record_detail.html",
        record.org,
        form=None,
        record=record,
        rows=facts + rows,
        slug="",
        title=str(record),
    )


def _grading_page(
    request: HttpRequest, org: Organization, grading: OrgGrading | None
) -> HttpResponse:
    actor = request.user
    require_record(actor, org)
    today = timezone.localdate()
    subs = gradable_sub_orgs(org)
    initial: dict[str, Any] = {"year": today.year}
    if grading is not None:
        initial = {"year": grading.year, "graded_on": grading.graded_on, "note": grading.note}
        for sub_id, band in OrgGrade.objects.filter(grading=grading).values_list(
            "sub_org_id", "band"
        ):
            initial[f"{f.BAND_PREFIX}{sub_id}"] = band
    form = f.GradingForm(posted(request), rows=f.sub_org_rows(subs), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if grading is None:
                s.org_grading_save(actor=actor, org=org, data=form.round_data(), bands=form.picks())
            else:
                s.org_grading_save(
                    actor=actor, grading=grading, data=form.round_data(), bands=form.picks()
                )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存分类定级结果")
            return redirect("governance:org-governance", pk=org.pk)
    rules = governance_rules()
    cap = rules.org_top_cap
    return _page(
        request,
        "governance/round_form.html",
        org,
        form=form,
        title=f"分类定级 · {org.name}",
        rows_title="定级等次（直属下级党组织）",
        hint=f"“{rules.top_band}”不超过{cap.text}" if cap else "",
        record=grading,
        slug="orggrading",
        fill=rules.org_bands[1] if len(rules.org_bands) > 1 else rules.org_bands[0],
    )


@login_required
@require_http_methods(["GET", "POST"])
def grading_create(request: HttpRequest, pk: int) -> HttpResponse:
    """分类定级 of org `pk`'s direct sub-orgs, with a band select per sub-org."""
    return _grading_page(request, org_for_view(request.user, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def grading_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One 分类定级 round: the edit form for those who may record, else the bands read-only."""
    grading = record_get(request.user, OrgGrading, pk)
    if request.method == "GET" and not can_record_ledger(request.user, grading.org):
        rows = [
            (g.sub_org.name, g.band)
            for g in OrgGrade.objects.filter(grading=grading)
            .select_related("sub_org")
            .order_by("sub_org__path")
        ]
        return _round_detail(request, grading, rows, "定级日期", grading.graded_on)
    return _grading_page(request, grading.org, grading)
