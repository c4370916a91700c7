"""Helpers of the governance metrics: dated records of the window, grouped by org (one query)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from django.db import models

from liuhao.ledger.metrics.common import orgs_q, text

Row = tuple[int, str, str, Any]  # (pk, event date text, entered_at text, extra value)


def dated_by_org(
    model: type[models.Model],
    date_field: str,
    ids: Collection[int],
    span: tuple[dt.date, dt.date],
    extra: str | None = None,
    **filters: Any,
) -> dict[int, list[Row]]:
    """org id → [(pk, date text, entered text, `extra` column)] of records dated within the span."""
    columns = ["pk", "org_id", "day", "entered"] + ([extra] if extra else [])
    qs = (
        model._default_manager.filter(orgs_q(ids), **{f"{date_field}__range": span}, **filters)
        .order_by()
        .annotate(day=text(date_field), entered=text("entered_at"))
        .values_list(*columns)
    )
    rows: dict[int, list[Row]] = defaultdict(list)
    for row in qs:
        if row[1] in ids:
            rows[row[1]].append((row[0], row[2], row[3], row[4] if extra else None))
    return rows
