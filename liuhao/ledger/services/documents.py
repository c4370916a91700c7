"""Plan documents (Criterion C02.1) and attachments of ledger records (optional, DESIGN §8)."""

from __future__ import annotations

import hashlib
import zipfile
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import ValidationFailed
from liuhao.ledger.models import Activity, Attachment, PlanDocument, Task
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.rules import ledger_rules
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.models import Organization

PLAN_FIELDS = ["kind", "title", "valid_from", "valid_until", "approved_on"]
ATTACHMENT_FIELDS = [
    "original_name",
    "size",
    "sha256",
    "content_type",
    "activity",
    "plan",
    "task",
    "record_type",
    "record_id",
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    DOCX: ".docx",
    XLSX: ".xlsx",
}


@transaction.atomic
def plan_record(*, actor: Any, org: Organization, data: dict[str, Any]) -> PlanDocument:
    """Put an overall plan or implementation measures of `org` on file (Criterion C02.1)."""
    check_can_record(actor, org)
    plan = PlanDocument(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **{k: v for k, v in data.items() if k in PLAN_FIELDS},
    )
    validate(plan)
    plan.save()
    audit_record(
        actor=actor,
        verb="create",
        target=plan,
        scope=scope_of(org),
        changes=snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: PlanDocument, data: dict[str, Any]) -> PlanDocument:
    """Correct a plan document or close its validity (`valid_until`)."""
    check_can_record(actor, plan.org, "您无权修改该文件")
    changes = model_update(plan, {k: v for k, v in data.items() if k in PLAN_FIELDS})
    if not changes:
        return plan
    validate(plan)
    plan.save()
    audit_record(actor=actor, verb="update", target=plan, scope=scope_of(plan.org), changes=changes)
    return plan


def sniff_content_type(head: bytes, file: Any) -> str | None:
    """The content type from the file's first bytes (never from its name): PDF, PNG, JPEG, or a
    zip that holds a Word document or an Excel workbook."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    file: Any,
    activity: Activity | None = None,
    plan: PlanDocument | None = None,
    task: Task | None = None,
    record: LedgerRecord | None = None,
) -> Attachment:
    """Attach a file (PDF, image, Word or Excel) to an activity, a plan document, a task or any
    other ledger record (`record`: a reception, an election, an achievement …).

    Always optional (DESIGN §8: no proof by photo). The size limit is
    `settings.LEDGER_ATTACHMENT_MAX_BYTES`; the type is checked by content; the sha256 is stored so
    a document can be shown to be unchanged since it was entered.
    """
    if isinstance(record, Activity):
        activity, record = record, None
    elif isinstance(record, PlanDocument):
        plan, record = record, None
    elif isinstance(record, Task):
        task, record = record, None
    require(not isinstance(record, Attachment), "附件不能再附加文件", "record")
    parents = [p for p in (activity, plan, task, record) if p is not None]
    require(len(parents) == 1, "附件必须属于一条台账记录", "record")
    parent = parents[0]
    org = parent.org
    check_can_record(actor, org, "您无权为该记录添加附件")
    limit = int(settings.LEDGER_ATTACHMENT_MAX_BYTES)
    original = str(getattr(file, "name", "") or "附件").rsplit("/", 1)[-1][:200]
    size = getattr(file, "size", None)
    require(size is None or size <= limit, _too_big(limit), "file")
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    head = b""
    for chunk in iter(lambda: file.read(1 << 16), b""):
        if not head:
            head = chunk[:16]
        digest.update(chunk)
        size += len(chunk)
        require(size <= limit, _too_big(limit), "file")
    require(size > 0, "文件：上传的文件是空的", "file")
    content_type = sniff_content_type(head, file)
    require(
        content_type is not None and content_type in ledger_rules().attachment_types,
        "文件：只接受 PDF、PNG、JPEG 图片、Word（.docx）或 Excel（.xlsx）文件",
        "file",
    )
    assert content_type is not None
    sha256 = digest.hexdigest()
    attachment = Attachment(
        org=org,
        university_id=university_id_of(org),
        activity=activity,
        plan=plan,
        task=task,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        original_name=original,
        size=size,
        sha256=sha256,
        content_type=content_type,
    )
    validate(attachment, exclude=["file"])
    file.seek(0)
    attachment.file.save(f"{sha256}{EXTENSIONS[content_type]}", File(file), save=False)
    name = attachment.file.name
    # The file is written just before the row; a rollback after this point (rare: only the audit
    # insert follows) leaves an unreferenced, content-named file behind, never a row without a file.
    attachment.save()
    audit_record(
        actor=actor,
        verb="create",
        target=attachment,
        scope=scope_of(org),
        changes={**snapshot(attachment, ATTACHMENT_FIELDS), "file": name},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Any, attachment: Attachment) -> None:
    """Remove an attachment entered by mistake (audited); its file goes once the deletion commits."""
    check_can_record(actor, attachment.org, "您无权删除该附件")
    name = attachment.file.name
    changes = {**snapshot(attachment, ATTACHMENT_FIELDS), "file": name}
    audit_record(
        actor=actor,
        verb="delete",
        target=attachment,
        scope=scope_of(attachment.org),
        changes=changes,
    )
    attachment.delete()
    _delete_files_on_commit([name])


def attachments_drop_for(record: LedgerRecord) -> int:
    """Delete the generic attachments of a deleted record and, once that commits, their files
    (called by the post_delete hook; the record's own deletion is what is audited)."""
    kind = ContentType.objects.get_for_model(record)
    rows = Attachment.objects.filter(record_type=kind, record_id=record.pk)
    names = list(rows.values_list("file", flat=True))
    deleted, _ = rows.delete()
    _delete_files_on_commit(names)
    return deleted


def _delete_files_on_commit(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    for name in filter(None, names):
        transaction.on_commit(partial(storage.delete, name))


# A page or API call sends at most this many files at once (each also size-limited).
MAX_FILES_PER_UPLOAD = 10


@transaction.atomic
def attachments_add(*, actor: Any, record: LedgerRecord, files: list[Any]) -> list[Attachment]:
    """Attach several files to one record, all or none: a refused file names itself and nothing
    of the request is stored (the record pages and the API)."""
    require(bool(files), "附件：请选择要上传的文件", "files")
    require(
        len(files) <= MAX_FILES_PER_UPLOAD,
        f"附件：一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件",
        "files",
    )
    created = []
    for upload in files:
        try:
            created.append(attachment_add(actor=actor, file=upload, record=record))
        except ValidationFailed as exc:
            message = f"附件“{upload.name}”：{exc.message}"
            raise ValidationFailed(message, extra={"fields": {"files": [message]}}) from exc
    return created


def _too_big(limit: int) -> str:
    return f"文件：大小超过上限 {limit // (1024 * 1024)} MB"
