"""One-step entry of a ledger record as the forms and the API submit it (DESIGN §8: fast entry).

An activity is entered with its attendance, an optional decision and optional attachments in one
submit; a plan document with its optional attachments. Each step is an existing service (each
permission-checked, validated and audited); this module runs them inside one transaction, so any
refusal (an outsider in the attendance, a bad file, …) leaves nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.ledger.models import Activity, PlanDocument, Task
from liuhao.ledger.services.activities import (
    activity_record,
    activity_update,
    attendance_all_present,
    attendance_set,
    decision_record,
)
from liuhao.ledger.services.common import require
from liuhao.ledger.services.documents import attachment_add, plan_record, plan_update
from liuhao.ledger.services.work import task_create, task_update
from liuhao.orgs.models import Organization


@transaction.atomic
def activity_entry_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    activity: Activity | None = None,
    statuses: Mapping[int | str, str] | None = None,
    all_present: bool = False,
    decision: dict[str, Any] | None = None,
    files: Iterable[Any] = (),
) -> Activity:
    """Record a new activity of `org` (or correct `activity`) with its attendance, decision and files.

    `statuses` ({person id: status}) are set first; with `all_present`, everyone else on the roster
    is then marked present (DESIGN §8: one tap for "all present", then the few excused or absent).
    A decision (Criterion C02.3) needs the activity marked as a decision meeting. All-or-nothing.
    """
    if activity is None:
        assert org is not None
        activity = activity_record(actor=actor, org=org, data=data)
    else:
        activity = activity_update(actor=actor, activity=activity, data=data)
    if statuses:
        attendance_set(actor=actor, activity=activity, statuses=statuses)
    if all_present:
        attendance_all_present(actor=actor, activity=activity)
    if decision:
        decision_record(actor=actor, activity=activity, data=decision)
    for file in files:
        attachment_add(actor=actor, file=file, activity=activity)
    return activity


@transaction.atomic
def plan_entry_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    plan: PlanDocument | None = None,
    files: Iterable[Any] = (),
) -> PlanDocument:
    """Put a plan document on file (or correct it) with its optional attachments (Criterion C02.1).
    The approval date, when given, is not in the future (a plan is on file once approved).
    All-or-nothing."""
    approved_on = data.get("approved_on")
    require(
        approved_on is None or approved_on <= timezone.localdate(),
        "审定日期不能晚于今天：只登记已经审定的文件",
        "approved_on",
    )
    if plan is None:
        assert org is not None
        plan = plan_record(actor=actor, org=org, data=data)
    else:
        plan = plan_update(actor=actor, plan=plan, data=data)
    for file in files:
        attachment_add(actor=actor, file=file, plan=plan)
    return plan


@transaction.atomic
def task_entry_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    task: Task | None = None,
    files: Iterable[Any] = (),
) -> Task:
    """Record a task (or edit it, or record its completion) with optional completion evidence
    (Criterion C07.1). All-or-nothing."""
    if task is None:
        assert org is not None
        task = task_create(actor=actor, org=org, data=data)
    else:
        task = task_update(actor=actor, task=task, data=data)
    for file in files:
        attachment_add(actor=actor, file=file, task=task)
    return task


__all__ = ["activity_entry_save", "plan_entry_save", "task_entry_save"]
