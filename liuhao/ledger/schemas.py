"""Schemas of the ledger API (CONVENTIONS B6/B7): <Entity>In / Patch / Out / Filter, explicit fields.

Request bodies forbid unknown fields and strip strings (orgs.schemas.common.InSchema); list filters
treat an empty parameter as no filter. Org and person references are ids, resolved in the actor's
scope by the endpoints.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, ModelSchema
from pydantic import field_validator

from liuhao.ledger.choices import (
    ActivityKind,
    AttendanceStatus,
    CultureTag,
    DisclosureScope,
    PlanKind,
    ServiceKind,
)
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.orgs.schemas.common import Id, InSchema, ListFilter, NoControl, PatchSchema, not_null

Topic = Annotated[str, Field(min_length=1, max_length=200), NoControl]
Place = Annotated[str, Field(max_length=100), NoControl]
Summary = Annotated[str, Field(max_length=5000)]
Note = Annotated[str, Field(max_length=200), NoControl]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Count = Annotated[int, Field(ge=0, le=32767)]


class AttendanceOut(ModelSchema):
    status: AttendanceStatus
    person_name: str

    class Meta:
        model = Attendance
        fields = ["person", "status"]

    @staticmethod
    def resolve_person_name(obj: Attendance) -> str:
        return obj.person.name


class DecisionOut(ModelSchema):
    has_quorum: bool = Field(description="是否达到法定人数（应到人数过半）")

    class Meta:
        model = Decision
        fields = ["id", "text", "members_entitled", "members_present"]


class ActivityOut(ModelSchema):
    """An activity with its attendance and decisions."""

    kind: ActivityKind
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]

    class Meta:
        model = Activity
        fields = [
            "id",
            "org",
            "kind",
            "held_on",
            "topic",
            "place",
            "summary",
            "culture_tag",
            "is_decision_meeting",
            "entered_at",
        ]

    @staticmethod
    def resolve_attendance(obj: Activity) -> list[Attendance]:
        return list(obj.attendance.all())

    @staticmethod
    def resolve_decisions(obj: Activity) -> list[Decision]:
        return list(obj.decisions.all())


class ActivityFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    subtree: bool = Field(False, description="与 org 同用：包含其全部下级组织")
    kind: ActivityKind | None = Field(None, description="活动类型")
    start: dt.date | None = Field(None, description="活动日期不早于")
    end: dt.date | None = Field(None, description="活动日期不晚于")


class AttendanceIn(InSchema):
    person: Id = Field(description="人员编号（须是该组织在活动当天的党员或班子成员）")
    status: AttendanceStatus = Field(description="出勤情况")


class DecisionIn(InSchema):
    text: Text = Field(description="决议内容")
    members_entitled: Count | None = Field(None, description="应到人数（不填则自动计算）")
    members_present: Count | None = Field(None, description="实到人数（不填则按出勤计算）")


class DecisionPatch(PatchSchema):
    """Correct a decision; fields left out stay (实到人数不能多于应到人数)."""

    text: Text | None = None
    members_entitled: Annotated[int, Field(ge=1, le=32767)] | None = None
    members_present: Count | None = None

    check_required = field_validator("text", "members_entitled", "members_present")(not_null)


class DecisionDetailOut(ModelSchema):
    """A decision with the meeting it belongs to."""

    has_quorum: bool = Field(description="是否达到法定人数（应到人数过半）")

    class Meta:
        model = Decision
        fields = ["id", "activity", "text", "members_entitled", "members_present"]


class _Attendance(InSchema):
    attendance: list[AttendanceIn] = Field(
        default_factory=list, description="逐人出勤（未列出的人保持不变）"
    )
    all_present: bool = Field(False, description="其余名单内人员全部记为出席")
    decisions: list[DecisionIn] = Field(
        default_factory=list, description="新增决议（须为决策会议）"
    )


class ActivityIn(_Attendance):
    """A new activity: only org, kind, held_on and topic are required (DESIGN §8)."""

    org: Id = Field(description="党组织编号")
    kind: ActivityKind
    held_on: dt.date = Field(description="活动日期（不能晚于今天）")
    topic: Topic
    place: Place = ""
    summary: Summary = ""
    culture_tag: CultureTag | None = Field(None, description="文化载体（仅校园文化活动）")
    is_decision_meeting: bool = False


class ActivityPatch(_Attendance, PatchSchema):
    kind: ActivityKind | None = None
    held_on: dt.date | None = None
    topic: Topic | None = None
    place: Place | None = None
    summary: Summary | None = None
    culture_tag: CultureTag | None = None
    is_decision_meeting: bool | None = None

    check_required = field_validator("kind", "held_on", "topic", "is_decision_meeting")(not_null)


class PlanOut(ModelSchema):
    kind: PlanKind

    class Meta:
        model = PlanDocument
        fields = [
            "id",
            "org",
            "kind",
            "title",
            "valid_from",
            "valid_until",
            "approved_on",
            "entered_at",
        ]


class PlanFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    kind: PlanKind | None = Field(None, description="文件类型")
    on: dt.date | None = Field(None, description="只列出该日有效的文件")


class PlanIn(InSchema):
    org: Id = Field(description="党组织编号")
    kind: PlanKind
    title: Topic
    valid_from: dt.date = Field(description="生效日期")
    valid_until: dt.date | None = Field(None, description="有效期至（不填为长期有效）")
    approved_on: dt.date | None = Field(None, description="审定日期")


class PlanPatch(PatchSchema):
    kind: PlanKind | None = None
    title: Topic | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    approved_on: dt.date | None = None

    check_required = field_validator("kind", "title", "valid_from")(not_null)


class ContactPairOut(ModelSchema):
    class Meta:
        model = ContactPair
        fields = ["id", "org", "leader", "target", "started_on", "ended_on", "note", "entered_at"]


class ContactPairFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    on: dt.date | None = Field(None, description="只列出该日仍在结对的")


class ContactPairIn(InSchema):
    org: Id = Field(description="党组织编号")
    leader: Id = Field(description="班子成员（人员编号）")
    target: Id = Field(description="服务对象（人员编号，本校师生）")
    started_on: dt.date
    ended_on: dt.date | None = None
    note: Note = ""


class ContactPairPatch(PatchSchema):
    """Correct a pair or end it (`ended_on`, not before it started); fields left out stay."""

    leader: Id | None = Field(None, description="班子成员（人员编号，开始日期当天须在班子中）")
    target: Id | None = Field(None, description="服务对象（人员编号，本校师生）")
    started_on: dt.date | None = None
    ended_on: dt.date | None = Field(None, description="结对结束日期（null 表示仍在结对）")
    note: Note | None = None

    check_required = field_validator("leader", "target", "started_on", "note")(not_null)


class ContactVisitOut(ModelSchema):
    class Meta:
        model = ContactVisit
        fields = [
            "id",
            "org",
            "leader",
            "visited_on",
            "target",
            "place",
            "topic",
            "findings",
            "entered_at",
        ]


class ContactVisitFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    start: dt.date | None = Field(None, description="走访日期不早于")
    end: dt.date | None = Field(None, description="走访日期不晚于")


class ContactVisitIn(InSchema):
    org: Id = Field(description="党组织编号")
    leader: Id = Field(description="班子成员（人员编号）")
    visited_on: dt.date = Field(description="走访日期（不能晚于今天）")
    topic: Topic
    target: Id | None = Field(None, description="走访对象（人员编号，选填）")
    place: Place = ""
    findings: Summary = ""


class ContactVisitPatch(PatchSchema):
    leader: Id | None = None
    visited_on: dt.date | None = None
    topic: Topic | None = None
    target: Id | None = None
    place: Place | None = None
    findings: Summary | None = None

    check_required = field_validator("leader", "visited_on", "topic")(not_null)


# ---- member service, tasks, disclosures (C06.3, C07.1, C07.2) ----------------------------------

Hours = Annotated[Decimal, Field(ge=0, le=24, max_digits=5, decimal_places=1)]
Steps = Annotated[str, Field(max_length=2000)]


class ServiceRecordOut(ModelSchema):
    kind: ServiceKind

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "org",
            "person",
            "served_on",
            "kind",
            "hours",
            "description",
            "entered_at",
        ]


class ServiceRecordFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    start: dt.date | None = Field(None, description="服务日期不早于")
    end: dt.date | None = Field(None, description="服务日期不晚于")


class ServiceRecordIn(InSchema):
    """One service recorded for one or more members of the org (one row per member)."""

    org: Id = Field(description="党组织编号")
    persons: list[Id] = Field(min_length=1, max_length=500, description="党员（人员编号）")
    served_on: dt.date = Field(description="服务日期（不能晚于今天）")
    kind: ServiceKind
    hours: Hours = Field(description="时长（小时，0–24）")
    description: Note = ""


class ServiceRecordPatch(PatchSchema):
    served_on: dt.date | None = None
    kind: ServiceKind | None = None
    hours: Hours | None = None
    description: Note | None = None

    check_required = field_validator("served_on", "kind", "hours")(not_null)


class TaskOut(ModelSchema):
    on_time: bool = Field(description="是否按期完成")

    class Meta:
        model = Task
        fields = [
            "id",
            "org",
            "title",
            "owner",
            "steps",
            "assigned_on",
            "due_on",
            "completed_on",
            "completion_note",
            "entered_at",
        ]


class TaskFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    subtree: bool = Field(False, description="与 org 同用：包含其全部下级组织")
    overdue: bool = Field(False, description="只列出逾期（未完成或逾期完成）的任务")
    start: dt.date | None = Field(None, description="完成时限不早于")
    end: dt.date | None = Field(None, description="完成时限不晚于")


class TaskIn(InSchema):
    org: Id = Field(description="党组织编号")
    title: Topic
    owner: Id = Field(description="责任人（人员编号，本校）")
    steps: Steps = Field("", description="办理程序，每行一个步骤")
    assigned_on: dt.date = Field(description="布置日期")
    due_on: dt.date = Field(description="完成时限")
    completed_on: dt.date | None = Field(None, description="完成日期")
    completion_note: Note = ""


class TaskPatch(PatchSchema):
    title: Topic | None = None
    owner: Id | None = None
    steps: Steps | None = None
    assigned_on: dt.date | None = None
    due_on: dt.date | None = None
    completed_on: dt.date | None = None
    completion_note: Note | None = None

    check_required = field_validator("title", "owner", "assigned_on", "due_on")(not_null)


class DisclosureOut(ModelSchema):
    scope: DisclosureScope

    class Meta:
        model = Disclosure
        fields = ["id", "org", "title", "published_on", "scope", "channel", "content", "entered_at"]


class DisclosureFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    start: dt.date | None = Field(None, description="公开日期不早于")
    end: dt.date | None = Field(None, description="公开日期不晚于")


class DisclosureIn(InSchema):
    org: Id = Field(description="党组织编号")
    title: Topic
    published_on: dt.date = Field(description="公开日期（不能晚于今天）")
    scope: DisclosureScope = DisclosureScope.PUBLIC
    channel: Annotated[str, Field(max_length=60), NoControl] = ""
    content: Summary = ""


class DisclosurePatch(PatchSchema):
    title: Topic | None = None
    published_on: dt.date | None = None
    scope: DisclosureScope | None = None
    channel: Annotated[str, Field(max_length=60), NoControl] | None = None
    content: Summary | None = None

    check_required = field_validator("title", "published_on", "scope")(not_null)
