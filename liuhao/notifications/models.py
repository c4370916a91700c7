"""Stored notifications (通知) of one user (issue 7 item 6).

What *waits* for a user (returns to redo, reviews due, deadlines, warnings) is not stored: the apps
compute it live through `liuhao.notifications.waiting`. A `Notification` is the message sent when
something happened (an assessment returned, an application decided …); it belongs to exactly one
recipient, who alone sees it (the scope rule of this app: recipient = actor).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message to one user: kind code, short title and body, a link, the org it concerns."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=40)
    title = models.CharField("标题", max_length=200)
    body = models.CharField("内容", max_length=500, blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="相关组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_new_idx"),
        ]

    def __str__(self) -> str:
        return self.title
