"""Schemas of the service-front API (CONVENTIONS B6/B7): <Entity>In / Patch / Out, explicit fields.

Request bodies forbid unknown fields and strip strings; org, person and venue references are ids,
resolved in the actor's scope (orgs) or the org's university (persons) by the endpoints.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, ModelSchema

from liuhao.frontline.choices import (
    AffairKind,
    NewsKind,
    PostKind,
    ProposalKind,
    ProposalStatus,
    VenueKind,
)
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.orgs.schemas.common import Id, InSchema, ListFilter, NoControl, PatchSchema

Name = Annotated[str, Field(min_length=1, max_length=100), NoControl]
Title = Annotated[str, Field(min_length=1, max_length=200), NoControl]
Short = Annotated[str, Field(max_length=300), NoControl]
Long = Annotated[str, Field(max_length=5000)]
RECORD = ["id", "org", "entered_at"]


class RecordFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号（只列出该组织的记录）")


# ---- venues --------------------------------------------------------------------------------------


class VenueOut(ModelSchema):
    class Meta:
        model = Venue
        fields = [
            *RECORD,
            "kind",
            "name",
            "address",
            "is_fixed",
            "equipment",
            "opened_on",
            "closed_on",
        ]


class VenueIn(InSchema):
    org: Id = Field(description="党组织编号")
    kind: VenueKind = Field(description="场所类型：activity_room 党员活动室、studio 党代表工作室 …")
    name: Name
    address: Short = ""
    is_fixed: bool = True
    equipment: Short = ""
    opened_on: dt.date
    closed_on: dt.date | None = None


class VenuePatch(PatchSchema):
    kind: VenueKind | None = None
    name: Name | None = None
    address: Short | None = None
    is_fixed: bool | None = None
    equipment: Short | None = None
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None


# ---- receptions ----------------------------------------------------------------------------------


class ReceptionOut(ModelSchema):
    class Meta:
        model = Reception
        fields = [*RECORD, "representative", "venue", "held_on", "visitor_count", "issues"]


class ReceptionIn(InSchema):
    org: Id = Field(description="党组织编号")
    representative: Id = Field(description="党代表（人员编号）")
    held_on: dt.date = Field(description="接待日期；晚于今天为值班安排")
    venue: Id | None = Field(None, description="接待场所编号（本组织的场所）")
    visitor_count: int = Field(0, description="接待人数（不能为负数）")
    issues: Long = ""


class ReceptionPatch(PatchSchema):
    representative: Id | None = None
    held_on: dt.date | None = None
    venue: Id | None = None
    visitor_count: int | None = None
    issues: Long | None = None


# ---- proposals -----------------------------------------------------------------------------------


class ProposalOut(ModelSchema):
    class Meta:
        model = Proposal
        fields = [
            *RECORD,
            "representative",
            "kind",
            "title",
            "submitted_on",
            "status",
            "reply",
            "replied_on",
        ]


class ProposalIn(InSchema):
    org: Id = Field(description="党组织编号")
    representative: Id = Field(description="党代表（人员编号）")
    kind: ProposalKind
    title: Title
    submitted_on: dt.date
    status: ProposalStatus = ProposalStatus.SUBMITTED
    reply: Long = ""
    replied_on: dt.date | None = None


class ProposalPatch(PatchSchema):
    representative: Id | None = None
    kind: ProposalKind | None = None
    title: Title | None = None
    submitted_on: dt.date | None = None
    status: ProposalStatus | None = None
    reply: Long | None = None
    replied_on: dt.date | None = None


# ---- member affairs ------------------------------------------------------------------------------


class MemberAffairOut(ModelSchema):
    class Meta:
        model = MemberAffair
        fields = [*RECORD, "kind", "person", "received_on", "completed_on", "note"]


class MemberAffairIn(InSchema):
    org: Id = Field(description="党组织编号")
    kind: AffairKind
    person: Id = Field(description="办理对象（人员编号，本校）")
    received_on: dt.date
    completed_on: dt.date | None = None
    note: Short = ""


class MemberAffairPatch(PatchSchema):
    kind: AffairKind | None = None
    person: Id | None = None
    received_on: dt.date | None = None
    completed_on: dt.date | None = None
    note: Short | None = None


# ---- service items -------------------------------------------------------------------------------


class ServiceItemOut(ModelSchema):
    class Meta:
        model = ServiceItem
        fields = [
            *RECORD,
            "name",
            "process",
            "responsible",
            "time_limit_days",
            "published_on",
            "withdrawn_on",
        ]


class ServiceItemIn(InSchema):
    org: Id = Field(description="党组织编号")
    name: Name
    process: Annotated[str, Field(min_length=1, max_length=5000)]
    responsible: Id = Field(description="责任人（人员编号，本校）")
    time_limit_days: int = Field(description="办理时限（工作日，1–365）")
    published_on: dt.date
    withdrawn_on: dt.date | None = None


class ServiceItemPatch(PatchSchema):
    name: Name | None = None
    process: Long | None = None
    responsible: Id | None = None
    time_limit_days: int | None = None
    published_on: dt.date | None = None
    withdrawn_on: dt.date | None = None


# ---- vanguard posts ------------------------------------------------------------------------------


class VanguardPostOut(ModelSchema):
    members: list[int]

    class Meta:
        model = VanguardPost
        fields = [*RECORD, "kind", "name", "duties", "set_up_on", "ended_on"]

    @staticmethod
    def resolve_members(obj: VanguardPost) -> list[int]:
        return sorted(p.pk for p in obj.members.all())


class VanguardPostIn(InSchema):
    org: Id = Field(description="党组织编号")
    kind: PostKind
    name: Name
    duties: Short = ""
    set_up_on: dt.date
    ended_on: dt.date | None = None
    members: list[Id] = Field(min_length=1, description="党员（人员编号，本组织党员）")


class VanguardPostPatch(PatchSchema):
    kind: PostKind | None = None
    name: Name | None = None
    duties: Short | None = None
    set_up_on: dt.date | None = None
    ended_on: dt.date | None = None
    members: list[Id] | None = None


# ---- news ----------------------------------------------------------------------------------------


class NewsOut(ModelSchema):
    class Meta:
        model = News
        fields = [*RECORD, "kind", "title", "body", "url", "published_on"]


class NewsIn(InSchema):
    org: Id = Field(description="党组织编号")
    kind: NewsKind
    title: Title
    published_on: dt.date = Field(description="发布日期（不能晚于今天）")
    url: Annotated[str, Field(max_length=200)] = ""
    body: Long = ""


class NewsPatch(PatchSchema):
    kind: NewsKind | None = None
    title: Title | None = None
    published_on: dt.date | None = None
    url: Annotated[str, Field(max_length=200)] | None = None
    body: Long | None = None
