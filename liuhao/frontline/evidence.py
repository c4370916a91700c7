"""How the scorecard names and links the service front's records shown as evidence
(standards.evidence; pages `frontline:<model>-detail`)."""

from __future__ import annotations

from liuhao.standards.evidence import register_evidence_type

register_evidence_type("frontline.venue", noun="", label="{kind}：{name}")
register_evidence_type(
    "frontline.reception", noun="驻室接待", label="{held_on} {representative__name}"
)
register_evidence_type("frontline.proposal", noun="", label="{kind}：{title}（{submitted_on}）")
register_evidence_type(
    "frontline.memberaffair", noun="党员事务", label="{received_on} {person__name} {kind}"
)
register_evidence_type("frontline.serviceitem", noun="服务事项", label="{name}")
register_evidence_type("frontline.vanguardpost", noun="", label="{kind}：{name}")
register_evidence_type("frontline.news", noun="", label="{kind}：{published_on} {title}")
