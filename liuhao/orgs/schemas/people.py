"""Schemas of persons, memberships, positions and the leadership team."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from ninja import Field, ModelSchema, Schema
from pydantic import field_validator, model_validator

from liuhao.orgs.choices import (
    CommitteeDuty,
    Gender,
    MembershipEndReason,
    MembershipStage,
    PersonCategory,
    PositionKind,
)
from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.schemas.common import (
    CongressName,
    Id,
    InSchema,
    ListFilter,
    PatchSchema,
    PersonName,
    PersonNumber,
    SearchText,
    not_null,
)


class PersonOut(ModelSchema):
    """A teacher, student, staff member or retiree. `university` and `unit` are org ids."""

    category: PersonCategory
    gender: Gender | None = None

    class Meta:
        model = Person
        fields = [
            "id",
            "university",
            "unit",
            "number",
            "name",
            "category",
            "gender",
            "birth_date",
            "young_teacher",
            "academic_leader",
            "returnee",
            "left_on",
        ]

    @staticmethod
    def resolve_gender(obj: Person) -> str | None:
        return obj.gender or None


class PersonFilter(ListFilter):
    university: Id | None = Field(None, description="所属高校编号")
    unit: Id | None = Field(None, description="所在单位（党组织）编号")
    category: PersonCategory | None = Field(None, description="人员类别")
    q: SearchText | None = Field(None, description="按姓名、工号/学号、拼音或首字母搜索")
    number: SearchText | None = Field(None, description="工号/学号（精确匹配）")

    def custom_expression(self) -> Q:
        query = Q()
        if self.university:
            query &= Q(university_id=self.university)
        if self.unit:
            query &= Q(unit_id=self.unit)
        if self.category:
            query &= Q(category=self.category)
        if self.number:
            query &= Q(number=self.number)
        if self.q:
            term = self.q.strip()
            match = Q(name__contains=term) | Q(number=term)
            if term.isascii():
                lowered = term.lower().replace(" ", "")
                match |= Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
            query &= match
        return query


class PersonIn(InSchema):
    """A new person. Give `unit` (its university is implied) or `university`, or both."""

    university: Id | None = Field(None, description="所属高校编号（填写 unit 时可省略）")
    unit: Id | None = Field(None, description="所在单位（党组织）编号")
    number: PersonNumber = Field(description="工号/学号")
    name: PersonName = Field(description="姓名")
    category: PersonCategory = Field(description="人员类别")
    gender: Gender | None = None
    birth_date: dt.date | None = None
    young_teacher: bool = False
    academic_leader: bool = False
    returnee: bool = False
    left_on: dt.date | None = None

    @model_validator(mode="after")
    def _where(self) -> PersonIn:
        if not self.university and not self.unit:
            raise ValueError("请填写 university 或 unit")
        return self


class PersonPatch(PatchSchema):
    unit: Id | None = None
    number: PersonNumber | None = None
    name: PersonName | None = None
    category: PersonCategory | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None
    young_teacher: bool | None = None
    academic_leader: bool | None = None
    returnee: bool | None = None
    left_on: dt.date | None = None

    check_required = field_validator(
        "number", "name", "category", "young_teacher", "academic_leader", "returnee"
    )(not_null)


class MembershipOut(ModelSchema):
    """A Party membership record (stage and the date of each stage) in one branch."""

    stage: MembershipStage
    person_name: str
    end_reason: MembershipEndReason | None = None

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "org",
            "stage",
            "applied_on",
            "activist_on",
            "candidate_on",
            "admitted_on",
            "full_on",
            "joined_org_on",
            "ended_on",
            "end_reason",
        ]

    @staticmethod
    def resolve_person_name(obj: Membership) -> str:
        return obj.person.name

    @staticmethod
    def resolve_end_reason(obj: Membership) -> str | None:
        return obj.end_reason or None


class MembershipFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")
    subtree: bool = Field(False, description="与 org 同用：包含其全部下级组织")
    stage: MembershipStage | None = Field(None, description="发展阶段")
    person: Id | None = Field(None, description="人员编号")
    include_ended: bool = Field(False, description="是否包含已转出/终止的记录")

    def custom_expression(self) -> Q:
        """`org` with `subtree` needs the org's path, so the view applies it; the rest is here."""
        query = Q()
        if self.org and not self.subtree:
            query &= Q(org_id=self.org)
        if self.stage:
            query &= Q(stage=self.stage)
        if self.person:
            query &= Q(person_id=self.person)
        if not self.include_ended:
            query &= Q(ended_on__isnull=True)
        return query


