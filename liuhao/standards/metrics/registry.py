"""The metric registry: named metrics that compute a value for every org in scope at once.

CONVENTIONS B4: a standard package (YAML) names a metric by key; the registry maps the key to a
function `(ctx: MetricContext) -> Mapping[int, MetricValue]` that returns the value for **every** org
in `ctx.org_ids` from grouped queries (one per distinct calendar at most, never one per org). A
metric function never calls `now()`: the period and `as_of` come in the context.

Metrics whose data source is not built yet are *declared* with `pending=<reason>`: packages may name
them (validation accepts the key), and every checkpoint using them is `awaiting_data`, never met
(issue 3 item 2). When the source is built, the owning app registers the implementation under the
same key and the checkpoint comes alive without a package change.

    @metric("ledger.activity_count", unit="次", label="活动次数")
    def activity_count(ctx: MetricContext) -> dict[int, MetricValue]:
        ...

A metric may read parameters from the checkpoint's `params` (for instance the activity kind):
they arrive in `ctx.params`. Metrics with different params are computed separately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from liuhao.standards.engine.types import MetricValue

__all__ = [
    "MetricContext",
    "MetricDef",
    "MetricValue",
    "collect_ratings",
    "declare_pending",
    "get_metric",
    "metric",
    "register_ratings_provider",
    "registered_metrics",
]


@dataclass(frozen=True, slots=True)
class PeriodWindow:
    """The date range a metric reads for a group of orgs that share one academic calendar."""

    code: str  # "2025-2026-1" or "2025-2026"
    kind: str  # "term" | "year"
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True, slots=True)
class MetricContext:
    """What a metric needs: the orgs in scope grouped by their calendar window, and `as_of`.

    `windows` maps each distinct period window to the org ids it applies to (most universities share
    the default calendar, so there is usually one window). `as_of` is the date the run looks at:
    the period's end for a closed period, today for the running one. Standing rules read the state
    on `as_of`; per-period rules count records dated within the window and on or before `as_of`.
    """

    org_ids: frozenset[int]
    windows: Mapping[PeriodWindow, frozenset[int]]
    as_of: dt.date
    params: Mapping[str, Any] = field(default_factory=dict)

    def window_of(self, org_id: int) -> PeriodWindow:
        for window, ids in self.windows.items():
            if org_id in ids:
                return window
        raise KeyError(org_id)


MetricFn = Callable[[MetricContext], Mapping[int, MetricValue]]


@dataclass(frozen=True, slots=True)
class MetricDef:
    key: str
    label: str  # Chinese, used in explanations: "理论学习研讨会次数"
    unit: str  # Chinese unit: "次", "%", "人", "个", "天"
    fn: MetricFn | None
    pending: str | None = None  # why the data is not available yet (Chinese), when fn is None

    @property
    def is_pending(self) -> bool:
        return self.fn is None


_REGISTRY: dict[str, MetricDef] = {}


def metric(key: str, *, label: str, unit: str) -> Callable[[MetricFn], MetricFn]:
    """Register a metric implementation under `key` (replacing a pending declaration)."""

    def register(fn: MetricFn) -> MetricFn:
        existing = _REGISTRY.get(key)
        if existing is not None and not existing.is_pending and existing.fn is not fn:
            raise ValueError(f"metric {key!r} registered twice")
        _REGISTRY[key] = MetricDef(key=key, label=label, unit=unit, fn=fn)
        return fn

    return register


def declare_pending(key: str, *, label: str, unit: str, reason: str) -> None:
    """Declare a metric whose data source is not built yet: checkpoints using it await data."""
    if key in _REGISTRY and not _REGISTRY[key].is_pending:
        return  # already implemented
    _REGISTRY[key] = MetricDef(key=key, label=label, unit=unit, fn=None, pending=reason)


def get_metric(key: str) -> MetricDef:
    return _REGISTRY[key]


def registered_metrics() -> dict[str, MetricDef]:
    return dict(_REGISTRY)


# ---- reviewer ratings (review checkpoints) -------------------------------------------------------

# A ratings provider answers, for all orgs at once, the reviewers' ratings of the review checkpoints:
# `fn(org_ids, periods)` where `periods` maps checkpoint code → the period code rated (the academic
# year for a yearly checkpoint), and returns org id → {checkpoint code: rating}. An app above the
# standards layer registers it from `ready()` (standards never imports that app).
RatingsProvider = Callable[[frozenset[int], Mapping[str, str]], Mapping[int, Mapping[str, float]]]

_RATINGS_PROVIDERS: list[RatingsProvider] = []


def register_ratings_provider(fn: RatingsProvider) -> RatingsProvider:
    """Register a provider of reviewer ratings (idempotent; usable as a decorator)."""
    if fn not in _RATINGS_PROVIDERS:
        _RATINGS_PROVIDERS.append(fn)
    return fn


def collect_ratings(
    org_ids: frozenset[int], periods: Mapping[str, str]
) -> dict[int, dict[str, float]]:
    """The ratings of every registered provider, merged per org (a later provider wins a tie)."""
    out: dict[int, dict[str, float]] = {}
    if not org_ids or not periods:
        return out
    for provider in _RATINGS_PROVIDERS:
        for org_id, ratings in provider(org_ids, periods).items():
            if org_id in org_ids:
                out.setdefault(org_id, {}).update(
                    {code: float(v) for code, v in ratings.items() if code in periods}
                )
    return out
