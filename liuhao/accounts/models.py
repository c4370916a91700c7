"""Users and API tokens. Roles and their org scope live in orgs.RoleAssignment."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from liuhao.core.models import BaseModel


class User(AbstractUser):
    """A person who logs in. Created before the first migration so it can grow later."""

    display_name = models.CharField("姓名", max_length=64, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    def __str__(self) -> str:
        return self.display_name or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(BaseModel):
    """A bearer token for integrations. Only its sha256 is stored; the raw key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField("密钥摘要", max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "lh_" + secrets.token_urlsafe(32)
