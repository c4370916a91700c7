"""Attachments of any ledger record (issue 4: attachments with sha256 for every record type): the
service, the record page's upload/delete, the API, scoping by role, and clean-up when the record
is deleted."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liuhao.achievements.tests.factories import AchievementFactory
from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.frontline.tests.factories import NewsFactory, VenueFactory
from liuhao.ledger.models import Attachment
from liuhao.ledger.selectors import attachable_get, attachments_of
from liuhao.ledger.services import attachment_add, attachment_delete

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
API = "/api/v1/ledger/attachments/"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def pdf(name: str = "接待记录.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def test_any_ledger_record_takes_an_attachment_with_its_sha256(tree, actors):
    venue = VenueFactory(org=tree.branch)
    attachment = attachment_add(actor=actors.committee_member, file=pdf(), record=venue)
    assert attachment.record == venue
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.content_type == "application/pdf"
    assert attachment.org_id == tree.branch.pk
    assert list(attachments_of(venue)) == [attachment]
    event = AuditEvent.objects.get(target_type="ledger.attachment", verb="create")
    assert event.changes["record_id"] == venue.pk


def test_content_not_of_its_claimed_type_or_too_big_is_refused(tree, actors, settings):
    venue = VenueFactory(org=tree.branch)
    with pytest.raises(ValidationFailed, match="文件"):
        attachment_add(actor=actors.committee_member, file=pdf(body=b"just text"), record=venue)
    settings.LEDGER_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationFailed, match="大小超过上限"):
        attachment_add(
            actor=actors.committee_member, file=pdf(body=PDF + b"0" * (1024 * 1024)), record=venue
        )
    assert not Attachment.objects.exists()


def test_an_attachment_cannot_carry_an_attachment(tree, actors):
    venue = VenueFactory(org=tree.branch)
    first = attachment_add(actor=actors.committee_member, file=pdf(), record=venue)
    with pytest.raises(ValidationFailed):
        attachment_add(actor=actors.committee_member, file=pdf(), record=first)
    with pytest.raises(NotFound):
        attachable_get(actors.committee_member, "ledger.attachment", first.pk)
    with pytest.raises(NotFound):
        attachable_get(actors.committee_member, "auth.user", actors.committee_member.pk)
    with pytest.raises(NotFound):
        attachable_get(actors.committee_member, "nonsense", 1)


def test_deleting_the_record_removes_its_attachment_rows(tree, actors):
    news_item = NewsFactory(org=tree.branch)
    attachment_add(actor=actors.committee_member, file=pdf(), record=news_item)
    other = VenueFactory(org=tree.branch)
    kept = attachment_add(actor=actors.committee_member, file=pdf(), record=other)
    news_item.delete()
    assert list(Attachment.objects.all()) == [kept]


def test_delete_attachment_is_audited_and_removes_its_file(
    tree, actors, media, django_capture_on_commit_callbacks
):
    venue = VenueFactory(org=tree.branch)
    one = attachment_add(actor=actors.committee_member, file=pdf(), record=venue)
    two = attachment_add(actor=actors.committee_member, file=pdf("副本.pdf"), record=venue)
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(actor=actors.committee_member, attachment=one)
    assert not (media / one.file.name).exists()
    assert (media / two.file.name).exists()
    assert AuditEvent.objects.filter(target_type="ledger.attachment", verb="delete").count() == 1


def test_record_page_upload_shows_the_file_and_a_bad_file_stores_nothing(client, tree, actors):
    venue = VenueFactory(org=tree.branch)
    client.force_login(actors.committee_member)
    page = reverse("frontline:venue-detail", args=[venue.pk])
    url = reverse("ledger:attachment-upload", args=["frontline.venue", venue.pk])
    bad = client.post(
        url, {"files": [pdf("好的.pdf"), pdf("假的.pdf", b"not a pdf")], "next": page}, follow=True
    )
    assert "只接受" in bad.content.decode() and "假的.pdf" in bad.content.decode()
    assert not Attachment.objects.exists()  # all-or-nothing
    response = client.post(url, {"files": [pdf()], "next": page}, follow=True)
    assert response.redirect_chain[-1][0].startswith(page)
    body = response.content.decode()
    assert "已上传 1 个附件" in body and "接待记录.pdf" in body and "SHA-256" in body
    empty = client.post(url, {"next": page}, follow=True)
    assert "请选择要上传的文件" in empty.content.decode()
    attachment = Attachment.objects.get()
    gone = client.post(reverse("ledger:attachment-delete", args=[attachment.pk]), {"next": page})
    assert gone.status_code == 302 and not Attachment.objects.exists()


def test_offsite_next_is_not_followed(client, tree, actors):
    venue = VenueFactory(org=tree.branch)
    client.force_login(actors.committee_member)
    url = reverse("ledger:attachment-upload", args=["frontline.venue", venue.pk])
    response = client.post(url, {"files": [pdf()], "next": "https://evil.example/"})
    assert response["Location"].startswith(reverse("frontline:venue-detail", args=[venue.pk]))


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("province_admin", 200, 302),
        ("university_admin", 200, 302),
        ("org_secretary", 200, 302),
        ("committee_member", 200, 302),
        ("party_member", 200, 403),
        ("reviewer", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_web_scope_by_role(client, tree, actors, role, read, write):
    achievement = AchievementFactory(org=tree.branch)
    client.force_login(getattr(actors, role))
    url = reverse("ledger:attachment-upload", args=["achievements.achievement", achievement.pk])
    assert client.post(url, {"files": [pdf()]}).status_code == write
    assert Attachment.objects.count() == (1 if write == 302 else 0)
    api = token_client(getattr(actors, role))
    listed = api.get(API, {"record": "achievements.achievement", "record_id": achievement.pk})
    assert listed.status_code == read, listed.content
    outside = AchievementFactory(org=tree.other_univ_branch)
    expected = 302 if role == "province_admin" else 404
    url = reverse("ledger:attachment-upload", args=["achievements.achievement", outside.pk])
    assert client.post(url, {"files": [pdf()]}).status_code == expected


def test_api_upload_list_download_and_delete(tree, actors):
    news_item = NewsFactory(org=tree.branch)
    api = token_client(actors.committee_member)
    ref = {"record": "frontline.news", "record_id": news_item.pk}
    created = api.post(API, {**ref, "files": [pdf(), SimpleUploadedFile("照片.png", PNG)]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert [a["content_type"] for a in body] == ["application/pdf", "image/png"]
    assert body[0]["record"] == "frontline.news" and body[0]["record_pk"] == news_item.pk
    assert body[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    listed = api.get(API, ref).json()
    assert [a["original_name"] for a in listed] == ["接待记录.pdf", "照片.png"]
    download = api.get(f"{API}{body[0]['id']}/file")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert send(api, "DELETE", f"{API}{body[0]['id']}/").status_code == 204
    assert Attachment.objects.count() == 1


def test_api_bad_input_names_the_field_and_stores_nothing(tree, actors):
    news_item = NewsFactory(org=tree.branch)
    api = token_client(actors.committee_member)
    ref = {"record": "frontline.news", "record_id": news_item.pk}
    refused = api.post(API, {**ref, "files": [pdf(), pdf("伪装.pdf", b"MZ\x90\x00")]})
    body = assert_error(refused, 400, "validation_failed")
    assert "伪装.pdf" in body["message"]
    assert not Attachment.objects.exists()
    assert_error(api.post(API, {"record": "nope.nothing", "record_id": 1, "files": [pdf()]}), 404)
    assert_error(api.get(API, {"record": "frontline.news", "record_id": 0}), 400)
    assert_error(api.get(f"{API}999999/file"), 404)
