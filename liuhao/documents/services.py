"""Writes of report templates (issue 7 item 5): upload a replacement, revert to the default,
re-activate an earlier version. Atomic, permission-checked, audited (CONVENTIONS B3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from liuhao.core.audit import AuditScope, audit_record, snapshot
from liuhao.core.exceptions import InvalidState, ValidationFailed
from liuhao.documents.models import ReportTemplate
from liuhao.documents.permissions import check_manage_templates
from liuhao.documents.registry import template_spec
from liuhao.documents.rendering import check_template
from liuhao.orgs.imports.reader import sha256_of
from liuhao.orgs.models import Organization

FIELDS = ["kind", "university", "original_name", "size", "sha256", "active"]


def _scope(university: Organization | None) -> AuditScope:
    if university is None:
        return AuditScope(org_id=None, org_path="", university_id=None)
    return AuditScope(org_id=university.pk, org_path=university.path, university_id=university.pk)


def _read_upload(file: Any) -> bytes:
    """The upload's bytes within the attachment size limit (settings.LEDGER_ATTACHMENT_MAX_BYTES)."""
    limit = int(settings.LEDGER_ATTACHMENT_MAX_BYTES)
    too_big = f"文件过大，上限为 {limit // (1024 * 1024)} MB"
    if file is None:
        raise ValidationFailed("模板文件：请选择 .docx 文件", extra={"fields": {"file": ["必填"]}})
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationFailed(f"模板文件：{too_big}", extra={"fields": {"file": [too_big]}})
    file.seek(0)
    data = bytes(file.read(limit + 1))
    if len(data) > limit:
        raise ValidationFailed(f"模板文件：{too_big}", extra={"fields": {"file": [too_big]}})
    if not data:
        raise ValidationFailed(
            "模板文件：上传的文件是空的", extra={"fields": {"file": ["上传的文件是空的"]}}
        )
    return data


def _deactivate(kind: str, university: Organization | None) -> list[int]:
    qs = ReportTemplate.objects.filter(kind=kind, university=university, active=True)
    ids = list(qs.values_list("pk", flat=True))
    qs.update(active=False)
    return ids


@transaction.atomic
def template_upload(
    *, actor: Any, kind: str, file: Any, university: Organization | None = None
) -> ReportTemplate:
    """Upload a replacement of report `kind` for `university` (None: the province) and make it
    active. Refused (nothing stored) unless it is a .docx by content within the size limit, uses
    only the kind's placeholders and renders with the kind's sample context."""
    spec = template_spec(kind)
    check_manage_templates(actor, university)
    data = _read_upload(file)
    check_template(spec, data)
    digest = sha256_of(data)
    replaced = _deactivate(kind, university)
    row = ReportTemplate(
        kind=kind,
        university=university,
        original_name=str(getattr(file, "name", "") or "模板.docx").rsplit("/", 1)[-1][:200],
        size=len(data),
        sha256=digest,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        active=True,
    )
    row.file.save(f"{kind}-{digest[:16]}.docx", ContentFile(data), save=False)
    row.save()
    audit_record(
        actor=actor,
        verb="create",
        target=row,
        scope=_scope(university),
        changes={**snapshot(row, FIELDS), "replaced": replaced},
    )
    return row


@transaction.atomic
def template_revert(*, actor: Any, kind: str, university: Organization | None = None) -> int:
    """Go back to the shipped default for `university` (None: the province): the uploaded versions
    stay, none active. Returns how many were deactivated (0: already on the default)."""
    template_spec(kind)
    check_manage_templates(actor, university)
    replaced = _deactivate(kind, university)
    if not replaced:
        raise InvalidState("该报告已在使用默认模板")
    for row in ReportTemplate.objects.filter(pk__in=replaced):
        audit_record(
            actor=actor,
            verb="update",
            target=row,
            scope=_scope(university),
            changes={"active": [True, False], "reverted_to_default": True},
        )
    return len(replaced)


@transaction.atomic
def template_activate(*, actor: Any, template: ReportTemplate) -> ReportTemplate:
    """Make an earlier uploaded version the active one again (audited)."""
    template_spec(template.kind)
    check_manage_templates(actor, template.university)
    if template.active:
        return template
    replaced = _deactivate(template.kind, template.university)
    template.active = True
    template.save(update_fields=["active"])
    audit_record(
        actor=actor,
        verb="update",
        target=template,
        scope=_scope(template.university),
        changes={"active": [False, True], "replaced": replaced},
    )
    return template
