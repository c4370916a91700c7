"""The row loop shared by the four sheets: parse cells, skip blank rows, report by row and column.

A sheet handler validates every row into an in-memory plan (create / update / unchanged) without
touching the database, then `write()` applies the plan with bulk statements. The dry run stops after
validation; the commit validates again inside its transaction and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.orgs.imports.columns import SheetSpec
from liuhao.orgs.imports.context import ImportContext
from liuhao.orgs.imports.errors import CellError
from liuhao.orgs.imports.reader import Header
from liuhao.orgs.imports.report import SheetSummary

UNKNOWN_ORG = "组织代码“{code}”不存在，或不在您的管理范围内"
UNKNOWN_PERSON = "工号/学号“{number}”不存在：既不在本校人员中，也不在本文件的“人员”表中"


def plain(value: Any) -> Any:
    """A JSON-safe value for audit rows (dates as ISO strings), like core.audit does."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class InstanceBuilder:
    """Builds unsaved instances from attname → value, positionally: three times faster than
    keyword arguments, which matters at 100,000 rows. Missing fields take their defaults."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [
            (
                f.attname,
                f.default if f.has_default() else None,
                f.has_default() and callable(f.default),
            )
            for f in model._meta.concrete_fields
        ]

    def __call__(self, values: dict[str, Any]) -> Any:
        args = []
        for name, default, dynamic in self.fields:
            if name in values:
                args.append(values[name])
            else:
                args.append(default() if dynamic else default)  # type: ignore[misc]
        return self.model(*args)


def _is_blank(row: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


class SheetHandler:
    """Validate one sheet's rows against the context, then write them in bulk."""

    spec: ClassVar[SheetSpec]
    # model field name → the column field that carries it (when they differ), for clean() errors
    field_map: ClassVar[dict[str, str]] = {}

    def __init__(self, ctx: ImportContext, header: Header):
        self.ctx = ctx
        self.header = header
        self.present = header.fields
        self.summary = SheetSummary(self.spec.name)
        self.seen: dict[Any, int] = {}
        self._positions = {col.field: idx for idx, col, _ in header.bound}
        self._labels = {col.field: col.header for col in self.spec.columns}

    # ---- reporting -------------------------------------------------------------------------

    def error(self, row: int, field: str, message: str) -> None:
        """Report a problem in `row` at the column that carries `field` (by letter if present)."""
        field = self.field_map.get(field, field)
        self.ctx.issues.add(
            message,
            sheet=self.spec.name,
            row=row,
            index=self._positions.get(field),
            label=self._labels.get(field, field),
        )

    def duplicate(self, row: int, key: Any, field: str, shown: str) -> bool:
        """Report a key seen earlier in this sheet. True when `key` is a duplicate."""
        first = self.seen.get(key)
        if first is not None:
            self.error(row, field, f"{shown}与第 {first} 行重复（同一文件中每个键只能出现一次）")
            return True
        self.seen[key] = row
        return False

    def clean(self, row: int, instance: models.Model) -> bool:
        """Run the model's own clean() (single-row rules) and report its errors by column."""
        try:
            instance.clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.error(row, field, "；".join(str(m) for m in messages))
            return False
        return True

    # ---- the row loop ----------------------------------------------------------------------

    def run(self, rows: Iterable[tuple[int, tuple[Any, ...]]]) -> None:
        """Parse every non-blank row after the header and hand it to `handle()`."""
        bound = self.header.bound
        blank_columns = self.header.blank
        header_width = self.header.width
        issues = self.ctx.issues
        name = self.spec.name
        reported_blank: set[int] = set()
        for rowno, row in rows:
            if not any(row):
                continue
            values: dict[str, Any] = {}
            failed: list[tuple[int, str, str]] = []
            width = len(row)
            for idx, column, parse in bound:
                try:
                    values[column.field] = parse(row[idx] if idx < width else None)
                except CellError as exc:
                    failed.append((idx, column.header, exc.message))
            if failed and _is_blank(row):
                continue
            self.summary.rows += 1
            if blank_columns or width > header_width:
                for idx in (*blank_columns, *range(header_width, width)):
                    if idx < width and row[idx] not in (None, "") and idx not in reported_blank:
                        reported_blank.add(idx)
                        issues.add("该列有数据但没有表头（列名）", sheet=name, row=rowno, index=idx)
            if failed:
                for idx, label, message in failed:
                    issues.add(message, sheet=name, row=rowno, index=idx, label=label)
                self.handle_broken(rowno, values)
                continue
            self.handle(rowno, values)
        self.finish()

    def prepare(self) -> None:
        """Preload the stored rows this sheet compares against (one query at most)."""

    def handle(self, row: int, values: dict[str, Any]) -> None:
        """Validate one parsed row and add it to the plan."""
        raise NotImplementedError

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        """A row with cell errors: register its key so later sheets do not report it as unknown,
        and report unknown references among the cells that did parse."""
        number = values.get("person_number")
        if number and number not in self.ctx.persons:
            self.error(row, "person_number", UNKNOWN_PERSON.format(number=number))
        code = values.get("org_code")
        if code and code not in self.ctx.orgs:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=code))

    def finish(self) -> None:
        """Checks that need every row of the sheet (e.g. the org tree)."""

    def write(self) -> None:
        """Apply the plan with bulk statements and queue the audit rows."""
        raise NotImplementedError
