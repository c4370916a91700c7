"""Writes of the service front (服务阵地): create, update and delete of every record type.

Each write is atomic, checks Capability.RECORD_LEDGER over the org (`check_can_record`), runs
`full_clean` and writes an audit row in the same transaction (CONVENTIONS B3). Impossible input is
refused with `ValidationFailed` naming the field in Chinese; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.choices import MembershipStage, PositionKind
from liuhao.orgs.models import Membership, Organization, Person, Position, subtree_q

R = TypeVar("R", bound=LedgerRecord)
Check = Callable[[Organization, dict[str, Any]], None]

FIELDS: dict[type[LedgerRecord], list[str]] = {
    Venue: ["kind", "name", "address", "is_fixed", "equipment", "opened_on", "closed_on"],
    Reception: ["representative", "venue", "held_on", "visitor_count", "issues"],
    Proposal: ["representative", "kind", "title", "submitted_on", "status", "reply", "replied_on"],
    MemberAffair: ["kind", "person", "received_on", "completed_on", "note"],
    ServiceItem: [
        "name",
        "process",
        "responsible",
        "time_limit_days",
        "published_on",
        "withdrawn_on",
    ],
    VanguardPost: ["kind", "name", "duties", "set_up_on", "ended_on"],
    News: ["kind", "title", "body", "url", "published_on"],
}
MEMBER_STAGES = (MembershipStage.PROBATIONARY, MembershipStage.FULL)


# ---- checks --------------------------------------------------------------------------------------


def _not_future(values: dict[str, Any], field: str, label: str) -> None:
    day = values.get(field)
    require(
        day is None or day <= timezone.localdate(),
        f"{label}不能晚于今天：只登记已经发生的事项",
        field,
    )


def representative_ids(org: Organization, on: dt.date) -> set[int]:
    """Persons holding a party-representative post in `org` or its subtree on `on` (Criterion C05)."""
    return set(
        Position.objects.filter(
            subtree_q(org.path, "org__path"),
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            kind=PositionKind.REPRESENTATIVE,
            started_on__lte=on,
        ).values_list("person_id", flat=True)
    )


def member_ids(org: Organization, on: dt.date, person_ids: Iterable[int]) -> set[int]:
    """Those of `person_ids` who are full or probationary members of `org`'s subtree on `on`."""
    return set(
        Membership.objects.filter(
            subtree_q(org.path, "org__path"),
            Q(ended_on__isnull=True) | Q(ended_on__gt=on),
            person_id__in=list(person_ids),
            stage__in=MEMBER_STAGES,
        ).values_list("person_id", flat=True)
    )


def _check_representative(org: Organization, values: dict[str, Any], field: str) -> None:
    person: Person | None = values.get("representative")
    day: dt.date | None = values.get(field)
    require(person is not None, "请选择党代表", "representative")
    assert person is not None
    if day is not None:
        require(
            person.pk in representative_ids(org, day),
            f"党代表：“{person.name}”在{day:%Y-%m-%d}不是“{org.name}”的党代表",
            "representative",
        )


def _check_same_university(
    org: Organization, person: Person | None, field: str, label: str
) -> None:
    if person is not None:
        require(
            person.university_id == university_id_of(org),
            f"{label}：“{person.name}”不属于本校",
            field,
        )


def _check_venue(org: Organization, values: dict[str, Any]) -> None:
    pass


def _check_reception(org: Organization, values: dict[str, Any]) -> None:
    held_on = values.get("held_on")
    future = held_on is not None and held_on > timezone.localdate()
    if future:
        require(
            not values.get("visitor_count") and not str(values.get("issues") or "").strip(),
            "接待日期晚于今天的只能作为值班安排：不能填写接待人数和反映的问题",
            "held_on",
        )
    _check_representative(org, values, "held_on")
    venue: Venue | None = values.get("venue")
    if venue is not None:
        require(venue.org_id == org.pk, "接待场所不是本组织的场所", "venue")


def _check_proposal(org: Organization, values: dict[str, Any]) -> None:
    _not_future(values, "submitted_on", "提交日期")
    _not_future(values, "replied_on", "答复日期")
    _check_representative(org, values, "submitted_on")


def _check_affair(org: Organization, values: dict[str, Any]) -> None:
    _not_future(values, "received_on", "受理日期")
    _not_future(values, "completed_on", "办结日期")
    _check_same_university(org, values.get("person"), "person", "办理对象")


