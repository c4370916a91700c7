"""Enumerations of the demonstration-site cycle (issue 7 items 3, 4; DESIGN §4)."""

from __future__ import annotations

from django.db import models


class CycleStatus(models.TextChoices):
    OPEN = "open", "进行中"
    NAMED = "named", "已命名"


class ApplicationStatus(models.TextChoices):
    """applied → recommended (ranked by the university) → approved (拟命名, on notice) → named;
    or not recommended / rejected (by the province, or by an upheld objection)."""

    APPLIED = "applied", "已申报"
    RECOMMENDED = "recommended", "已推荐"
    APPROVED = "approved", "拟命名（公示中）"
    REJECTED = "rejected", "未通过"
    NAMED = "named", "已命名"


class Verdict(models.TextChoices):
    """The province's decision on a recommended application."""

    NAME = "name", "拟命名"
    REJECT = "reject", "不予命名"


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", "处理中"
    DISMISSED = "dismissed", "不成立"
    UPHELD = "upheld", "成立"


class SiteStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    WARNED = "warned", "警告"
    REVOKED = "revoked", "已撤销"


class RecheckOutcome(models.TextChoices):
    KEEP = "keep", "保留"
    WARN = "warn", "警告"
    REVOKE = "revoke", "撤销"
