"""Deployment checks of the request desk (`manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register

from liuhao.desk.ratelimit import rate_limit_enabled


@register(Tags.security, deploy=True)
def rate_limit_on(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The public form's rate limit must be on in production (issue 5 item 8)."""
    if rate_limit_enabled():
        return []
    return [
        Warning(
            "DESK_RATE_LIMIT is off: the public request form accepts unlimited submissions.",
            hint="Unset DESK_RATE_LIMIT (it is meant for bench/desk_submit.py only).",
            id="desk.W001",
        )
    ]
