"""Writes for persons, memberships and positions. Atomic, permission-checked and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import NotPermitted
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Membership, Organization, Person, Position
from liuhao.orgs.permissions import can_manage_people
from liuhao.orgs.pinyin import pinyin_keys
from liuhao.orgs.services.common import require, scope_of, validate

PERSON_FIELDS = [
    "number",
    "name",
    "category",
    "gender",
    "birth_date",
    "unit",
    "young_teacher",
    "academic_leader",
    "returnee",
    "left_on",
]
MEMBERSHIP_FIELDS = [
    "org",
    "stage",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "full_on",
    "joined_org_on",
    "ended_on",
    "end_reason",
]
POSITION_FIELDS = [
    "org",
    "kind",
    "duty",
    "started_on",
    "ended_on",
    "congress_name",
    "congress_term_start",
    "congress_term_end",
]


def _person_scope_org(person: Person) -> Organization:
    return person.unit or person.university


@transaction.atomic
def person_create(*, actor: Any, university: Organization, data: dict[str, Any]) -> Person:
    """Register a teacher, student, staff member or retiree of `university`."""
    unit: Organization | None = data.get("unit")
    scope_org = unit or university
    if not can_manage_people(actor, scope_org):
        raise NotPermitted("您无权在该单位登记人员")
    require(university.kind == OrgKind.UNIVERSITY_COMMITTEE, "所属高校无效", "university")
    if unit is not None:
        require(unit.university_id == university.pk, "所在单位不属于该高校", "unit")
    person = Person(university=university, **{k: v for k, v in data.items() if k in PERSON_FIELDS})
    person.name_pinyin, person.name_initials = pinyin_keys(person.name)
    validate(person)
    person.save()
    audit_record(
        actor=actor,
        verb="create",
        target=person,
        scope=scope_of(scope_org),
        changes=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: dict[str, Any]) -> Person:
    if not can_manage_people(actor, _person_scope_org(person)):
        raise NotPermitted("您无权修改该人员")
    new_unit = data.get("unit", person.unit)
    if new_unit is not None:
        require(new_unit.university_id == person.university_id, "所在单位不属于该高校", "unit")
        if not can_manage_people(actor, new_unit):
            raise NotPermitted("您无权把人员调入该单位")
    changes = model_update(person, {k: v for k, v in data.items() if k in PERSON_FIELDS})
    if not changes:
        return person
    person.name_pinyin, person.name_initials = pinyin_keys(person.name)
    validate(person)
    person.save()
    audit_record(
        actor=actor,
        verb="update",
        target=person,
        scope=scope_of(_person_scope_org(person)),
        changes=changes,
    )
    return person


def _check_membership_org(org: Organization, person: Person) -> None:
    require(org.kind == OrgKind.BRANCH, "党员组织关系只能落在党支部", "org")
    require(org.is_active, f"“{org.name}”已撤销", "org")
    require(org.university_id == person.university_id, "党支部与人员不属于同一高校", "org")


@transaction.atomic
def membership_create(*, actor: Any, person: Person, data: dict[str, Any]) -> Membership:
    """Open a membership record (any pipeline stage) in a branch. One open record per person."""
    org: Organization | None = data.get("org")
    require(org is not None, "请选择所在党支部", "org")
    assert org is not None
    if not can_manage_people(actor, org):
        raise NotPermitted("您无权在该党支部登记党员")
    _check_membership_org(org, person)
    require(
        not Membership.objects.filter(person=person, ended_on__isnull=True).exists(),
        f"{person.name}已有在册的党员身份记录，请先转出或修改原记录",
        "person",
    )
    membership = Membership(
        person=person,
        university_id=person.university_id,
        **{k: v for k, v in data.items() if k in MEMBERSHIP_FIELDS},
    )
    validate(membership)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:  # a concurrent request opened one first
        require(False, f"{person.name}已有在册的党员身份记录", "person")
        raise AssertionError from exc
    audit_record(
        actor=actor,
        verb="create",
        target=membership,
        scope=scope_of(org),
        changes=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_update(*, actor: Any, membership: Membership, data: dict[str, Any]) -> Membership:
    """Change stage and dates, or transfer to another branch (both branches must be in scope)."""
    if not can_manage_people(actor, membership.org):
        raise NotPermitted("您无权修改该党员身份")
    new_org = data.get("org", membership.org)
    if new_org != membership.org:
        if not can_manage_people(actor, new_org):
            raise NotPermitted("您无权把党员转入该党支部")
        _check_membership_org(new_org, membership.person)
    changes = model_update(membership, {k: v for k, v in data.items() if k in MEMBERSHIP_FIELDS})
    if not changes:
        return membership
    validate(membership)
    membership.save()
    audit_record(
        actor=actor,
        verb="update",
        target=membership,
        scope=scope_of(membership.org),
        changes=changes,
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date, reason: str) -> Membership:
    return membership_update(
        actor=actor, membership=membership, data={"ended_on": on, "end_reason": reason}
    )


@transaction.atomic
def position_create(*, actor: Any, person: Person, data: dict[str, Any]) -> Position:
    """Appoint a person to a post in an org for a period (Criteria C03–C05 read these)."""
    org: Organization | None = data.get("org")
    require(org is not None, "请选择任职组织", "org")
    assert org is not None
    if not can_manage_people(actor, org):
        raise NotPermitted("您无权在该组织任命职务")
    require(org.is_active, f"“{org.name}”已撤销", "org")
    require(org.university_id == person.university_id, "任职组织与人员不属于同一高校", "org")
    position = Position(
        person=person,
        university_id=person.university_id,
        **{k: v for k, v in data.items() if k in POSITION_FIELDS},
    )
    validate(position)
    position.save()
    audit_record(
        actor=actor,
        verb="create",
        target=position,
        scope=scope_of(org),
        changes=snapshot(position, POSITION_FIELDS),
    )
    return position


@transaction.atomic
def position_update(*, actor: Any, position: Position, data: dict[str, Any]) -> Position:
    if not can_manage_people(actor, position.org):
        raise NotPermitted("您无权修改该职务")
    data = {k: v for k, v in data.items() if k in POSITION_FIELDS and k != "org"}
    changes = model_update(position, data)
    if not changes:
        return position
    validate(position)
    position.save()
    audit_record(
        actor=actor, verb="update", target=position, scope=scope_of(position.org), changes=changes
    )
    return position


@transaction.atomic
def position_delete(*, actor: Any, position: Position) -> None:
    """Delete a post entered by mistake (ending a real post uses position_update with ended_on)."""
    if not can_manage_people(actor, position.org):
        raise NotPermitted("您无权删除该职务")
    before = snapshot(position, POSITION_FIELDS)
    audit_record(
        actor=actor, verb="delete", target=position, scope=scope_of(position.org), changes=before
    )
    position.delete()
