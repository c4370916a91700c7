"""Problems found in an import file, located by sheet, row and column, with Chinese messages.

An import never stops at the first problem: every problem is collected (up to MAX_ISSUES, so a file
of garbage cannot produce a gigantic report) and the dry run lists them all (issue 2, item 8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from liuhao.core.exceptions import ValidationFailed

if TYPE_CHECKING:
    from liuhao.orgs.imports.report import ImportReport

# A report longer than this is no longer read by anyone; the rest is summarised by a count.
MAX_ISSUES = 5000


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem. `sheet`, `row` and `column` are empty for problems with the file as a whole."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the column letter, e.g. "C"
    label: str = ""  # the column header, e.g. "出生日期"

    def __str__(self) -> str:
        """The one-line Chinese form, e.g. "人员 第 12 行 C 列（出生日期）：日期格式不正确"."""
        where = self.sheet
        if self.row is not None:
            where += f" 第 {self.row} 行"
        if self.column or self.label:
            letter = f" {self.column} 列" if self.column else ""
            where += f"{letter}（{self.label}）" if self.label else letter
        return f"{where.strip()}：{self.message}" if where.strip() else self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "label": self.label,
            "message": self.message,
        }


@dataclass(slots=True)
class IssueList:
    """Collects issues; counts every one but keeps only the first MAX_ISSUES."""

    items: list[Issue] = field(default_factory=list)
    total: int = 0

    def add(
        self,
        message: str,
        sheet: str = "",
        row: int | None = None,
        index: int | None = None,
        label: str = "",
    ) -> None:
        """Record a problem; `index` is the 0-based column position in the sheet, if known."""
        self.total += 1
        if len(self.items) < MAX_ISSUES:
            column = get_column_letter(index + 1) if index is not None else ""
            self.items.append(Issue(message, sheet, row, column, label))

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)


class CellError(Exception):
    """Raised by a cell parser; the caller adds sheet, row and column."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportRejected(ValidationFailed):
    """The file has problems, so nothing was written. `report` lists them all."""

    code = "import_rejected"

    def __init__(self, report: ImportReport):
        issues = report.issues
        first = str(issues.items[0]) if issues.items else "导入文件有误"
        more = f"（共 {issues.total} 个问题）" if issues.total > 1 else ""
        super().__init__(
            f"导入未执行，没有写入任何数据：{first}{more}",
            extra={"issues": [i.as_dict() for i in issues.items], "total": issues.total},
        )
        self.report = report
