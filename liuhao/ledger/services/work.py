"""Member service records (Criterion C06.3), tasks (C07.1) and party-affairs disclosures (C07.2).

Every write is atomic, permission-checked (`check_can_record`), validated with `full_clean` and
audited in the same transaction; a refusal raises ValidationFailed naming the field in Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.ledger.models import Attachment, Disclosure, ServiceRecord, Task
from liuhao.ledger.selectors import leadership_person_ids, member_person_ids
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.models import Organization, Person

SERVICE_FIELDS = ["person", "served_on", "kind", "hours", "description"]
TASK_FIELDS = [
    "title",
    "owner",
    "steps",
    "assigned_on",
    "due_on",
    "completed_on",
    "completion_note",
]
DISCLOSURE_FIELDS = ["title", "published_on", "scope", "channel", "content"]


def _not_future(day: dt.date | None, message: str, field: str) -> None:
    require(day is None or day <= timezone.localdate(), message, field)


def _record(model: type[Any], actor: Any, org: Organization, values: dict[str, Any]) -> Any:
    return model(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )


def _create(actor: Any, org: Organization, record: Any, fields: list[str]) -> None:
    validate(record)
    record.save()
    audit_record(
        actor=actor,
        verb="create",
        target=record,
        scope=scope_of(org),
        changes=snapshot(record, fields),
    )


def _update(actor: Any, record: Any, data: dict[str, Any], fields: list[str]) -> None:
    changes = model_update(record, {k: v for k, v in data.items() if k in fields})
    if not changes:
        return
    validate(record)
    record.save()
    audit_record(
        actor=actor, verb="update", target=record, scope=scope_of(record.org), changes=changes
    )


def _delete(actor: Any, record: Any, fields: list[str]) -> None:
    audit_record(
        actor=actor,
        verb="delete",
        target=record,
        scope=scope_of(record.org),
        changes=snapshot(record, fields),
    )
    record.delete()


# ---- service records (C06.3) ---------------------------------------------------------------------


@transaction.atomic
def service_records_create(
    *, actor: Any, org: Organization, persons: Iterable[Person], data: dict[str, Any]
) -> list[ServiceRecord]:
    """Record the same service (date, kind, hours, description) for one or more members of `org`
    (Criterion C06.3 党员队伍全员服务). Each person must be a full or probationary member, or a
    leadership member, of the org on the day; the day is not in the future. One row per person."""
    check_can_record(actor, org)
    people = list(dict.fromkeys(persons))
    require(bool(people), "党员：请至少选择一名党员", "persons")
    values = {k: v for k, v in data.items() if k in SERVICE_FIELDS and k != "person"}
    served_on = values.get("served_on")
    _not_future(served_on, "服务日期不能晚于今天：台账只登记已经开展的服务", "served_on")
    if served_on is not None:
        eligible = member_person_ids(org, served_on) | leadership_person_ids(org, served_on)
        outside = [p.name for p in people if p.pk not in eligible]
        require(
            not outside,
            f"党员：“{'、'.join(outside[:5])}”在{served_on:%Y-%m-%d}不是“{org.name}”的党员",
            "persons",
        )
    out = []
    for person in people:
        record = _record(ServiceRecord, actor, org, {**values, "person": person})
        _create(actor, org, record, SERVICE_FIELDS)
        out.append(record)
    return out


@transaction.atomic
def service_record_update(
    *, actor: Any, record: ServiceRecord, data: dict[str, Any]
) -> ServiceRecord:
    """Correct a service record (the person stays; a wrong person is deleted and re-entered)."""
    check_can_record(actor, record.org, "您无权修改该服务记录")
    _not_future(
        data.get("served_on"), "服务日期不能晚于今天：台账只登记已经开展的服务", "served_on"
    )
    _update(actor, record, {k: v for k, v in data.items() if k != "person"}, SERVICE_FIELDS)
    return record


@transaction.atomic
def service_record_delete(*, actor: Any, record: ServiceRecord) -> None:
    check_can_record(actor, record.org, "您无权删除该服务记录")
    _delete(actor, record, SERVICE_FIELDS)


# ---- tasks (C07.1) -------------------------------------------------------------------------------


def _check_task(org: Organization, task: Task) -> None:
    owner = task.owner if task.owner_id else None
    require(owner is not None, "责任人：请选择责任人", "owner")
    assert owner is not None
    require(owner.university_id == org.university_id, "责任人：不属于本校", "owner")
    _not_future(task.assigned_on, "布置日期不能晚于今天", "assigned_on")
    _not_future(task.completed_on, "完成日期不能晚于今天：只登记已经完成的任务", "completed_on")


@transaction.atomic
def task_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> Task:
    """Record a task of `org` with its owner, procedure steps and due date (Criterion C07.1
    各项任务都有责任人和运作程序); it may be recorded already completed."""
    check_can_record(actor, org)
    task = _record(Task, actor, org, {k: v for k, v in data.items() if k in TASK_FIELDS})
    _check_task(org, task)
    _create(actor, org, task, TASK_FIELDS)
    return task


@transaction.atomic
def task_update(*, actor: Any, task: Task, data: dict[str, Any]) -> Task:
    """Edit a task, or record its completion (`completed_on`, `completion_note`)."""
    check_can_record(actor, task.org, "您无权修改该任务")
    changes = model_update(task, {k: v for k, v in data.items() if k in TASK_FIELDS})
    if not changes:
        return task
    _check_task(task.org, task)
    validate(task)
    task.save()
    audit_record(actor=actor, verb="update", target=task, scope=scope_of(task.org), changes=changes)
    return task


@transaction.atomic
def task_delete(*, actor: Any, task: Task) -> None:
    """Delete a task entered by mistake with its evidence attachments (rows and, once committed,
    their files, as activity_delete and plan_delete do)."""
    check_can_record(actor, task.org, "您无权删除该任务")
    files = [a.file.name for a in task.attachments.all()]
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    _delete(actor, task, TASK_FIELDS)
    for name in files:
        transaction.on_commit(partial(storage.delete, name))


# ---- disclosures (C07.2) -------------------------------------------------------------------------


@transaction.atomic
def disclosure_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> Disclosure:
    """Record a party-affairs disclosure of `org`, public or internal (Criterion C07.2 推进党务公开).
    The publication day is not in the future."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in DISCLOSURE_FIELDS}
    _not_future(values.get("published_on"), "公开日期不能晚于今天", "published_on")
    record = _record(Disclosure, actor, org, values)
    _create(actor, org, record, DISCLOSURE_FIELDS)
    return record


@transaction.atomic
def disclosure_update(*, actor: Any, disclosure: Disclosure, data: dict[str, Any]) -> Disclosure:
    check_can_record(actor, disclosure.org, "您无权修改该党务公开")
    _not_future(data.get("published_on"), "公开日期不能晚于今天", "published_on")
    _update(actor, disclosure, data, DISCLOSURE_FIELDS)
    return disclosure


@transaction.atomic
def disclosure_delete(*, actor: Any, disclosure: Disclosure) -> None:
    check_can_record(actor, disclosure.org, "您无权删除该党务公开")
    _delete(actor, disclosure, DISCLOSURE_FIELDS)