class _MembershipDates(InSchema):
    applied_on: dt.date | None = Field(None, description="递交入党申请日期")
    activist_on: dt.date | None = Field(None, description="确定积极分子日期")
    candidate_on: dt.date | None = Field(None, description="确定发展对象日期")
    admitted_on: dt.date | None = Field(None, description="接收预备党员日期")
    full_on: dt.date | None = Field(None, description="转为正式党员日期")
    joined_org_on: dt.date | None = Field(None, description="转入本组织日期")


class MembershipIn(_MembershipDates):
    """Open a membership record for `person` in branch `org` (one open record per person)."""

    person: Id = Field(description="人员编号")
    org: Id = Field(description="所在党支部编号")
    stage: MembershipStage = Field(description="发展阶段")


class MembershipPatch(_MembershipDates, PatchSchema):
    """Change stage or dates, transfer (`org`), or end the record (`ended_on` + `end_reason`)."""

    org: Id | None = None
    stage: MembershipStage | None = None
    ended_on: dt.date | None = None
    end_reason: MembershipEndReason | None = None

    check_required = field_validator("org", "stage")(not_null)


class PositionOut(ModelSchema):
    """A post held in an org for a period (secretary, committee member by duty, representative…)."""

    kind: PositionKind
    duty: CommitteeDuty | None = None
    person_name: str

    class Meta:
        model = Position
        fields = [
            "id",
            "person",
            "org",
            "kind",
            "duty",
            "started_on",
            "ended_on",
            "congress_name",
            "congress_term_start",
            "congress_term_end",
        ]

    @staticmethod
    def resolve_person_name(obj: Position) -> str:
        return obj.person.name

    @staticmethod
    def resolve_duty(obj: Position) -> str | None:
        return obj.duty or None


class PositionFilter(ListFilter):
    org: Id | None = Field(None, description="任职组织编号")
    kind: PositionKind | None = Field(None, description="职务")
    person: Id | None = Field(None, description="人员编号")
    active_on: dt.date | None = Field(None, description="只列该日在任的职务（YYYY-MM-DD）")

    def custom_expression(self) -> Q:
        query = Q()
        if self.org:
            query &= Q(org_id=self.org)
        if self.kind:
            query &= Q(kind=self.kind)
        if self.person:
            query &= Q(person_id=self.person)
        if self.active_on:
            query &= Q(started_on__lte=self.active_on) & (
                Q(ended_on__isnull=True) | Q(ended_on__gte=self.active_on)
            )
        return query


class _PositionTerms(InSchema):
    duty: CommitteeDuty | None = Field(None, description="委员分工（仅委员填写）")
    ended_on: dt.date | None = Field(None, description="任职结束日期")
    congress_name: CongressName | None = Field(None, description="党代会届次（仅党代表）")
    congress_term_start: dt.date | None = Field(None, description="党代会任期开始")
    congress_term_end: dt.date | None = Field(None, description="党代会任期结束")


class PositionIn(_PositionTerms):
    person: Id = Field(description="人员编号")
    org: Id = Field(description="任职组织编号")
    kind: PositionKind = Field(description="职务")
    started_on: dt.date = Field(description="任职开始日期")


class PositionPatch(_PositionTerms, PatchSchema):
    """Edit a post; the org cannot change (end the post and appoint anew)."""

    kind: PositionKind | None = None
    started_on: dt.date | None = None

    check_required = field_validator("kind", "started_on")(not_null)


class LeadershipOut(Schema):
    """The leadership team (班子) of an org on `as_of`: secretary, deputies, committee members."""

    org: int
    as_of: dt.date
    members: list[PositionOut]
