"""Case documents (optional files): type by content, sha256, size limit, scope, upload on the form."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.development.models import CaseDocument
from liuhao.development.services import case_create, case_document_add
from liuhao.development.tests.conftest import full_case, until

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def case(tree, dev, actors):
    return case_create(
        actor=actors.university_admin, org=tree.branch, data=until(full_case(dev), "applied_on")
    )


def test_a_pdf_is_stored_with_its_sha256(case, actors):
    doc = case_document_add(
        actor=actors.committee_member, case=case, file=SimpleUploadedFile("申请书.pdf", PDF)
    )
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest() and doc.content_type == "application/pdf"
    assert doc.file.name.startswith(f"development/{case.university_id}/")


def test_bad_files_are_refused_naming_the_field(case, actors, settings):
    with pytest.raises(ValidationFailed) as exc:
        case_document_add(
            actor=actors.committee_member, case=case, file=SimpleUploadedFile("x.pdf", b"MZ....")
        )
    assert "file" in exc.value.extra["fields"]
    settings.LEDGER_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationFailed):
        case_document_add(
            actor=actors.committee_member, case=case, file=SimpleUploadedFile("a.pdf", PDF)
        )
    with pytest.raises(NotPermitted):
        case_document_add(
            actor=actors.party_member, case=case, file=SimpleUploadedFile("a.pdf", PDF)
        )
    assert not CaseDocument.objects.exists()


def test_upload_on_the_edit_form_and_download_in_scope(client, case, actors):
    client.force_login(actors.committee_member)
    response = client.post(
        reverse("development:developmentcase-edit", args=[case.pk]),
        {"applied_on": "2023-03-01", "attachments": SimpleUploadedFile("志愿书.pdf", PDF)},
    )
    assert response.status_code == 302
    doc = CaseDocument.objects.get()
    page = client.get(reverse("development:developmentcase-detail", args=[case.pk]))
    assert "志愿书.pdf" in page.content.decode()
    download = client.get(reverse("development:document-download", args=[doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(actors.outsider)
    assert client.get(reverse("development:document-download", args=[doc.pk])).status_code == 404
