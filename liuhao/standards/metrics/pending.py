"""Metrics whose data sources later issues build: declared so packages may name them.

Every checkpoint that uses one of these is `awaiting_data` (issue 3 item 2), and the run lists it.
When an app builds the source it registers an implementation under the same key with @metric.
"""

from __future__ import annotations

from liuhao.standards.metrics.registry import declare_pending

SURVEY = "满意度测评功能尚未建设，暂无数据"

PENDING: tuple[tuple[str, str, str, str], ...] = (
    # key, label, unit, reason
    ("survey.satisfaction_rate", "满意度", "%", SURVEY),
    ("survey.leadership_rating_rate", "班子评价满意度", "%", SURVEY),
    ("survey.survey_count", "满意度测评", "次", SURVEY),
)

for _key, _label, _unit, _reason in PENDING:
    declare_pending(_key, label=_label, unit=_unit, reason=_reason)
