"""The notifications' defaults, read and validated from data/notifications-rules.yaml (issue 7
item 6): the badge's cache time, the page size, the e-mail subject prefix and the kinds' labels."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

RULES_FILE = Path(__file__).parent / "data" / "notifications-rules.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(_Strict):
    code: str = Field(pattern=r"^[a-z_]{2,40}$")
    label: str = Field(min_length=1, max_length=20)


class NotificationRules(_Strict):
    version: int
    badge_cache_seconds: int = Field(ge=0, le=3600)
    page_size: int = Field(ge=5, le=200)
    email_subject_prefix: str = Field(max_length=20)
    kinds: tuple[Kind, ...] = Field(min_length=1)

    def kind_label(self, code: str) -> str:
        """The Chinese label of a kind code; 通知 for a kind the file does not list."""
        for kind in self.kinds:
            if kind.code == code:
                return kind.label
        return "通知"


@cache
def notification_rules() -> NotificationRules:
    """The validated rules (read once per process)."""
    return NotificationRules.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
