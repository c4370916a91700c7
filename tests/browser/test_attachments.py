"""Browser: on a phone, a committee member attaches a PDF to a representative's reception from its
page, sees it listed with its SHA-256, is told why a disguised file is refused, and deletes the
attachment again (issue 4: attachments with sha256 for every record type)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from liuhao.frontline.tests.factories import NewsFactory
from liuhao.ledger.models import Attachment
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_attach_and_remove_a_file_on_a_record_page(page, login, tree, actors):
    news = NewsFactory(org=tree.branch, title="支部召开专题组织生活会")
    login(actors.committee_member)
    page.goto(f"/frontline/news/{news.pk}/")
    assert fits_the_phone(page)
    section = page.locator("#attachments")
    assert "没有附件" in section.inner_text()

    section.locator("input[type=file]").set_input_files(
        {"name": "伪装.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}
    )
    section.get_by_role("button", name="上传附件").click()
    page.wait_for_load_state("networkidle")
    assert "只接受" in page.content() and "伪装.pdf" in page.content()
    assert not Attachment.objects.exists()

    page.locator("#attachments input[type=file]").set_input_files(
        {"name": "会议记录.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#attachments").get_by_role("button", name="上传附件").click()
    page.wait_for_load_state("networkidle")
    text = page.locator("#attachments").inner_text()
    assert "会议记录.pdf" in text and "SHA-256" in text
    assert Attachment.objects.get().sha256 == hashlib.sha256(PDF).hexdigest()
    assert fits_the_phone(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#attachments").get_by_role("button", name="删除附件 会议记录.pdf").click()
    page.wait_for_load_state("networkidle")
    assert "没有附件" in page.locator("#attachments").inner_text()
    assert not Attachment.objects.exists()
