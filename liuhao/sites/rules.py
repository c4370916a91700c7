"""The demonstration-site cycle's defaults, read and validated from data/sites-rules.yaml.

Issue 7 items 3 and 4: quota share and rounding, eligible levels, deadline offsets, the public
notice's minimum working days, the expert kinds and conflict rule, and the re-check rule (warn when
not 六好, revoke after two warnings in a row or on satisfaction below 90%). Never in code.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

RULES_FILE = Path(__file__).parent / "data" / "sites-rules.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuotaRule(_Strict):
    share: float = Field(gt=0, le=1)
    rounding: Literal["floor", "ceil", "round"]
    minimum: int = Field(ge=0)

    def quota_for(self, eligible: int) -> int:
        """The default quota of a university with `eligible` orgs: share × eligible, rounded by the
        rule, at least `minimum` when there is any eligible org, never above `eligible`."""
        if eligible <= 0:
            return 0
        mode = {"floor": ROUND_FLOOR, "ceil": ROUND_CEILING, "round": ROUND_HALF_UP}[self.rounding]
        rounded = (Decimal(str(self.share)) * eligible).quantize(Decimal(1), rounding=mode)
        return min(eligible, max(self.minimum, int(rounded)))


class Deadlines(_Strict):
    apply: int = Field(ge=1)
    recommend: int = Field(ge=1)
    review: int = Field(ge=1)
    decide: int = Field(ge=1)


class NoticeRule(_Strict):
    min_workdays: int = Field(ge=1)
    listed_days_after_end: int = Field(ge=0, le=366)


class ExpertKind(_Strict):
    code: str = Field(pattern=r"^[a-z_]{2,16}$")
    label: str = Field(min_length=1, max_length=20)


class ExpertRule(_Strict):
    kinds: tuple[ExpertKind, ...] = Field(min_length=1)
    exclude_same_university: bool


class RecheckRule(_Strict):
    warn_when_not_verdict: bool
    revoke_after_warnings: int = Field(ge=1)
    satisfaction_checkpoint: str = Field(pattern=r"^C\d{2}\.\d+$")
    satisfaction_min: float = Field(ge=0, le=1)


class SitesRules(_Strict):
    version: int
    eligible_levels: tuple[str, ...] = Field(min_length=1)
    quota: QuotaRule
    deadlines: Deadlines
    notice: NoticeRule
    experts: ExpertRule
    recheck: RecheckRule

    @property
    def kind_choices(self) -> list[tuple[str, str]]:
        return [(k.code, k.label) for k in self.experts.kinds]

    def kind_label(self, code: str) -> str:
        return next((k.label for k in self.experts.kinds if k.code == code), code)


@cache
def sites_rules() -> SitesRules:
    return SitesRules.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
