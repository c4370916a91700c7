"""Governance metrics of support and incentives (保障激励): funding (C08.1), elections in term
(C08.2), care records (C08.3) and commendations (C08.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from liuhao.governance.metrics.common import counted, dated_by_org, zeros
from liuhao.governance.models import CareRecord, Commendation, Election, Funding
from liuhao.governance.models.support import add_months
from liuhao.ledger.metrics.common import Clock, late_days, orgs_q, span_of, text
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

FUNDING = "governance.funding"
ELECTION = "governance.election"
CARE = "governance.carerecord"
COMMENDATION = "governance.commendation"


@metric("ledger.funding_allocated", label="党建工作经费", unit="元")
def funding_allocated(ctx: MetricContext) -> dict[int, MetricValue]:
    """Funds allocated to the org within the year window up to as_of, in 元.

    Criterion C08.1 有充足的经费支持 (our default: more than 0 元 a year). One query per window.
    """
    clock = Clock(late_days(ctx))
    out = zeros(ctx.org_ids, 0.0, FUNDING, total=0)
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        for org_id, rows in dated_by_org(Funding, "allocated_on", ids, span, "amount").items():
            amount = sum((Decimal(str(r[3])) for r in rows), Decimal(0))
            late = [r[0] for r in rows if not clock.within(r[1], r[2])]
            out[org_id] = counted(
                float(amount), [r[0] for r in rows], late, FUNDING, total=len(rows)
            )
    return out


def _count(
    ctx: MetricContext, model: type[models.Model], date_field: str, records: str
) -> dict[int, MetricValue]:
    clock = Clock(late_days(ctx))
    out = zeros(ctx.org_ids, 0.0, records, total=0)
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        for org_id, rows in dated_by_org(model, date_field, ids, span).items():
            late = [r[0] for r in rows if not clock.within(r[1], r[2])]
            out[org_id] = counted(
                float(len(rows)), [r[0] for r in rows], late, records, total=len(rows)
            )
    return out


@metric("ledger.care_record_count", label="关爱帮扶记录", unit="次")
def care_record_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """Care and assistance records of the org within the window (Criterion C08.3 创新党内激励关怀
    帮扶机制，探索建立党员关爱基金). One query per window."""
    return _count(ctx, CareRecord, "cared_on", CARE)


@metric("ledger.commendation_count", label="评比表彰或选树典型", unit="次")
def commendation_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """Commendations and typical cases of the org within the window (Criterion C08.4 定期评比
    表彰、选树典型). One query per window."""
    return _count(ctx, Commendation, "awarded_on", COMMENDATION)


@metric("ledger.election_in_term", label="按期换届", unit="")
def election_in_term(ctx: MetricContext) -> dict[int, MetricValue]:
    """1 when the org's latest election on or before as_of is still within its term (or an
    extension approved on or before as_of), else 0; 0 without any election on record.

    Criterion C08.2 党员的知情权、参与权、选举权和监督权得到保障 (按期换届). Terms come from the
    record (a length allowed by governance-rules.yaml). Evidence: the election. One query.
    """
    clock = Clock(late_days(ctx))
    latest: dict[int, tuple[str, int, int, dt.date | None, dt.date | None, str]] = {}
    qs = (
        Election.objects.filter(orgs_q(ctx.org_ids), elected_on__lte=ctx.as_of)
        .order_by()
        .annotate(day=text("elected_on"), entered=text("entered_at"))
        .values_list(
            "pk",
            "org_id",
            "day",
            "term_years",
            "extended_until",
            "extension_approved_on",
            "entered",
        )
    )
    for pk, org_id, day, years, extended, approved, entered in qs:
        if org_id not in ctx.org_ids:
            continue
        seen = latest.get(org_id)
        if seen is None or (day, pk) > (seen[0], seen[1]):
            latest[org_id] = (day, pk, years, extended, approved, entered)
    out = zeros(ctx.org_ids, 0.0, ELECTION)
    for org_id, row in latest.items():
        day, pk, years, extended, approved, entered = row
        ends = add_months(dt.date.fromisoformat(day[:10]), 12 * years)
        if extended is not None and approved is not None and approved <= ctx.as_of:
            ends = max(ends, extended)
        in_term = ctx.as_of <= ends
        out[org_id] = counted(
            1.0 if in_term else 0.0,
            [pk],
            [] if clock.within(day, entered) else [pk],
            ELECTION,
            days_left=(ends - ctx.as_of).days,
        )
    return out
