"""Load the achievements app's rule defaults from YAML (the numbers are data, not code)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, NonNegativeInt, PositiveInt

DEFAULT_PATH = Path(__file__).parent / "data" / "achievement-rules.yaml"


class AchievementRules(BaseModel):
    """The score range of a 三评 evaluation and commitments allowed per member and year (C14.2)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    evaluation_score_min: NonNegativeInt
    evaluation_score_max: PositiveInt
    commitments_per_year: PositiveInt


@lru_cache(maxsize=4)
def achievement_rules(path: str | None = None) -> AchievementRules:
    source = Path(path or os.environ.get("LIUHAO_ACHIEVEMENT_RULES") or DEFAULT_PATH)
    with source.open(encoding="utf-8") as fh:
        return AchievementRules.model_validate(yaml.safe_load(fh))
