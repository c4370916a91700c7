"""Explicit audit writing (Zulip-style): services call `audit_record()` inside their transaction.

`model_update()` applies a dict of changes to an instance, validates it and returns the
field → [before, after] map that the audit row stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from liuhao.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True, slots=True)
class AuditScope:
    """Where an audited change belongs in the org tree."""

    org_id: int | None
    org_path: str
    university_id: int | None


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _plain(getattr(instance, f)) for f in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    scope: AuditScope,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Must run inside the service's atomic block."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside a transaction")
    return AuditEvent.objects.create(
        **audit_fields(actor=actor, verb=verb, target=target, scope=scope, changes=changes)
    )


def audit_fields(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    scope: AuditScope,
    changes: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The column values of an audit row; bulk writers (imports, seeding) build rows with this."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "actor": actor_obj,
        "actor_name": (actor_obj.get_full_name() or actor_obj.get_username()) if actor_obj else "",
        "verb": verb,
        "target_type": target._meta.label_lower,
        "target_id": target.pk,
        "target_repr": str(target)[:255],
        "changes": dict(changes or {}),
        "org_id": scope.org_id,
        "org_path": scope.org_path,
        "university_id": scope.university_id,
    }


def model_update(instance: models.Model, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set fields from `data`, return the changed ones as field → [before, after]. Does not save."""
    changes: dict[str, list[Any]] = {}
    for field, value in data.items():
        before = getattr(instance, field)
        if _plain(before) != _plain(value):
            changes[field] = [_plain(before), _plain(value)]
            setattr(instance, field, value)
    return changes
