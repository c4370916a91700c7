"""Requests (诉求) from teachers, students and members, their history and files.

Criteria C07.3 (诉求办理机制：按时限受理、办结), C10.2 (党员事务办理时长), C12 (网上服务),
C18.2 (及时解决突出问题，紧急诉求不超期) and C05 (党代表接待中反映的问题). DESIGN §2: a request
from a teacher or student (named or anonymous), routed to an org, an SLA clock on working days,
escalation up the tree, and the requester's rating on close.

Personal data is kept to what handling needs: an anonymous request stores no name or contact; the
tracking link's token is stored only as its SHA-256, so the database alone cannot open a request's
public page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from liuhao.core.models import BaseModel
from liuhao.desk.choices import Channel, CloseReason, EventKind, Priority, RequestStatus
from liuhao.orgs.models import Organization


class ServiceRequest(BaseModel):
    """One request and its SLA clock.

    `response_due` and `resolution_due` are the due dates in working days from the submission day
    (policy of the category and priority), pushed back by the working days spent waiting for the
    requester (`paused_workdays`, and the running pause from `paused_on`).
    """

    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        Organization,
        verbose_name="承办党组织",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    reference = models.CharField("诉求编号", max_length=20, unique=True)
    tracking_hash = models.CharField("查询码摘要", max_length=64, unique=True)
    # The form's one-time code (a random string in the page, checked for shape only): a second
    # POST of the same page hits this unique column and is answered "already submitted" with the
    # reference, exactly and durably, across workers (ADR 0013). Null for handler-recorded rows.
    submit_key = models.CharField(
        "提交码", max_length=32, null=True, blank=True, unique=True, editable=False
    )
    category = models.CharField("类别", max_length=24)
    priority = models.CharField(
        "紧急程度", max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("诉求内容", max_length=2000)
    anonymous = models.BooleanField("匿名", default=False)
    requester_name = models.CharField("诉求人姓名", max_length=50, blank=True)
    requester_contact = models.CharField("联系方式", max_length=50, blank=True)
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="诉求人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    reception = models.ForeignKey(
        "frontline.Reception",
        verbose_name="来源接待",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    contact_visit = models.ForeignKey(
        "ledger.ContactVisit",
        verbose_name="来源走访",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    status = models.CharField(
        "状态", max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间")
    submitted_on = models.DateField("提交日期")
    response_due = models.DateField("答复时限")
    resolution_due = models.DateField("办结时限")
    paused_workdays = models.IntegerField("暂停计时（工作日）", default=0)
    paused_on = models.DateField("暂停起始日", null=True, blank=True)
    first_response_at = models.DateTimeField("首次答复时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    resolved_within_sla = models.BooleanField("按时办结", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    close_reason = models.CharField(
        "关闭方式", max_length=12, choices=CloseReason.choices, blank=True
    )
    reopened_count = models.IntegerField("重新打开次数", default=0)
    reminded_on = models.DateField("临期提醒日", null=True, blank=True)
    escalated_to = models.ForeignKey(
        Organization,
        verbose_name="上报至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    escalated_at = models.DateTimeField("上报时间", null=True, blank=True)
    rating = models.SmallIntegerField("评价", null=True, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["org", "submitted_on"], name="request_org_submitted"),
            models.Index(fields=["org", "status"], name="request_org_status"),
            models.Index(fields=["university", "status", "resolution_due"], name="request_due"),
            models.Index(fields=["assignee", "status"], name="request_assignee"),
            models.Index(fields=["escalated_to", "status"], name="request_escalated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(requester_name="") & Q(requester_contact="")),
                name="request_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=10),
                name="request_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in (RequestStatus.RESOLVED, RequestStatus.CLOSED)


class RequestEvent(models.Model):
    """One step of a request's history: a transition, a reply to the requester (public), an internal
    note (never shown to the requester), a reminder, an escalation or the rating."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name="诉求", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间")
    kind = models.CharField("类型", max_length=12, choices=EventKind.choices)
    public = models.BooleanField("诉求人可见", default=False)
    from_status = models.CharField("原状态", max_length=16, blank=True)
    to_status = models.CharField("新状态", max_length=16, blank=True)
    text = models.TextField("内容", max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = "诉求记录"
        verbose_name_plural = "诉求记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


def request_file_path(instance: RequestFile, filename: str) -> str:
    return f"desk/{instance.request.university_id}/{instance.sha256[:2]}/{filename}"


class RequestFile(models.Model):
    """An image or PDF attached by the requester (type checked by content, sha256 stored)."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name="诉求", on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField("文件", upload_to=request_file_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField("文件类型", max_length=100)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "诉求附件"
        verbose_name_plural = "诉求附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class SubmissionCount(models.Model):
    """The public form's rate limit (issue 5 item 8): submissions of one client in one fixed window.

    `client` is a salted SHA-256 of the address (or account) and the window's number, never the
    address itself; rows of past windows are deleted at the first submission of a new window and
    by the daily sweep, so the data lives only as long as the limit needs it (liuhao.desk.ratelimit).
    """

    client = models.CharField("客户端摘要", max_length=48, primary_key=True)
    slot = models.IntegerField("时间窗", db_index=True)
    n = models.PositiveIntegerField("提交数")

    class Meta:
        verbose_name = "提交频率计数"
        verbose_name_plural = "提交频率计数"

    def __str__(self) -> str:
        return f"{self.slot}: {self.n}"
