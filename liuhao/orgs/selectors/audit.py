"""Reads of the audit trail for one org and its subtree, made readable for the org's audit page.

Issue 2 item 6: every change made through a service writes an AuditEvent with the id (and the path at
the time) of the org it belongs to; an org's page lists the events of the orgs now in its subtree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from liuhao.core.exceptions import NotPermitted
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization, subtree_q
from liuhao.orgs.permissions import can_view_audit
from liuhao.orgs.selectors.scope import visible_orgs

# Internal columns that mean nothing to a reader (the path is shown as the parent's name instead).
HIDDEN_FIELDS = frozenset({"path", "depth", "name_pinyin", "name_initials", "university"})
EMPTY = "—"


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One field of an audited change; `after` is None when the row shows a single value."""

    label: str
    before: str
    after: str | None


@dataclass(frozen=True, slots=True)
class AuditRow:
    event: AuditEvent
    target_label: str
    lines: list[ChangeLine]


def audit_list(actor: Any, org: Organization) -> QuerySet[AuditEvent]:
    """Audit events of `org` and its subtree, newest first (capability VIEW_AUDIT, else 403)."""
    if not can_view_audit(actor, org):
        raise NotPermitted("您无权查看该组织的操作记录")
    # By org id, not by the recorded `org_path`: after a move, an org's earlier events follow it
    # to its new parent's page (the recorded path is where the org stood at the time).
    subtree = Organization.objects.filter(subtree_q(org.path)).values("pk")
    return AuditEvent.objects.filter(org_id__in=subtree).order_by("-at", "-id")


def _model_for(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _fields_of(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {f.name: f for f in model._meta.fields}


def _is_pair(verb: str, value: Any) -> bool:
    return verb not in ("create", "delete") and isinstance(value, list) and len(value) == 2


def _org_fk(field: models.Field[Any, Any] | None) -> bool:
    return bool(field is not None and field.is_relation and field.related_model is Organization)


def _org_ids(events: Iterable[AuditEvent]) -> set[int]:
    ids: set[int] = set()
    for event in events:
        fields = _fields_of(_model_for(event.target_type))
        for name, value in (event.changes or {}).items():
            if not _org_fk(fields.get(name)):
                continue
            values = value if _is_pair(event.verb, value) else [value]
            ids.update(v for v in values if isinstance(v, int))
    return ids


def _format(field: models.Field[Any, Any] | None, value: Any, org_names: Mapping[int, str]) -> str:
    if value is None or value == "":
        return EMPTY
    if _org_fk(field) and isinstance(value, int):
        return org_names.get(value, f"组织 #{value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def audit_rows(actor: Any, events: list[AuditEvent]) -> list[AuditRow]:
    """Turn a page of events into readable rows: Chinese field labels, choice labels, org names.

    Org ids in the changes are resolved in one query, limited to orgs the actor may see (others
    show as "组织 #id", so the page leaks no names outside scope).
    """
    ids = _org_ids(events)
    org_names = (
        dict(visible_orgs(actor).filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    )
    rows = []
    for event in events:
        model = _model_for(event.target_type)
        fields = _fields_of(model)
        lines = []
        for name, value in (event.changes or {}).items():
            if name in HIDDEN_FIELDS:
                continue
            field = fields.get(name)
            label = str(field.verbose_name) if field is not None else name
            if _is_pair(event.verb, value):
                before, after = value
                lines.append(
                    ChangeLine(
                        label, _format(field, before, org_names), _format(field, after, org_names)
                    )
                )
            else:
                lines.append(ChangeLine(label, _format(field, value, org_names), None))
        target_label = str(model._meta.verbose_name) if model is not None else event.target_type
        rows.append(AuditRow(event=event, target_label=target_label, lines=lines))
    return rows
