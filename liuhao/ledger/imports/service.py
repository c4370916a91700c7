"""Import the ledger from one .xlsx workbook: dry run, then an all-or-nothing commit.

Same flow as the roster import (orgs.imports.service): `dry_run=True` validates every sheet and
returns a report listing every problem by sheet, row and column; `dry_run=False` validates again
inside one transaction and writes only when there is no problem at all (else ImportRejected,
nothing written), with one audit row per created or updated record and one "import" summary row.

Who may import: an actor holding Capability.RECORD_LEDGER somewhere in the university; every org a
row names must be one the actor may record for (others are reported as unknown, never as "outside
your scope"). `system=True` (the command without --as) may record for every org of the university.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.core.roles import Capability, role_can
from liuhao.ledger.imports.columns import SHEETS
from liuhao.ledger.imports.sheets import HANDLERS, LedgerData, LedgerSheet
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports.columns import SheetSpec
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
from liuhao.orgs.imports.service import SheetUnreadable, _guarded, collector_paused
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for

Row = tuple[int, tuple[Any, ...]]


def ledger_import_universities(actor: Any) -> QuerySet[Organization]:
    """Universities where the actor may record the ledger of some org (RECORD_LEDGER)."""
    scope = scope_for(actor)
    universities = Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).order_by("code")
    if scope.is_province and scope.can(Capability.RECORD_LEDGER):
        return universities
    ids = {
        g.university_id or g.org_id
        for g in scope.grants
        if role_can(g.role, Capability.RECORD_LEDGER) and (g.university_id or g.org_id)
    }
    return universities.filter(pk__in=ids)


def _check_target(actor: Any, university: Organization, system: bool) -> None:
    if university.kind != OrgKind.UNIVERSITY_COMMITTEE:
        raise ValidationFailed(
            "导入目标必须是一所高校（高校党委）", extra={"fields": {"university": []}}
        )
    if not system and not ledger_import_universities(actor).filter(pk=university.pk).exists():
        raise NotPermitted("您无权向该高校导入工作台账（需要台账登记权限）")


def _validate(
    data: LedgerData,
    raw: bytes,
    report: ImportReport,
    sheets: tuple[SheetSpec, ...],
    handlers: Mapping[str, type[LedgerSheet]],
) -> list[LedgerSheet]:
    ctx = data.ctx
    issues = ctx.issues
    workbook = open_workbook(raw, issues)
    if workbook is None:
        return []
    specs = {spec.name: spec for spec in sheets}
    try:
        names = check_sheet_names(workbook, issues, tuple(specs))
        started: list[tuple[str, Header, Iterator[Row]]] = []
        for name in names:
            rows = _guarded(sheet_rows(workbook, name))
            try:
                first = next(rows, None)
            except SheetUnreadable:
                issues.add("工作表内容已损坏，无法读取", sheet=name)
                continue
            header = read_header(specs[name], first, issues)
            if header is not None:
                started.append((name, header, rows))
        if issues:
            return []
        ctx.load_orgs()
        ctx.load_persons()
        data.load()
        out: list[LedgerSheet] = []
        for name, header, rows in started:
            handler = handlers[name](ctx, header, data)
            handler.prepare()
            try:
                handler.run(rows)
            except SheetUnreadable:
                issues.add(
                    f"工作表内容已损坏，第 {handler.summary.rows + 1} 行之后无法读取", sheet=name
                )
            report.sheets.append(handler.summary)
            out.append(handler)
        return out
    finally:
        workbook.close()


def run_record_import(
    *,
    actor: Any,
    university: Organization,
    source: Source,
    dry_run: bool,
    system: bool,
    kind: str,
    sheets: tuple[SheetSpec, ...],
    handlers: Mapping[str, type[LedgerSheet]],
    data: Callable[[ImportContext, bool, dt.date], LedgerData],
) -> ImportReport:
    """The dry run / all-or-nothing commit every record import shares (ledger, frontline …).

    Every row is validated against data preloaded once (`data(ctx, system, today).load()`), so a
    row never queries; the commit validates again inside one transaction, then each sheet writes
    its plan with bulk statements and queues one audit row per record created or updated, written
    in bulk with one "import" summary row of `kind`. Raises NotPermitted, or ImportRejected when a
    commit finds any problem (nothing written).
    """
    _check_target(actor, university, system)
    report = ImportReport(university_id=university.pk)
    raw = load_source(source, report.issues)
    if raw is not None:
        report.sha256 = sha256_of(raw)
    today = timezone.localdate()
    if dry_run:
        if raw is not None:
            with collector_paused():
                ctx = ImportContext(actor, university, report.issues)
                _validate(data(ctx, system, today), raw, report, sheets, handlers)
        return report
    if raw is None:
        raise ImportRejected(report)
    with collector_paused(), transaction.atomic():
        ctx = ImportContext(actor, university, report.issues)
        planned = _validate(data(ctx, system, today), raw, report, sheets, handlers)
        if report.issues:
            raise ImportRejected(report)
        for handler in planned:
            handler.write()
        ctx.audit(
            AuditEvent.Verb.IMPORT,
            university,
            None,
            {
                "kind": kind,
                "sha256": report.sha256,
                "sheets": [s.as_dict() for s in report.sheets],
            },
        )
        ctx.write_audit()
        report.committed = True
    return report


def ledger_import_workbook(
    *,
    actor: Any,
    university: Organization,
    source: Source,
    dry_run: bool = True,
    system: bool = False,
) -> ImportReport:
    """Validate (dry run) or import the ledger sheets of a workbook into `university`; all-or-nothing.

    Raises NotPermitted, or ImportRejected when a commit finds any problem.
    """
    return run_record_import(
        actor=actor,
        university=university,
        source=source,
        dry_run=dry_run,
        system=system,
        kind="ledger",
        sheets=SHEETS,
        handlers=HANDLERS,
        data=LedgerData,
    )