def _check_item(org: Organization, values: dict[str, Any]) -> None:
    _check_same_university(org, values.get("responsible"), "responsible", "责任人")


def _check_news(org: Organization, values: dict[str, Any]) -> None:
    _not_future(values, "published_on", "发布日期")


CHECKS: dict[type[LedgerRecord], Check] = {
    Venue: _check_venue,
    Reception: _check_reception,
    Proposal: _check_proposal,
    MemberAffair: _check_affair,
    ServiceItem: _check_item,
    VanguardPost: lambda org, values: None,
    News: _check_news,
}


# ---- generic create / update / delete ------------------------------------------------------------


def _values(model: type[LedgerRecord], data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in FIELDS[model]}


def _create(actor: Any, org: Organization, model: type[R], data: dict[str, Any]) -> R:
    check_can_record(actor, org)
    values = _values(model, data)
    CHECKS[model](org, values)
    record = model(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )
    validate(record)
    record.save()
    audit_record(
        actor=actor,
        verb="create",
        target=record,
        scope=scope_of(org),
        changes=snapshot(record, FIELDS[model]),
    )
    return record


def _update(actor: Any, record: R, data: dict[str, Any]) -> R:
    org = record.org
    check_can_record(actor, org, "您无权修改该记录")
    model = type(record)
    values = _values(model, data)
    merged = {f: getattr(record, f) for f in FIELDS[model]} | values
    CHECKS[model](org, merged)
    changes = model_update(record, values)
    validate(record)
    if changes:
        record.save()
        audit_record(
            actor=actor, verb="update", target=record, scope=scope_of(org), changes=changes
        )
    return record


@transaction.atomic
def record_save(
    *,
    actor: Any,
    model: type[R],
    data: dict[str, Any],
    org: Organization | None = None,
    record: R | None = None,
) -> R:
    """Create a record of `model` in `org`, or update `record` (Criteria C05, C10, C11, C12.1)."""
    if record is None:
        assert org is not None
        return _create(actor, org, model, data)
    return _update(actor, record, data)


@transaction.atomic
def record_delete(*, actor: Any, record: LedgerRecord) -> None:
    """Delete a record (an entry made by mistake); audited with the values it had."""
    check_can_record(actor, record.org, "您无权删除该记录")
    model = type(record)
    if isinstance(record, Venue):
        require(
            not Reception.objects.filter(venue=record).exists(),
            "该场所已有驻室接待记录，不能删除，可填写停用日期",
            "closed_on",
        )
    changes = snapshot(record, FIELDS[model])
    audit_record(
        actor=actor, verb="delete", target=record, scope=scope_of(record.org), changes=changes
    )
    record.delete()


# ---- vanguard posts: the post and its named members ----------------------------------------------


def _check_members(org: Organization, members: list[Person], on: dt.date | None) -> None:
    require(bool(members), "请至少选择一名党员", "members")
    if on is None:
        return
    inside = member_ids(org, on, (p.pk for p in members))
    outside = [p.name for p in members if p.pk not in inside]
    require(
        not outside,
        f"党员：“{'、'.join(outside)}”在{on:%Y-%m-%d}不是“{org.name}”的党员",
        "members",
    )


@transaction.atomic
def vanguard_post_save(
    *,
    actor: Any,
    data: dict[str, Any],
    members: list[Person],
    org: Organization | None = None,
    post: VanguardPost | None = None,
) -> VanguardPost:
    """Set up or correct a vanguard post, responsibility area or station with its named members
    (Criterion C11.2: 设立党员先锋岗、责任区或工作站). Every member is a member of the org."""
    target_org = org if post is None else post.org
    assert target_org is not None
    set_up_on = data.get("set_up_on", post.set_up_on if post else None)
    check_can_record(actor, target_org)
    _check_members(target_org, members, set_up_on)
    saved = record_save(actor=actor, model=VanguardPost, data=data, org=org, record=post)
    before = sorted(saved.members.values_list("pk", flat=True)) if post else []
    after = sorted(p.pk for p in members)
    if before != after:
        saved.members.set(members)
        audit_record(
            actor=actor,
            verb="update",
            target=saved,
            scope=scope_of(target_org),
            changes={"members": [before, after]},
        )
    return saved
