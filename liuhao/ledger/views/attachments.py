"""Attachments of any ledger record: add (one or several files) and delete, from the record's page.

The section itself is drawn by the `{% attachments_section record %}` tag
(liuhao/ledger/templatetags/ledger_attachments.py) on each record's detail page. Both actions are
POST-only, scoped (a record outside the actor's subtree answers 404) and need
Capability.RECORD_LEDGER over the record's org (403). A refused upload stores nothing: every file
of the request is checked in one transaction, and the Chinese message names the field and the file.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from liuhao.core.exceptions import ValidationFailed
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.selectors import attachable_get, attachment_get, record_kind
from liuhao.ledger.services import attachment_delete, attachments_add
from liuhao.ledger.views.common import require_record


def record_page(record: LedgerRecord) -> str:
    """The detail page of a record (`<app>:<model>-detail`), else its org's page."""
    try:
        return reverse(
            f"{record._meta.app_label}:{record._meta.model_name}-detail", args=[record.pk]
        )
    except NoReverseMatch:
        return reverse("orgs:org-detail", args=[record.org_id])


def _back(request: HttpRequest, record: LedgerRecord) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = record_page(record)
    return HttpResponseRedirect(f"{target}#attachments")


@login_required
@require_POST
def attachment_upload(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Attach files to a record (always optional, DESIGN §8: no proof by photo)."""
    actor = request.user
    record = attachable_get(actor, kind, pk)
    require_record(actor, record.org, "您无权为该记录添加附件")
    files = request.FILES.getlist("files")
    try:
        attachments_add(actor=actor, record=record, files=files)
    except ValidationFailed as exc:
        suffix = "（未保存任何文件）" if files else ""
        messages.error(request, f"{exc.message}{suffix}")
    else:
        messages.success(request, f"已上传 {len(files)} 个附件")
    return _back(request, record)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an attachment entered by mistake (audited)."""
    actor = request.user
    attachment = attachment_get(actor, pk)
    parent = attachment.activity or attachment.plan or attachment.task or attachment.record
    attachment_delete(actor=actor, attachment=attachment)
    messages.success(request, f"已删除附件“{attachment.original_name}”")
    if isinstance(parent, LedgerRecord):
        return _back(request, parent)
    return HttpResponseRedirect(reverse("orgs:org-detail", args=[attachment.org_id]))


__all__ = ["attachment_remove", "attachment_upload", "record_kind", "record_page"]
