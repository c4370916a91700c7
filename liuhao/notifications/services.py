"""Writes of the notifications app (issue 7 item 6): create notifications, mark them read.

`notify()` is the public API every app above calls from inside its own service transaction: it
bulk-creates one row per recipient and, when e-mail is configured (`email_enabled()`), enqueues the
e-mails *after the commit* (django-tasks, ADR 0003): never inside the request, and a failing SMTP
server never fails the caller (the task logs it and leaves `emailed_at` empty).

Notifications are messages, not domain state: creating and reading them is not audited (the change
that caused a notification is audited by its own service).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.notifications.models import Notification
from liuhao.notifications.waiting import waiting_changed
from liuhao.orgs.models import Organization

logger = logging.getLogger(__name__)

CONSOLE_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def email_enabled() -> bool:
    """Whether notifications also go by e-mail: SMTP is configured when `EMAIL_HOST` is set (env
    `EMAIL_HOST`, empty by default) and the backend is not the console or dummy one."""
    host = str(getattr(settings, "EMAIL_HOST", "") or "")
    return bool(host) and settings.EMAIL_BACKEND not in CONSOLE_BACKENDS


def _check_url(url: str) -> str:
    """A site-relative link ("/assessment/…"); anything else would let a message point off-site."""
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValidationFailed(
            "链接：通知的链接必须是本站地址（以 / 开头）", extra={"fields": {"url": ["本站地址"]}}
        )
    return url


@dataclass(frozen=True, slots=True)
class Message:
    """One notification to one recipient, for `notify_each` (messages that differ per person)."""

    recipient: Any
    kind: str
    title: str
    body: str = ""
    url: str = ""
    org: Organization | None = None


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    org: Organization | None = None,
) -> list[Notification]:
    """Send one notification to each recipient (duplicates and inactive users dropped).

    One INSERT for all rows; e-mails (when `email_enabled()`) go after the caller's transaction
    commits, through `notification_email_task`. Returns the created rows.
    """
    seen: set[int] = set()
    messages = []
    for user in recipients:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            messages.append(Message(user, kind, title, body, url, org))
    _check(Message(None, kind, title, body, url, org))
    return notify_each(messages)


def _check(message: Message) -> None:
    if not message.kind:
        raise ValidationFailed("类别：通知必须有类别", extra={"fields": {"kind": ["必填"]}})
    if not message.title.strip():
        raise ValidationFailed("标题：通知必须有标题", extra={"fields": {"title": ["必填"]}})
    _check_url(message.url)


def notify_each(messages: Iterable[Message]) -> list[Notification]:
    """Send notifications that differ per recipient (e.g. one per re-checked site) with one bulk
    INSERT; inactive or missing recipients are dropped. E-mails as for `notify`."""
    rows = []
    for message in messages:
        _check(message)
        user = message.recipient
        if user is None or not getattr(user, "is_active", False):
            continue
        rows.append(
            Notification(
                recipient=user,
                kind=message.kind[:40],
                title=message.title.strip()[:200],
                body=message.body.strip()[:500],
                url=message.url,
                org=message.org,
            )
        )
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    user_ids = sorted({row.recipient_id for row in rows})
    transaction.on_commit(lambda: waiting_changed(user_ids), robust=True)
    if email_enabled():
        ids = [row.pk for row in rows if row.recipient.email]
        if ids:
            transaction.on_commit(lambda: _enqueue_email(ids), robust=True)
    return rows


def _enqueue_email(ids: list[int]) -> None:
    from liuhao.notifications.tasks import notification_email_task

    try:
        notification_email_task.enqueue(ids)
    except Exception:
        logger.exception("could not enqueue notification e-mails %s", ids)


@transaction.atomic
def notification_mark_read(*, actor: Any, notification_id: int | None = None) -> int:
    """Mark one of the actor's notifications read (or all of them when `notification_id` is None).

    Another user's notification answers NotFound (404: no existence leak). Returns the rows changed.
    """
    qs = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(pk=notification_id, recipient_id=actor.pk).exists():
            raise NotFound("未找到该通知，或您无权查看")
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
