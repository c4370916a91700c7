"""Metrics whose data sources later issues build: declared so packages may name them.

Every checkpoint that uses one of these is `awaiting_data` (issue 3 item 2), and the run lists it.
When an app builds the source it registers an implementation under the same key with @metric.
"""

from __future__ import annotations

from liuhao.standards.metrics.registry import declare_pending

LEDGER = "台账功能（工作台账）尚未建设，暂无数据"
DESK = "诉求受理功能尚未建设，暂无数据"
SURVEY = "满意度测评功能尚未建设，暂无数据"
PORTAL = "公开服务门户尚未建设，暂无数据"

PENDING: tuple[tuple[str, str, str, str], ...] = (
    # key, label, unit, reason
    ("ledger.representative_studio_count", "党代表工作室", "个", LEDGER),
    ("ledger.reception_duty_count", "党代表驻室接待", "次", LEDGER),
    ("ledger.proposals_per_representative", "人均提案、提议或调研报告", "件", LEDGER),
    ("ledger.member_service_rate", "有服务记录的党员比例", "%", LEDGER),
    ("ledger.task_on_time_rate", "按期完成的任务比例", "%", LEDGER),
    ("ledger.disclosure_count", "党务公开", "次", LEDGER),
    ("ledger.venue_count", "固定活动场所", "个", LEDGER),
    ("ledger.vanguard_post_count", "党员先锋岗、责任区或工作站", "个", LEDGER),
    ("ledger.development_compliance_rate", "发展党员程序合规率", "%", LEDGER),
    ("ledger.funding_allocated", "党建工作经费", "元", LEDGER),
    ("ledger.election_in_term", "按期换届", "", LEDGER),
    ("ledger.care_record_count", "关爱帮扶记录", "次", LEDGER),
    ("ledger.commendation_count", "评比表彰或选树典型", "次", LEDGER),
    ("ledger.leader_report_rated", "述职评议", "次", LEDGER),
    ("ledger.evaluation_done", "分类定级与民主评议", "项", LEDGER),
    ("ledger.commitment_rate", "参与承诺践诺与评议的党员比例", "%", LEDGER),
    ("ledger.achievement_count", "工作成果", "项", LEDGER),
    ("ledger.brand_count", "理论实践成果与服务品牌", "项", LEDGER),
    ("ledger.venue_count", "固定活动场所", "个", LEDGER),
    ("ledger.vanguard_post_count", "党员先锋岗、责任区或工作站", "个", LEDGER),
    ("desk.resolved_within_sla_rate", "时限内办结的诉求比例", "%", DESK),
    ("desk.closed_within_sla_rate", "时限内关闭的诉求比例", "%", DESK),
    ("desk.urgent_overdue_count", "超期的紧急诉求", "件", DESK),
    ("desk.online_request_count", "网上征询或受理", "次", DESK),
    ("survey.satisfaction_rate", "满意度", "%", SURVEY),
    ("survey.leadership_rating_rate", "班子评价满意度", "%", SURVEY),
    ("survey.survey_count", "满意度测评", "次", SURVEY),
)

for _key, _label, _unit, _reason in PENDING:
    declare_pending(_key, label=_label, unit=_unit, reason=_reason)
