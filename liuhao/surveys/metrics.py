"""Metrics of the surveys: criteria C18.1, C01.2, C09.1, C09.2 and C12.2.

Each metric reads the surveys of every org in scope with one query per period window plus the
grouped result queries of `surveys_results` (CONVENTIONS B4), never one query per org. A survey
counts for its own org only (`Survey.org`), in the window whose code matches its period: a year
window takes the year's surveys and those of its terms. A survey that includes the org's subtree
still counts only for the org that ran it: its sheets carry an audience, not a branch, so they say
nothing about any one branch below (docs/architecture.md "Surveys").

Honest numbers: a rate is given only when the org's closed surveys of the window, pooled, reach
the minimum group size and the minimum response rate (the checkpoint's `min_response_rate` param,
default survey-rules.yaml); otherwise the value is None and the checkpoint is `awaiting_data`,
never met (issue 6 item 5). The detail then carries the response rate and the minimum, which the
engine's explanation names ("参与率 22%，低于 30%，结果不计入").
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import F

from liuhao.desk.metrics import online_request_count
from liuhao.governance.metrics.evaluation import REPORT, leader_report_rated
from liuhao.ledger.metrics.common import orgs_q, span_of, value_of
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, metric
from liuhao.surveys.choices import SurveyKind, SurveyStatus
from liuhao.surveys.models import Survey
from liuhao.surveys.rules import survey_rules
from liuhao.surveys.selectors import SurveyResults, surveys_answered, surveys_results

RECORDS = "surveys.survey"
OPENED = (SurveyStatus.OPEN, SurveyStatus.CLOSED)


def _periods(window: PeriodWindow) -> list[str]:
    if window.kind == "year":
        return [window.code, f"{window.code}-1", f"{window.code}-2"]
    return [window.code]


def _surveys(
    ctx: MetricContext, kinds: tuple[str, ...], statuses: tuple[str, ...]
) -> dict[int, list[Survey]]:
    """org id → its own surveys of `kinds` in the org's window (one query per window)."""
    out: dict[int, list[Survey]] = defaultdict(list)
    for window, ids in ctx.windows.items():
        rows = Survey.objects.filter(
            orgs_q(ids),
            kind__in=kinds,
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


def _pooled(surveys: list[Survey], results: dict[int, SurveyResults], floor: float) -> MetricValue:
    """The org's surveys of the window pooled: the mean of every respondent's satisfied share (the
    overall rate of `surveys_results`, per respondent), or None when the pooled response rate is
    under `floor` or the respondents are fewer than the minimum group size."""
    res = [results[s.pk] for s in surveys]
    invited = sum(r.invited for r in res)
    answered = sum(r.answered for r in res)
    respondents = sum(r.respondents for r in res)
    rated = sum(r.overall.total for r in res)  # respondents with a Likert answer
    shares = sum(r.overall.satisfied for r in res)
    min_group = min(s.min_group_size for s in surveys)
    response_rate = answered / invited if invited else 0.0
    honest = rated > 0 and response_rate >= floor and respondents >= min_group
    return value_of(
        shares / rated if honest else None,
        [s.pk for s in surveys],
        (),
        RECORDS,
        respondents=respondents,
        invited=invited,
        response_rate=round(response_rate, 4),
        min_response_rate=floor,
        min_group=min_group,
    )


def _rates(ctx: MetricContext, kind: str) -> dict[int, MetricValue]:
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(None, (), (), RECORDS))
    by_org = _surveys(ctx, (kind,), (SurveyStatus.CLOSED,))
    results = surveys_results([s for surveys in by_org.values() for s in surveys])
    floor = _min_rate(ctx)
    for org_id, surveys in by_org.items():
        out[org_id] = _pooled(surveys, results, floor)
    return out


