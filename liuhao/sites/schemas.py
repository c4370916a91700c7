"""API schemas of the demonstration-site cycle (CONVENTIONS B7: fields listed explicitly)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from liuhao.orgs.schemas.common import Id


class CycleOut(Schema):
    id: int
    period_code: str
    title: str
    status: str
    eligible_levels: list[str]
    apply_deadline: dt.date
    recommend_deadline: dt.date
    review_deadline: dt.date
    decide_deadline: dt.date
    named_on: dt.date | None


class ApplicationOut(Schema):
    id: int
    cycle_id: int
    org_id: int
    org_name: str
    university_id: int
    status: str
    rank: int | None
    score: float
    verdict: str
    verdict_reason: str


class ApplicationIn(Schema):
    org_id: Id
    statement: Annotated[str, Field(max_length=2000)] = ""


class RecommendationIn(Schema):
    university_id: Id
    ranking: Annotated[list[Id], Field(max_length=200)]


class ScoresIn(Schema):
    scores: dict[Annotated[str, Field(max_length=12)], Annotated[str, Field(max_length=12)]]
    comment: Annotated[str, Field(max_length=2000)]


class SiteOut(Schema):
    id: int
    org_id: int
    org_name: str
    university_id: int
    cycle_id: int
    named_on: dt.date
    status: str
