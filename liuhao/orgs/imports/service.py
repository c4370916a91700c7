"""Import orgs, persons, memberships and positions from one .xlsx workbook (issue 2, item 8).

`import_workbook(dry_run=True)` validates everything and returns a report: every problem by sheet,
row and column, and per sheet the rows it would create, update or leave unchanged. With
`dry_run=False` the same validation runs again inside one transaction and, only when there is no
problem at all, the plan is written with bulk statements plus one audit row per created or updated row
and one "import" summary row (CONVENTIONS B5). Any problem raises ImportRejected: nothing is written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.core.roles import Capability
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports.columns import ORG_SHEET, SHEETS
from liuhao.orgs.imports.context import ImportContext
from liuhao.orgs.imports.errors import ImportRejected
from liuhao.orgs.imports.reader import (
    Header,
    Source,
    check_sheet_names,
    load_source,
    open_workbook,
    read_header,
    sha256_of,
    sheet_rows,
)
from liuhao.orgs.imports.report import ImportReport
from liuhao.orgs.imports.sheets import HANDLERS, SheetHandler
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for

SPECS = {spec.name: spec for spec in SHEETS}
Row = tuple[int, tuple[Any, ...]]


class SheetUnreadable(Exception):
    """openpyxl failed in the middle of a sheet: its XML is damaged."""


def _guarded(rows: Iterable[Row]) -> Iterator[Row]:
    """Re-raise any parser failure as SheetUnreadable, leaving errors of our own code alone."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # damaged XML, bad zip CRC, …: all mean "cannot read this sheet"
            raise SheetUnreadable from exc
        yield row


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of an import.

    A roster import allocates millions of short- and long-lived acyclic objects (parsed elements,
    row tuples, dicts, instances) that reference counting frees on its own; the collector's repeated
    full passes over the growing heap cost about as much as the import itself (a 100,000-row dry run
    takes 6 s instead of 14 s, bench/import_roster.py). The collector is process-wide, so it is
    paused only while an import runs and restored afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_universities(actor: Any) -> QuerySet[Organization]:
    """Universities the actor may import into: those where it holds Capability.IMPORT."""
    scope = scope_for(actor)
    universities = Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).order_by("code")
    if scope.is_province and scope.can(Capability.IMPORT):
        return universities
    ids = [
        org.pk
        for org in universities.filter(pk__in=scope.university_ids() or [])
        if scope.can(Capability.IMPORT, org)
    ]
    return universities.filter(pk__in=ids)


def _check_target(actor: Any, university: Organization, system: bool) -> None:
    if university.kind != OrgKind.UNIVERSITY_COMMITTEE:
        raise ValidationFailed(
            "导入目标必须是一所高校（高校党委）", extra={"fields": {"university": []}}
        )
    if not system and not scope_for(actor).can(Capability.IMPORT, university):
        raise NotPermitted("您无权向该高校导入数据（需要高校管理员或省级管理员权限）")


def _validate(ctx: ImportContext, data: bytes, report: ImportReport) -> list[SheetHandler]:
    """Read and validate every sheet into a plan. Stops early only on structural problems."""
    issues = ctx.issues
    workbook = open_workbook(data, issues)
    if workbook is None:
        return []
    try:
        names = check_sheet_names(workbook, issues)
        started: list[tuple[str, Header, Iterator[Row]]] = []
        for name in names:
            rows = _guarded(sheet_rows(workbook, name))
            try:
                first = next(rows, None)
            except SheetUnreadable:
                issues.add("工作表内容已损坏，无法读取", sheet=name)
                continue
            header = read_header(SPECS[name], first, issues)
            if header is not None:
                started.append((name, header, rows))
        if issues:
            return []  # fix the sheets and headers first: row errors would only be noise
        ctx.load_orgs()
        if any(name != ORG_SHEET for name in names):
            ctx.load_persons()
        handlers: list[SheetHandler] = []
        for name, header, rows in started:
            handler = HANDLERS[name](ctx, header)
            handler.prepare()
            try:
                handler.run(rows)
            except SheetUnreadable:
                issues.add(
                    f"工作表内容已损坏，第 {handler.summary.rows + 1} 行之后无法读取", sheet=name
                )
            report.sheets.append(handler.summary)
            handlers.append(handler)
        return handlers
    finally:
        workbook.close()


def import_workbook(
    *,
    actor: Any,
    university: Organization,
    source: Source,
    dry_run: bool = True,
    system: bool = False,
) -> ImportReport:
    """Validate (dry run) or import a workbook into `university`; all-or-nothing.

    The actor needs Capability.IMPORT on the university (university or province admin); every org
    a row names must belong to it — other codes are reported as unknown, never as "outside your
    scope" (no existence leak). `system=True` (the `import` management command without --as) skips
    the capability check: the operator already holds the server. Raises NotPermitted, or
    ImportRejected when a commit finds any problem.
    """
    _check_target(actor, university, system)
    report = ImportReport(university_id=university.pk)
    data = load_source(source, report.issues)
    if data is not None:
        report.sha256 = sha256_of(data)
    if dry_run:
        if data is not None:
            with collector_paused():
                _validate(ImportContext(actor, university, report.issues), data, report)
        return report
    if data is None:
        raise ImportRejected(report)
    with collector_paused(), transaction.atomic():
        ctx = ImportContext(actor, university, report.issues)
        handlers = _validate(ctx, data, report)
        if report.issues:
            raise ImportRejected(report)
        for handler in handlers:
            handler.write()
        ctx.audit(
            AuditEvent.Verb.IMPORT,
            university,
            None,
            {"sha256": report.sha256, "sheets": [s.as_dict() for s in report.sheets]},
        )
        ctx.write_audit()
        report.committed = True
    return report
