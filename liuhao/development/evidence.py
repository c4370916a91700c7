"""How the scorecard names and links development cases shown as evidence (standards.evidence)."""

from __future__ import annotations

from liuhao.standards.evidence import register_evidence_type

register_evidence_type(
    "development.developmentcase", noun="发展党员档案", label="{person__name}（{stage}）"
)
