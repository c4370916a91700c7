"""Import the governance records from one .xlsx workbook: dry run, then an all-or-nothing commit.

Same flow as the ledger import (ledger.imports.service): `dry_run=True` validates every sheet and
returns a report listing every problem by sheet, row and column; `dry_run=False` validates again
inside one transaction and writes only when there is no problem at all (else ImportRejected,
nothing written), with one audit row per created or updated record and one "import" summary row.
Who may import: as the ledger import (Capability.RECORD_LEDGER in the university).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.governance.imports.columns import SHEET_NAMES, SHEETS
from liuhao.governance.imports.evaluation import (
    EvaluationSheet,
    GradingSheet,
    ReportSheet,
    SpiritSheet,
)
from liuhao.governance.imports.sheets import (
    CareSheet,
    CommendationSheet,
    ElectionSheet,
    FundingSheet,
    GovernanceData,
    GovernanceSheet,
)
from liuhao.ledger.imports.service import _check_target
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

SPECS = {spec.name: spec for spec in SHEETS}
HANDLERS: dict[str, type[GovernanceSheet]] = {
    h.spec.name: h
    for h in (
        FundingSheet,
        ElectionSheet,
        CareSheet,
        CommendationSheet,
        EvaluationSheet,
        GradingSheet,
        ReportSheet,
        SpiritSheet,
    )
}
Row = tuple[int, tuple[Any, ...]]


def _validate(data: GovernanceData, raw: bytes, report: ImportReport) -> list[GovernanceSheet]:
    ctx = data.ctx
    issues = ctx.issues
    workbook = open_workbook(raw, issues)
    if workbook is None:
        return []
    try:
        names = check_sheet_names(workbook, issues, SHEET_NAMES)
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
            return []
        ctx.load_orgs()
        ctx.load_persons()
        data.load()
        handlers: list[GovernanceSheet] = []
        for name, header, rows in started:
            handler = HANDLERS[name](ctx, header, data)
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


def governance_import_workbook(
    *,
    actor: Any,
    university: Organization,
    source: Source,
    dry_run: bool = True,
    system: bool = False,
) -> ImportReport:
    """Validate (dry run) or import the governance sheets of a workbook; all-or-nothing.

    Raises NotPermitted, or ImportRejected when a commit finds any problem.
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
                _validate(GovernanceData(ctx, system, today), raw, report)
        return report
    if raw is None:
        raise ImportRejected(report)
    with collector_paused(), transaction.atomic():
        ctx = ImportContext(actor, university, report.issues)
        handlers = _validate(GovernanceData(ctx, system, today), raw, report)
        if report.issues:
            raise ImportRejected(report)
        for handler in handlers:
            handler.write()
        ctx.audit(
            AuditEvent.Verb.IMPORT,
            university,
            None,
            {
                "kind": "governance",
                "sha256": report.sha256,
                "sheets": [s.as_dict() for s in report.sheets],
            },
        )
        ctx.write_audit()
        report.committed = True
    return report
