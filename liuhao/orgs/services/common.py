"""Helpers shared by the orgs services: validation with Chinese field names, audit scope."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.core.audit import AuditScope
from liuhao.core.exceptions import ValidationFailed, validation_error_from_django
from liuhao.orgs.models import Organization


def field_labels(model: type[models.Model]) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.fields}


def validate(
    instance: models.Model,
    exclude: list[str] | None = None,
    *,
    constraints: bool = True,
    unique: bool = True,
) -> None:
    """full_clean() and re-raise as ValidationFailed whose message names fields in Chinese.

    `constraints=False` skips Meta.constraints, which Django checks with one query (and two
    savepoints) each, and `unique=False` the one query per unique field: only for a row whose
    constraints and unique values the service guarantees by construction (the database still
    enforces them on save)."""
    try:
        instance.full_clean(
            exclude=exclude, validate_constraints=constraints, validate_unique=unique
        )
    except ValidationError as exc:
        raise validation_error_from_django(exc, field_labels(type(instance))) from exc


def scope_of(org: Organization) -> AuditScope:
    return AuditScope(org_id=org.pk, org_path=org.path, university_id=org.university_id)


def require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        extra = {"fields": {field: [message]}} if field else {}
        raise ValidationFailed(message, extra=extra)
