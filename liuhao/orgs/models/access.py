"""Role assignments: who may act on which subtree (CONVENTIONS B5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from liuhao.core.models import BaseModel
from liuhao.core.roles import Role
from liuhao.orgs.models.tree import Organization


class RoleAssignment(BaseModel):
    """A user holds `role` on `org` (and its subtree when `recursive`). The province admin has no org.

    This is the only source of visibility: `orgs.selectors.scope.visible_orgs_q()` reads it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField("角色", max_length=24, choices=Role.choices)
    org = models.ForeignKey(
        Organization,
        verbose_name="范围组织",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    recursive = models.BooleanField("含下级组织", default=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.PROVINCE_ADMIN) | Q(org__isnull=False),
                name="role_org_required_below_province",
            ),
            models.UniqueConstraint(fields=["user", "role", "org"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org or '全省'}"
