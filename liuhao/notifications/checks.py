"""Deployment checks of the notifications (`manage.py check --deploy`, issue 7 item 6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from liuhao.notifications.services import email_enabled


@register(Tags.compatibility, deploy=True)
def email_links_absolute(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Notification e-mails link to the site: with SMTP on, SITE_URL must say where it is."""
    if not email_enabled() or str(getattr(settings, "SITE_URL", "") or "").startswith("http"):
        return []
    return [
        Warning(
            "EMAIL_HOST is set but SITE_URL is not: links in notification e-mails are incomplete.",
            hint="Set SITE_URL to the site's address, e.g. https://liuhao.example.edu.cn",
            id="notifications.W001",
        )
    ]
