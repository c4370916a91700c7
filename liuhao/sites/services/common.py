"""Helpers shared by the site services: audit scope, the province check, date formatting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from liuhao.core.audit import AuditScope, audit_fields
from liuhao.core.exceptions import NotPermitted
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization
from liuhao.orgs.services.common import require
from liuhao.sites.permissions import is_province_officer

PROVINCE_SCOPE = AuditScope(org_id=None, org_path="", university_id=None)


def org_scope(org: Organization) -> AuditScope:
    return AuditScope(org_id=org.pk, org_path=org.path, university_id=org.university_id or org.pk)


def path_scope(org_id: int, org_path: str, university_id: int) -> AuditScope:
    return AuditScope(org_id=org_id, org_path=org_path, university_id=university_id)


def require_province(actor: Any, what: str) -> None:
    if not is_province_officer(actor):
        raise NotPermitted(f"只有省级管理员可以{what}")


def day(value: dt.date) -> str:
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def require_by(today: dt.date, deadline: dt.date, what: str, field: str) -> None:
    """Refuse a step after its deadline: "申报已于 2026 年 4 月 1 日截止"."""
    require(today <= deadline, f"{what}已于{day(deadline)}截止", field)


def audit_many(
    actor: Any,
    verb: str,
    rows: Iterable[tuple[models.Model, AuditScope, Mapping[str, Any]]],
) -> None:
    """One audit row per changed object, inserted together (a set-based change of many rows)."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                **audit_fields(actor=actor, verb=verb, target=obj, scope=scope, changes=changes)
            )
            for obj, scope, changes in rows
        ]
    )
