"""Typed application errors with a stable snake_case code and a Chinese message (CONVENTIONS B6).

Views and the API map them to HTTP statuses: ValidationFailed/InvalidState → 400, NotPermitted → 403,
NotFound → 404. Errors are raised, never returned as strings.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """Base class: `code` is stable for integrations, `message` is shown to users (Chinese)."""

    code = "application_error"
    status = 400

    def __init__(
        self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class ValidationFailed(ApplicationError):
    """Input is impossible or malformed; `extra["fields"]` maps field name → Chinese messages."""

    code = "validation_failed"
    status = 400


class InvalidState(ApplicationError):
    code = "invalid_state"
    status = 400


class NotPermitted(ApplicationError):
    code = "not_permitted"
    status = 403


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


def validation_error_from_django(
    exc: Any, labels: dict[str, str] | None = None
) -> ValidationFailed:
    """Turn a django ValidationError into ValidationFailed whose message names each field in Chinese."""
    labels = labels or {}
    fields: dict[str, list[str]] = {}
    if hasattr(exc, "message_dict"):
        for field, msgs in exc.message_dict.items():
            fields[field] = [str(m) for m in msgs]
    else:
        fields["__all__"] = [str(m) for m in getattr(exc, "messages", [str(exc)])]
    parts = []
    for field, msgs in fields.items():
        label = labels.get(field, "" if field == "__all__" else field)
        parts.append(f"{label}：{'；'.join(msgs)}" if label else "；".join(msgs))
    return ValidationFailed("；".join(parts), extra={"fields": fields})
