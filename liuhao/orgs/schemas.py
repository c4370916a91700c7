"""ninja schemas of the orgs API: `<Entity>In/Patch/Out/Filter` (CONVENTIONS B6, B7).

Schemas only parse and shape data; they hold no business rules (those live in services). Output
schemas list their fields explicitly and never expose user ids, paths or password data. Input
schemas forbid unknown fields, strip whitespace and refuse control characters, so malformed input
answers 400 with the field named, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, ModelSchema, Schema
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, ConfigDict, field_validator, model_validator

from liuhao.core.pagination import paginate
from liuhao.orgs.choices import (
    BranchType,
    CommitteeDuty,
    Gender,
    MembershipEndReason,
    MembershipStage,
    OrgKind,
    PersonCategory,
    PositionKind,
)
from liuhao.orgs.models import Membership, Organization, Person, Position

MAX_ID = 2**53  # larger ids cannot exist; refusing them avoids integer overflow in the database
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


def _no_control_chars(value: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("不能包含控制字符")
    return value


NoControl = AfterValidator(_no_control_chars)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
OrgCode = Annotated[str, Field(min_length=1, max_length=32), NoControl]
OrgName = Annotated[str, Field(min_length=1, max_length=100), NoControl]
Reason = Annotated[str, Field(max_length=200), NoControl]
PersonNumber = Annotated[str, Field(min_length=1, max_length=32), NoControl]
PersonName = Annotated[str, Field(min_length=1, max_length=64), NoControl]
CongressName = Annotated[str, Field(max_length=64), NoControl]
SearchText = Annotated[str, Field(max_length=50), NoControl]


class InSchema(Schema):
    """Base of request bodies: unknown fields are refused, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PatchSchema(InSchema):
    """Base of PATCH bodies: only the fields sent are applied; required fields may be omitted, not nulled."""

    def changes(self) -> dict[str, Any]:
        """The fields the caller sent, as a dict (absent fields stay untouched)."""
        return self.model_dump(exclude_unset=True)


def _not_null(cls: Any, value: Any) -> Any:
    if value is None:
        raise ValueError("不能为空")
    return value


class ListFilter(FilterSchema):
    """Base of list filters: an empty query parameter (`?kind=`) means "no filter", not an error."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


# --------------------------------------------------------------------------------------------
# Pagination without COUNT(*)
# --------------------------------------------------------------------------------------------


class PageNumberNoCount(PaginationBase):
    """Page-number pagination that never counts the table (fast on 1.2M persons at province scale).

    It fetches one row more than the page to report `has_next`; there is no total. `page` is capped at
    10000 and `page_size` at 100.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始，最大 10000")
        page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数，1–100，默认 20")

    class Output(Schema):
        items: list[Any]
        page: int = Field(description="当前页码")
        page_size: int = Field(description="每页条数")
        has_next: bool = Field(description="是否还有下一页（不提供总数，以免统计大表）")
        has_previous: bool = Field(description="是否有上一页")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page = paginate(queryset, pagination.page, pagination.page_size)
        return {
            "items": page.items,
            "page": page.number,
            "page_size": page.per_page,
            "has_next": page.has_next,
            "has_previous": page.has_previous,
        }


# --------------------------------------------------------------------------------------------
# Organizations
# --------------------------------------------------------------------------------------------


class OrgOut(ModelSchema):
    """A Party organization. `parent` and `university` are org ids (a university points to itself)."""

    kind: OrgKind
    branch_type: BranchType | None = None

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "branch_type",
            "parent",
            "university",
            "depth",
            "unit_count",
            "established_on",
            "dissolved_on",
            "dissolve_reason",
        ]

    @staticmethod
    def resolve_branch_type(obj: Organization) -> str | None:
        return obj.branch_type or None


