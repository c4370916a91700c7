"""Pages of the demonstration-site cycle (issue 7 item 7): the cycle list and opening, the cycle
board (applications by status, quota use per university, expert progress), applying, the
university's ranked recommendation, the application page (evidence beside the computed
checkpoints, overrides, late-entry flags), experts' "我的评审" and scoring, the province's
decision, notice, objections and naming, the re-check, and the two documents.

Views parse a form and call one service or selector. A refused action is shown on its form naming
the field, with status 400, and nothing is stored; outside scope answers 404, visible but not
allowed 403 (`NotPermitted`).
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.accounts.models import User
from liuhao.assessments.models import CriterionNarrative
from liuhao.assessments.selectors import effective_checkpoints
from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted, ValidationFailed
from liuhao.core.roles import Role
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for
from liuhao.sites import selectors
from liuhao.sites.choices import ApplicationStatus, CycleStatus
from liuhao.sites.forms import (
    ApplyForm,
    AssignForm,
    CycleOpenForm,
    DeadlinesForm,
    DecideForm,
    NoticeForm,
    ObjectionForm,
    ObjectionHandleForm,
    RecheckForm,
    RecommendForm,
    ScoreForm,
)
from liuhao.sites.models import RANK, Application, Notice, Objection, Quota
from liuhao.sites.permissions import (
    can_apply,
    can_recommend,
    expert_universities,
    is_province_officer,
)
from liuhao.sites.reports import DOCX, XLSX, application_docx, cycle_results_xlsx
from liuhao.sites.rules import sites_rules
from liuhao.sites.services.cycle import (
    application_submit,
    cycle_deadlines_set,
    cycle_open,
    default_deadlines,
    expert_assign,
    expert_score_submit,
    quota_set,
    recommendation_set,
    review_codes,
    review_max,
)
from liuhao.sites.services.decision import (
    application_decide,
    notice_publish,
    objection_handle,
    objection_record,
    sites_name,
)
from liuhao.sites.services.recheck import recheck_compute, recheck_confirm
from liuhao.standards.reports import band_labels
from liuhao.standards.services.rules import rules_for

A = ApplicationStatus


def _province_only(request: HttpRequest, what: str) -> None:
    if not is_province_officer(request.user):
        raise NotPermitted(f"只有省级管理员可以{what}")


# ---- cycles --------------------------------------------------------------------------------------


@login_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    """The cycles, newest first; the province opens a new one here."""
    cycles = selectors.cycle_list(request.user)
    context = {"cycles": cycles, "province": is_province_officer(request.user)}
    return render(request, "sites/cycle_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    """The province opens a cycle: year, levels, deadlines (YAML defaults), quotas computed."""
    _province_only(request, "开启示范点评选")
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    initial = {
        "period_code": f"{year}-{year + 1}",
        "title": f"{year}-{year + 1} 学年高校服务型党组织示范点评选",
        "eligible_levels": list(sites_rules().eligible_levels),
        "opened_on": today,
        **default_deadlines(today),
    }
    form = CycleOpenForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = cycle_open(
                actor=request.user,
                period_code=data["period_code"].strip(),
                title=data["title"],
                opened_on=data["opened_on"],
                eligible_levels=data["eligible_levels"],
                deadlines=form.deadlines(),
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已开启{cycle.title}")
            return redirect("sites:cycle-board", cycle.pk)
    status = 400 if form.errors else 200
    return render(request, "sites/cycle_new.html", {"form": form}, status=status)


@login_required
@require_GET
def cycle_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle board: quota use per university, applications by status, expert progress."""
    return _board_page(request, selectors.cycle_get(request.user, pk))


def _board_page(
    request: HttpRequest, cycle: Any, status: int = 200, deadlines_form: Any = None
) -> HttpResponse:
    data = selectors.board(request.user, cycle)
    scope = scope_for(request.user)
    context = {
        "cycle": cycle,
        "board": data,
        "status_rows": [(label, data.status_totals.get(code, 0)) for code, label in A.choices],
        "app_rows": [(a, data.progress.get(a.pk)) for a in data.applications],
        "province": scope.is_province,
        "recommend_ids": [
            row.university.pk
            for row in data.universities
            if can_recommend(request.user, row.university.pk)
        ],
        "can_apply": scope.can("assess") and cycle.status == CycleStatus.OPEN,
        "today": timezone.localdate(),
        "deadlines_form": deadlines_form
        or DeadlinesForm(initial={f: getattr(cycle, f) for f in DeadlinesForm.base_fields}),
    }
    return render(request, "sites/cycle_board.html", context, status=status)


