"""The managing pages of the surveys (issue 6 items 1, 2 and 6; C18.1, C01.2, C09.1–2): the
builder (新建测评 from a ready template, editing a draft and its questions, deleting a draft), opening
with the printable sheet of links and QR codes, the live progress with the 未提交名单 and reminders,
and closing early.

Only the org's survey handlers (permissions.can_manage_surveys) reach these pages: orgs and
surveys outside the actor's visible tree answer 404, visible ones the actor may not run answer 403.

The sheet's raw tokens exist only in the response to the POST that made them (survey_open or
invitations_reissue): never in the database (only their SHA-256 is stored), never in a URL, a
session, a log or a cache (`Cache-Control: no-store`). Reloading cannot show them again; a lost
sheet is replaced by reissuing tokens, which voids the old ones (ADR 0014).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.models import Organization
from liuhao.orgs.models.calendar import AcademicCalendar
from liuhao.orgs.periods import Period, TermStarts, make_period, period_containing
from liuhao.orgs.selectors import orgs as org_selectors
from liuhao.surveys import selectors, services
from liuhao.surveys.choices import Audience, SurveyStatus
from liuhao.surveys.forms import (
    InvitationPickForm,
    QuestionFormSet,
    SurveyCreateForm,
    SurveyEditForm,
    question_initial,
)
from liuhao.surveys.models import Invitation, Survey
from liuhao.surveys.permissions import can_manage_surveys
from liuhao.surveys.rules import survey_rules

NO_STORE = "no-store, private"


def _managed_org(request: HttpRequest, pk: int) -> Organization:
    org = org_selectors.org_get(request.user, pk)  # 404 outside the visible tree
    if not can_manage_surveys(request.user, org):
        raise NotPermitted("您无权为该党组织组织测评")
    return org


def _managed_survey(request: HttpRequest, pk: int) -> tuple[Survey, Organization]:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey, _managed_org(request, survey.org_id)


def _periods(org: Organization, today: dt.date) -> list[Period]:
    """The periods offered: the current term, the next term and the current academic year."""
    university = org.university_id or org.pk
    starts: TermStarts | None = AcademicCalendar.objects.filter(university_id=university).first()
    term = period_containing(today, "term", starts)
    following = (
        make_period(term.start_year, 2, starts)
        if term.term == 1
        else make_period(term.start_year + 1, 1, starts)
    )
    return [term, following, period_containing(today, "year", starts)]


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, failed: bool = False
) -> HttpResponse:
    org = context["org"]
    context.setdefault("breadcrumbs", org_selectors.org_breadcrumbs(request.user, org))
    return render(request, f"surveys/manage/{template}", context, status=400 if failed else 200)


# ---- the builder -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """新建测评: a draft from a ready template (satisfaction, leadership, 述职评议)."""
    org = _managed_org(request, pk)
    today = timezone.localdate()
    periods = _periods(org, today)
    initial = {
        "template": survey_rules().templates[0].code,
        "period": periods[0].code,
        "opens_on": today,
        "closes_on": periods[0].end,
    }
    form = SurveyCreateForm(posted(request), org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                actor=request.user,
                org=org,
                template=data["template"],
                period=data["period"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                include_subtree=data["include_subtree"],
                audiences=data["audiences"] or None,
                title=data["title"],
                leader_report=data["leader_report"],
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已新建测评草稿，可修改题目后发布")
            return redirect("surveys:survey-manage", pk=survey.pk)
    context = {"org": org, "form": form, "periods": periods, "title": f"新建测评 · {org.name}"}
    return _page(request, "survey_form.html", context, failed=bool(form.errors))


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """修改测评草稿: the settings and the questions (add, remove, reorder, required flag)."""
    survey, org = _managed_survey(request, pk)
    if survey.status != SurveyStatus.DRAFT:
        messages.error(request, "只有草稿状态的测评可以修改")
        return redirect("surveys:survey-manage", pk=survey.pk)
    initial = {
        "title": survey.title,
        "period": survey.period,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "audiences": survey.audiences,
        "include_subtree": survey.include_subtree,
        "leader_report": survey.leader_report_id,
    }
    form = SurveyEditForm(posted(request), org=org, kind=survey.kind, initial=initial)
    questions = QuestionFormSet(posted(request), initial=question_initial(survey), prefix="q")
    question_errors: list[str] = []
    if request.method == "POST":
        forms_ok = form.is_valid()
        questions_ok = questions.is_valid()
        question_errors = questions.errors_named()
        if forms_ok and questions_ok:
            data = form.cleaned_data
            try:
                services.survey_update(
                    actor=request.user,
                    survey=survey,
                    title=data["title"],
                    period=data["period"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    audiences=data["audiences"],
                    include_subtree=data["include_subtree"],
                    leader_report=data.get("leader_report"),
                    questions=questions.drafts(),
                )
            except ValidationFailed as exc:
                if "questions" in (exc.extra.get("fields") or {}):
                    question_errors.append(f"题目：{exc.message}")
                else:
                    add_service_error(form, exc)
            else:
                messages.success(request, "已保存测评草稿")
                return redirect("surveys:survey-manage", pk=survey.pk)
    context = {
        "org": org,
        "survey": survey,
        "form": form,
        "questions": questions,
        "question_errors": question_errors,
        "periods": _periods(org, timezone.localdate()),
        "levels": survey_rules().likert,
        "title": f"修改测评 · {survey.title}",
    }
    failed = bool(form.errors or question_errors)
    return _page(request, "survey_form.html", context, failed=failed)


@login_required
@require_http_methods(["GET", "POST"])
def survey_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """删除测评草稿, after a confirmation page."""
    survey, org = _managed_survey(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.survey_delete(actor=request.user, survey=survey)
        except InvalidState as exc:
            error = exc.message
        else:
            messages.success(request, f"已删除测评草稿“{survey.title}”")
            return redirect("surveys:survey-list", pk=org.pk)
    context = {"org": org, "survey": survey, "action": "delete", "error": error}
    return _page(request, "survey_confirm.html", context, failed=bool(error))


# ---- managing: progress, reminders, close ------------------------------------------------------------


def _manage_page(
    request: HttpRequest, survey: Survey, org: Organization, *, error: str = "", form: Any = None
) -> HttpResponse:
    is_open = survey.status == SurveyStatus.OPEN
    context = {
        "org": org,
        "survey": survey,
        "is_draft": survey.status == SurveyStatus.DRAFT,
        "is_open": is_open,
        "audience_labels": [Audience(a).label for a in survey.audiences],
        "questions": list(survey.questions.order_by("order")),
        "progress": selectors.survey_progress(survey) if survey.invited else [],
        "pending": list(
            selectors.survey_reminders(survey).only(
                "pk", "audience", "person__name", "person__number"
            )
        )
        if is_open
        else [],
        "error": error,
        "pick_form": form,
    }
    return _page(request, "survey_manage.html", context, failed=bool(error) or form is not None)


@login_required
@require_http_methods(["GET"])
def survey_manage_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's page for its handlers: a draft's settings and questions; an open survey's live
    response rate per audience and 未提交名单 (names only) with the reminder actions."""
    survey, org = _managed_survey(request, pk)
    return _manage_page(request, survey, org)


