"""The surveys' defaults, read and validated from data/survey-rules.yaml (never in code).

Criteria C18.1, C01.2, C09.1–2: the Likert scale, the levels that count as satisfied (the package's
formula, default the top three), the minimum group size under which results are hidden, the minimum
response rate, the ballot box's batch size and the ready templates.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

RULES_FILE = Path(__file__).parent / "data" / "survey-rules.yaml"

AudienceCode = Literal["members", "teachers", "students", "everyone"]
KindCode = Literal["satisfaction", "leadership", "leader_report"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TemplateQuestion(_Strict):
    text: str = Field(min_length=1, max_length=200)
    kind: Literal["likert", "text"] = "likert"
    required: bool = True


class Template(_Strict):
    code: str = Field(pattern=r"^[a-z_]{2,24}$")
    kind: KindCode
    title: str = Field(min_length=1, max_length=100)
    audiences: tuple[AudienceCode, ...] = Field(min_length=1)
    questions: tuple[TemplateQuestion, ...] = Field(min_length=1)


class SurveyRules(_Strict):
    version: int
    likert: tuple[str, ...] = Field(min_length=2, max_length=10)
    satisfied: tuple[str, ...] = Field(min_length=1)
    min_group_size: int = Field(ge=1, le=100)
    min_response_rate: Decimal = Field(ge=0, le=1)
    shuffle_batch: int = Field(ge=1, le=1000)
    templates: tuple[Template, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> SurveyRules:
        if len(set(self.likert)) != len(self.likert):
            raise ValueError("评价等级重复")
        unknown = [s for s in self.satisfied if s not in self.likert]
        if unknown:
            raise ValueError(f"满意等级不在评价等级中：{'、'.join(unknown)}")
        codes = [t.code for t in self.templates]
        if len(set(codes)) != len(codes):
            raise ValueError("测评模板编码重复")
        for template in self.templates:
            if not any(q.kind == "likert" for q in template.questions):
                raise ValueError(f"测评模板“{template.code}”没有等级评价题")
        return self

    @property
    def satisfied_levels(self) -> tuple[int, ...]:
        """The satisfied levels as 1-based positions on the scale."""
        return tuple(i for i, label in enumerate(self.likert, 1) if label in self.satisfied)

    def template(self, code: str) -> Template | None:
        return next((t for t in self.templates if t.code == code), None)


@cache
def survey_rules() -> SurveyRules:
    return SurveyRules.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