class OrgFilter(ListFilter):
    """Filters of the org list. `under` (an org code: its subtree) is applied by the view."""

    kind: OrgKind | None = Field(None, description="组织类别")
    branch_type: BranchType | None = Field(None, description="支部类型")
    parent: Id | None = Field(None, description="上级组织编号：只列其直接下级")
    q: SearchText | None = Field(
        None, description="按名称、全拼或首字母搜索（如 jsj 找到计算机学院）"
    )
    under: SearchText | None = Field(None, description="组织代码：只列该组织及其下级")
    include_dissolved: bool = Field(False, description="是否包含已撤销的组织")

    def custom_expression(self) -> Q:
        query = Q()
        if self.kind:
            query &= Q(kind=self.kind)
        if self.branch_type:
            query &= Q(branch_type=self.branch_type)
        if self.parent:
            query &= Q(parent_id=self.parent)
        if self.q:
            term = self.q.strip()
            lowered = term.lower().replace(" ", "")
            match = Q(name__icontains=term) | Q(code__iexact=term)
            if lowered.isascii():
                match |= Q(name_pinyin__contains=lowered) | Q(name_initials__contains=lowered)
            query &= match
        if not self.include_dissolved:
            query &= Q(dissolved_on__isnull=True)
        return query


class OrgIn(InSchema):
    """A new org under `parent` (id) or `parent_code`; a university committee has neither."""

    code: OrgCode = Field(description="组织代码（全省唯一，导入与对接时使用）")
    name: OrgName = Field(description="组织名称")
    kind: OrgKind = Field(description="组织类别")
    branch_type: BranchType | None = Field(None, description="支部类型（仅党支部填写）")
    parent: Id | None = Field(None, description="上级组织编号")
    parent_code: OrgCode | None = Field(None, description="上级组织代码（与 parent 二选一）")
    unit_count: int = Field(1, ge=1, le=32767, description="覆盖单位数（联合党支部）")
    established_on: dt.date | None = Field(None, description="成立日期")

    @model_validator(mode="after")
    def _one_parent(self) -> OrgIn:
        if self.parent and self.parent_code:
            raise ValueError("parent 与 parent_code 只能填写一个")
        return self


class OrgPatch(PatchSchema):
    """Editable org fields; code and kind are stable, the tree changes through move."""

    name: OrgName | None = None
    branch_type: BranchType | None = None
    unit_count: int | None = Field(None, ge=1, le=32767)
    established_on: dt.date | None = None

    check_required = field_validator("name", "branch_type", "unit_count")(_not_null)


class OrgMoveIn(InSchema):
    """The new parent, by id or by code."""

    parent: Id | None = Field(None, description="新上级组织编号")
    parent_code: OrgCode | None = Field(None, description="新上级组织代码")

    @model_validator(mode="after")
    def _exactly_one(self) -> OrgMoveIn:
        if bool(self.parent) == bool(self.parent_code):
            raise ValueError("请填写 parent 或 parent_code 之一")
        return self


class OrgDissolveIn(InSchema):
    on: dt.date = Field(description="撤销日期")
    reason: Reason = Field("", description="撤销原因")


class StructuralWarningOut(Schema):
    code: str
    message: str


class OrgStatsOut(Schema):
    """Counts over the subtree (open memberships); only full members count toward thresholds."""

    org: int
    as_of: dt.date
    by_stage: dict[str, int] = Field(description="按发展阶段统计")
    by_category: dict[str, int] = Field(description="党员（含预备党员）按人员类别统计")
    full_members: int = Field(description="正式党员数")
    all_members: int = Field(description="党员数（正式 + 预备）")
    sub_orgs_by_kind: dict[str, int] = Field(description="下级组织按类别统计")
    branches_by_type: dict[str, int] = Field(description="下级党支部按类型统计")
    warnings: list[StructuralWarningOut] = Field(description="组织设置提醒")


# --------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------


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
    )(_not_null)


# --------------------------------------------------------------------------------------------
# Memberships
# --------------------------------------------------------------------------------------------


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

    check_required = field_validator("org", "stage")(_not_null)


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------


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

    check_required = field_validator("kind", "started_on")(_not_null)


class LeadershipOut(Schema):
    """The leadership team (班子) of an org on `as_of`: secretary, deputies, committee members."""

    org: int
    as_of: dt.date
    members: list[PositionOut]
