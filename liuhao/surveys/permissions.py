"""Who may run surveys and read their results (CONVENTIONS B3).

Running a survey (create, open, close, reminders) is ledger work of the org: its secretary and
committee members and the levels above (Capability.RECORD_LEDGER). Aggregated results are also open
to those who read assessments (reviewers). No one ever sees who answered what.
"""

from __future__ import annotations

from typing import Any

from liuhao.core.roles import Capability
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for


def can_manage_surveys(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.RECORD_LEDGER, org)


def can_view_survey_results(actor: Any, org: Organization) -> bool:
    scope = scope_for(actor)
    return scope.can(Capability.RECORD_LEDGER, org) or scope.can(Capability.VIEW_ASSESSMENT, org)
