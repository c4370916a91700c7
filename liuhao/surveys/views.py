"""The signed-in pages of the surveys: an org's survey list and a survey's results with the live
progress (issue 6 items 2 and 5; C18.1, C01.2, C09.1–2).

Results are aggregates only (selectors.surveys_results): the response rate per audience, the
satisfaction rate per question and overall with its Wilson 95% interval, and no rate for a group
under the survey's minimum group size. Orgs and surveys outside the actor's visible tree answer 404;
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
from liuhao.surveys import selectors
from liuhao.surveys.choices import SurveyStatus
from liuhao.surveys.models import Survey
from liuhao.surveys.permissions import can_view_survey_results


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


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's results: live progress per audience while open, satisfaction per question and
    overall with the Wilson 95% interval; small groups hidden."""
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404
    org = _readable_org(request, survey.org_id)
    context = {
        "org": org,
        "survey": survey,
        "is_open": survey.status == SurveyStatus.OPEN,
        "results": selectors.survey_results(survey),
        "progress": selectors.survey_progress(survey),
    }
    return render(request, "surveys/survey_detail.html", context)
