"""Schemas of the achievements API (CONVENTIONS B6/B7): <Entity>In / Patch / Out / Filter. Bodies
forbid unknown fields; org and person references are ids resolved in the actor's scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, ModelSchema
from pydantic import field_validator

from liuhao.achievements.choices import AchievementCategory, OutputKind
from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ReviewRating,
    ServiceBrand,
)
from liuhao.orgs.schemas.common import (
    Id,
    InSchema,
    ListFilter,
    NoControl,
    PatchSchema,
    not_null,
)

Title = Annotated[str, Field(min_length=1, max_length=200), NoControl]
Name = Annotated[str, Field(min_length=1, max_length=100), NoControl]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Long = Annotated[str, Field(max_length=5000)]
Score = Annotated[
    int, Field(ge=0, le=32767, description="评议得分（范围见 achievement-rules.yaml，默认 0–100）")
]


class CommitmentOut(ModelSchema):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "org",
            "person",
            "committed_on",
            "content",
            "fulfilled_on",
            "fulfilment",
            "evaluated_on",
            "leader_score",
            "peer_score",
            "masses_score",
            "entered_at",
        ]


class CommitmentFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号（含下级）")
    year: str | None = Field(None, description="学年，如 2025-2026")


class CommitmentIn(InSchema):
    org: Id = Field(description="党组织编号（党员所在党支部或其上级）")
    person: Id = Field(description="党员（人员编号）")
    committed_on: dt.date = Field(description="承诺日期（不能晚于今天）")
    content: Text
    fulfilled_on: dt.date | None = None
    fulfilment: Long = ""
    evaluated_on: dt.date | None = None
    leader_score: Score | None = None
    peer_score: Score | None = None
    masses_score: Score | None = None


class CommitmentPatch(PatchSchema):
    committed_on: dt.date | None = None
    content: Text | None = None
    fulfilled_on: dt.date | None = None
    fulfilment: Long | None = None
    evaluated_on: dt.date | None = None
    leader_score: Score | None = None
    peer_score: Score | None = None
    masses_score: Score | None = None


class OrgFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号")


class AchievementOut(ModelSchema):
    category: AchievementCategory

    class Meta:
        model = Achievement
        fields = ["id", "org", "category", "title", "achieved_on", "description", "entered_at"]


class AchievementIn(InSchema):
    org: Id = Field(description="党组织编号")
    category: AchievementCategory = Field(description="成果类别")
    title: Title
    achieved_on: dt.date = Field(description="取得日期（不能晚于今天）")
    description: Long = ""


class AchievementPatch(PatchSchema):
    category: AchievementCategory | None = None
    title: Title | None = None
    achieved_on: dt.date | None = None
    description: Long | None = None


class OutputOut(ModelSchema):
    kind: OutputKind

    class Meta:
        model = Output
        fields = ["id", "org", "kind", "title", "published_on", "description", "entered_at"]


class OutputIn(InSchema):
    org: Id = Field(description="党组织编号")
    kind: OutputKind = Field(description="成果类型")
    title: Title
    published_on: dt.date = Field(description="形成日期（不能晚于今天）")
    description: Long = ""


class OutputPatch(PatchSchema):
    kind: OutputKind | None = None
    title: Title | None = None
    published_on: dt.date | None = None
    description: Long | None = None

    check_required = field_validator("kind", "title", "published_on", "description")(not_null)


class BrandEventOut(ModelSchema):
    class Meta:
        model = BrandEvent
        fields = ["id", "happened_on", "summary", "entered_at"]


class BrandOut(ModelSchema):
    class Meta:
        model = ServiceBrand
        fields = ["id", "org", "name", "founded_on", "description", "retired_on", "entered_at"]


class BrandIn(InSchema):
    org: Id = Field(description="党组织编号")
    name: Name
    founded_on: dt.date = Field(description="创立日期（不能晚于今天）")
    description: Long = ""
    retired_on: dt.date | None = None


class BrandPatch(PatchSchema):
    name: Name | None = None
    founded_on: dt.date | None = None
    description: Long | None = None
    retired_on: dt.date | None = Field(None, description="停用日期；null 表示仍在使用")

    check_required = field_validator("name", "founded_on", "description")(not_null)


class BrandEventIn(InSchema):
    happened_on: dt.date = Field(description="日期（不早于创立日期，不晚于今天）")
    summary: Title


class BrandEventPatch(PatchSchema):
    happened_on: dt.date | None = None
    summary: Title | None = None

    check_required = field_validator("happened_on", "summary")(not_null)


class RatingOut(ModelSchema):
    class Meta:
        model = ReviewRating
        fields = [
            "id",
            "org",
            "reviewer",
            "period_code",
            "checkpoint_code",
            "score",
            "comment",
            "rated_on",
        ]


class RatingIn(InSchema):
    org: Id = Field(description="党组织编号")
    period_code: Annotated[str, Field(min_length=4, max_length=16)] = Field(
        description="评审周期（学年，如 2025-2026）"
    )
    checkpoint_code: Annotated[str, Field(min_length=1, max_length=16)] = Field(
        description="需评审打分的考察点，如 C16.2、C17.2"
    )
    score: Decimal = Field(description="评分（0 到指标体系的评审满分）")
    comment: Long = ""
