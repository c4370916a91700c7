"""The signed-in pages of the surveys: an org's survey list, a survey's results with the live
progress and charts, and the Excel export of the results (issue 6 items 2, 5 and 6; C18.1, C01.2,
C09.1–2).

Results are aggregates only (selectors.surveys_results): the response rate per audience, the
satisfaction rate per question and overall (per respondent) with its Wilson 95% interval, and no
rate for a group under the survey's minimum group size (nor for the audience that would reveal it). Orgs and surveys outside the actor's visible tree answer 404;
visible ones the actor may not read results of answer 403 (NotPermitted).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from liuhao.core.exceptions import NotPermitted
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors import orgs as org_selectors
from liuhao.surveys import charts, selectors
from liuhao.surveys.choices import SurveyStatus
from liuhao.surveys.export import survey_workbook
from liuhao.surveys.models import Survey
from liuhao.surveys.permissions import can_view_survey_results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readable_org(request: HttpRequest, pk: int) -> Organization:
    org = org_selectors.org_get(request.user, pk)  # 404 outside the visible tree
    if not can_view_survey_results(request.user, org):
        raise NotPermitted("您无权查看该党组织的测评结果")
    return org


@login_required
@require_GET
def survey_list(request: HttpRequest, pk: int) -> HttpResponse:
    """满意度测评: the org's surveys, newest first, each with its status and response rate."""
    org = _readable_org(request, pk)
    surveys = list(selectors.survey_list(org))
    results = selectors.surveys_results(surveys) if surveys else {}
    rows = [(s, results[s.pk]) for s in surveys]
    return render(request, "surveys/survey_list.html", {"org": org, "rows": rows})


def _readable_survey(request: HttpRequest, pk: int) -> tuple[Survey, Organization]:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey, _readable_org(request, survey.org_id)


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's results: live progress per audience while open, satisfaction per question and
    overall with the Wilson 95% interval (per respondent overall and per audience), the level
    distribution and the audiences' rates as charts; small groups hidden and never charted."""
    survey, org = _readable_survey(request, pk)
    results = selectors.survey_results(survey)
    context = {
        "org": org,
        "survey": survey,
        "is_open": survey.status == SurveyStatus.OPEN,
        "results": results,
        "progress": selectors.survey_progress(survey),
        "levels_chart": charts.levels_chart(results),
        "audience_chart": charts.audience_chart(results),
        "satisfied_text": "、".join(
            next((q.satisfied_labels for q in results.questions if q.rate is not None), ())
        ),
    }
    return render(request, "surveys/survey_detail.html", context)


@login_required
@require_GET
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The aggregated results as .xlsx: the same figures as the results page, small groups hidden
    alike, open-text answers in random order and never an identity (issue 6 item 6)."""
    survey, _ = _readable_survey(request, pk)
    results = selectors.survey_results(survey)
    content = survey_workbook(survey, results, selectors.survey_open_texts(survey, results))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response
