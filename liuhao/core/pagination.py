"""Keyset-free simple pagination that never counts the whole table (fast at province scale)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    number: int
    has_next: bool
    has_previous: bool
    per_page: int


def paginate(qs: QuerySet[Any], page: int | str | None, per_page: int = 20) -> Page:
    """Fetch one page plus one row to know whether there is a next page; no COUNT(*)."""
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1
    number = min(number, 10_000)
    start = (number - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    return Page(
        items=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        has_previous=number > 1,
        per_page=per_page,
    )
