"""How the scorecard names and links the ledger's records shown as evidence (standards.evidence).

Plans, contact pairs and visits have no page of their own: they link to the org's ledger page of
the run's period, at their section."""

from __future__ import annotations

from liuhao.standards.evidence import register_evidence_type

register_evidence_type("ledger.activity", noun="活动记录", label="{held_on} {kind}：{topic}")
register_evidence_type(
    "ledger.plandocument",
    noun="规划文件",
    label="{kind}《{title}》（{valid_from}起）",
    url="ledger:org-ledger",
    url_arg="org_id",
    anchor="ledger-plans",
    period=True,
)
register_evidence_type(
    "ledger.contactpair",
    noun="结对联系",
    label="{leader__name}→{target__name}（{started_on}起）",
    url="ledger:org-ledger",
    url_arg="org_id",
    anchor="ledger-pairs",
    period=True,
)
register_evidence_type(
    "ledger.contactvisit",
    noun="联系走访",
    label="{visited_on} {leader__name}：{topic}",
    url="ledger:org-ledger",
    url_arg="org_id",
    anchor="ledger-visits",
    period=True,
)
register_evidence_type(
    "ledger.servicerecord", noun="党员服务记录", label="{served_on} {person__name} {kind}"
)
register_evidence_type("ledger.task", noun="任务", label="{title}（期限 {due_on}）")
register_evidence_type("ledger.disclosure", noun="党务公开", label="{published_on} {title}")
