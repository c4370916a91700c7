"""Writes of self-assessments and the review chain (issue 7 items 1, 2)."""

from liuhao.assessments.services.review import (
    checkpoint_score,
    review_accept,
    review_return,
    status_override,
)
from liuhao.assessments.services.selfassess import (
    assessment_start,
    assessment_submit,
    chain_for,
    evidence_add,
    narrative_save,
)

__all__ = [
    "assessment_start",
    "assessment_submit",
    "chain_for",
    "checkpoint_score",
    "evidence_add",
    "narrative_save",
    "review_accept",
    "review_return",
    "status_override",
]
