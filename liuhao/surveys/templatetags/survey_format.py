"""Formatting of survey results: rates as percentages and Wilson intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.8571 → "85.7%"; None → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def interval(value: tuple[float, float] | None) -> str:
    """(0.6, 0.98) → "60.0%–98.0%"; None → "—"."""
    return "—" if value is None else f"{percent(value[0])}–{percent(value[1])}"


@register.filter
def zip_counts(labels: Sequence[str], counts: Sequence[int]) -> list[tuple[str, Any]]:
    """The scale's labels beside their answer counts."""
    return list(zip(labels, counts, strict=False))
