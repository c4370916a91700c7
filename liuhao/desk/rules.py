"""The request desk's defaults, read and validated from data/desk-rules.yaml (never in code).

Criteria C07.3, C12, C18.2: categories, SLA targets per category and priority in working days, the
reminder and auto-close windows, requester attachments, the public form's rate limit and the rating
scale.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

RULES_FILE = Path(__file__).parent / "data" / "desk-rules.yaml"

Priority = Literal["normal", "urgent"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    code: str = Field(pattern=r"^[a-z_]{2,24}$")
    label: str = Field(min_length=1, max_length=20)
    hint: str = ""


class SlaPolicy(_Strict):
    category: str
    priority: Priority
    first_response: int = Field(ge=0, le=60)
    resolution: int = Field(ge=1, le=120)

    def matches(self, category: str, priority: str) -> bool:
        return self.priority == priority and self.category in ("*", category)


class AttachmentRules(_Strict):
    max_bytes: int = Field(ge=1024)
    max_files: int = Field(ge=0, le=10)
    types: tuple[str, ...]


class RateLimit(_Strict):
    submissions: int = Field(ge=1)
    window_minutes: int = Field(ge=1)


class RatingScale(_Strict):
    min: int = 1
    max: int = 5


class DeskRules(_Strict):
    version: int
    categories: tuple[Category, ...] = Field(min_length=1)
    sla: tuple[SlaPolicy, ...] = Field(min_length=1)
    near_breach_workdays: int = Field(ge=0)
    auto_close_workdays: int = Field(ge=1)
    reopen_workdays: int = Field(ge=0)
    attachments: AttachmentRules
    rate_limit: RateLimit
    rating: RatingScale

    @model_validator(mode="after")
    def _every_category_has_a_policy(self) -> DeskRules:
        codes = [c.code for c in self.categories]
        if len(set(codes)) != len(codes):
            raise ValueError("诉求类别编码重复")
        for policy in self.sla:
            if policy.category != "*" and policy.category not in codes:
                raise ValueError(f"时限规则引用了未知类别“{policy.category}”")
        for code in codes:
            for priority in ("normal", "urgent"):
                if not any(p.matches(code, priority) for p in self.sla):
                    raise ValueError(f"类别“{code}”缺少{priority}时限规则")
        return self

    def policy(self, category: str, priority: str) -> SlaPolicy:
        """The first SLA policy matching the category and priority."""
        return next(p for p in self.sla if p.matches(category, priority))

    def category_label(self, code: str) -> str:
        return next((c.label for c in self.categories if c.code == code), code)

    @property
    def category_choices(self) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.categories]


@cache
def desk_rules() -> DeskRules:
    return DeskRules.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
