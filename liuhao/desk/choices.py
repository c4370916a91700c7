"""Choices of the request desk (诉求受理)."""

from __future__ import annotations

from django.db import models


class RequestStatus(models.TextChoices):
    """new → accepted → in progress → resolved → closed; `waiting` pauses the SLA clock while the
    handler waits for the requester (待补充材料); a closed request can be reopened."""

    NEW = "new", "待受理"
    ACCEPTED = "accepted", "已受理"
    IN_PROGRESS = "in_progress", "办理中"
    WAITING = "waiting", "待补充"
    RESOLVED = "resolved", "已办结"
    CLOSED = "closed", "已关闭"


OPEN_STATUSES = (
    RequestStatus.NEW,
    RequestStatus.ACCEPTED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.WAITING,
)


class Priority(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


class Channel(models.TextChoices):
    """How the request came in: online (public form or signed in) counts for C12 (网上服务)."""

    PUBLIC_FORM = "public_form", "网上提交（免登录）"
    SIGNED_IN = "signed_in", "网上提交（登录）"
    RECEPTION = "reception", "党代表接待"
    CONTACT_VISIT = "contact_visit", "联系走访"


ONLINE_CHANNELS = (Channel.PUBLIC_FORM, Channel.SIGNED_IN)


class CloseReason(models.TextChoices):
    CONFIRMED = "confirmed", "诉求人确认"
    AUTO = "auto", "逾期未确认自动关闭"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交"
    TRANSITION = "transition", "状态变更"
    ASSIGNED = "assigned", "指派"
    REPLY = "reply", "答复诉求人"
    NOTE = "note", "内部备注"
    REQUESTER = "requester", "诉求人补充"
    REMINDER = "reminder", "临期提醒"
    ESCALATED = "escalated", "超期上报"
    RATED = "rated", "评价"
