"""Load the ledger's rule defaults from YAML (the numbers are data, not code)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, PositiveInt

DEFAULT_PATH = Path(__file__).parent / "data" / "ledger-rules.yaml"


class LedgerRules(BaseModel):
    """Quorum fraction (Criterion C02.3), the 补录 threshold and the accepted attachment types."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quorum_numerator: PositiveInt
    quorum_denominator: PositiveInt
    late_entry_days: PositiveInt
    attachment_types: tuple[str, ...]

    def has_quorum(self, present: int, entitled: int) -> bool:
        """More than `numerator/denominator` of those entitled are present (integer arithmetic)."""
        return entitled > 0 and present * self.quorum_denominator > entitled * self.quorum_numerator


@lru_cache(maxsize=4)
def ledger_rules(path: str | None = None) -> LedgerRules:
    source = Path(path or os.environ.get("LIUHAO_LEDGER_RULES") or DEFAULT_PATH)
    with source.open(encoding="utf-8") as fh:
        return LedgerRules.model_validate(yaml.safe_load(fh))
