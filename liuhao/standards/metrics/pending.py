"""Metrics whose data sources later issues build: declared so packages may name them.

Every checkpoint that uses one of these is `awaiting_data` (issue 3 item 2), and the run lists it.
When an app builds the source it registers an implementation under the same key with @metric.
"""

from __future__ import annotations

from liuhao.standards.metrics.registry import declare_pending

# The survey.* metrics are implemented by liuhao.surveys (issue 6); nothing is pending today.
PENDING: tuple[tuple[str, str, str, str], ...] = (
    # key, label, unit, reason
)

for _key, _label, _unit, _reason in PENDING:
    declare_pending(_key, label=_label, unit=_unit, reason=_reason)
