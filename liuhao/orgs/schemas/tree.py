"""Schemas of the org-tree endpoints: OrgOut/OrgFilter/OrgIn/OrgPatch, move, dissolve and stats."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from ninja import Field, ModelSchema, Schema
from pydantic import field_validator, model_validator

from liuhao.orgs.choices import BranchType, OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.schemas.common import (
    Id,
    InSchema,
    ListFilter,
    OrgCode,
    OrgName,
    PatchSchema,
    Reason,
    SearchText,
    not_null,
)


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

    check_required = field_validator("name", "branch_type", "unit_count")(not_null)


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
