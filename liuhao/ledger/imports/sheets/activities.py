"""The 活动, 出勤 and 决议 sheets: activities keyed by (org code, date, kind, topic), attendance keyed
by (activity, person) and decisions keyed by (activity, text).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from liuhao.ledger.choices import DECISION_KINDS
from liuhao.ledger.imports.columns import ACTIVITY_SPEC, ATTENDANCE_SPEC, DECISION_SPEC
from liuhao.ledger.imports.sheets.base import FUTURE, ActivityKey, ActivityRef, LedgerSheet
from liuhao.ledger.models import Activity, Attendance, Decision
from liuhao.orgs.imports.context import PersonRef
from liuhao.orgs.imports.sheets.base import UNKNOWN_ORG, plain

# ---- 活动 -------------------------------------------------------------------------------------


class ActivitySheet(LedgerSheet):
    """Activities keyed by (org code, date, kind, topic); re-import updates place, summary, the
    culture tag (C15.1) and the decision-meeting mark (C02.3)."""

    spec = ACTIVITY_SPEC
    VALUES = ("place", "summary", "culture_tag", "is_decision_meeting")

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
            merged = {
                "place": "",
                "summary": "",
                "culture_tag": "",
                "is_decision_meeting": False,
                **{f: values[f] for f in self.compared},
            }
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
            ref = ActivityRef(org, key, obj=activity, decision_meeting=activity.is_decision_meeting)
            self.data.activities[key] = ref
            self.summary.created += 1
            self.planned.append((ref, None, self.compared, values))
            return
        before = dict(zip(self.VALUES, self.stored.get(ref.pk, ("", "", "", False)), strict=True))
        changed = [f for f in self.compared if values[f] != before[f]]
        if not changed:
            self.summary.unchanged += 1
            return
        if "is_decision_meeting" in changed and not self._decision_mark_ok(row, ref, values):
            return
        self.summary.updated += 1
        self.planned.append((ref, before, changed, {**before, **{f: values[f] for f in changed}}))

    def _decision_mark_ok(self, row: int, ref: ActivityRef, values: dict[str, Any]) -> bool:
        """Marking needs a committee or general meeting; unmarking needs no stored decision."""
        if values["is_decision_meeting"]:
            if values["kind"] not in DECISION_KINDS:
                self.error(
                    row, "is_decision_meeting", "只有支委会/党委会或党员大会可以标记为决策会议"
                )
                return False
        elif ref.pk in self.data.decided:
            self.error(row, "is_decision_meeting", "该会议已登记决议，不能取消“决策会议”标记")
            return False
        ref.decision_meeting = values["is_decision_meeting"]
        return True

    def write(self) -> None:
        creates = [ref.obj for ref, before, _c, _v in self.planned if before is None]
        Activity.objects.bulk_create([a for a in creates if a is not None])
        updates: list[Activity] = []
        for ref, before, changed, values in self.planned:
            if before is None:
                assert ref.obj is not None
                changes = {
                    f: plain(getattr(ref.obj, f))
                    for f in (
                        "kind",
                        "held_on",
                        "topic",
                        "place",
                        "summary",
                        "culture_tag",
                        "is_decision_meeting",
                    )
                }
                self.ctx.audit("create", ref.obj, ref.org, changes)
            else:
                activity = ref.target()
                activity.place, activity.summary = values["place"], values["summary"]
                activity.culture_tag = values["culture_tag"]
                activity.is_decision_meeting = values["is_decision_meeting"]
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


# ---- 决议 -------------------------------------------------------------------------------------


class DecisionSheet(LedgerSheet):
    """Decisions keyed by (activity, text); re-import updates those entitled and present (C02.3)."""

    spec = DECISION_SPEC

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: dict[tuple[int, str], tuple[int, int, int]] = {}
        self.planned: list[tuple[ActivityRef, Decision, tuple[int, int, int] | None]] = []

    def prepare(self) -> None:
        for pk, activity_id, text, entitled, present in Decision.objects.filter(
            activity__university_id=self.ctx.university.pk
        ).values_list("pk", "activity_id", "text", "members_entitled", "members_present"):
            self.stored.setdefault((activity_id, text), (pk, entitled, present))

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        akey: ActivityKey = (code, values["held_on"], values["kind"], values["topic"])
        text = values["text"]
        if self.duplicate(row, (*akey, text), "text", "同一会议的同一决议内容"):
            return
        if code not in self.data.recordable:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=code))
            return
        ref = self.data.activities.get(akey)
        if ref is None:
            self.error(
                row,
                "topic",
                "找不到该会议：系统和本文件“活动”表中都没有（组织代码、活动日期、活动类型、主题）"
                "相同的活动",
            )
            return
        if ref.broken:
            return
        if not ref.decision_meeting:
            self.error(
                row,
                "topic",
                "该活动不是决策会议：只有标记为“决策会议”的支委会/党委会或党员大会可以登记决议"
                "（可在“活动”表的“决策会议”列填“是”）",
            )
            return
        decision = Decision(
            text=text,
            members_entitled=values["members_entitled"],
            members_present=values["members_present"],
        )
        if not self.clean(row, decision):
            return
        stored = self.stored.get((ref.pk, text)) if ref.pk is not None else None
        counts = (decision.members_entitled, decision.members_present)
        if stored is not None and stored[1:] == counts:
            self.summary.unchanged += 1
            return
        if stored is None:
            self.summary.created += 1
        else:
            decision.pk = stored[0]
            self.summary.updated += 1
        self.planned.append((ref, decision, stored))

    def write(self) -> None:
        for ref, decision, _stored in self.planned:
            activity_id = ref.id
            assert activity_id is not None
            decision.activity_id = activity_id
        Decision.objects.bulk_create([d for _r, d, stored in self.planned if stored is None])
        updates = [d for _r, d, stored in self.planned if stored is not None]
        if updates:
            Decision.objects.bulk_update(updates, ["members_entitled", "members_present"])
        for ref, decision, stored in self.planned:
            if stored is None:
                changes = {
                    "text": decision.text,
                    "members_entitled": decision.members_entitled,
                    "members_present": decision.members_present,
                    "activity": decision.activity_id,
                }
                self.ctx.audit("create", decision, ref.org, changes)
            else:
                diff = {
                    name: [old, new]
                    for name, old, new in (
                        ("members_entitled", stored[1], decision.members_entitled),
                        ("members_present", stored[2], decision.members_present),
                    )
                    if old != new
                }
                self.ctx.audit("update", decision, ref.org, {**diff, "activity": ref.id})
