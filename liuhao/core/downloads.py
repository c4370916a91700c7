"""Stored-file downloads shared by the web pages and the API (attachments, case documents)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse

from liuhao.core.exceptions import NotFound


def stored_file_response(
    file: Any, *, filename: str, content_type: str, missing: str = "文件不存在"
) -> FileResponse:
    """Send a stored file as a download under its original name; 404 (`missing`) when the file
    has gone from storage."""
    try:
        handle = file.open("rb")
    except OSError as exc:
        raise NotFound(missing) from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
