"""Import the service-front records from one .xlsx workbook: a dry run, then an all-or-nothing
commit (the ledger import's flow: ledger.imports.service.run_record_import).

`dry_run=True` validates every sheet against data preloaded once and lists every problem by sheet,
row and column in Chinese; `dry_run=False` validates again inside one transaction and, only when
there is no problem at all, writes each sheet with bulk statements and one audit row per record
created or updated (else ImportRejected, nothing written). Who may import: as the ledger import
(Capability.RECORD_LEDGER in the university, rows only for orgs the actor may record for).
"""

from __future__ import annotations

from typing import Any

from liuhao.frontline.imports.columns import SHEETS
from liuhao.frontline.imports.sheets import HANDLERS, FrontlineData
from liuhao.ledger.imports.service import run_record_import
from liuhao.orgs.imports.reader import Source
from liuhao.orgs.imports.report import ImportReport
from liuhao.orgs.models import Organization


def frontline_import_workbook(
    *,
    actor: Any,
    university: Organization,
    source: Source,
    dry_run: bool = True,
    system: bool = False,
) -> ImportReport:
    """Validate (dry run) or import the service-front sheets of a workbook into `university`
    (Criteria C05, C10, C11, C12.1); all-or-nothing.

    Raises NotPermitted, or ImportRejected when a commit finds any problem.
    """
    return run_record_import(
        actor=actor,
        university=university,
        source=source,
        dry_run=dry_run,
        system=system,
        kind="frontline",
        sheets=SHEETS,
        handlers=HANDLERS,
        data=FrontlineData,
    )
