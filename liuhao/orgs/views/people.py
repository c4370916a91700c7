"""Web views for persons, memberships and positions (issue 2 item 3).

Persons are looked up through visible_persons(actor), memberships and positions through the actor's
org scope, so anything outside answers 404; editing also needs MANAGE_PEOPLE on the org (else 403).
Forms parse; services in orgs.services.people write, validate and audit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.roles import Capability, role_can
from liuhao.orgs import permissions
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.forms import MembershipForm, PersonForm, PositionForm, add_service_error, posted
from liuhao.orgs.forms.people import initial_from
from liuhao.orgs.models import Membership, Organization, Person, Position
from liuhao.orgs.selectors import orgs as org_selectors
from liuhao.orgs.selectors.scope import Scope, get_visible_or_404, scope_for, visible_persons
from liuhao.orgs.services import people as people_services


def _person_home(person: Person) -> Organization:
    """The org a person is managed under: their unit, else their university."""
    return person.unit or person.university


def manageable_orgs(actor: Any, university_id: int) -> QuerySet[Organization]:
    """Active orgs of one university on which the actor may manage people (for choice lists)."""
    scope = scope_for(actor)
    managing = Scope(
        user_id=scope.user_id,
        grants=tuple(g for g in scope.grants if role_can(g.role, Capability.MANAGE_PEOPLE)),
    )
    return (
        Organization.objects.filter(managing.q("path"))
        .filter(university_id=university_id, dissolved_on__isnull=True)
        .order_by("path")
    )


def _get_person(actor: Any, pk: int) -> Person:
    return get_visible_or_404(  # type: ignore[no-any-return]
        visible_persons(actor).select_related("university", "unit", "user"), pk=pk
    )


def _require_manage(actor: Any, org: Organization, message: str) -> None:
    if not permissions.can_manage_people(actor, org):
        raise NotPermitted(message)


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    person: Person | None,
    org: Organization | None,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "title": title, "person": person, "org": org, **extra}
    return render(request, "orgs/person_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's profile, memberships (current and past, with stage dates) and positions."""
    actor = request.user
    person = _get_person(actor, pk)
    scope = scope_for(actor)
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("org")
        .order_by(F("ended_on").desc(nulls_first=True), "-pk")
    )
    positions = list(
        Position.objects.filter(person=person)
        .select_related("org")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
    )
    today = timezone.localdate()
    context = {
        "person": person,
        "memberships": [
            (m, scope.covers(m.org.path), permissions.can_manage_people(actor, m.org))
            for m in memberships
        ],
        "positions": [
            (
                p,
                scope.covers(p.org.path),
                permissions.can_manage_people(actor, p.org),
                p.ended_on is None or p.ended_on >= today,
            )
            for p in positions
        ],
        "can_edit": permissions.can_manage_people(actor, _person_home(person)),
        "home": _person_home(person),
        "home_visible": scope.covers(_person_home(person).path),
    }
    return render(request, "orgs/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a person whose unit is org `pk` (the unit can be changed on the form)."""
    actor = request.user
    org = org_selectors.org_get(actor, pk)
    _require_manage(actor, org, "您无权在该组织登记人员")
    form = PersonForm(
        posted(request),
        units=manageable_orgs(actor, org.university_id or org.pk),
        initial={"unit": org.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = people_services.person_create(
                actor=actor, university=org.university or org, data=form.cleaned_data
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"已登记“{person.name}”。如需登记党员身份，请点击“登记党员身份”"
            )
            return redirect("orgs:person-detail", pk=person.pk)
    return _form_page(
        request, form, title=f"在“{org.name}”登记人员", person=None, org=org, submit="登记"
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    person = _get_person(actor, pk)
    _require_manage(actor, _person_home(person), "您无权修改该人员")
    form = PersonForm(
        posted(request),
        units=manageable_orgs(actor, person.university_id),
        initial=initial_from(person, PersonForm.FIELDS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.person_update(actor=actor, person=person, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
            person.refresh_from_db()
        else:
            messages.success(request, "已保存修改")
            return redirect("orgs:person-detail", pk=person.pk)
    return _form_page(
        request, form, title=f"修改“{person.name}”", person=person, org=None, submit="保存"
    )


def _branches(
    actor: Any, university_id: int, current: Organization | None = None
) -> QuerySet[Organization]:
    qs = manageable_orgs(actor, university_id).filter(kind=OrgKind.BRANCH)
    if current is not None:
        qs = qs | Organization.objects.filter(pk=current.pk)
    return qs.order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a membership record (any stage) for person `pk` in a branch."""
    actor = request.user
    person = _get_person(actor, pk)
    _require_manage(actor, _person_home(person), "您无权为该人员登记党员身份")
    initial = {"org": person.unit_id} if person.unit and person.unit.kind == OrgKind.BRANCH else {}
    form = MembershipForm(
        posted(request), branches=_branches(actor, person.university_id), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.membership_create(actor=actor, person=person, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记党员身份")
            return redirect("orgs:person-detail", pk=person.pk)
    return _form_page(
        request,
        form,
        title=f"为“{person.name}”登记党员身份",
        person=person,
        org=None,
        submit="登记",
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change stage and dates, transfer to another branch, or end the membership."""
    actor = request.user
    membership: Membership = get_visible_or_404(
        Membership.objects.filter(scope_for(actor).q("org__path")).select_related("person", "org"),
        pk=pk,
    )
    _require_manage(actor, membership.org, "您无权修改该党员身份")
    person = membership.person
    form = MembershipForm(
        posted(request),
        branches=_branches(actor, person.university_id, current=membership.org),
        initial=initial_from(membership, MembershipForm.FIELDS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.membership_update(
                actor=actor, membership=membership, data=form.cleaned_data
            )
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存党员身份")
            return redirect("orgs:person-detail", pk=person.pk)
    return _form_page(
        request,
        form,
        title=f"修改“{person.name}”的党员身份",
        person=person,
        org=None,
        submit="保存",
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint person `pk` to a post in an org."""
    actor = request.user
    person = _get_person(actor, pk)
    _require_manage(actor, _person_home(person), "您无权为该人员任命职务")
    initial = {"org": person.unit_id, "started_on": timezone.localdate()}
    form = PositionForm(
        posted(request), orgs=manageable_orgs(actor, person.university_id), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.position_create(actor=actor, person=person, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已登记职务")
            return redirect("orgs:person-detail", pk=person.pk)
    return _form_page(
        request, form, title=f"为“{person.name}”登记职务", person=person, org=None, submit="登记"
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a post's dates, duty or congress term, end it, or delete one entered by mistake."""
    actor = request.user
    position: Position = get_visible_or_404(
        Position.objects.filter(scope_for(actor).q("org__path")).select_related("person", "org"),
        pk=pk,
    )
    _require_manage(actor, position.org, "您无权修改该职务")
    person = position.person
    if request.method == "POST" and request.POST.get("action") == "delete":
        people_services.position_delete(actor=actor, position=position)
        messages.success(request, "已删除该职务记录")
        return redirect("orgs:person-detail", pk=person.pk)
    form = PositionForm(
        posted(request),
        orgs=Organization.objects.filter(pk=position.org_id),
        editing=True,
        initial=initial_from(position, PositionForm.FIELDS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.position_update(actor=actor, position=position, data=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "已保存职务")
            return redirect("orgs:person-detail", pk=person.pk)
    return _form_page(
        request,
        form,
        title=f"修改“{person.name}”的职务",
        person=person,
        org=None,
        submit="保存",
        delete_label="删除此职务记录（仅限误录）",
    )
