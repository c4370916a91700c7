"""What an import did (or, in a dry run, would do): counts per sheet and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liuhao.orgs.imports.errors import IssueList


@dataclass(slots=True)
class SheetSummary:
    """Rows of one sheet by outcome: created, updated, or unchanged (left untouched)."""

    name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass(slots=True)
class ImportReport:
    """The outcome of a dry run or a commit. `committed` is True only after a successful write."""

    university_id: int | None = None
    sheets: list[SheetSummary] = field(default_factory=list)
    issues: IssueList = field(default_factory=IssueList)
    committed: bool = False
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def created(self) -> int:
        return sum(s.created for s in self.sheets)

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sheets)

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sheets)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.sheets)

    def summary_text(self) -> str:
        """One Chinese line, e.g. "人员：新增 3，更新 1，未变 10；党员身份：新增 2，更新 0，未变 0"."""
        parts = [
            f"{s.name}：新增 {s.created}，更新 {s.updated}，未变 {s.unchanged}" for s in self.sheets
        ]
        return "；".join(parts) if parts else "文件中没有数据行"

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "sheets": [s.as_dict() for s in self.sheets],
            "issues": [i.as_dict() for i in self.issues.items],
            "issue_total": self.issues.total,
        }
