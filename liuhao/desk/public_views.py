"""The requester's side of the request desk: the public form (no log-in, a phone or WeChat's in-app
browser), the signed-in form, the tracking page behind an unguessable link and the lookup box.

Criteria C07.3 (诉求收集、办理、反馈), C12 (网上服务：师生免登录提交、查询), C18 (及时解决、师生评价).
Issue 5 items 1, 4 and 8. Plain HTML forms posted without JavaScript; every refusal stores nothing
and answers a Chinese message (400 on the form, 404 for any unknown link, 413 for a body larger than
the attachment limits, 429 over the rate limit), never a 500.

Privacy (DESIGN §1): the tracking page shows the request, its public history and the requester's own
files, never internal notes or who handled it beyond the org's name, and never the requester's name
or contact (the link may be forwarded). The raw token is shown once, on the page answering the
submission; only its SHA-256 is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liuhao.core.exceptions import InvalidState, ValidationFailed
from liuhao.desk import selectors
from liuhao.desk.choices import Channel, RequestStatus
from liuhao.desk.models import ServiceRequest
from liuhao.desk.public_forms import (
    NAMED,
    AddForm,
    LookupForm,
    RateForm,
    ReopenForm,
    RequestForm,
)
from liuhao.desk.ratelimit import Throttle, submission_throttle
from liuhao.desk.rules import desk_rules
from liuhao.desk.services import (
    RateLimited,
    Submitted,
    request_submit,
    requester_add,
    requester_confirm,
    requester_rate,
    requester_reopen,
)
from liuhao.orgs.forms.base import add_service_error
from liuhao.orgs.models import Organization

View = Callable[..., HttpResponse]
R = TypeVar("R", bound=HttpResponseBase)

# Headroom over the attachments for the text fields and the multipart framing.
BODY_HEADROOM = 1024 * 1024


def _private(response: R) -> R:
    """A page carrying the tracking token: never cached, never indexed, never sent to another site
    as a referrer."""
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Same-origin, not no-referrer: with no-referrer the browser posts `Origin: null` and Django's
    # CSRF check refuses the page's own forms; other sites never see the link either way.
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "desk/public/refused.html",
        {"title": title, "message": message},
        status=status,
    )


def max_body_bytes() -> int:
    rules = desk_rules().attachments
    return rules.max_files * rules.max_bytes + BODY_HEADROOM


def _too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > max_body_bytes()


def body_limited(view: View) -> View:
    """Refuse a body larger than the attachment limits allow (413) before anything reads it.

    CSRF stays on: the CSRF middleware would parse the whole multipart body to find the token, so
    the view is exempted from the middleware and protected by `csrf_protect` after the size check.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and _too_big(request):
            rules = desk_rules().attachments
            return _refused(
                request,
                413,
                "提交内容过大",
                f"附件最多 {rules.max_files} 个，每个不超过 "
                f"{rules.max_bytes // (1024 * 1024)} MB。请删减附件后重新提交，本次未保存任何内容。",
            )
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


# ---- submitting ------------------------------------------------------------------------------------


def _university_of(org: Organization) -> Organization | None:
    """The org's live university (None once dissolved); selectors.request_org_get loads it."""
    if org.university_id in (None, org.pk):
        return org
    university = org.university
    return university if university is not None and university.is_active else None


def _form_context(
    request: HttpRequest,
    *,
    initial_org: Organization | None,
    signed_in: bool,
    default_university: Organization | None = None,
) -> dict[str, Any]:
    """The university (from the posted org, ?university=, ?org=, the default org or the signed-in
    requester's university) and the org choices of that university."""
    notice = ""
    university = None
    if request.method == "POST":
        posted = selectors.request_org_get(request.POST.get("org"))
        if posted is not None:
            university = _university_of(posted)
        else:
            university = selectors.request_org_get(request.POST.get("university"))
            if university is not None and not university.is_university:
                university = None
    if university is None and "university" in request.GET:
        university = selectors.request_org_get(request.GET.get("university"))
        if university is not None and not university.is_university:
            university = None
    if university is None and request.GET.get("org"):
        linked = selectors.request_org_get(request.GET.get("org"))
        if linked is None:
            notice = "链接中的党组织不存在或已撤销，请重新选择。"
        else:
            initial_org = linked
    if university is None and initial_org is not None:
        university = _university_of(initial_org)
    if university is None and default_university is not None:
        university = default_university if default_university.is_active else None
    universities = list(selectors.request_universities())
    if university is None and len(universities) == 1:
        university = universities[0]
    query = (request.GET.get("q") or "").strip()[:50]
    groups = selectors.request_org_groups(university, query) if university else []
    # Every university above is a live one, so comparing ids needs no second read of it.
    if initial_org is not None and (
        university is None or (initial_org.university_id or initial_org.pk) != university.pk
    ):
        initial_org = None
    return {
        "universities": universities,
        "university": university,
        "query": query,
        "org_groups": groups,
        "initial_org": initial_org,
        "notice": notice,
        "signed_in": signed_in,
        "rules": desk_rules(),
    }


