"""The one save path every governance record goes through: permission, checks, full_clean, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.ledger.selectors import member_person_ids
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.models import Organization, Person

R = TypeVar("R", bound=models.Model)


def not_future(day: dt.date | None, field: str, label: str) -> None:
    """Refuse an event dated after today: the ledger records what has happened."""
    require(
        day is None or day <= timezone.localdate(),
        f"{label}不能晚于今天：台账只登记已经发生的事项",
        field,
    )


def check_member(org: Organization, person: Person | None, on: dt.date | None, field: str) -> None:
    """The person (if any) is a full or probationary member of `org` (or its subtree) on `on`."""
    if person is None or on is None:
        return
    require(
        person.pk in member_person_ids(org, on),
        f"“{person.name}”在{on:%Y-%m-%d}不是“{org.name}”的党员",
        field,
    )


def save_record(
    *,
    actor: Any,
    model: type[R],
    fields: list[str],
    data: dict[str, Any],
    org: Organization | None = None,
    instance: R | None = None,
    check: Callable[[Organization, dict[str, Any]], None] | None = None,
) -> R:
    """Create (`org` given) or update (`instance` given) a governance record. Call inside
    transaction.atomic. `check(org, values)` raises ValidationFailed naming the field."""
    values = {k: v for k, v in data.items() if k in fields}
    if instance is None:
        assert org is not None
        check_can_record(actor, org)
        if check is not None:
            check(org, values)
        record = model(
            org=org,
            university_id=university_id_of(org),
            entered_at=timezone.now(),
            entered_by=entered_by(actor),
            **values,
        )
        validate(record)
        record.save()
        audit_record(
            actor=actor,
            verb="create",
            target=record,
            scope=scope_of(org),
            changes=snapshot(record, fields),
        )
        return record
    org = instance.org  # type: ignore[attr-defined]
    check_can_record(actor, org, "您无权修改该记录")
    if check is not None:
        merged = {f: getattr(instance, f) for f in fields} | values
        check(org, merged)
    changes = model_update(instance, values)
    if changes:
        validate(instance)
        instance.save()
        audit_record(
            actor=actor, verb="update", target=instance, scope=scope_of(org), changes=changes
        )
    return instance
