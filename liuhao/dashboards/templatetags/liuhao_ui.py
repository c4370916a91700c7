"""Template helpers of the web UI: navigation flags (from the cached scope; no query per row)."""

from __future__ import annotations

from typing import Any

from django import template

from liuhao.core.roles import Capability, Role
from liuhao.orgs.selectors.scope import scope_for

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_flags(context: template.Context) -> dict[str, bool]:
    """Which nav entries the user gets: import (IMPORT capability), calendar (admins), requests
    (HANDLE_REQUESTS: 诉求办理), back office."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"import": False, "calendar": False, "desk": False, "admin": False}
    scope = scope_for(user)
    return {
        "import": scope.can(Capability.IMPORT),
        "calendar": scope.is_province or Role.UNIVERSITY_ADMIN in scope.roles,
        "desk": scope.can(Capability.HANDLE_REQUESTS),
        "admin": bool(user.is_staff),
    }
