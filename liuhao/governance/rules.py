"""Load the governance rule defaults from YAML (term lengths, grades, bands, caps: data, not code)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, PositiveInt

DEFAULT_PATH = Path(__file__).parent / "data" / "governance-rules.yaml"


class Cap(BaseModel):
    """At most ⌊N × numerator / denominator⌋ of N may take the top grade or band."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    numerator: PositiveInt
    denominator: PositiveInt

    def limit(self, total: int) -> int:
        return total * self.numerator // self.denominator

    @property
    def text(self) -> str:
        return f"{self.numerator}/{self.denominator}"


class GovernanceRules(BaseModel):
    """Criteria C08.2 (terms), C09.1 (report ratings), C09.3 (分类定级 bands, 民主评议 grades)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term_years: dict[str, tuple[PositiveInt, ...]]
    reminder_months: PositiveInt
    max_extension_months: PositiveInt
    member_grades: tuple[str, ...]
    member_top_cap: Cap | None = None
    org_bands: tuple[str, ...]
    org_top_cap: Cap | None = None
    report_ratings: tuple[str, ...]

    def terms_for(self, org_kind: str) -> tuple[int, ...]:
        return tuple(self.term_years.get(org_kind, ()))

    @property
    def top_grade(self) -> str:
        return self.member_grades[0]

    @property
    def top_band(self) -> str:
        return self.org_bands[0]


@lru_cache(maxsize=4)
def governance_rules(path: str | None = None) -> GovernanceRules:
    source = Path(path or os.environ.get("LIUHAO_GOVERNANCE_RULES") or DEFAULT_PATH)
    with source.open(encoding="utf-8") as fh:
        return GovernanceRules.model_validate(yaml.safe_load(fh))
