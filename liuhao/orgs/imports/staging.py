"""Uploads kept between the dry run and the commit: MEDIA_ROOT/imports/<token>.xlsx + <token>.json.

The token comes from `secrets.token_urlsafe`; the JSON sidecar binds it to the uploader, the target
university and the file's sha256. Any other user, an unknown or malformed token, or a file changed on
disk answers NotFound (404) — the same answer, so nothing is leaked. Files are removed after the
commit, and uploads left unconfirmed are purged after STALE_AFTER.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from liuhao.core.exceptions import NotFound
from liuhao.orgs.imports.reader import sha256_of

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
STALE_AFTER = dt.timedelta(hours=24)
NOT_FOUND = "导入任务不存在或已过期，请重新上传文件"


@dataclass(frozen=True, slots=True)
class StagedUpload:
    """An uploaded file waiting for its owner's confirmation."""

    token: str
    path: Path
    owner_id: int
    university_id: int
    sha256: str
    filename: str


def staging_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _purge_stale(directory: Path) -> None:
    cutoff = (timezone.now() - STALE_AFTER).timestamp()
    for entry in directory.iterdir():
        if entry.suffix in {".xlsx", ".json"} and entry.stat().st_mtime < cutoff:
            entry.unlink(missing_ok=True)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def stage_upload(*, owner_id: int, university_id: int, data: bytes, filename: str) -> StagedUpload:
    """Store an upload that passed its dry run under a fresh random token."""
    directory = staging_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _purge_stale(directory)
    token = secrets.token_urlsafe(24)
    staged = StagedUpload(
        token=token,
        path=directory / f"{token}.xlsx",
        owner_id=owner_id,
        university_id=university_id,
        sha256=sha256_of(data),
        filename=filename[:200],
    )
    _write_new(staged.path, data)
    sidecar = {
        "owner": owner_id,
        "university": university_id,
        "sha256": staged.sha256,
        "filename": staged.filename,
    }
    _write_new(directory / f"{token}.json", json.dumps(sidecar, ensure_ascii=False).encode())
    return staged


def load_staged(token: str, owner_id: int) -> StagedUpload:
    """The staged upload for `token` if it belongs to `owner_id` and is intact, else NotFound."""
    if not TOKEN_RE.match(token):
        raise NotFound(NOT_FOUND)
    directory = staging_dir()
    path = directory / f"{token}.xlsx"
    try:
        sidecar = json.loads((directory / f"{token}.json").read_text())
        if sidecar["owner"] != owner_id:
            raise NotFound(NOT_FOUND)
        data = path.read_bytes()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NotFound(NOT_FOUND) from exc
    if sha256_of(data) != sidecar["sha256"]:
        raise NotFound(NOT_FOUND)
    return StagedUpload(
        token=token,
        path=path,
        owner_id=owner_id,
        university_id=int(sidecar["university"]),
        sha256=sidecar["sha256"],
        filename=str(sidecar.get("filename", "")),
    )


def discard(staged: StagedUpload) -> None:
    """Remove the upload and its sidecar (after the commit, successful or not)."""
    staged.path.unlink(missing_ok=True)
    staged.path.with_suffix(".json").unlink(missing_ok=True)
