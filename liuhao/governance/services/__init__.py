"""Writes of the governance records (criteria C08 and C09): atomic, permission-checked,
validated with Chinese field messages, audited in the same transaction (CONVENTIONS B1)."""

from liuhao.governance.services.evaluation import (
    leader_report_save,
    member_evaluation_save,
    org_grading_save,
    spirit_analysis_save,
)
from liuhao.governance.services.support import (
    care_record_save,
    commendation_save,
    election_save,
    funding_save,
    record_delete,
)

__all__ = [
    "care_record_save",
    "commendation_save",
    "election_save",
    "funding_save",
    "leader_report_save",
    "member_evaluation_save",
    "org_grading_save",
    "record_delete",
    "spirit_analysis_save",
]
