"""Load a member development rule set (发展党员工作细则) from YAML: every number is data.

Criterion C06.1 (发展党员程序规范) and DOMAIN-RULES §3, rules 15–22. A rule set is versioned
(`version`: "2014" now, "2026" once the revised 细则 is retrieved); each case stores the version it is
checked under. No Django import here, so the pure checker can use it.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, NonNegativeInt, PositiveInt

DATA = Path(__file__).parent / "data"
DEFAULT_VERSION = "2014"
OnViolation = Literal["refuse", "record"]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    on_violation: OnViolation = "record"


class MinAge(_Rule):
    years: PositiveInt


class Within(_Rule):
    within_months: PositiveInt


class MinCount(_Rule):
    min: NonNegativeInt


class MinYears(_Rule):
    min_years: PositiveInt


class Training(_Rule):
    min_days: PositiveInt
    min_hours: PositiveInt


class Notice(_Rule):
    min_workdays: PositiveInt


class Vote(_Rule):
    quorum_numerator: PositiveInt
    quorum_denominator: PositiveInt
    yes_numerator: PositiveInt
    yes_denominator: PositiveInt

    def has_quorum(self, present: int, entitled: int) -> bool:
        return entitled > 0 and present * self.quorum_denominator > entitled * self.quorum_numerator

    def has_majority(self, yes: int, entitled: int) -> bool:
        """Yes-votes above the fraction of all entitled full members (not of those present)."""
        return entitled > 0 and yes * self.yes_denominator > entitled * self.yes_numerator


class Approval(_Rule):
    within_months: PositiveInt
    max_months: PositiveInt


class Probation(_Rule):
    years: PositiveInt
    max_extension_months: PositiveInt


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_age: MinAge
    talk: Within
    contacts: MinCount
    candidate_after_activist: MinYears
    introducers: MinCount
    training: Training
    political_review: _Rule
    notice: Notice
    vote: Vote
    vote_after_prereview: Within
    approval: Approval
    probation: Probation
    full_approval: Within


class RuleSet(BaseModel):
    """One version of the rules: `rules.<name>.on_violation` says refuse or record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    title: str
    valid_from: dt.date
    rules: Rules

    def refuses(self, rule: str) -> bool:
        return bool(getattr(self.rules, rule).on_violation == "refuse")


def rules_path(version: str) -> Path:
    override = os.environ.get(f"LIUHAO_DEVELOPMENT_RULES_{version}")
    return Path(override) if override else DATA / f"rules-{version}.yaml"


@lru_cache(maxsize=8)
def load_rule_set(path: str) -> RuleSet:
    with Path(path).open(encoding="utf-8") as fh:
        return RuleSet.model_validate(yaml.safe_load(fh))


def rule_set(version: str = DEFAULT_VERSION) -> RuleSet:
    """The rule set of `version` (LIUHAO_DEVELOPMENT_RULES_<version> overrides the file)."""
    return load_rule_set(str(rules_path(version)))


def known_versions() -> list[str]:
    return sorted(p.stem.removeprefix("rules-") for p in DATA.glob("rules-*.yaml"))
