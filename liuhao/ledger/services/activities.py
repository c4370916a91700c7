"""Activities, attendance and decisions (Criteria C01.1, C02.2, C02.3, C04.2–3, C06.4, C13–C15)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import ValidationFailed
from liuhao.ledger.choices import ActivityKind, AttendanceStatus
from liuhao.ledger.models import Activity, Attachment, Attendance, Decision
from liuhao.ledger.selectors import (
    activity_roster,
    attendance_eligible_ids,
    leadership_person_ids,
)
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.models import Membership, Organization, Person, subtree_q

ACTIVITY_FIELDS = [
    "kind",
    "held_on",
    "place",
    "topic",
    "summary",
    "culture_tag",
    "is_decision_meeting",
]
DECISION_FIELDS = ["text", "members_entitled", "members_present"]


def _check_not_future(held_on: Any) -> None:
    require(
        held_on is None or held_on <= timezone.localdate(),
        "活动日期不能晚于今天：台账只登记已经开展的活动",
        "held_on",
    )


@transaction.atomic
def activity_record(*, actor: Any, org: Organization, data: dict[str, Any]) -> Activity:
    """Record an activity `org` held. Only kind, date and topic are required (DESIGN §8).

    `entered_at` is now: it drives the 补录 flag and Criterion C04.3 (recorded promptly).
    """
    check_can_record(actor, org)
    require(org.is_active, f"“{org.name}”已撤销，不能登记新的活动", "org")
    activity = Activity(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **{k: v for k, v in data.items() if k in ACTIVITY_FIELDS},
    )
    validate(activity)
    _check_not_future(activity.held_on)
    activity.save()
    audit_record(
        actor=actor,
        verb="create",
        target=activity,
        scope=scope_of(org),
        changes=snapshot(activity, ACTIVITY_FIELDS),
    )
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, data: dict[str, Any]) -> Activity:
    """Correct an activity (its org and entry time stay)."""
    check_can_record(actor, activity.org, "您无权修改该活动")
    changes = model_update(activity, {k: v for k, v in data.items() if k in ACTIVITY_FIELDS})
    if not changes:
        return activity
    validate(activity)
    _check_not_future(activity.held_on)
    if "is_decision_meeting" in changes and not activity.is_decision_meeting:
        require(
            not activity.decisions.exists(),
            "该会议已登记决议，不能取消“决策会议”标记",
            "is_decision_meeting",
        )
    activity.save()
    audit_record(
        actor=actor, verb="update", target=activity, scope=scope_of(activity.org), changes=changes
    )
    return activity


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    """Delete an activity entered by mistake, with its attendance, decisions and attachments."""
    check_can_record(actor, activity.org, "您无权删除该活动")
    before = snapshot(activity, ACTIVITY_FIELDS)
    before["attendance"] = activity.attendance.count()
    before["decisions"] = activity.decisions.count()
    files = [a.file.name for a in activity.attachments.all()]
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    audit_record(
        actor=actor, verb="delete", target=activity, scope=scope_of(activity.org), changes=before
    )
    activity.delete()
    for name in files:
        transaction.on_commit(partial(storage.delete, name))


def _statuses(statuses: Mapping[int | str, str]) -> dict[int, str]:
    out: dict[int, str] = {}
    valid = set(AttendanceStatus.values)
    for key, status in statuses.items():
        try:
            person_id = int(key)
        except (TypeError, ValueError):
            person_id = -1
        require(person_id > 0, f"出勤人员编号“{key}”无效", "attendance")
        require(status in valid, f"出勤情况“{status}”无效，应为出席、请假或缺席", "status")
        out[person_id] = status
    return out


@transaction.atomic
def attendance_set(
    *, actor: Any, activity: Activity, statuses: Mapping[int | str, str]
) -> dict[str, int]:
    """Set the attendance of several persons at once ({person id: status}); others stay as they are.

    Only the org's members and leadership on the day may be marked (Criterion C06.4 counts
    attendance of organizational life). All-or-nothing: one outsider refuses the whole set.
    Returns the activity's counts by status.
    """
    check_can_record(actor, activity.org, "您无权登记该活动的出勤")
    wanted = _statuses(statuses)
    eligible = attendance_eligible_ids(activity)
    outsiders = sorted(set(wanted) - eligible)
    if outsiders:
        names = dict(Person.objects.filter(pk__in=outsiders).values_list("pk", "name"))
        messages = [
            f"出勤人员“{names[pk]}”不是本组织党员"
            if pk in names
            else f"出勤人员（编号 {pk}）不存在"
            for pk in outsiders
        ]
        raise ValidationFailed("；".join(messages), extra={"fields": {"attendance": messages}})
    existing = {a.person_id: a for a in Attendance.objects.filter(activity=activity)}
    changes: dict[str, list[str | None]] = {}
    create: list[Attendance] = []
    update: list[Attendance] = []
    for person_id, status in sorted(wanted.items()):
        row = existing.get(person_id)
        if row is None:
            create.append(Attendance(activity=activity, person_id=person_id, status=status))
            changes[str(person_id)] = [None, status]
        elif row.status != status:
            changes[str(person_id)] = [row.status, status]
            row.status = status
            update.append(row)
    Attendance.objects.bulk_create(create)
    Attendance.objects.bulk_update(update, ["status"])
    if changes:
        audit_record(
            actor=actor,
            verb="update",
            target=activity,
            scope=scope_of(activity.org),
            changes={"attendance": changes},
        )
    return _counts(activity)


@transaction.atomic
def attendance_all_present(*, actor: Any, activity: Activity) -> int:
    """Mark everyone on the roster who has no attendance row yet as present, in one bulk insert.

    DESIGN §8 (fast entry): attendance defaults from the roster with one tap for "all present";
    the secretary then changes the few who were excused or absent. Returns the rows added.
    """
    check_can_record(actor, activity.org, "您无权登记该活动的出勤")
    have = set(Attendance.objects.filter(activity=activity).values_list("person_id", flat=True))
    missing = sorted(activity_roster(activity) - have)
    Attendance.objects.bulk_create(
        [
            Attendance(activity=activity, person_id=pk, status=AttendanceStatus.PRESENT)
            for pk in missing
        ]
    )
    if missing:
        audit_record(
            actor=actor,
            verb="update",
            target=activity,
            scope=scope_of(activity.org),
            changes={"attendance_all_present": len(missing)},
        )
    return len(missing)


def _counts(activity: Activity) -> dict[str, int]:
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for status in Attendance.objects.filter(activity=activity).values_list("status", flat=True):
        counts[status] += 1
    return counts


def _entitled_ids(activity: Activity) -> set[int]:
    """Who may vote: the committee for a committee meeting, full members for a general meeting."""
    if activity.kind == ActivityKind.COMMITTEE_MEETING:
        return leadership_person_ids(activity.org, activity.held_on)
    return set(
        Membership.objects.filter(
            subtree_q(activity.org.path, "org__path"), stage=MembershipStage.FULL
        )
        .active_on(activity.held_on)
        .values_list("person_id", flat=True)
    )


@transaction.atomic
def decision_record(*, actor: Any, activity: Activity, data: dict[str, Any]) -> Decision:
    """Record a decision of a decision meeting (Criterion C02.3: 落实民主集中制).

    Without `members_entitled` / `members_present`, they are computed: those entitled are the
    committee on the day (committee meeting) or the full members (general meeting), and those
    present are the entitled persons marked present in the attendance.
    """
    check_can_record(actor, activity.org, "您无权登记该会议的决议")
    require(
        activity.is_decision_meeting,
        "只有标记为“决策会议”的支委会/党委会或党员大会可以登记决议",
        "activity",
    )
    values = {k: v for k, v in data.items() if k in DECISION_FIELDS}
    if values.get("members_entitled") is None or values.get("members_present") is None:
        entitled = _entitled_ids(activity)
        if values.get("members_entitled") is None:
            require(
                bool(entitled), "应到人数：未能从班子或党员名单得出，请填写", "members_entitled"
            )
            values["members_entitled"] = len(entitled)
        if values.get("members_present") is None:
            values["members_present"] = Attendance.objects.filter(
                activity=activity, person_id__in=entitled, status=AttendanceStatus.PRESENT
            ).count()
    decision = Decision(activity=activity, **values)
    validate(decision)
    decision.save()
    audit_record(
        actor=actor,
        verb="create",
        target=decision,
        scope=scope_of(activity.org),
        changes={**snapshot(decision, DECISION_FIELDS), "activity": activity.pk},
    )
    return decision


__all__ = [
    "activity_delete",
    "activity_record",
    "activity_update",
    "attendance_all_present",
    "attendance_set",
    "decision_record",
]
