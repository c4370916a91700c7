"""Metrics of the surveys: criteria C18.1, C01.2 and C09.2 (replacing the pending survey.* keys).

Each metric reads the closed surveys of every org in scope with one query per period window plus
the grouped result queries of `surveys_results` (CONVENTIONS B4), never one query per org. A survey
counts for its own org in the window whose code matches its period: a year window takes the year's
surveys and those of its terms. Honest numbers: a rate is given only when the org's surveys of the
window, pooled, reach the minimum group size and the minimum response rate (the checkpoint's
`min_response_rate` param, default survey-rules.yaml); otherwise the value is None and the
checkpoint is `awaiting_data`, never met (issue 6 item 5).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from liuhao.ledger.metrics.common import orgs_q, value_of
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, metric
from liuhao.surveys.choices import SurveyKind, SurveyStatus
from liuhao.surveys.models import Survey
from liuhao.surveys.rules import survey_rules
from liuhao.surveys.selectors import surveys_results

RECORDS = "surveys.survey"


def _periods(window: PeriodWindow) -> list[str]:
    if window.kind == "year":
        return [window.code, f"{window.code}-1", f"{window.code}-2"]
    return [window.code]


def _surveys(ctx: MetricContext, kind: str, statuses: tuple[str, ...]) -> dict[int, list[Survey]]:
    """org id → its surveys of `kind` in the org's window (one query per window)."""
    out: dict[int, list[Survey]] = defaultdict(list)
    for window, ids in ctx.windows.items():
        rows = Survey.objects.filter(
            orgs_q(ids),
            kind=kind,
            status__in=statuses,
            period__in=_periods(window),
            opens_on__lte=ctx.as_of,
        ).order_by("pk")
        for survey in rows:
            if survey.org_id in ids:
                out[survey.org_id].append(survey)
    return out


def _min_rate(ctx: MetricContext) -> float:
    raw = ctx.params.get("min_response_rate")
    return float(Decimal(str(raw)) if raw not in (None, "") else survey_rules().min_response_rate)


def _rates(ctx: MetricContext, kind: str) -> dict[int, MetricValue]:
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(None, (), (), RECORDS))
    by_org = _surveys(ctx, kind, (SurveyStatus.CLOSED,))
    results = surveys_results([s for surveys in by_org.values() for s in surveys])
    floor = _min_rate(ctx)
    for org_id, surveys in by_org.items():
        res = [results[s.pk] for s in surveys]
        invited = sum(r.invited for r in res)
        answered = sum(r.answered for r in res)
        respondents = sum(r.respondents for r in res)
        total = sum(r.overall.total for r in res)
        ok = sum(r.overall.satisfied for r in res)
        response_rate = answered / invited if invited else 0.0
        honest = (
            total > 0
            and response_rate >= floor
            and respondents >= min(s.min_group_size for s in surveys)
        )
        out[org_id] = value_of(
            ok / total if honest else None,
            [s.pk for s in surveys],
            (),
            RECORDS,
            total=total,
            ok=ok,
            respondents=respondents,
            invited=invited,
            response_rate=round(response_rate, 4),
        )
    return out


@metric("survey.satisfaction_rate", label="满意度", unit="%")
def satisfaction_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C18.1 党员和师生员工满意度达到90%以上: of the Likert answers of the org's closed
    satisfaction surveys in the window, the share at a satisfied level (default 非常满意, 满意,
    基本满意). None (awaiting data) below the minimum response rate or group size."""
    return _rates(ctx, SurveyKind.SATISFACTION)


@metric("survey.leadership_rating_rate", label="班子评价满意度", unit="%")
def leadership_rating_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C01.2 党员对班子理想信念、廉洁公正的评价: the share of favourable ratings in the org's
    closed leadership evaluations of the window (same formula and honesty rules as C18.1)."""
    return _rates(ctx, SurveyKind.LEADERSHIP)


@metric("survey.survey_count", label="满意度测评", unit="次")
def survey_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C09.2 开展群众满意度测评: satisfaction surveys of the org opened (open or closed) in the
    window, up to `as_of`."""
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(0.0, (), (), RECORDS))
    by_org = _surveys(ctx, SurveyKind.SATISFACTION, (SurveyStatus.OPEN, SurveyStatus.CLOSED))
    for org_id, surveys in by_org.items():
        out[org_id] = value_of(float(len(surveys)), [s.pk for s in surveys], (), RECORDS)
    return out
