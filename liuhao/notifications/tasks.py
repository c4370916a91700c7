"""E-mail delivery of notifications as a django-tasks task (issue 7 item 6; ADR 0003).

Enqueued by `services.notify` after the commit; takes ids; idempotent (a row with `emailed_at` set
is never sent again). SMTP failures are logged and leave the rows unsent; they never reach the
service that created the notifications.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from liuhao.notifications.models import Notification
from liuhao.notifications.rules import notification_rules

logger = logging.getLogger(__name__)


def _message(row: Notification) -> EmailMessage:
    link = f"{getattr(settings, 'SITE_URL', '')}{row.url}" if row.url else ""
    lines = [row.body, link, "", "—— 本邮件由六好平台自动发送，请登录平台查看与处理。"]
    return EmailMessage(
        subject=f"{notification_rules().email_subject_prefix}{row.title}",
        body="\n".join(line for line in lines if line is not None),
        to=[row.recipient.email],
    )


@task()
def notification_email_task(notification_ids: list[int]) -> int:
    """Send the e-mails of these notifications not sent yet; returns how many were sent."""
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not rows:
        return 0
    try:
        with get_connection(fail_silently=False) as connection:
            sent = connection.send_messages([_message(row) for row in rows]) or 0
    except Exception:
        logger.exception("notification e-mails %s could not be sent", notification_ids)
        return 0
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=timezone.now())
    return int(sent)