@metric("survey.satisfaction_rate", label="满意度", unit="%")
def satisfaction_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C18.1 党员和师生员工满意度达到90%以上: over the respondents of the org's closed satisfaction
    surveys in the window, the mean share of answers at a satisfied level (default 非常满意, 满意,
    基本满意). None (awaiting data) below the minimum response rate or group size."""
    return _rates(ctx, SurveyKind.SATISFACTION)


@metric("survey.leadership_rating_rate", label="班子评价满意度", unit="%")
def leadership_rating_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C01.2 党员对班子理想信念、廉洁公正的评价: the favourable share in the org's closed
    leadership evaluations of the window (same formula and honesty rules as C18.1)."""
    return _rates(ctx, SurveyKind.LEADERSHIP)


@metric("survey.survey_count", label="满意度测评", unit="次")
def survey_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C09.2 开展群众满意度测评: satisfaction surveys of the org opened (open or closed) in the
    window, up to `as_of`."""
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(0.0, (), (), RECORDS))
    by_org = _surveys(ctx, (SurveyKind.SATISFACTION,), OPENED)
    for org_id, surveys in by_org.items():
        out[org_id] = value_of(float(len(surveys)), [s.pk for s in surveys], (), RECORDS)
    return out


@metric("survey.leader_report_rated", label="述职评议", unit="次")
def report_rated(ctx: MetricContext) -> dict[int, MetricValue]:
    """C09.1 书记述职并接受党员评议: the org's annual reports (书记述职) of the window rated by the
    members, either with ratings entered on the report (ledger.leader_report_rated) or by a closed
    述职评议 survey linked to the report (`Survey.leader_report`) whose response rate and group
    size are honest (as for C18.1). Evidence: the reports. The governance metric's query plus one
    query per window and the grouped result queries."""
    base = leader_report_rated(ctx)
    floor = _min_rate(ctx)
    linked: dict[int, set[int]] = defaultdict(set)  # org → reports rated by an honest survey
    surveys: list[Survey] = []
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows = Survey.objects.filter(
            orgs_q(ids, "leader_report__org_id"),
            kind=SurveyKind.LEADER_REPORT,
            status=SurveyStatus.CLOSED,
            leader_report__reported_on__range=span,
            leader_report__org_id=F("org_id"),
        ).order_by("pk")
        surveys.extend(s for s in rows if s.org_id in ids)
    results = surveys_results(surveys)
    for survey in surveys:
        if survey.leader_report_id is None:
            continue
        if _pooled([survey], results, floor).value is not None:
            linked[survey.org_id].add(survey.leader_report_id)
    out = dict(base)
    for org_id, reports in linked.items():
        if org_id not in out:
            continue
        mv = out[org_id]
        rated = sorted(set(mv.evidence) | reports)
        out[org_id] = MetricValue(
            value=float(len(rated)),
            evidence=tuple(rated),
            records=REPORT,
            late=mv.late,
            detail=(("total", float(len(rated))), ("surveyed", float(len(reports)))),
        )
    return out


@metric("survey.online_consultation_count", label="网上征询或受理", unit="件")
def online_consultation_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C12.2 运用网络汇集民意、服务师生: the requests taken online in the window for the org and
    its subtree (desk.online_request_count) plus the org's own surveys of the window that received
    answers online (every survey is answered through its token links). Evidence: the requests when
    there are any, else the surveys. The desk metric's queries plus one per window and one query
    on the answered invitations."""
    requests = online_request_count(ctx)
    by_org = _surveys(ctx, tuple(SurveyKind.values), OPENED)
    used = surveys_answered([s.pk for surveys in by_org.values() for s in surveys])
    out: dict[int, MetricValue] = {}
    for org_id in ctx.org_ids:
        req = requests.get(org_id)
        n_req = int(req.value or 0) if req is not None else 0
        answered = [s.pk for s in by_org.get(org_id, ()) if s.pk in used]
        if not n_req and not answered:
            out[org_id] = value_of(0.0, (), (), RECORDS)
            continue
        evidence = req.evidence if req is not None and n_req else tuple(answered)
        records = req.records if req is not None and n_req else RECORDS
        out[org_id] = MetricValue(
            value=float(n_req + len(answered)),
            evidence=evidence,
            records=records,
            detail=(("requests", float(n_req)), ("surveys", float(len(answered)))),
        )
    return out
