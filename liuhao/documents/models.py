"""Uploaded replacements of report templates (issue 7 item 5).

A `ReportTemplate` is one uploaded .docx for a registered kind, for one university (its university
committee org) or, when `university` is empty, for the whole province. At most one version per
(kind, university) is active; with none active the shipped default is used. Old versions stay
(with their sha256) so an administrator sees what was used when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReportTemplate(models.Model):
    """One uploaded version of a report template (kind + university or province-wide)."""

    kind = models.CharField("报告类别", max_length=60)
    university = models.ForeignKey(
        "orgs.Organization",
        verbose_name="适用高校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示全省通用",
    )
    file = models.FileField("模板文件", upload_to="report-templates/%Y/")
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ["kind", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "university"],
                condition=Q(active=True, university__isnull=False),
                name="report_template_one_active_per_university",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(active=True, university__isnull=True),
                name="report_template_one_active_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.original_name}"
