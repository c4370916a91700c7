"""Leadership contact pairs and visits (Criterion C03: 直接联系服务师生制度)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.ledger.models import ContactPair, ContactVisit
from liuhao.ledger.selectors import leadership_person_ids
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.models import Organization, Person

PAIR_FIELDS = ["leader", "target", "started_on", "ended_on", "note"]
VISIT_FIELDS = ["leader", "visited_on", "target", "place", "topic", "findings"]


def _check_leader(org: Organization, leader: Person | None, on: dt.date | None) -> None:
    require(leader is not None, "请选择班子成员", "leader")
    assert leader is not None
    if on is not None:
        require(
            leader.pk in leadership_person_ids(org, on),
            f"班子成员：“{leader.name}”在{on:%Y-%m-%d}不是“{org.name}”的领导班子成员",
            "leader",
        )


def _check_target(org: Organization, target: Person | None) -> None:
    if target is not None:
        require(target.university_id == org.university_id, "服务对象不属于本校", "target")


@transaction.atomic
def contact_pair_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> ContactPair:
    """Pair a leadership member of `org` with a service target (Criterion C03.1: 班子成员每人结对联系
    2名以上服务对象). The leader must be in the leadership team on the start day."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in PAIR_FIELDS}
    _check_leader(org, values.get("leader"), values.get("started_on"))
    _check_target(org, values.get("target"))
    pair = ContactPair(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )
    validate(pair)
    pair.save()
    audit_record(
        actor=actor,
        verb="create",
        target=pair,
        scope=scope_of(org),
        changes=snapshot(pair, PAIR_FIELDS),
    )
    return pair


@transaction.atomic
def contact_pair_end(*, actor: Any, pair: ContactPair, on: dt.date) -> ContactPair:
    """End a pair on `on` (not before it started)."""
    check_can_record(actor, pair.org, "您无权修改该结对联系")
    changes = model_update(pair, {"ended_on": on})
    if not changes:
        return pair
    validate(pair)
    pair.save()
    audit_record(actor=actor, verb="update", target=pair, scope=scope_of(pair.org), changes=changes)
    return pair


@transaction.atomic
def contact_visit_record(*, actor: Any, org: Organization, data: dict[str, Any]) -> ContactVisit:
    """Record a contact visit or research trip by a leadership member of `org` (Criterion C03.2:
    定期深入联系点调查研究). Not in the future; the leader is in the leadership on the day."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in VISIT_FIELDS}
    visited_on = values.get("visited_on")
    require(
        visited_on is None or visited_on <= timezone.localdate(),
        "走访日期不能晚于今天：台账只登记已经开展的走访",
        "visited_on",
    )
    _check_leader(org, values.get("leader"), visited_on)
    _check_target(org, values.get("target"))
    visit = ContactVisit(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )
    validate(visit)
    visit.save()
    audit_record(
        actor=actor,
        verb="create",
        target=visit,
        scope=scope_of(org),
        changes=snapshot(visit, VISIT_FIELDS),
    )
    return visit
