"""Pages of the service front (服务阵地, Criteria C05, C10, C11, C12.1): the org page listing every
record type, one create / edit / detail / delete page per record type, and the old address of the
public 服务窗口, now a permanent redirect to the org's page in the public portal (liuhao.portal).

Writing needs Capability.RECORD_LEDGER over the org (else 403); anything outside the actor's scope
answers 404. A refusal of the service is shown on the form naming the field; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from liuhao.core.exceptions import ValidationFailed
from liuhao.frontline import forms as f
from liuhao.frontline import selectors
from liuhao.frontline.imports import frontline_import_workbook
from liuhao.frontline.imports.columns import SHEETS
from liuhao.frontline.imports.template import TEMPLATE_FILENAME, build_frontline_template
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.frontline.services import FIELDS, record_delete, record_save, vanguard_post_save
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.views.common import delete_page, form_page, org_for_view, require_record
from liuhao.ledger.views.import_flow import ImportFlow
from liuhao.orgs.forms import add_service_error, posted
from liuhao.orgs.selectors import orgs as org_selectors


@dataclass(frozen=True, slots=True)
class Kind:
    slug: str
    model: type[LedgerRecord]
    form: type[f.RecordForm]
    label: str  # 活动场所
    verb: str  # 登记活动场所


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind("venue", Venue, f.VenueForm, "活动场所", "登记场所"),
        Kind("reception", Reception, f.ReceptionForm, "驻室接待", "登记驻室接待"),
        Kind("proposal", Proposal, f.ProposalForm, "提案建议", "登记提案建议"),
        Kind("memberaffair", MemberAffair, f.MemberAffairForm, "党员事务", "登记党员事务"),
        Kind("serviceitem", ServiceItem, f.ServiceItemForm, "服务事项", "公开服务事项"),
        Kind("vanguardpost", VanguardPost, f.VanguardPostForm, "党员先锋岗", "设立先锋岗"),
        Kind("news", News, f.NewsForm, "动态通知", "发布动态通知"),
    )
}


def _kind(slug: str) -> Kind:
    return KINDS[slug]


@login_required
@require_GET
def org_frontline(request: HttpRequest, pk: int) -> HttpResponse:
    """服务阵地: venues, studio and duty roster, receptions, proposals, member affairs (open and
    overdue), service items, vanguard posts and news of one org."""
    actor = request.user
    org = org_for_view(actor, pk)
    today = timezone.localdate()
    lists = {
        slug: list(selectors.record_list(actor, kind.model, org)[:50])
        for slug, kind in KINDS.items()
    }
    affairs = selectors.affair_rows(lists.pop("memberaffair"), today)  # type: ignore[arg-type]
    context = {
        "org": org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, org),
        "sections": [(slug, kind, lists.get(slug, [])) for slug, kind in KINDS.items()],
        "affairs": affairs,
        "open_affairs": sum(1 for a in affairs if a.affair.completed_on is None),
        "overdue_affairs": sum(1 for a in affairs if a.overdue),
        "today": today,
        "can_record": can_record_ledger(actor, org),
    }
    return render(request, "frontline/org_frontline.html", context)


def _save(request: HttpRequest, kind: Kind, form: f.RecordForm, **target: Any) -> Any:
    data = form.record_data()
    if kind.model is VanguardPost:
        post = target.get("record")
        return vanguard_post_save(
            actor=request.user,
            data=data,
            members=list(form.cleaned_data["members"]),
            org=target.get("org"),
            post=post,
        )
    return record_save(actor=request.user, model=kind.model, data=data, **target)


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Create a record of `slug` in org `pk`."""
    kind = _kind(slug)
    actor = request.user
    org = org_for_view(actor, pk)
    require_record(actor, org)
    form = kind.form(posted(request), org=org, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, kind, form, org=org)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"已保存{kind.label}")
            return redirect("frontline:org-frontline", pk=org.pk)
    return form_page(
        request,
        "frontline/record_form.html",
        form,
        title=f"{kind.verb} · {org.name}",
        org=org,
    )


def _initial(record: LedgerRecord) -> dict[str, Any]:
    fields = FIELDS[type(record)]
    initial = model_to_dict(record, fields=fields)
    if isinstance(record, VanguardPost):
        initial["members"] = [p.pk for p in record.members.all()]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Correct a record (an update is audited with its changes)."""
    kind = _kind(slug)
    actor = request.user
    record = selectors.record_get(actor, kind.model, pk)
    org = record.org
    require_record(actor, org, "您无权修改该记录")
    form = kind.form(posted(request), org=org, today=timezone.localdate(), initial=_initial(record))
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, kind, form, record=record)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存修改")
            return redirect("frontline:org-frontline", pk=org.pk)
    return form_page(
        request,
        "frontline/record_form.html",
        form,
        title=f"修改{kind.label} · {org.name}",
        org=org,
        record=record,
        kind=kind,
        delete_url=reverse(f"frontline:{slug}-delete", args=[record.pk]),
    )


@login_required
@require_GET
def record_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One record with every field (the evidence link of the scorecard)."""
    kind = _kind(slug)
    actor = request.user
    record = selectors.record_get(actor, kind.model, pk)
    rows = []
    for name in FIELDS[kind.model]:
        label = str(getattr(kind.model._meta.get_field(name), "verbose_name", name))
        display = getattr(record, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(record, name)
        if isinstance(value, bool):
            value = "是" if value else "否"
        rows.append((label, "—" if value in (None, "") else value))
    if isinstance(record, VanguardPost):
        rows.append(("党员", "、".join(p.name for p in record.members.all()) or "—"))
    context = {
        "org": record.org,
        "breadcrumbs": org_selectors.org_breadcrumbs(actor, record.org),
        "record": record,
        "kind": kind,
        "rows": rows,
        "can_record": can_record_ledger(actor, record.org),
    }
    return render(request, "frontline/record_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Delete a record entered by mistake: a confirmation page, then POST (audited). A refusal
    (a venue that has receptions) is shown on the confirmation page and nothing is deleted."""
    kind = _kind(slug)
    actor = request.user
    record = selectors.record_get(actor, kind.model, pk)
    org = record.org
    return delete_page(
        request,
        org=org,
        label=kind.label,
        name=str(record),
        delete=lambda: record_delete(actor=actor, record=record),
        done_url=reverse("frontline:org-frontline", args=[org.pk]),
        cancel_url=reverse(f"frontline:{slug}-detail", args=[pk]),
        denied="您无权删除该记录",
    )


@require_GET
def public_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Moved to the public portal (liuhao.portal, C11.1, C12.1): a permanent redirect keeps old
    links to the 服务窗口 working; the portal answers 404 for a dissolved org."""
    return redirect("portal:org-detail", pk=pk, permanent=True)


# ---- Excel import: upload → dry-run report → confirm; template (the shared ImportFlow) ----------

IMPORT = ImportFlow(
    namespace="frontline",
    title="服务阵地台账导入",
    denied="您无权导入工作台账（需要台账登记权限）",
    success="服务阵地台账导入成功",
    start_template="frontline/import_start.html",
    importer=frontline_import_workbook,
    template=build_frontline_template,
    template_filename=TEMPLATE_FILENAME,
    context={"sheets": SHEETS},
)
import_start, import_commit, import_template = IMPORT.views()
