"""Fixtures of the ledger view tests: uploaded files in a temporary MEDIA_ROOT, a form-post helper."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import (
    Activity,
    Attachment,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    PlanDocument,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def ledger_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Activity,
            Attendance,
            Decision,
            Attachment,
            PlanDocument,
            ContactPair,
            ContactVisit,
            AuditEvent,
        )
    }


def form_errors(response: Any) -> str:
    """The form's error summary; the request must have been refused with 400."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert 'class="form-errors"' in html
    return html.split('class="form-errors"')[1].split("</div>")[0]
