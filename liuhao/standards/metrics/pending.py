"""Metrics whose data sources later issues build: declared so packages may name them.

Every checkpoint that uses one of these is `awaiting_data` (issue 3 item 2), and the run lists it.
When an app builds the source it registers an implementation under the same key with @metric.
"""

from __future__ import annotations

from liuhao.standards.metrics.registry import declare_pending

DESK = "诉求受理功能尚未建设，暂无数据"
SURVEY = "满意度测评功能尚未建设，暂无数据"

PENDING: tuple[tuple[str, str, str, str], ...] = (
    # key, label, unit, reason
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
