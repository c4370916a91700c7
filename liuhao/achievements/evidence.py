"""How the scorecard names and links commitments, achievements, outputs and brands shown as
evidence (standards.evidence; pages `achievements:<model>-detail`)."""

from __future__ import annotations

from liuhao.standards.evidence import register_evidence_type

register_evidence_type(
    "achievements.commitment", noun="承诺践诺", label="{person__name}（{committed_on}承诺）"
)
register_evidence_type("achievements.achievement", noun="工作成果", label="{achieved_on} {title}")
register_evidence_type("achievements.output", noun="研究与实践成果", label="{published_on} {title}")
register_evidence_type("achievements.servicebrand", noun="服务品牌", label="{name}")
