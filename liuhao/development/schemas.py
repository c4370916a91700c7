"""Schemas of the development API: CaseIn / CasePatch / CaseOut / CaseFilter (explicit fields).

Persons (the applicant, contacts, introducers) are ids of persons of the branch's university."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, ModelSchema, Schema

from liuhao.development.models import DevelopmentCase
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.schemas.common import Id, InSchema, ListFilter, NoControl, PatchSchema

Count = Annotated[int, Field(ge=0, le=10000)]
Reason = Annotated[str, Field(max_length=200), NoControl]
Note = Annotated[str, Field(max_length=500)]


class ViolationOut(Schema):
    rule: str
    field: str
    text: str


class CaseOut(ModelSchema):
    """A case with its stage (derived from the dates) and its violations of the rule set."""

    stage: MembershipStage
    violations: list[ViolationOut] | None = Field(
        None, description="程序检查发现的问题（查看单个档案时计算，列表中为 null）"
    )

    class Meta:
        model = DevelopmentCase
        fields = [
            "id",
            "org",
            "person",
            "rule_set",
            "stage",
            "applied_on",
            "talk_on",
            "activist_on",
            "contact_1",
            "contact_2",
            "candidate_on",
            "introducer_1",
            "introducer_2",
            "training_days",
            "training_hours",
            "review_on",
            "review_passed",
            "notice_start",
            "notice_end",
            "prereview_on",
            "admitted_on",
            "vote_entitled",
            "vote_present",
            "vote_yes",
            "approved_on",
            "extension_months",
            "extension_reason",
            "extension_approved_on",
            "full_on",
            "full_vote_entitled",
            "full_vote_present",
            "full_vote_yes",
            "full_approved_on",
            "note",
            "entered_at",
        ]


class CaseFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号（含下级）")
    stage: MembershipStage | None = Field(None, description="发展阶段")


class _CaseBody(InSchema):
    talk_on: dt.date | None = None
    activist_on: dt.date | None = None
    contact_1: Id | None = Field(None, description="培养联系人一（人员编号，正式党员）")
    contact_2: Id | None = None
    candidate_on: dt.date | None = None
    introducer_1: Id | None = Field(None, description="入党介绍人一（人员编号，正式党员）")
    introducer_2: Id | None = None
    training_days: Count | None = None
    training_hours: Count | None = None
    review_on: dt.date | None = None
    review_passed: bool | None = None
    notice_start: dt.date | None = None
    notice_end: dt.date | None = None
    prereview_on: dt.date | None = None
    admitted_on: dt.date | None = None
    vote_entitled: Count | None = None
    vote_present: Count | None = None
    vote_yes: Count | None = None
    approved_on: dt.date | None = None
    extension_months: Count | None = None
    extension_reason: Reason = ""
    extension_approved_on: dt.date | None = None
    full_on: dt.date | None = None
    full_vote_entitled: Count | None = None
    full_vote_present: Count | None = None
    full_vote_yes: Count | None = None
    full_approved_on: dt.date | None = None
    note: Note = ""


class CaseIn(_CaseBody):
    org: Id = Field(description="党支部编号")
    person: Id = Field(description="发展对象（人员编号）")
    applied_on: dt.date


class CasePatch(PatchSchema, _CaseBody):
    """Record the next steps or correct a case: only the fields sent change."""

    applied_on: dt.date | None = None

    def changes(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)
