"""How the scorecard names and links the governance records shown as evidence
(standards.evidence; pages `governance:<model>-detail`)."""

from __future__ import annotations

from liuhao.standards.evidence import register_evidence_type

register_evidence_type("governance.funding", noun="党建工作经费", label="{allocated_on} {amount}元")
register_evidence_type(
    "governance.election", noun="换届选举", label="{elected_on} 换届（任期{term_years}年）"
)
register_evidence_type("governance.carerecord", noun="关怀帮扶", label="{cared_on} {summary}")
register_evidence_type("governance.commendation", noun="评比表彰", label="{awarded_on} {title}")
register_evidence_type(
    "governance.leaderreport", noun="书记述职评议", label="{reported_on} {reporter__name}述职"
)
register_evidence_type(
    "governance.memberevaluation",
    noun="民主评议党员",
    label="{org__name} {year}年度（{decided_on}评定）",
)
