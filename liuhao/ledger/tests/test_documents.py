"""Plan documents and attachments: validity dates, content sniffing, size limit, sha256, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Attachment, PlanDocument
from liuhao.ledger.services import attachment_add, plan_record, plan_update
from liuhao.ledger.tests.factories import ActivityFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def plan_data(**over: Any) -> dict[str, Any]:
    data = {
        "kind": "overall_plan",
        "title": "计算机系教工第一党支部服务型党组织建设总体规划",
        "valid_from": dt.date(2025, 1, 1),
    }
    data.update(over)
    return data


def test_plan_record_and_update_are_audited(tree, actors):
    plan = plan_record(actor=actors.committee_member, org=tree.branch, data=plan_data())
    plan_update(
        actor=actors.committee_member, plan=plan, data={"valid_until": dt.date(2027, 12, 31)}
    )
    verbs = list(
        AuditEvent.objects.filter(target_type="ledger.plandocument")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["create", "update"]


def test_plan_ending_before_it_starts_is_refused(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        plan_record(
            actor=actors.committee_member,
            org=tree.branch,
            data=plan_data(valid_until=dt.date(2024, 12, 31)),
        )
    assert "有效期至不能早于生效日期" in exc.value.message
    assert "valid_until" in exc.value.extra["fields"]
    assert not PlanDocument.objects.exists() and not AuditEvent.objects.exists()


def test_plan_outside_scope_refused(tree, actors):
    with pytest.raises(NotPermitted):
        plan_record(actor=actors.committee_member, org=tree.other_branch, data=plan_data())


def test_attachment_stores_size_sha256_and_sniffed_type(tree, actors, media):
    activity = ActivityFactory(org=tree.branch)
    upload = SimpleUploadedFile("会议记录.pdf", PDF, content_type="text/plain")
    attachment = attachment_add(actor=actors.committee_member, file=upload, activity=activity)
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.content_type == "application/pdf"  # by content, not the browser's claim
    assert attachment.original_name == "会议记录.pdf"
    assert (media / attachment.file.name).read_bytes() == PDF
    assert AuditEvent.objects.filter(target_type="ledger.attachment").exists()


def test_docx_is_recognised_inside_the_zip(tree, actors):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    plan = plan_record(actor=actors.committee_member, org=tree.branch, data=plan_data())
    upload = SimpleUploadedFile("实施办法.docx", buffer.getvalue())
    attachment = attachment_add(actor=actors.committee_member, file=upload, plan=plan)
    assert attachment.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 an executable", b"PK\x03\x04 not really a zip", b"<html>pdf</html>"],
)
def test_other_content_is_refused_whatever_the_name(tree, actors, content):
    activity = ActivityFactory(org=tree.branch)
    with pytest.raises(ValidationFailed) as exc:
        attachment_add(
            actor=actors.committee_member,
            file=SimpleUploadedFile("照片.pdf", content),
            activity=activity,
        )
    assert exc.value.extra["fields"].keys() == {"file"}
    assert not Attachment.objects.exists()


def test_attachment_over_the_size_limit_is_refused(tree, actors, settings):
    settings.LEDGER_ATTACHMENT_MAX_BYTES = 1024 * 1024
    activity = ActivityFactory(org=tree.branch)
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationFailed) as exc:
        attachment_add(actor=actors.committee_member, file=big, activity=activity)
    assert "大小超过上限 1 MB" in exc.value.message
    assert not Attachment.objects.exists()


def test_attachment_needs_exactly_one_parent_and_scope(tree, actors):
    with pytest.raises(ValidationFailed):
        attachment_add(actor=actors.committee_member, file=SimpleUploadedFile("a.pdf", PDF))
    other = ActivityFactory(org=tree.other_branch)
    with pytest.raises(NotPermitted):
        attachment_add(
            actor=actors.committee_member, file=SimpleUploadedFile("a.pdf", PDF), activity=other
        )
