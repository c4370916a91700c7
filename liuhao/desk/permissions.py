"""Who may see and handle requests: `can_<verb>_<entity>(actor, obj) -> bool` (CONVENTIONS B3).

Requests carry personal data, so only those who handle them see them: the org's secretary and
committee members (and levels above: a college for its branches, the university and province admins),
never ordinary members or reviewers.
"""

from __future__ import annotations

from typing import Any

from liuhao.core.roles import Capability
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for


def can_handle_requests(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.HANDLE_REQUESTS, org)
