"""Files a requester attaches (images, PDF): limits from desk-rules.yaml, type checked by content
(never by name), sha256 stored. Issue 5 item 8: size and type limits on attachments."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.files.base import File
from django.utils import timezone

from liuhao.desk.models import RequestFile, ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.ledger.services.documents import EXTENSIONS, sniff_content_type
from liuhao.orgs.services.common import require

ACCEPTED_TEXT = "只接受 PNG、JPEG 图片或 PDF 文件"


def check_request_files(files: Sequence[Any]) -> list[tuple[Any, str, str, int]]:
    """Check every file first (count, size, type by content): (file, content type, sha256, size)."""
    rules = desk_rules().attachments
    require(len(files) <= rules.max_files, f"附件：最多上传 {rules.max_files} 个文件", "files")
    limit_mb = rules.max_bytes // (1024 * 1024)
    checked = []
    for upload in files:
        name = str(getattr(upload, "name", "") or "附件").rsplit("/", 1)[-1][:200]
        size = getattr(upload, "size", None)
        require(
            size is None or size <= rules.max_bytes,
            f"附件“{name}”：大小超过上限 {limit_mb} MB",
            "files",
        )
        digest = hashlib.sha256()
        size = 0
        head = b""
        upload.seek(0)
        for chunk in iter(partial(upload.read, 1 << 16), b""):
            head = head or chunk[:16]
            digest.update(chunk)
            size += len(chunk)
            require(size <= rules.max_bytes, f"附件“{name}”：大小超过上限 {limit_mb} MB", "files")
        require(size > 0, f"附件“{name}”：文件是空的", "files")
        content_type = sniff_content_type(head, upload)
        require(
            content_type is not None and content_type in rules.types,
            f"附件“{name}”：{ACCEPTED_TEXT}",
            "files",
        )
        assert content_type is not None
        checked.append((upload, content_type, digest.hexdigest(), size))
    return checked


def store_request_files(
    request: ServiceRequest, files: Sequence[Any], existing: int | None = None
) -> list[RequestFile]:
    """Store the request's files after checking all of them (none stored if one is refused).
    `existing`: how many the request has already (counted when not given)."""
    if existing is None:
        existing = request.files.count() if request.pk else 0
    rules = desk_rules().attachments
    require(
        existing + len(files) <= rules.max_files,
        f"附件：每条诉求最多 {rules.max_files} 个文件",
        "files",
    )
    stored = []
    for upload, content_type, sha256, size in check_request_files(files):
        row = RequestFile(
            request=request,
            original_name=str(getattr(upload, "name", "") or "附件").rsplit("/", 1)[-1][:200],
            size=size,
            sha256=sha256,
            content_type=content_type,
            uploaded_at=timezone.now(),
        )
        upload.seek(0)
        row.file.save(f"{sha256}{EXTENSIONS[content_type]}", File(upload), save=False)
        row.save()
        stored.append(row)
    return stored