def _form_page(
    request: HttpRequest, user: Any, signed_in: bool, form: RequestForm | None = None
) -> HttpResponse:
    """The form page: a new form (GET) or a refused one shown again with its errors (400)."""
    person = selectors.requester_person(user) if user is not None else None
    default_org = selectors.requester_default_org(user) if user is not None else None
    context = _form_context(
        request,
        initial_org=default_org,
        signed_in=signed_in,
        default_university=person.university if person is not None else None,
    )
    if form is None:
        initial: dict[str, Any] = {"identity": NAMED}
        if context["initial_org"] is not None:
            initial["org"] = context["initial_org"].pk
        if user is not None:
            initial["requester_name"] = person.name if person else (user.get_full_name() or "")
        form = RequestForm(initial=initial, org_groups=context["org_groups"])
        status = 200
    else:
        form.offer_orgs(context["org_groups"])
        status = 400
    return render(request, "desk/public/request_new.html", {**context, "form": form}, status=status)


def _rate_limited(request: HttpRequest, throttle: Throttle, signed_in: bool) -> HttpResponse:
    rules = desk_rules().rate_limit
    response = _refused(
        request,
        429,
        "提交过于频繁",
        f"同一{'账号' if signed_in else '网络'}每 {rules.window_minutes} 分钟最多提交 "
        f"{rules.submissions} 条诉求，请稍后再试。本次未保存任何内容。",
    )
    response["Retry-After"] = str(throttle.retry_after)
    return response


def _already_submitted(request: HttpRequest, submit_key: str) -> HttpResponse | None:
    """The answer to a second POST of a page already submitted (None: the key is not stored)."""
    reference = (
        ServiceRequest.objects.filter(submit_key=submit_key)
        .values_list("reference", flat=True)
        .first()
    )
    if reference is None:
        return None
    return _refused(
        request,
        409,
        "请勿重复提交",
        f"该表单已经提交过（诉求编号 {reference}）。"
        "查询链接只在提交成功的页面上显示一次；如未保存，请重新填写提交。",
    )


def _file(form: RequestForm, *, channel: str, user: Any, throttle: Throttle) -> Submitted:
    """Count the rate limit and store the request in one transaction: a refused submission counts
    nothing and a failed one stores nothing. A collision of the random reference (IntegrityError
    that is not a double submit) is retried with a new one."""
    key = form.cleaned_data["nonce"]
    for attempt in range(3):
        try:
            return request_submit(
                org=form.cleaned_data["org"],
                data=form.service_data(),
                channel=channel,
                user=user,
                files=form.cleaned_data["files"],
                submit_key=key,
                throttle=throttle,
            )
        except IntegrityError:
            if attempt == 2 or ServiceRequest.objects.filter(submit_key=key).exists():
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _submit(request: HttpRequest, *, channel: str, signed_in: bool) -> HttpResponse:
    """GET shows the form; POST checks the form, then counts the rate limit and files the request
    in one transaction, and answers the reference and the tracking link once. A second POST of the
    same page (its one-time code is a unique column) is answered 409 with the reference. The form
    page's org lists are read only when a page is shown, never for a submission that succeeds."""
    user: Any = request.user if signed_in else None
    if request.method != "POST":
        return _form_page(request, user, signed_in)
    form = RequestForm(request.POST, request.FILES)
    if form.is_valid():
        throttle = submission_throttle(request)
        try:
            submitted = _file(form, channel=channel, user=user, throttle=throttle)
        except RateLimited:
            return _rate_limited(request, throttle, signed_in)
        except IntegrityError:
            again = _already_submitted(request, form.cleaned_data["nonce"])
            if again is None:
                raise
            return again
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            link = request.build_absolute_uri(
                reverse("desk_public:request-track", args=[submitted.token])
            )
            response = render(
                request,
                "desk/public/request_submitted.html",
                {"sr": submitted.request, "link": link, "token": submitted.token},
            )
            return _private(response)
    return _form_page(request, user, signed_in, form)


@require_http_methods(["GET", "POST"])
@body_limited
def request_new(request: HttpRequest) -> HttpResponse:
    """The public request form: no log-in (C12 网上服务; C07.3 诉求收集)."""
    return _submit(request, channel=Channel.PUBLIC_FORM, signed_in=False)


@login_required
@require_http_methods(["GET", "POST"])
@body_limited
def request_new_signed_in(request: HttpRequest) -> HttpResponse:
    """The signed-in request form: the name and the default org come from the requester's person
    record (their branch, else their unit); they may change both (C07.3, C12)."""
    return _submit(request, channel=Channel.SIGNED_IN, signed_in=True)


