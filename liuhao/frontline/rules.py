"""The service front's configurable defaults, read from data/frontline-rules.yaml (never in code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).parent / "data" / "frontline-rules.yaml"


@dataclass(frozen=True, slots=True)
class FrontlineRules:
    member_affairs_overdue_workdays: int


@cache
def frontline_rules() -> FrontlineRules:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return FrontlineRules(
        member_affairs_overdue_workdays=int(data["member_affairs_overdue_workdays"])
    )
