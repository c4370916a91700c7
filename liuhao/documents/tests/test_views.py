"""The report templates pages (issue 7 item 5)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liuhao.documents.models import ReportTemplate
from liuhao.documents.tests.conftest import KIND
from liuhao.documents.tests.samples import docx_bytes

LIST = "/documents/templates/"


def _detail(query: str = "") -> str:
    return reverse("documents:template-detail", args=[KIND]) + query


def test_province_admin_lists_and_uploads(client, actors, report_kind):
    client.force_login(actors.province_admin)
    html = client.get(LIST).content.decode()
    assert "测试报告" in html and "默认模板" in html
    page = client.get(_detail())
    assert page.status_code == 200
    assert "组织（org.name）" in page.content.decode()
    response = client.post(
        _detail(), {"file": SimpleUploadedFile("新.docx", docx_bytes("{{ org.name }}"))}
    )
    assert response.status_code == 302
    row = ReportTemplate.objects.get()
    assert row.active and row.university is None
    html = client.get(_detail()).content.decode()
    assert row.sha256 in html and "启用中" in html
    download = client.get(reverse("documents:template-download", args=[row.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_a_broken_upload_shows_the_chinese_error_naming_the_placeholder(
    client, actors, report_kind
):
    client.force_login(actors.province_admin)
    response = client.post(
        _detail(), {"file": SimpleUploadedFile("坏.docx", docx_bytes("{{ 组织名称 }}"))}
    )
    assert response.status_code == 400
    assert "占位符「组织名称」不是该报告的字段" in response.content.decode()
    response = client.post(_detail(), {})
    assert response.status_code == 400
    assert "请选择 .docx 文件" in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_default_template_download(client, actors, report_kind):
    client.force_login(actors.university_admin)
    response = client.get(reverse("documents:template-default", args=[KIND]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_university_admin_works_on_its_own_university(client, tree, actors, report_kind):
    client.force_login(actors.university_admin)
    assert tree.university.name in client.get(LIST).content.decode()
    response = client.post(
        _detail(), {"file": SimpleUploadedFile("本校.docx", docx_bytes("{{ org.name }}"))}
    )
    assert response.status_code == 302
    row = ReportTemplate.objects.get()
    assert row.university == tree.university
    response = client.post(reverse("documents:template-revert", args=[KIND]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.active


def test_scope_of_the_pages(client, tree, actors, report_kind):
    client.force_login(actors.province_admin)
    other = client.post(
        _detail(f"?university={tree.other_university.pk}"),
        {"file": SimpleUploadedFile("外校.docx", docx_bytes("{{ org.name }}"))},
    )
    assert other.status_code == 302
    foreign = ReportTemplate.objects.get()
    client.force_login(actors.university_admin)
    assert client.get(_detail(f"?university={tree.other_university.pk}")).status_code == 404
    assert client.get(reverse("documents:template-download", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("documents:template-activate", args=[foreign.pk])).status_code == 404
    assert client.get(_detail("?university=abc")).status_code == 404
    client.force_login(actors.org_secretary)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("documents:template-default", args=[KIND])).status_code == 403
    client.force_login(actors.province_admin)
    assert client.get(reverse("documents:template-detail", args=["nope"])).status_code == 404


def test_preview_renders_the_template_in_force_with_the_sample(client, tree, actors, report_kind):
    from liuhao.documents.tests.samples import docx_text

    client.force_login(actors.university_admin)
    response = client.get(reverse("documents:template-preview", args=[KIND]))
    assert response.status_code == 200
    assert "默认模板：示例党支部" in docx_text(response.content)
    client.post(
        _detail(), {"file": SimpleUploadedFile("本校.docx", docx_bytes("本校：{{ org.name }}"))}
    )
    response = client.get(reverse("documents:template-preview", args=[KIND]))
    assert "本校：示例党支部" in docx_text(response.content)
    client.force_login(actors.org_secretary)
    assert client.get(reverse("documents:template-preview", args=[KIND])).status_code == 403