@login_required
@require_POST
def deadlines_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The province moves the cycle's deadlines (from the board)."""
    cycle = selectors.cycle_get(request.user, pk)
    _province_only(request, "调整评选截止日期")
    form = DeadlinesForm(request.POST)
    if form.is_valid():
        try:
            cycle_deadlines_set(actor=request.user, cycle=cycle, deadlines=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已调整截止日期")
            return redirect("sites:cycle-board", cycle.pk)
    return _board_page(request, cycle, status=400, deadlines_form=form)


@login_required
@require_POST
def quota_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The province overrides one university's quota (from the board)."""
    _province_only(request, "调整推荐名额")
    quota = Quota.objects.select_related("cycle").filter(pk=pk).first()
    if quota is None:
        raise NotFound("未找到该名额")
    raw = (request.POST.get("quota") or "").strip()
    try:
        if not raw.isdigit() or len(raw) > 4:
            raise ValidationFailed(
                "推荐名额：请填写非负整数", extra={"fields": {"quota": ["整数"]}}
            )
        quota_set(actor=request.user, quota=quota, value=int(raw))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return _board_page(request, quota.cycle, status=400)
    messages.success(request, "已调整推荐名额")
    return redirect("sites:cycle-board", quota.cycle_id)


@login_required
@require_GET
def cycle_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's results as Excel: per university, applications, ranks, expert scores,
    decisions and naming (the actor's scope)."""
    cycle = selectors.cycle_get(request.user, pk)
    apps = list(
        selectors.applications_visible(request.user)
        .filter(cycle=cycle)
        .select_related("org", "university", "result")
        .order_by("university__path", RANK, "org_path")
    )
    response = HttpResponse(cycle_results_xlsx(cycle, apps), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="sites-{cycle.period_code}.xlsx"'
    return response


# ---- applying and recommending --------------------------------------------------------------------


def _apply_orgs(actor: Any, cycle: Any) -> Any:
    return (
        Organization.objects.active()
        .filter(scope_for(actor).q("path"), kind__in=cycle.eligible_levels)
        .exclude(pk__in=Application.objects.filter(cycle=cycle).values("org_id"))
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    """申报: pick the org; its reviewed self-assessment and evidence go with it."""
    cycle = selectors.cycle_get(request.user, pk)
    if not scope_for(request.user).can("assess"):
        raise NotPermitted("您无权申报示范点")
    form = ApplyForm(posted(request), orgs=_apply_orgs(request.user, cycle))
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["org"]
        try:
            if not can_apply(request.user, org):
                raise NotPermitted("您无权为该党组织申报示范点")
            app = application_submit(
                actor=request.user,
                cycle=cycle,
                org=org,
                statement=form.cleaned_data["statement"],
                today=timezone.localdate(),
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{org.name} 已提交申报")
            return redirect("sites:application-detail", app.pk)
    context = {"cycle": cycle, "form": form}
    return render(
        request, "sites/application_new.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, pk: int, university_id: int) -> HttpResponse:
    """The university's recommendation: a rank per application, within its quota."""
    cycle = selectors.cycle_get(request.user, pk)
    university = Organization.objects.filter(pk=university_id, parent__isnull=True).first()
    if university is None:
        raise NotFound("未找到该高校")
    if not can_recommend(request.user, university.pk):
        raise NotPermitted("只有本校党委组织部可以推荐本校的申报")
    apps = list(
        Application.objects.filter(
            cycle=cycle, university=university, status__in=[A.APPLIED, A.RECOMMENDED]
        )
        .select_related("org", "result")
        .order_by(RANK, "org_path")
    )
    initial = {f"rank_{a.pk}": a.rank for a in apps if a.rank}
    form = RecommendForm(posted(request), applications=apps, initial=initial)
    quota = cycle.quotas.filter(university=university).first()
    if request.method == "POST" and form.is_valid():
        try:
            done = recommendation_set(
                actor=request.user,
                cycle=cycle,
                university=university,
                ranking=form.ranking(),
                today=timezone.localdate(),
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已推荐 {len(done)} 个申报")
            return redirect("sites:cycle-board", cycle.pk)
    context = {"cycle": cycle, "university": university, "form": form, "apps": apps, "quota": quota}
    return render(request, "sites/recommend.html", context, status=400 if form.errors else 200)


# ---- the application page ---------------------------------------------------------------------------


def _experts(app: Application) -> Any:
    """Reviewers offered for an application: those of its own university are left out (the
    service refuses them anyway — conflict of interest), in three queries."""
    experts = User.objects.filter(role_assignments__role=Role.REVIEWER).distinct()
    if sites_rules().experts.exclude_same_university:
        ids = list(experts.values_list("pk", flat=True))
        conflicted = [
            u for u, unis in expert_universities(ids).items() if app.university_id in unis
        ]
        experts = experts.exclude(pk__in=conflicted)
    return experts.order_by("username")


def _application_page(
    request: HttpRequest, app: Application, status: int = 200, **forms: Any
) -> HttpResponse:
    checkpoints = effective_checkpoints(app.assessment)
    narratives = dict(
        CriterionNarrative.objects.filter(assessment=app.assessment).values_list(
            "criterion_code", "text"
        )
    )
    province = is_province_officer(request.user)
    rules = sites_rules()
    assignments = [
        (a, rules.kind_label(a.kind))
        for a in app.assignments.prefetch_related("scores").order_by("kind", "pk")
    ]
    standard_rules = rules_for(app.result.run.standard)
    titles = {c.code: f"{c.code} {c.title}" for c in standard_rules.criteria}
    groups = [
        (titles.get(crit, crit), narratives.get(crit, ""), list(cps))
        for crit, cps in groupby(checkpoints, key=lambda c: c.criterion)
    ]
    context = {
        "app": app,
        "band": band_labels(standard_rules).get(app.result.band, app.result.band),
        "groups": groups,
        "assignments": assignments,
        "province": province,
        "assign_form": forms.get("assign_form") or AssignForm(experts=_experts(app)),
        "decide_form": forms.get("decide_form") or DecideForm(),
        "can_assign": province and app.status == A.RECOMMENDED,
        "can_decide": province
        and app.status in (A.RECOMMENDED, A.APPROVED, A.REJECTED)
        and app.rank is not None
        and not Notice.objects.filter(cycle_id=app.cycle_id).exists(),
        "objections": list(app.objections.order_by("received_on")),
    }
    return render(request, "sites/application_detail.html", context, status=status)


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, selectors.application_get(request.user, pk))


@login_required
@require_POST
def application_assign(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(request.user, pk)
    _province_only(request, "分配评审专家")
    form = AssignForm(
        request.POST, experts=User.objects.filter(role_assignments__role=Role.REVIEWER).distinct()
    )
    if form.is_valid():
        try:
            expert_assign(
                actor=request.user,
                application=app,
                expert=form.cleaned_data["expert"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已分配评审专家")
            return redirect("sites:application-detail", app.pk)
    return _application_page(request, app, status=400, assign_form=form)


@login_required
@require_POST
def application_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(request.user, pk)
    _province_only(request, "审定示范点")
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            application_decide(
                actor=request.user,
                application=app,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            )
        except (ValidationFailed, InvalidState) as exc:
            if isinstance(exc, ValidationFailed):
                add_service_error(form, exc)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, "已记录审定结论")
            return redirect("sites:application-detail", app.pk)
    return _application_page(request, app, status=400, decide_form=form)


@login_required
@require_GET
def application_form_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form (申报表) as Word, generated from the frozen assessment."""
    app = selectors.application_get(request.user, pk)
    response = HttpResponse(application_docx(app), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="application-{app.pk}.docx"'
    return response


# ---- experts -------------------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """我的评审 (experts): assigned applications, those waiting first."""
    rules = sites_rules()
    rows = [(a, rules.kind_label(a.kind)) for a in selectors.my_assignments(request.user)]
    context = {"rows": rows}
    return render(request, "sites/review_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_score(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert scores the `review` checkpoints and writes a comment."""
    assignment = selectors.assignment_get(request.user, pk)
    app = assignment.application
    codes = review_codes(app)
    top = float(review_max(app))
    initial: dict[str, Any] = {"comment": assignment.comment}
    initial.update({f"score_{s.checkpoint_code}": s.score for s in assignment.scores.all()})
    form = ScoreForm(posted(request), codes=codes, top=top, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            expert_score_submit(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                today=timezone.localdate(),
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        except InvalidState as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "评分已提交")
            return redirect("sites:review-list")
    context = {
        "assignment": assignment,
        "app": app,
        "form": form,
        "kind_label": sites_rules().kind_label(assignment.kind),
        "mine": assignment.expert_id == request.user.pk,
        "checkpoints": [c for c in effective_checkpoints(app.assessment) if c.is_review],
    }
    return render(
        request, "sites/assignment_score.html", context, status=400 if form.errors else 200
    )


# ---- notice, objections, naming ------------------------------------------------------------------


def _notice_page(request: HttpRequest, cycle: Any, status: int = 200, **forms: Any) -> HttpResponse:
    notice = Notice.objects.filter(cycle=cycle).first()
    approved = Application.objects.filter(cycle=cycle, status=A.APPROVED).select_related("org")
    context = {
        "cycle": cycle,
        "notice": notice,
        "approved": list(approved.select_related("university").order_by("university__path", RANK)),
        "notice_form": forms.get("notice_form") or NoticeForm(),
        "objection_form": forms.get("objection_form") or ObjectionForm(applications=approved),
        "objections": list(notice.objections.select_related("application__org")) if notice else [],
        "min_workdays": sites_rules().notice.min_workdays,
        "today": timezone.localdate(),
        "named": cycle.status == CycleStatus.NAMED,
    }
    return render(request, "sites/notice.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def notice_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The province's notice page: publish (≥ the YAML minimum of working days), objections, naming."""
    cycle = selectors.cycle_get(request.user, pk)
    _province_only(request, "管理公示")
    if request.method == "POST":
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                notice_publish(actor=request.user, cycle=cycle, **form.cleaned_data)
            except ValidationFailed as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "公示已发布")
                return redirect("sites:notice", cycle.pk)
        return _notice_page(request, cycle, status=400, notice_form=form)
    return _notice_page(request, cycle)


@login_required
@require_POST
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get(request.user, pk)
    _province_only(request, "登记公示异议")
    notice = Notice.objects.filter(cycle=cycle).first()
    if notice is None:
        raise NotFound("尚未发布公示")
    approved = Application.objects.filter(cycle=cycle, status=A.APPROVED).select_related("org")
    form = ObjectionForm(request.POST, applications=approved)
    if form.is_valid():
        try:
            objection_record(actor=request.user, notice=notice, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记异议")
            return redirect("sites:notice", cycle.pk)
    return _notice_page(request, cycle, status=400, objection_form=form)


@login_required
@require_POST
def objection_update(request: HttpRequest, pk: int) -> HttpResponse:
    _province_only(request, "处理公示异议")
    objection = (
        Objection.objects.select_related("notice__cycle", "application").filter(pk=pk).first()
    )
    if objection is None:
        raise NotFound("未找到该异议")
    form = ObjectionHandleForm(request.POST)
    cycle = objection.notice.cycle
    if form.is_valid():
        try:
            objection_handle(actor=request.user, objection=objection, **form.cleaned_data)
        except (ValidationFailed, InvalidState) as exc:
            messages.error(request, exc.message)
            return _notice_page(request, cycle, status=400)
        messages.success(request, "已记录异议处理结果")
        return redirect("sites:notice", cycle.pk)
    messages.error(request, "请填写处理情况并选择处理结果")
    return _notice_page(request, cycle, status=400)


@login_required
@require_POST
def cycle_name(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the sites after the notice; refused before it ends or with objections pending."""
    cycle = selectors.cycle_get(request.user, pk)
    _province_only(request, "命名示范点")
    try:
        sites = sites_name(actor=request.user, cycle=cycle, today=timezone.localdate())
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return _notice_page(request, cycle, status=400)
    messages.success(request, f"已命名 {len(sites)} 个示范点，名单已在门户公布")
    return redirect("sites:notice", cycle.pk)


# ---- re-check -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recheck(request: HttpRequest) -> HttpResponse:
    """复核: proposed outcomes of a year (computed here or by `liuhao sites_recheck`), confirmed
    by the province; every named site's history, revoked ones included."""
    sites = selectors.site_history(request.user)
    period = (request.POST.get("period_code") or request.GET.get("year") or "").strip()[:16]
    form = RecheckForm(posted(request), initial={"period_code": period})
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period_code"].strip()
        action = request.POST.get("action")
        try:
            if action == "confirm":
                rows = recheck_confirm(
                    actor=request.user, period_code=period, today=timezone.localdate()
                )
                messages.success(request, f"已确认 {len(rows)} 个示范点的复核结果")
            else:
                s = recheck_compute(actor=request.user, period_code=period)
                messages.success(
                    request, f"复核结果：保留 {s.keep}，警告 {s.warn}，撤销 {s.revoke}（待确认）"
                )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            return redirect(f"{request.path}?year={period}")
    rows = list(selectors.recheck_list(request.user, period)) if period else []
    context = {
        "form": form,
        "period": period,
        "rows": rows,
        "pending": any(r.confirmed_at is None for r in rows),
        "sites": list(sites.prefetch_related("rechecks").order_by("-named_on", "org_path")),
        "province": is_province_officer(request.user),
        "rule": sites_rules().recheck,
    }
    return render(request, "sites/recheck.html", context, status=400 if form.errors else 200)
