"""The reviewer-ratings provider of the assessment runs (Criteria C16.2, C17.2).

Registered with the standards registry from `AchievementsConfig.ready()`; the run calls it once for
all its orgs. When several reviewers rate the same org, checkpoint and period, the run reads the mean.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Avg, Q

from liuhao.achievements.models import ReviewRating
from liuhao.ledger.metrics.common import orgs_q
from liuhao.standards.metrics.registry import register_ratings_provider


@register_ratings_provider
def review_ratings(
    org_ids: frozenset[int], periods: Mapping[str, str]
) -> dict[int, dict[str, float]]:
    """org id → {checkpoint code: mean score} for the (checkpoint, period) pairs asked. One query."""
    pairs = Q(pk__in=[])
    for code, period in periods.items():
        pairs |= Q(checkpoint_code=code, period_code=period)
    out: dict[int, dict[str, float]] = {}
    for org_id, code, mean in (
        ReviewRating.objects.filter(pairs, orgs_q(org_ids))
        .order_by()
        .values("org_id", "checkpoint_code")
        .annotate(mean=Avg("score"))
        .values_list("org_id", "checkpoint_code", "mean")
    ):
        if org_id in org_ids and mean is not None:
            out.setdefault(org_id, {})[code] = round(float(mean), 2)
    return out
