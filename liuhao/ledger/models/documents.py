"""Plan documents (规划与实施办法) and attachments (附件) of ledger records."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from liuhao.ledger.choices import PlanKind
from liuhao.ledger.models.activities import Activity
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.models.work import Task


class PlanDocument(LedgerRecord):
    """An org's overall plan or implementation measures for service-oriented Party building.

    Criterion C02.1 (抓好服务型党组织建设的总体规划，制定实施办法): the document is on file when it is
    valid on the day looked at (`valid_until` empty = open-ended).
    """

    kind = models.CharField("文件类型", max_length=24, choices=PlanKind.choices)
    title = models.CharField("标题", max_length=200)
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    approved_on = models.DateField("审定日期", null=True, blank=True)

    class Meta:
        verbose_name = "规划与实施办法"
        verbose_name_plural = "规划与实施办法"
        ordering = ["org_id", "kind", "-valid_from"]
        indexes = [models.Index(fields=["org", "kind", "valid_from"], name="plan_org_kind_from")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "有效期至不能早于生效日期"})


def _one_parent() -> Q:
    """Exactly one of activity, plan, task or the generic (record_type, record_id) pair is set."""
    links = {
        "activity": Q(activity__isnull=False),
        "plan": Q(plan__isnull=False),
        "task": Q(task__isnull=False),
        "record": Q(record_type__isnull=False) & Q(record_id__isnull=False),
    }
    unset = {
        "activity": Q(activity__isnull=True),
        "plan": Q(plan__isnull=True),
        "task": Q(task__isnull=True),
        "record": Q(record_type__isnull=True) & Q(record_id__isnull=True),
    }
    clauses = []
    for name, is_set in links.items():
        clause = is_set
        for other, is_unset in unset.items():
            if other != name:
                clause &= is_unset
        clauses.append(clause)
    return reduce(operator.or_, clauses)


def attachment_path(instance: Attachment, filename: str) -> str:
    """ledger/<university>/<sha256[:2]>/<sha256><ext>: content-addressed, no user text in paths."""
    return f"ledger/{instance.university_id}/{instance.sha256[:2]}/{filename}"


class Attachment(LedgerRecord):
    """A file attached to a ledger record: an activity, a plan document, a task (completion
    evidence, C07.1) through their own foreign keys, or any other ledger record of any app (a
    reception, an election, an achievement …) through `record_type`/`record_id`.

    Always optional (DESIGN §8: no proof by photo); `sha256` is computed by the service and the
    content type is checked by the content. Generic links are removed with their record by the
    post_delete hook the ledger app connects (liuhao/ledger/signals.py).
    """

    activity = models.ForeignKey(
        Activity,
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    plan = models.ForeignKey(
        PlanDocument,
        verbose_name="规划与实施办法",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    task = models.ForeignKey(
        Task,
        verbose_name="任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    record_type = models.ForeignKey(
        ContentType,
        verbose_name="记录类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    record_id = models.PositiveBigIntegerField("记录编号", null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    content_type = models.CharField("文件类型", max_length=100)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["org"], name="attachment_org"),
            models.Index(fields=["record_type", "record_id"], name="attachment_record"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_parent(),
                name="attachment_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
