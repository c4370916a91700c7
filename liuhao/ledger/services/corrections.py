"""Corrections the interfaces need beyond the recording services: delete a plan document, a contact
pair, a visit or a decision entered by mistake, and correct a pair, a visit or a decision (each
checked, validated and audited).

Kept apart from documents.py / contacts.py (same rules: RECORD_LEDGER over the record's org; the
audit row keeps what was deleted).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.ledger.models import Attachment, ContactPair, ContactVisit, Decision, PlanDocument
from liuhao.ledger.selectors import leadership_person_ids
from liuhao.ledger.services.activities import DECISION_FIELDS
from liuhao.ledger.services.common import check_can_record, require, scope_of, validate
from liuhao.ledger.services.contacts import PAIR_FIELDS, VISIT_FIELDS
from liuhao.ledger.services.documents import PLAN_FIELDS


@transaction.atomic
def plan_delete(*, actor: Any, plan: PlanDocument) -> None:
    """Delete a plan document entered by mistake, with its attachments (Criterion C02.1)."""
    check_can_record(actor, plan.org, "您无权删除该文件")
    files = [a.file.name for a in plan.attachments.all()]
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        verb="delete",
        target=plan,
        scope=scope_of(plan.org),
        changes=snapshot(plan, PLAN_FIELDS),
    )
    plan.delete()
    for name in files:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def contact_pair_delete(*, actor: Any, pair: ContactPair) -> None:
    """Delete a contact pair entered by mistake (ending a real pair is contact_pair_end)."""
    check_can_record(actor, pair.org, "您无权删除该结对联系")
    audit_record(
        actor=actor,
        verb="delete",
        target=pair,
        scope=scope_of(pair.org),
        changes=snapshot(pair, PAIR_FIELDS),
    )
    pair.delete()


@transaction.atomic
def contact_pair_update(*, actor: Any, pair: ContactPair, data: dict[str, Any]) -> ContactPair:
    """Correct a contact pair (Criterion C03.1): the leader in the leadership team on the start day,
    the target of the same university and not the leader, the end not before the start."""
    check_can_record(actor, pair.org, "您无权修改该结对联系")
    changes = model_update(pair, {k: v for k, v in data.items() if k in PAIR_FIELDS})
    if not changes:
        return pair
    leader = pair.leader
    require(
        leader.pk in leadership_person_ids(pair.org, pair.started_on),
        f"班子成员：“{leader.name}”在{pair.started_on:%Y-%m-%d}不是“{pair.org.name}”的领导班子成员",
        "leader",
    )
    require(pair.target.university_id == pair.org.university_id, "服务对象不属于本校", "target")
    validate(pair)
    pair.save()
    audit_record(actor=actor, verb="update", target=pair, scope=scope_of(pair.org), changes=changes)
    return pair


@transaction.atomic
def contact_visit_update(*, actor: Any, visit: ContactVisit, data: dict[str, Any]) -> ContactVisit:
    """Correct a contact visit (Criterion C03.2): not in the future, the leader in the leadership
    team on the day, the target of the same university."""
    check_can_record(actor, visit.org, "您无权修改该走访记录")
    changes = model_update(visit, {k: v for k, v in data.items() if k in VISIT_FIELDS})
    if not changes:
        return visit
    require(
        visit.visited_on <= timezone.localdate(),
        "走访日期不能晚于今天：台账只登记已经开展的走访",
        "visited_on",
    )
    leader = visit.leader
    require(
        leader.pk in leadership_person_ids(visit.org, visit.visited_on),
        f"班子成员：“{leader.name}”在{visit.visited_on:%Y-%m-%d}不是“{visit.org.name}”的领导班子成员",
        "leader",
    )
    if visit.target is not None:
        require(
            visit.target.university_id == visit.org.university_id,
            "服务对象不属于本校",
            "target",
        )
    validate(visit)
    visit.save()
    audit_record(
        actor=actor, verb="update", target=visit, scope=scope_of(visit.org), changes=changes
    )
    return visit


@transaction.atomic
def contact_visit_delete(*, actor: Any, visit: ContactVisit) -> None:
    """Delete a contact visit entered by mistake."""
    check_can_record(actor, visit.org, "您无权删除该走访记录")
    audit_record(
        actor=actor,
        verb="delete",
        target=visit,
        scope=scope_of(visit.org),
        changes=snapshot(visit, VISIT_FIELDS),
    )
    visit.delete()


@transaction.atomic
def decision_update(*, actor: Any, decision: Decision, data: dict[str, Any]) -> Decision:
    """Correct a decision (Criterion C02.3): its text, those entitled and those present (present
    never more than entitled)."""
    activity = decision.activity
    check_can_record(actor, activity.org, "您无权修改该决议")
    changes = model_update(decision, {k: v for k, v in data.items() if k in DECISION_FIELDS})
    if not changes:
        return decision
    validate(decision)
    decision.save()
    audit_record(
        actor=actor,
        verb="update",
        target=decision,
        scope=scope_of(activity.org),
        changes={**changes, "activity": activity.pk},
    )
    return decision


@transaction.atomic
def decision_delete(*, actor: Any, decision: Decision) -> None:
    """Delete a decision entered by mistake; the audit row keeps its text and counts."""
    activity = decision.activity
    check_can_record(actor, activity.org, "您无权删除该决议")
    audit_record(
        actor=actor,
        verb="delete",
        target=decision,
        scope=scope_of(activity.org),
        changes={**snapshot(decision, DECISION_FIELDS), "activity": activity.pk},
    )
    decision.delete()


__all__ = [
    "contact_pair_delete",
    "contact_pair_update",
    "contact_visit_delete",
    "contact_visit_update",
    "decision_delete",
    "decision_update",
    "plan_delete",
]
