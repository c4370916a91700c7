"""Schemas of the governance API (CONVENTIONS B6/B7): <Entity>In / Out / Filter, explicit fields.

Request bodies forbid unknown fields and strip strings (orgs.schemas.common.InSchema); org and
person references are ids, resolved in the actor's scope by the endpoints. Range checks (amounts,
term lengths, ratings, the 1/3 cap) are the services' so every refusal names the field in Chinese.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, ModelSchema, Schema
from pydantic import field_validator

from liuhao.governance.choices import CareKind, CommendationKind, CommendationLevel, FundingSource
from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.orgs.schemas.common import Id, InSchema, ListFilter, NoControl, PatchSchema, not_null

Title = Annotated[str, Field(min_length=1, max_length=200), NoControl]
Note = Annotated[str, Field(max_length=200), NoControl]
Long = Annotated[str, Field(max_length=500)]
Label = Annotated[str, Field(min_length=1, max_length=16), NoControl]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class OrgFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")


class FundingOut(ModelSchema):
    class Meta:
        model = Funding
        fields = ["id", "org", "allocated_on", "amount", "source", "purpose", "entered_at"]


class FundingIn(InSchema):
    org: Id = Field(description="党组织编号")
    allocated_on: dt.date = Field(description="拨付日期")
    amount: Decimal = Field(description="金额（元），不能为负数", max_digits=12, decimal_places=2)
    source: FundingSource
    purpose: Note = ""


class ElectionOut(ModelSchema):
    term_ends_on: dt.date = Field(description="任期届满日期")
    ends_on: dt.date = Field(description="任期实际截止日期（含经批准的延期）")

    class Meta:
        model = Election
        fields = [
            "id",
            "org",
            "elected_on",
            "term_years",
            "members_elected",
            "extended_until",
            "extension_approved_on",
            "extension_approved_by",
            "note",
            "entered_at",
        ]


class ElectionIn(InSchema):
    org: Id = Field(description="党组织编号")
    elected_on: dt.date = Field(description="选举日期")
    term_years: int = Field(description="任期（年），须为规定的任期（党委5年，总支、支部3年）")
    members_elected: int | None = Field(None, ge=1, le=99)
    extended_until: dt.date | None = Field(None, description="经批准延期换届时：延期至")
    extension_approved_on: dt.date | None = Field(None, description="延期批准日期")
    extension_approved_by: Note = ""
    note: Note = ""


class ElectionExtend(InSchema):
    extended_until: dt.date = Field(description="延期至（最长12个月）")
    extension_approved_on: dt.date = Field(description="上级党组织批准日期")
    extension_approved_by: Note = ""


class CareOut(ModelSchema):
    class Meta:
        model = CareRecord
        fields = [
            "id",
            "org",
            "cared_on",
            "kind",
            "person",
            "amount",
            "from_care_fund",
            "summary",
            "entered_at",
        ]


class CareIn(InSchema):
    org: Id = Field(description="党组织编号")
    cared_on: dt.date = Field(description="帮扶日期")
    kind: CareKind
    person: Id | None = Field(None, description="帮扶对象（本组织党员）的人员编号")
    amount: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    from_care_fund: bool = False
    summary: Title


class CommendationOut(ModelSchema):
    class Meta:
        model = Commendation
        fields = [
            "id",
            "org",
            "awarded_on",
            "kind",
            "level",
            "title",
            "person",
            "summary",
            "entered_at",
        ]


class CommendationIn(InSchema):
    org: Id = Field(description="党组织编号")
    awarded_on: dt.date = Field(description="表彰日期")
    kind: CommendationKind
    level: CommendationLevel
    title: Title
    person: Id | None = Field(None, description="受表彰党员的人员编号")
    summary: Long = ""


class ReportOut(ModelSchema):
    class Meta:
        model = LeaderReport
        fields = [
            "id",
            "org",
            "reported_on",
            "reporter",
            "members_entitled",
            "raters",
            "ratings",
            "summary",
            "entered_at",
        ]


class ReportIn(InSchema):
    org: Id = Field(description="党组织编号")
    reported_on: dt.date = Field(description="述职日期")
    reporter: Id = Field(description="述职人（班子成员）的人员编号")
    members_entitled: Count
    raters: Count
    ratings: dict[Label, int] = Field(
        default_factory=dict, description='各评价等次的人数，如 {"好": 20, "较好": 3}'
    )
    summary: Long = ""


class GradeRow(Schema):
    id: int = Field(description="人员编号或下级党组织编号")
    value: str = Field(description="等次")


class EvaluationOut(ModelSchema):
    grades: list[GradeRow]

    class Meta:
        model = MemberEvaluation
        fields = [
            "id",
            "org",
            "year",
            "self_review_on",
            "peer_review_on",
            "rating_on",
            "decided_on",
            "note",
            "entered_at",
        ]

    @staticmethod
    def resolve_grades(obj: MemberEvaluation) -> list[GradeRow]:
        return [GradeRow(id=g.person_id, value=g.grade) for g in obj.grades.all()]


class EvaluationIn(InSchema):
    org: Id = Field(description="党支部编号")
    year: int = Field(ge=2000, le=2100)
    self_review_on: dt.date | None = None
    peer_review_on: dt.date | None = None
    rating_on: dt.date | None = None
    decided_on: dt.date = Field(description="组织评定日期")
    note: Note = ""
    grades: dict[int, Label] = Field(description="人员编号 → 等次（优秀≤1/3）")


class GradingOut(ModelSchema):
    bands: list[GradeRow]

    class Meta:
        model = OrgGrading
        fields = ["id", "org", "year", "graded_on", "note", "entered_at"]

    @staticmethod
    def resolve_bands(obj: OrgGrading) -> list[GradeRow]:
        return [GradeRow(id=g.sub_org_id, value=g.band) for g in obj.grades.all()]


class GradingIn(InSchema):
    org: Id = Field(description="开展定级的党组织编号")
    year: int = Field(ge=2000, le=2100)
    graded_on: dt.date = Field(description="定级日期")
    note: Note = ""
    bands: dict[int, Label] = Field(description="下级党组织编号 → 等次")


class SpiritOut(ModelSchema):
    class Meta:
        model = SpiritAnalysis
        fields = ["id", "org", "analyzed_on", "person", "summary", "entered_at"]


class SpiritIn(InSchema):
    org: Id = Field(description="党支部编号")
    analyzed_on: dt.date = Field(description="分析日期")
    person: Id = Field(description="党员的人员编号")
    summary: Long


# ---- PATCH bodies: only the fields sent change; required fields may be omitted, not nulled ------


class FundingPatch(PatchSchema):
    allocated_on: dt.date | None = None
    amount: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    source: FundingSource | None = None
    purpose: Note | None = None

    check_required = field_validator("allocated_on", "amount", "source", "purpose")(not_null)


class ElectionPatch(PatchSchema):
    elected_on: dt.date | None = None
    term_years: int | None = None
    members_elected: int | None = Field(None, ge=1, le=99)
    extended_until: dt.date | None = None
    extension_approved_on: dt.date | None = None
    extension_approved_by: Note | None = None
    note: Note | None = None

    check_required = field_validator("elected_on", "term_years", "extension_approved_by", "note")(
        not_null
    )


class CarePatch(PatchSchema):
    cared_on: dt.date | None = None
    kind: CareKind | None = None
    person: Id | None = Field(None, description="帮扶对象的人员编号；null 表示不指定")
    amount: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    from_care_fund: bool | None = None
    summary: Title | None = None

    check_required = field_validator("cared_on", "kind", "from_care_fund", "summary")(not_null)


class CommendationPatch(PatchSchema):
    awarded_on: dt.date | None = None
    kind: CommendationKind | None = None
    level: CommendationLevel | None = None
    title: Title | None = None
    person: Id | None = Field(None, description="受表彰党员的人员编号；null 表示不指定")
    summary: Long | None = None

    check_required = field_validator("awarded_on", "kind", "level", "title", "summary")(not_null)


class ReportPatch(PatchSchema):
    reported_on: dt.date | None = None
    reporter: Id | None = None
    members_entitled: Count | None = None
    raters: Count | None = None
    ratings: dict[Label, int] | None = None
    summary: Long | None = None

    check_required = field_validator(
        "reported_on", "reporter", "members_entitled", "raters", "ratings", "summary"
    )(not_null)


class EvaluationPatch(PatchSchema):
    year: int | None = Field(None, ge=2000, le=2100)
    self_review_on: dt.date | None = None
    peer_review_on: dt.date | None = None
    rating_on: dt.date | None = None
    decided_on: dt.date | None = None
    note: Note | None = None
    grades: dict[int, Label] | None = Field(None, description="人员编号 → 等次；省略则保留原等次")

    check_required = field_validator("year", "decided_on", "note", "grades")(not_null)


class GradingPatch(PatchSchema):
    year: int | None = Field(None, ge=2000, le=2100)
    graded_on: dt.date | None = None
    note: Note | None = None
    bands: dict[int, Label] | None = Field(None, description="下级党组织编号 → 等次；省略则保留")

    check_required = field_validator("year", "graded_on", "note", "bands")(not_null)


class SpiritPatch(PatchSchema):
    analyzed_on: dt.date | None = None
    person: Id | None = None
    summary: Long | None = None

    check_required = field_validator("analyzed_on", "person", "summary")(not_null)
