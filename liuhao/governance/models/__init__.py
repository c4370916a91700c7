"""Governance records (保障激励与考核评议, criteria C08 and C09)."""

from liuhao.governance.models.evaluation import (
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.governance.models.support import CareRecord, Commendation, Election, Funding

__all__ = [
    "CareRecord",
    "Commendation",
    "Election",
    "Funding",
    "LeaderReport",
    "MemberEvaluation",
    "MemberGrade",
    "OrgGrade",
    "OrgGrading",
    "SpiritAnalysis",
]
