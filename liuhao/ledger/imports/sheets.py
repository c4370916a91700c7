"""Validation and writes of the four ledger sheets, on the roster import's row loop (SheetHandler).

Everything a row is checked against is preloaded once per import (`LedgerData.load`: the orgs the
actor may record for, memberships and leadership posts, stored activities, attendance, plans and
pairs of the university), so validating a row never queries. Writes are ORM bulk statements, with
one audit row per created or updated record (CONVENTIONS B5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.core.roles import Capability, role_can
from liuhao.ledger.imports.columns import ACTIVITY_SPEC, ATTENDANCE_SPEC, PAIR_SPEC, PLAN_SPEC
from liuhao.ledger.models import Activity, Attendance, ContactPair, PlanDocument
from liuhao.ledger.selectors import MEMBER_STAGES
from liuhao.orgs.choices import LEADERSHIP_KINDS, OrgKind
from liuhao.orgs.imports.context import ImportContext, OrgRef, PersonRef
from liuhao.orgs.imports.reader import Header
from liuhao.orgs.imports.sheets.base import UNKNOWN_ORG, SheetHandler, plain
from liuhao.orgs.models import Membership, Position
from liuhao.orgs.selectors.scope import scope_for

ActivityKey = tuple[str, dt.date, str, str]  # org code, date, kind, topic
FUTURE = "活动日期不能晚于今天：台账只登记已经开展的活动"


def _open_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or end >= day)


@dataclass(slots=True)
class ActivityRef:
    """An activity known to this import: stored (pk) or new in the 活动 sheet (obj saved on write)."""

    org: OrgRef
    key: ActivityKey
    pk: int | None = None
    obj: Activity | None = None
    broken: bool = False

    @property
    def id(self) -> int | None:
        return self.obj.pk if self.obj is not None else self.pk

    @property
    def held_on(self) -> dt.date:
        return self.key[1]

    def target(self) -> Activity:
        """The activity as an audit target (the unsaved-in-this-import instance, or a stand-in)."""
        if self.obj is not None:
            return self.obj
        _code, held_on, kind, topic = self.key
        return Activity(
            pk=self.pk, org_id=self.org.pk or 0, held_on=held_on, kind=kind, topic=topic
        )


@dataclass(slots=True)
class LedgerData:
    """What the ledger sheets check rows against, loaded with one query per table."""

    ctx: ImportContext
    system: bool
    today: dt.date
    recordable: set[str] = field(default_factory=set)
    memberships: dict[int, list[tuple[str, dt.date | None]]] = field(default_factory=dict)
    leaders: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = field(
        default_factory=dict
    )
    activities: dict[ActivityKey, ActivityRef] = field(default_factory=dict)

    def load(self) -> None:
        ctx = self.ctx
        scope = scope_for(ctx.actor)
        grants = [g for g in scope.grants if role_can(g.role, Capability.RECORD_LEDGER)]
        for code, ref in ctx.orgs.items():
            if self.system or any(g.covers(ref.path) for g in grants):
                self.recordable.add(code)
        university_id = ctx.university.pk
        members: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
        for person_id, path, ended_on in Membership.objects.filter(
            university_id=university_id, stage__in=MEMBER_STAGES
        ).values_list("person_id", "org__path", "ended_on"):
            members[person_id].append((path, ended_on))
        self.memberships = dict(members)
        leaders: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for person_id, org_id, started_on, ended_on in Position.objects.filter(
            university_id=university_id, kind__in=LEADERSHIP_KINDS
        ).values_list("person_id", "org_id", "started_on", "ended_on"):
            leaders[(person_id, org_id)].append((started_on, ended_on))
        self.leaders = dict(leaders)
        code_of: dict[int, str] = ctx.org_code_by_id
        for pk, org_id, held_on, kind, topic in (
            Activity.objects.filter(university_id=university_id)
            .order_by("pk")
            .values_list("pk", "org_id", "held_on", "kind", "topic")
        ):
            org_code = code_of.get(org_id)
            if org_code:
                key = (org_code, held_on, kind, topic)
                self.activities.setdefault(key, ActivityRef(ctx.orgs[org_code], key, pk))

    def org(self, handler: SheetHandler, row: int, code: str) -> OrgRef | None:
        """The org of a row if the actor may record for it; else an error (never a scope leak)."""
        ref = self.ctx.orgs.get(code)
        if ref is None or code not in self.recordable:
            handler.error(row, "org_code", UNKNOWN_ORG.format(code=code))
            return None
        return ref

    def is_leader(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        if person_id is None or org.pk is None:
            return False
        spans = self.leaders.get((person_id, org.pk), [])
        return any(_open_on(start, end, day) for start, end in spans)

    def is_member(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        """A full or probationary member of the org's subtree on `day` (a Party group reads its
        branch), as ledger.selectors.member_person_ids."""
        if person_id is None:
            return False
        base = org
        if org.kind == OrgKind.GROUP and org.parent_code in self.ctx.orgs:
            base = self.ctx.orgs[org.parent_code]
        return any(
            path.startswith(base.path) and (ended is None or ended >= day)
            for path, ended in self.memberships.get(person_id, [])
        )

    def entered_by_id(self) -> int | None:
        actor = self.ctx.actor
        return actor.pk if getattr(actor, "is_authenticated", False) else None


class LedgerSheet(SheetHandler):
    """A ledger sheet: the roster import's row loop with the ledger's preloaded data."""

    def __init__(self, ctx: ImportContext, header: Header, data: LedgerData):
        super().__init__(ctx, header)
        self.data = data

    def person(self, row: int, field_name: str, number: str) -> PersonRef | None:
        ref = self.ctx.persons.get(number)
        if ref is None:
            self.error(row, field_name, f"工号/学号“{number}”不存在：本校人员中没有该号码")
            return None
        return ref

    def model_clean(self, row: int, instance: models.Model) -> bool:
        return self.clean(row, instance)

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        code = values.get("org_code")
        if code and code not in self.data.recordable:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=code))


# ---- 活动 -------------------------------------------------------------------------------------


class ActivitySheet(LedgerSheet):
    """Activities keyed by (org code, date, kind, topic); re-import updates place and summary."""

    spec = ACTIVITY_SPEC
    VALUES = ("place", "summary")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.compared = [f for f in self.VALUES if f in self.present]
        self.stored: dict[int, tuple[Any, ...]] = {}
        self.planned: list[
            tuple[ActivityRef, dict[str, Any] | None, list[str], dict[str, Any]]
        ] = []

    def prepare(self) -> None:
        if self.compared:
            self.stored = {
                row[0]: row[1:]
                for row in Activity.objects.filter(university_id=self.ctx.university.pk)
                .order_by()
                .values_list("pk", *self.VALUES)
            }

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        super().handle_broken(row, values)
        if all(values.get(k) for k in ("org_code", "held_on", "kind", "topic")):
            key = (values["org_code"], values["held_on"], values["kind"], values["topic"])
            org = self.ctx.orgs.get(values["org_code"])
            if key not in self.data.activities and org is not None:
                self.data.activities[key] = ActivityRef(org, key, broken=True)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        key: ActivityKey = (code, values["held_on"], values["kind"], values["topic"])
        if self.duplicate(row, key, "topic", "同一活动（组织代码、活动日期、活动类型、主题）"):
            return
        org = self.data.org(self, row, code)
        if org is None:
            return
        ref = self.data.activities.get(key)
        if values["held_on"] > self.data.today:
            self.error(row, "held_on", FUTURE)
            self.data.activities.setdefault(key, ActivityRef(org, key, broken=True))
            return
        if ref is None or ref.pk is None:
            if not org.active:
                self.error(row, "org_code", f"“{org.name}”已撤销，不能登记新的活动")
                return
            merged = {"place": "", "summary": "", **{f: values[f] for f in self.compared}}
            activity = Activity(
                org_id=org.pk or 0,
                university_id=self.ctx.university.pk,
                kind=values["kind"],
                held_on=values["held_on"],
                topic=values["topic"],
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
                **merged,
            )
            if not self.clean(row, activity):
                return
            ref = ActivityRef(org, key, obj=activity)
            self.data.activities[key] = ref
            self.summary.created += 1
            self.planned.append((ref, None, self.compared, values))
            return
        before = dict(zip(self.VALUES, self.stored.get(ref.pk, ("", "")), strict=True))
        changed = [f for f in self.compared if values[f] != before[f]]
        if not changed:
            self.summary.unchanged += 1
            return
        self.summary.updated += 1
        self.planned.append((ref, before, changed, {**before, **{f: values[f] for f in changed}}))

    def write(self) -> None:
        creates = [ref.obj for ref, before, _c, _v in self.planned if before is None]
        Activity.objects.bulk_create([a for a in creates if a is not None])
        updates: list[Activity] = []
        for ref, before, changed, values in self.planned:
            if before is None:
                assert ref.obj is not None
                changes = {
                    f: plain(getattr(ref.obj, f))
                    for f in ("kind", "held_on", "topic", "place", "summary")
                }
                self.ctx.audit("create", ref.obj, ref.org, changes)
            else:
                activity = ref.target()
                activity.place, activity.summary = values["place"], values["summary"]
                updates.append(activity)
                diff = {f: [before[f], values[f]] for f in changed}
                self.ctx.audit("update", activity, ref.org, diff)
        if updates:
            Activity.objects.bulk_update(updates, list(self.compared))


# ---- 出勤 -------------------------------------------------------------------------------------


class AttendanceSheet(LedgerSheet):
    """Attendance keyed by (activity, person); re-import updates the status."""

    spec = ATTENDANCE_SPEC

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: dict[tuple[int, int], tuple[int, str]] = {}
        self.planned: list[tuple[ActivityRef, PersonRef, str, tuple[int, str] | None]] = []

    def prepare(self) -> None:
        for pk, activity_id, person_id, status in Attendance.objects.filter(
            activity__university_id=self.ctx.university.pk
        ).values_list("pk", "activity_id", "person_id", "status"):
            self.stored[(activity_id, person_id)] = (pk, status)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        akey: ActivityKey = (code, values["held_on"], values["kind"], values["topic"])
        number = values["person_number"]
        if self.duplicate(row, (*akey, number), "person_number", f"同一活动中的工号/学号 {number}"):
            return
        if code not in self.data.recordable:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=code))
            return
        ref = self.data.activities.get(akey)
        if ref is None:
            self.error(
                row,
                "topic",
                "找不到该活动：系统和本文件“活动”表中都没有（组织代码、活动日期、活动类型、主题）"
                "相同的活动",
            )
            return
        person = self.person(row, "person_number", number)
        if person is None or ref.broken:
            return
        name = values.get("person_name", "")
        if name and name != person.name:
            self.error(
                row, "person_name", f"姓名“{name}”与工号/学号 {number} 的人员“{person.name}”不一致"
            )
            return
        if not (
            self.data.is_member(person.pk, ref.org, ref.held_on)
            or self.data.is_leader(person.pk, ref.org, ref.held_on)
        ):
            self.error(
                row,
                "person_number",
                f"“{person.name}”在{ref.held_on:%Y-%m-%d}不是“{ref.org.name}”的党员或班子成员",
            )
            return
        stored = self.stored.get((ref.pk, person.pk or 0)) if ref.pk is not None else None
        status = values["status"]
        if stored is not None and stored[1] == status:
            self.summary.unchanged += 1
            return
        if stored is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((ref, person, status, stored))

    def write(self) -> None:
        creates: list[Attendance] = []
        updates: list[Attendance] = []
        changes: dict[int, dict[str, list[str | None]]] = defaultdict(dict)
        refs: dict[int, ActivityRef] = {}
        for ref, person, status, stored in self.planned:
            activity_id = ref.id
            assert activity_id is not None and person.pk is not None
            refs[activity_id] = ref
            if stored is None:
                creates.append(
                    Attendance(activity_id=activity_id, person_id=person.pk, status=status)
                )
                changes[activity_id][str(person.pk)] = [None, status]
            else:
                updates.append(Attendance(pk=stored[0], status=status))
                changes[activity_id][str(person.pk)] = [stored[1], status]
        Attendance.objects.bulk_create(creates)
        Attendance.objects.bulk_update(updates, ["status"])
        for activity_id, diff in changes.items():
            ref = refs[activity_id]
            self.ctx.audit("update", ref.target(), ref.org, {"attendance": diff})


# ---- 规划 -------------------------------------------------------------------------------------


class PlanSheet(LedgerSheet):
    """Plans keyed by (org code, kind, title, valid from); re-import updates the validity end and
    the approval date."""

    spec = PLAN_SPEC
    VALUES = ("valid_until", "approved_on")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.compared = [f for f in self.VALUES if f in self.present]
        self.stored: dict[tuple[int, str, str, dt.date], tuple[Any, ...]] = {}
        self.planned: list[tuple[PlanDocument, OrgRef, dict[str, Any] | None, list[str]]] = []

    def prepare(self) -> None:
        for row in (
            PlanDocument.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", "kind", "title", "valid_from", *self.VALUES)
        ):
            self.stored.setdefault((row[1], row[2], row[3], row[4]), row)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        key = (code, values["kind"], values["title"], values["valid_from"])
        if self.duplicate(row, key, "title", "同一文件（组织代码、文件类型、标题、生效日期）"):
            return
        org = self.data.org(self, row, code)
        if org is None:
            return
        stored = self.stored.get(
            (org.pk or 0, values["kind"], values["title"], values["valid_from"])
        )
        common = {
            "org_id": org.pk,
            "university_id": self.ctx.university.pk,
            "kind": values["kind"],
            "title": values["title"],
            "valid_from": values["valid_from"],
        }
        if stored is None:
            merged = {"valid_until": None, "approved_on": None}
            merged.update({f: values[f] for f in self.compared})
            plan = PlanDocument(
                **common,
                **merged,
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before = None
            changed = list(self.VALUES)
        else:
            before = dict(zip(self.VALUES, stored[5:], strict=True))
            merged = {**before, **{f: values[f] for f in self.compared}}
            changed = [f for f in self.compared if merged[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
            plan = PlanDocument(pk=stored[0], **common, **merged)
        if not self.clean(row, plan):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((plan, org, before, changed))

    def write(self) -> None:
        PlanDocument.objects.bulk_create(
            [p for p, _o, before, _c in self.planned if before is None]
        )
        updates = [p for p, _o, before, _c in self.planned if before is not None]
        if updates:
            PlanDocument.objects.bulk_update(updates, list(self.compared))
        for plan, org, before, changed in self.planned:
            if before is None:
                fields = ("kind", "title", "valid_from", *self.VALUES)
                self.ctx.audit("create", plan, org, {f: plain(getattr(plan, f)) for f in fields})
            else:
                diff = {f: [plain(before[f]), plain(getattr(plan, f))] for f in changed}
                self.ctx.audit("update", plan, org, diff)


# ---- 结对 -------------------------------------------------------------------------------------


class PairSheet(LedgerSheet):
    """Contact pairs keyed by (org code, leader, target, start); re-import updates end and note."""

    spec = PAIR_SPEC
    VALUES = ("ended_on", "note")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.compared = [f for f in self.VALUES if f in self.present]
        self.stored: dict[tuple[int, int, int, dt.date], tuple[Any, ...]] = {}
        self.planned: list[tuple[ContactPair, OrgRef, dict[str, Any] | None, list[str]]] = []

    def prepare(self) -> None:
        for row in (
            ContactPair.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", "leader_id", "target_id", "started_on", *self.VALUES)
        ):
            self.stored.setdefault((row[1], row[2], row[3], row[4]), row)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        leader_no, target_no = values["leader_number"], values["target_number"]
        key = (code, leader_no, target_no, values["started_on"])
        if self.duplicate(
            row, key, "leader_number", "同一结对（组织、班子成员、服务对象、开始日期）"
        ):
            return
        org = self.data.org(self, row, code)
        leader = self.person(row, "leader_number", leader_no)
        target = self.person(row, "target_number", target_no)
        if org is None or leader is None or target is None:
            return
        started_on = values["started_on"]
        if not self.data.is_leader(leader.pk, org, started_on):
            self.error(
                row,
                "leader_number",
                f"“{leader.name}”在{started_on:%Y-%m-%d}不是“{org.name}”的领导班子成员",
            )
            return
        assert org.pk is not None and leader.pk is not None and target.pk is not None
        stored = self.stored.get((org.pk, leader.pk, target.pk, started_on))
        common = {
            "org_id": org.pk,
            "university_id": self.ctx.university.pk,
            "leader_id": leader.pk,
            "target_id": target.pk,
            "started_on": started_on,
        }
        if stored is None:
            merged: dict[str, Any] = {"ended_on": None, "note": ""}
            merged.update({f: values[f] for f in self.compared})
            pair = ContactPair(
                **common,
                **merged,
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before = None
            changed = list(self.VALUES)
        else:
            before = dict(zip(self.VALUES, stored[5:], strict=True))
            merged = {**before, **{f: values[f] for f in self.compared}}
            changed = [f for f in self.compared if merged[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
            pair = ContactPair(pk=stored[0], **common, **merged)
        try:
            pair.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = {"target": "target_number", "leader": "leader_number"}.get(name, name)
                self.error(row, column, "；".join(str(m) for m in messages))
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((pair, org, before, changed))

    def write(self) -> None:
        ContactPair.objects.bulk_create([p for p, _o, before, _c in self.planned if before is None])
        updates = [p for p, _o, before, _c in self.planned if before is not None]
        if updates:
            ContactPair.objects.bulk_update(updates, list(self.compared))
        for pair, org, before, changed in self.planned:
            if before is None:
                changes = {
                    "leader": pair.leader_id,
                    "target": pair.target_id,
                    "started_on": plain(pair.started_on),
                    "ended_on": plain(pair.ended_on),
                    "note": pair.note,
                }
                self.ctx.audit("create", pair, org, changes)
            else:
                diff = {f: [plain(before[f]), plain(getattr(pair, f))] for f in changed}
                self.ctx.audit("update", pair, org, diff)


HANDLERS: dict[str, type[LedgerSheet]] = {
    ACTIVITY_SPEC.name: ActivitySheet,
    ATTENDANCE_SPEC.name: AttendanceSheet,
    PLAN_SPEC.name: PlanSheet,
    PAIR_SPEC.name: PairSheet,
}

__all__ = ["HANDLERS", "LedgerData", "LedgerSheet"]
