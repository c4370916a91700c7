"""Load the structural rule defaults from YAML (the numbers are data, not code)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, PositiveInt

DEFAULT_PATH = Path(__file__).parent / "data" / "structure-rules.yaml"


class StructureRules(BaseModel):
    """Thresholds behind the org page's structural warnings and Criterion C13.1 (structure compliance)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    branch_min_full_members: PositiveInt
    committee_required_full_members: PositiveInt
    committee_min_size: PositiveInt
    committee_max_size: PositiveInt
    branch_max_members: PositiveInt
    teacher_branch_max_members: PositiveInt
    joint_branch_max_units: PositiveInt
    college_committee_min_members: PositiveInt


@lru_cache(maxsize=4)
def structure_rules(path: str | None = None) -> StructureRules:
    source = Path(path or os.environ.get("LIUHAO_STRUCTURE_RULES") or DEFAULT_PATH)
    with source.open(encoding="utf-8") as fh:
        return StructureRules.model_validate(yaml.safe_load(fh))
