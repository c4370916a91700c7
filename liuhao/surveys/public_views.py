"""The answering page of a survey (问卷填写): no log-in, plain HTML form without JavaScript, made for
a 390 px phone in WeChat's in-app browser (issue 6 items 4, 6, 7; C18.1, C01.2, C09.1–2).

Token handling (ADR 0014 "The answering page"): the printed link `/s/<token>/` is opened once; the
view keeps only the token's SHA-256 in the session (keyed by survey) and redirects to the
token-free `/s/answer/<survey id>/`, so the token is not in the URL of the form, its POST, the
referrer or the access log line of the answer. Unknown, forged and expired tokens, tokens of closed
or not-yet-open surveys and a session without the token all get one and the same page (404), so
nothing says whether a token exists. A used token gets "已提交". Every page is no-store, noindex and
same-origin referrer. Refused answers re-render the form naming the question (400), store nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from liuhao.core.exceptions import InvalidState, ValidationFailed
from liuhao.surveys.choices import QuestionKind
from liuhao.surveys.selectors import AnswerSheet, answer_sheet_get
from liuhao.surveys.services import (
    ALREADY,
    INVALID_LINK_MESSAGE,
    answer_ticket,
    survey_answer,
    survey_questions,
    token_hash,
)

R = TypeVar("R", bound=HttpResponseBase)

SESSION_KEY = "survey_tokens"  # survey id (text) → SHA-256 of the invitation's token


def _private(response: R) -> R:
    """Never cached, never indexed; same-origin referrer (no-referrer would post `Origin: null`
    and fail Django's CSRF check)."""
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _message(request: HttpRequest, title: str, message: str, status: int = 200) -> HttpResponse:
    page = render(
        request, "surveys/public/message.html", {"title": title, "message": message}, status=status
    )
    return _private(page)


def _invalid(request: HttpRequest) -> HttpResponse:
    return _message(request, "无法填写测评", INVALID_LINK_MESSAGE, status=404)


def _already(request: HttpRequest) -> HttpResponse:
    return _message(request, "已提交", ALREADY)


def _digest(request: HttpRequest, survey_id: int) -> str | None:
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    value = stored.get(str(survey_id))
    return value if isinstance(value, str) else None


@require_GET
def survey_enter(request: HttpRequest, token: str) -> HttpResponse:
    """The printed link: keep the token's hash in the session and leave the URL (ADR 0014)."""
    digest = token_hash(token)
    sheet = answer_sheet_get(digest, timezone.localdate())
    if sheet is None:
        return _invalid(request)
    stored = request.session.get(SESSION_KEY)
    stored = dict(stored) if isinstance(stored, dict) else {}
    stored[str(sheet.survey_id)] = digest
    request.session[SESSION_KEY] = stored
    return _private(redirect("surveys_public:survey-answer", survey_id=sheet.survey_id))


def _form_page(
    request: HttpRequest,
    sheet: AnswerSheet,
    data: dict[str, Any],
    errors: dict[str, list[str]],
    summary: str = "",
    status: int = 200,
) -> HttpResponse:
    rows: list[dict[str, Any]] = []
    for q in sheet.questions:
        field = f"q{q.pk}"
        rows.append(
            {
                "question": q,
                "field": field,
                "likert": q.kind == QuestionKind.LIKERT,
                "choices": [(str(i), label) for i, label in enumerate(q.levels, 1)],
                "value": str(data.get(field, "")),
                "errors": errors.get(field, []),
            }
        )
    problems = [m for row in rows for m in row["errors"]] or ([summary] if summary else [])
    context = {"sheet": sheet, "rows": rows, "problems": problems}
    return _private(render(request, "surveys/public/survey_answer.html", context, status=status))


@require_http_methods(["GET", "POST"])
def survey_answer_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    """GET shows the questions; POST submits through `survey_answer` (idempotent): success goes to
    "感谢参与", a retry or double submit answers "已提交"."""
    digest = _digest(request, survey_id)
    if digest is None:
        return _invalid(request)
    today = timezone.localdate()
    if request.method != "POST":
        sheet = answer_sheet_get(digest, today)
        if sheet is None or sheet.survey_id != survey_id:
            return _invalid(request)
        return _already(request) if sheet.used else _form_page(request, sheet, {}, {})
    # POST: the invitation (and, unless used, the questions) are read once, for the service too.
    ticket = answer_ticket(digest, today)
    if ticket is None or ticket.survey.pk != survey_id:
        return _invalid(request)
    if ticket.used:
        return _already(request)
    questions = survey_questions(survey_id)
    data = {f"q{q.pk}": request.POST.get(f"q{q.pk}", "") for q in questions}
    answers = {str(q.pk): data[f"q{q.pk}"] for q in questions}
    try:
        submitted = survey_answer(ticket=ticket, questions=questions, answers=answers, today=today)
    except InvalidState:
        return _invalid(request)
    except ValidationFailed as exc:
        fields = exc.extra.get("fields") or {}
        errors = {name: [str(m) for m in msgs] for name, msgs in fields.items()}
        survey = ticket.survey
        sheet = AnswerSheet(
            survey_id=survey.pk,
            title=survey.title,
            org_name=survey.org.name,
            closes_on=survey.closes_on,
            used=False,
            questions=tuple(questions),
        )
        return _form_page(request, sheet, data, errors, exc.message, status=400)
    if not submitted.stored:
        return _already(request)
    return _private(redirect("surveys_public:survey-done"))


@require_GET
def survey_done(request: HttpRequest) -> HttpResponse:
    """感谢参与: echoes nothing of the answers."""
    return _message(request, "感谢参与", "您的答卷已匿名提交。感谢您的参与！")
