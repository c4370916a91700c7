"""Attachments of any ledger record under /api/v1/ledger/attachments/ (issue 4: attachments with
sha256 for every record type).

A record is named by its type key (`record`, "app_label.model" such as "frontline.reception") and
its id, both looked up inside the actor's scope (outside → 404). Uploads are multipart; the service
checks the size and the type by content and stores the sha256. Several files in one request are
all-or-nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, ModelSchema, Query, Router, Schema, Status
from ninja.files import UploadedFile

from liuhao.core.exceptions import NotFound
from liuhao.ledger.models import Attachment
from liuhao.ledger.selectors import attachable_get, attachment_get, attachments_of
from liuhao.ledger.services import attachment_delete, attachments_add
from liuhao.ledger.services.common import check_can_record
from liuhao.ledger.views.pages import attachment_response
from liuhao.orgs.schemas import MAX_ID

router = Router(tags=["附件"])


class AttachmentOut(ModelSchema):
    record: str | None = Field(None, description="所属记录类型（app_label.model）")
    record_pk: int | None = Field(None, description="所属记录编号")

    class Meta:
        model = Attachment
        fields = ["id", "org", "original_name", "size", "sha256", "content_type", "entered_at"]

    @staticmethod
    def resolve_record(obj: Attachment) -> str | None:
        if obj.activity_id:
            return "ledger.activity"
        if obj.plan_id:
            return "ledger.plandocument"
        if obj.task_id:
            return "ledger.task"
        kind = obj.record_type
        return f"{kind.app_label}.{kind.model}" if kind is not None else None

    @staticmethod
    def resolve_record_pk(obj: Attachment) -> int | None:
        return obj.activity_id or obj.plan_id or obj.task_id or obj.record_id


class RecordRef(Schema):
    record: str = Field(..., max_length=100, description="记录类型，如 frontline.reception")
    record_id: int = Field(..., ge=1, le=MAX_ID, description="记录编号")


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _record(actor: Any, ref: RecordRef) -> Any:
    return attachable_get(actor, ref.record, ref.record_id)


@router.get("/", response=list[AttachmentOut], summary="列出一条记录的附件")
def attachment_list_endpoint(request: HttpRequest, ref: Query[RecordRef]) -> list[Attachment]:
    record = _record(_actor(request), ref)
    return list(attachments_of(record).select_related("record_type"))


@router.post("/", response={201: list[AttachmentOut]}, summary="为一条记录上传附件（可多个）")
def attachment_upload_endpoint(
    request: HttpRequest,
    ref: Form[RecordRef],
    files: File[list[UploadedFile]],
) -> Status[list[Attachment]]:
    actor = _actor(request)
    record = _record(actor, ref)
    check_can_record(actor, record.org, "您无权为该记录添加附件")
    return Status(201, attachments_add(actor=actor, record=record, files=list(files)))


def _attachment(actor: Any, pk: int) -> Attachment:
    if not 1 <= pk <= MAX_ID:
        raise NotFound("未找到该对象，或您无权查看")
    return attachment_get(actor, pk)


@router.get("/{attachment_id}/file", response={200: None}, summary="下载附件文件")
def attachment_file_endpoint(request: HttpRequest, attachment_id: int) -> FileResponse:
    return attachment_response(_attachment(_actor(request), attachment_id))


@router.delete("/{attachment_id}/", response={204: None}, summary="删除误传的附件")
def attachment_delete_endpoint(request: HttpRequest, attachment_id: int) -> Status[None]:
    actor = _actor(request)
    attachment_delete(actor=actor, attachment=_attachment(actor, attachment_id))
    return Status(204, None)