# ---- looking a request up ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_lookup(request: HttpRequest) -> HttpResponse:
    """查询诉求: paste the tracking link or code; any well-formed code goes to its tracking page,
    which answers the same 404 for every unknown one (nothing here says whether it exists)."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect("desk_public:request-track", token=form.cleaned_data["code"])
    status = 400 if form.errors else 200
    return render(request, "desk/public/request_lookup.html", {"form": form}, status=status)


# ---- the tracking page -----------------------------------------------------------------------------


def _request_or_404(token: str) -> ServiceRequest:
    found = selectors.request_by_token(token)
    if found is None:
        raise Http404
    return found


def _track_page(
    request: HttpRequest, sr: ServiceRequest, token: str, *, status: int = 200, **forms: Any
) -> HttpResponse:
    today = timezone.localdate()
    actions = selectors.requester_actions(sr, today)
    # A refused action whose form is not offered now (the request moved on) is told at the top.
    refusal = forms.pop("confirm_error", "")
    for name, offered in (
        ("add_form", actions.add),
        ("reopen_form", actions.reopen),
        ("rate_form", actions.rate),
    ):
        form = forms.get(name)
        if form is not None and form.errors and not offered:
            refusal = "；".join(str(e) for errors in form.errors.values() for e in errors)
            forms.pop(name)
    context = {
        "sr": sr,
        "token": token,
        "category": desk_rules().category_label(sr.category),
        "events": selectors.request_public_events(sr),
        "files": list(selectors.request_public_files(sr)),
        "actions": actions,
        "waiting": sr.status == RequestStatus.WAITING,
        "add_form": forms.get("add_form") or AddForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "rate_form": forms.get("rate_form") or RateForm(),
        "refusal": refusal,
        "rules": desk_rules(),
    }
    return _private(render(request, "desk/public/request_track.html", context, status=status))


@require_GET
def request_track(request: HttpRequest, token: str) -> HttpResponse:
    """The tracking page: status, reference, category, due date, the public history and the
    requester's files, with the actions open to the requester now (C07.3 反馈, C18)."""
    return _track_page(request, _request_or_404(token), token)


def _action(
    request: HttpRequest,
    token: str,
    form_name: str,
    form: Any,
    act: Callable[[ServiceRequest, Any], None],
    done: str,
) -> HttpResponse:
    sr = _request_or_404(token)
    if form is None or form.is_valid():
        try:
            act(sr, form)
        except (ValidationFailed, InvalidState) as exc:
            if form is None:
                return _track_page(request, sr, token, status=400, confirm_error=exc.message)
            if isinstance(exc, ValidationFailed):
                add_service_error(form, exc)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("desk_public:request-track", token=token)
    sr.refresh_from_db()
    return _track_page(request, sr, token, status=400, **{form_name: form})


@require_POST
@body_limited
def request_add(request: HttpRequest, token: str) -> HttpResponse:
    """The requester adds information or files; a request waiting for them resumes."""

    def act(sr: ServiceRequest, form: Any) -> None:
        requester_add(request=sr, text=form.cleaned_data["text"], files=form.cleaned_data["files"])

    form = AddForm(request.POST, request.FILES)
    return _action(request, token, "add_form", form, act, "已提交补充内容")


@require_POST
@body_limited
def request_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The requester confirms the resolution: the request closes and may then be rated."""

    def act(sr: ServiceRequest, _form: Any) -> None:
        requester_confirm(request=sr)

    return _action(request, token, "", None, act, "已确认办结，欢迎对办理情况进行评价")


@require_POST
@body_limited
def request_reopen(request: HttpRequest, token: str) -> HttpResponse:
    """The requester is not satisfied: the request goes back to the handler with the reason."""

    def act(sr: ServiceRequest, form: Any) -> None:
        requester_reopen(request=sr, text=form.cleaned_data["text"])

    form = ReopenForm(request.POST)
    return _action(request, token, "reopen_form", form, act, "已申请继续办理")


@require_POST
@body_limited
def request_rate(request: HttpRequest, token: str) -> HttpResponse:
    """Rate the handling once after close, 1–5 with an optional comment (C18 师生满意)."""

    def act(sr: ServiceRequest, form: Any) -> None:
        requester_rate(
            request=sr, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
        )

    form = RateForm(request.POST)
    return _action(request, token, "rate_form", form, act, "感谢您的评价")


@require_GET
def request_file(request: HttpRequest, token: str, pk: int) -> FileResponse:
    """One of the requester's files, downloaded through the tracking link only."""
    sr = _request_or_404(token)
    row = selectors.request_public_files(sr).filter(pk=pk).first()
    if row is None:
        raise Http404
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=row.original_name)
    response["Content-Type"] = row.content_type
    return _private(response)
