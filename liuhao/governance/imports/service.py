"""Import the governance records from one .xlsx workbook: dry run, then an all-or-nothing commit.

The flow every record import shares (`ledger.imports.service.run_record_import`): `dry_run=True` validates every sheet and
returns a report listing every problem by sheet, row and column; `dry_run=False` validates again
inside one transaction and writes only when there is no problem at all (else ImportRejected,
nothing written), with one audit row per created or updated record and one "import" summary row.
Who may import: as the ledger import (Capability.RECORD_LEDGER in the university).
"""

from __future__ import annotations

from typing import Any

from liuhao.governance.imports.columns import SHEETS
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
from liuhao.ledger.imports.service import run_record_import
from liuhao.orgs.imports.reader import Source
from liuhao.orgs.imports.report import ImportReport
from liuhao.orgs.models import Organization

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
    return run_record_import(
        actor=actor,
        university=university,
        source=source,
        dry_run=dry_run,
        system=system,
        kind="governance",
        sheets=SHEETS,
        handlers=HANDLERS,
        data=GovernanceData,
    )
