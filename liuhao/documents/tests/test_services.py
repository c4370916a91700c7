"""Uploading, reverting and re-activating report templates: scope, audit, refusal (issue 7 item 5)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.core.roles import Role
from liuhao.documents.models import ReportTemplate
from liuhao.documents.rendering import render_docx
from liuhao.documents.services import template_activate, template_revert, template_upload
from liuhao.documents.tests.conftest import KIND
from liuhao.documents.tests.samples import docx_bytes, docx_text
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

CONTEXT = {"org": {"name": "计算机系教工第一党支部"}, "criteria": []}


def _upload(text: str = "替换模板：{{ org.name }}") -> SimpleUploadedFile:
    return SimpleUploadedFile("申报表.docx", docx_bytes(text))


def test_an_uploaded_replacement_is_used_and_audited(db, tree, actors, report_kind):
    upload = _upload()
    row = template_upload(actor=actors.province_admin, kind=KIND, file=upload)
    assert row.active and row.university is None
    with row.file.open("rb") as handle:
        assert row.sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert "替换模板：计算机系教工第一党支部" in docx_text(render_docx(KIND, CONTEXT))
    event = AuditEvent.objects.get(target_type="documents.reporttemplate", verb="create")
    assert event.changes["sha256"] == row.sha256


def test_a_university_template_wins_over_the_province_template(db, tree, actors, report_kind):
    template_upload(actor=actors.province_admin, kind=KIND, file=_upload("全省：{{ org.name }}"))
    template_upload(
        actor=actors.university_admin,
        kind=KIND,
        file=_upload("本校：{{ org.name }}"),
        university=tree.university,
    )
    assert "本校：" in docx_text(render_docx(KIND, CONTEXT, university_id=tree.university.pk))
    assert "全省：" in docx_text(render_docx(KIND, CONTEXT, university_id=tree.other_university.pk))
    assert "全省：" in docx_text(render_docx(KIND, CONTEXT))


def test_a_new_upload_replaces_the_active_one_and_revert_goes_back_to_default(
    db, tree, actors, report_kind
):
    first = template_upload(
        actor=actors.province_admin, kind=KIND, file=_upload("一 {{ org.name }}")
    )
    second = template_upload(
        actor=actors.province_admin, kind=KIND, file=_upload("二 {{ org.name }}")
    )
    first.refresh_from_db()
    assert not first.active and second.active
    assert template_revert(actor=actors.province_admin, kind=KIND) == 1
    assert "默认模板：" in docx_text(render_docx(KIND, CONTEXT))
    with pytest.raises(InvalidState):
        template_revert(actor=actors.province_admin, kind=KIND)
    template_activate(actor=actors.province_admin, template=first)
    assert "一 " in docx_text(render_docx(KIND, CONTEXT))
    assert AuditEvent.objects.filter(target_type="documents.reporttemplate").count() == 4


def test_a_broken_upload_is_refused_and_nothing_is_stored(db, tree, actors, report_kind):
    with pytest.raises(ValidationFailed) as exc:
        template_upload(
            actor=actors.province_admin, kind=KIND, file=_upload("{{ org.name }} {{ 书记 }}")
        )
    assert "占位符「书记」" in exc.value.message
    with pytest.raises(ValidationFailed, match="空的"):
        template_upload(
            actor=actors.province_admin, kind=KIND, file=SimpleUploadedFile("a.docx", b"")
        )
    assert not ReportTemplate.objects.exists()
    assert not AuditEvent.objects.filter(target_type="documents.reporttemplate").exists()


def test_an_oversized_upload_is_refused(db, tree, actors, report_kind, settings):
    settings.LEDGER_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationFailed, match="文件过大"):
        template_upload(actor=actors.province_admin, kind=KIND, file=_upload())
    assert not ReportTemplate.objects.exists()


def test_scope_of_template_administration(db, tree, actors, report_kind):
    # A university administrator may not replace the province-wide template …
    with pytest.raises(NotPermitted):
        template_upload(actor=actors.university_admin, kind=KIND, file=_upload())
    # … nor another university's (outside its scope: 404).
    with pytest.raises(NotFound):
        template_upload(
            actor=actors.university_admin,
            kind=KIND,
            file=_upload(),
            university=tree.other_university,
        )
    # The university committee's secretary sees the university but is no administrator: 403.
    secretary = UserFactory(username="univ-secretary")
    RoleAssignmentFactory(user=secretary, role=Role.ORG_SECRETARY, org=tree.university)
    with pytest.raises(NotPermitted):
        template_upload(actor=secretary, kind=KIND, file=_upload(), university=tree.university)
    # A college secretary does not see the university committee: 404.
    with pytest.raises(NotFound):
        template_upload(
            actor=actors.org_secretary, kind=KIND, file=_upload(), university=tree.university
        )
    assert not ReportTemplate.objects.exists()
