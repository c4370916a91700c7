"""Cross-cutting models: the abstract BaseModel and the audit trail. No domain models live here."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Abstract base: creation and update times for every row."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One create/update/delete done through a service, written in the same transaction.

    The standing rule "every change is audited" (DESIGN §1, CONVENTIONS B5). `org_path` is the
    materialized path of the org the change belongs to, so an org's audit page can also show its
    subtree with one indexed range query. `changes` maps field → [before, after].
    """

    class Verb(models.TextChoices):
        CREATE = "create", "新建"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        MOVE = "move", "移动"
        DISSOLVE = "dissolve", "撤销"
        IMPORT = "import", "导入"
        LOGIN = "login", "登录"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    university_id = models.BigIntegerField("所属高校", null=True, blank=True, db_index=True)
    org_id = models.BigIntegerField("所属组织", null=True, blank=True)
    org_path = models.CharField("组织路径", max_length=120, blank=True, db_index=True)
    verb = models.CharField("操作", max_length=16, choices=Verb.choices)
    target_type = models.CharField("对象类型", max_length=64)
    target_id = models.BigIntegerField("对象编号", null=True, blank=True)
    target_repr = models.CharField("对象", max_length=255, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["org_id", "-at"], name="audit_org_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} {self.target_repr}"
