"""Reads of the notifications app (issue 7 item 6). A user sees only their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from liuhao.notifications.models import Notification


def notification_list(actor: Any) -> QuerySet[Notification]:
    """The actor's notifications, newest first (scope: recipient = actor)."""
    return (
        Notification.objects.filter(recipient_id=actor.pk)
        .select_related("org")
        .order_by("-created_at", "-pk")
    )


def notification_unread_count(actor: Any) -> int:
    """How many of the actor's notifications are unread: one indexed COUNT."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).count()