@login_required
@require_http_methods(["GET", "POST"])
def survey_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """提前结束测评, after a confirmation page: no more answers, every ballot is counted."""
    survey, org = _managed_survey(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.survey_close(actor=request.user, survey=survey)
        except InvalidState as exc:
            error = exc.message
        else:
            messages.success(request, "测评已结束，结果已汇总")
            return redirect("surveys:survey-detail", pk=survey.pk)
    context = {"org": org, "survey": survey, "action": "close", "error": error}
    return _page(request, "survey_confirm.html", context, failed=bool(error))


# ---- the sheet of links and QR codes -----------------------------------------------------------------


SLIPS = "<!--slips-->"  # where the sheet's template takes the slips


def _slip(link: str, name: str, audience: str, title: str, closes_on: dt.date) -> str:
    """One cut-out slip: the QR code (inline SVG made by segno, no user text in it), the name, the
    audience and the link."""
    qr = segno.make_qr(link, error="m").svg_inline(scale=3, border=2, omitsize=False)
    return format_html(
        '<div class="slip">{}<div class="text"><div class="who">{} <span class="aud">{}</span>'
        '</div><div class="title">{}（{} 前，扫码或打开链接填写）</div>'
        '<div class="link">{}</div></div></div>\n',
        mark_safe(qr),  # noqa: S308 - segno's own SVG markup
        name,
        audience,
        title,
        closes_on.isoformat(),
        link,
    )


def _sheet(
    request: HttpRequest, survey: Survey, org: Organization, tokens: dict[int, str], heading: str
) -> StreamingHttpResponse:
    """The printable sheet, as the response of the POST that made the tokens. Streamed slip by
    slip: a QR code takes some milliseconds, and a sheet of thousands must not wait in silence."""
    rows = list(
        Invitation.objects.filter(survey=survey, pk__in=list(tokens))
        .select_related("person")
        .only("pk", "audience", "person__name", "person__number")
        .order_by("audience", "person__number")
    )
    placeholder = "T" * 22  # matches the public URL's token pattern
    enter = reverse("surveys_public:survey-enter", args=[placeholder])
    base = request.build_absolute_uri(enter[: enter.index(placeholder)])
    context = {"org": org, "survey": survey, "count": len(rows), "heading": heading}
    head, tail = render_to_string(
        "surveys/manage/survey_sheet.html", context, request=request
    ).split(SLIPS, 1)

    def stream() -> Iterator[str]:
        yield head
        for inv in rows:
            link = f"{base}{tokens[inv.pk]}/"
            label = Audience(inv.audience).label
            yield _slip(link, inv.person.name, label, survey.title, survey.closes_on)
        yield tail

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = NO_STORE
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def survey_open_view(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """发布测评: invite the roster and show the sheet once."""
    survey, org = _managed_survey(request, pk)
    try:
        opened = services.survey_open(actor=request.user, survey=survey)
    except (ValidationFailed, InvalidState) as exc:
        return _manage_page(request, survey, org, error=exc.message)
    return _sheet(request, opened.survey, org, opened.tokens, "测评码")


@login_required
@require_POST
def survey_reissue_view(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """提醒 / 重新生成测评码 for every unanswered invitation or the ticked ones: new tokens (the old
    ones stop working) and a new sheet to print and hand out."""
    survey, org = _managed_survey(request, pk)
    pending = list(
        Invitation.objects.filter(survey=survey, used=False).values_list("pk", flat=True)
    )
    form = InvitationPickForm(request.POST, pending=pending)
    if not form.is_valid():
        return _manage_page(request, survey, org, form=form)
    picked = form.cleaned_data["invitation"] if form.cleaned_data["scope"] == "picked" else None
    remind = form.cleaned_data.get("purpose") != "reissue"
    try:
        tokens = services.invitations_reissue(
            actor=request.user, survey=survey, invitation_ids=picked, remind=remind
        )
    except InvalidState as exc:
        return _manage_page(request, survey, org, error=exc.message)
    if not tokens:
        return _manage_page(request, survey, org, error="没有未提交的人员，无需提醒")
    return _sheet(request, survey, org, tokens, "测评提醒单" if remind else "测评码（重新生成）")
