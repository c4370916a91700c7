"""Import the achievements records from one .xlsx workbook: dry run, then an all-or-nothing commit.

The flow every record import shares (`ledger.imports.service.run_record_import`): `dry_run=True` validates every sheet and returns a
report listing every problem by sheet, row and column (in Chinese); `dry_run=False` validates again
inside one transaction and writes only when there is no problem at all (else ImportRejected, nothing
written), with one audit row per created or updated record and one "import" summary row.
Who may import: as the ledger import (Capability.RECORD_LEDGER in the university); rows are
accepted only for the orgs the actor may record for.
"""

from __future__ import annotations

from typing import Any

from liuhao.achievements.imports.columns import SHEETS
from liuhao.achievements.imports.sheets import HANDLERS, AchievementData
from liuhao.ledger.imports.service import run_record_import
from liuhao.orgs.imports.reader import Source
from liuhao.orgs.imports.report import ImportReport
from liuhao.orgs.models import Organization


def achievements_import_workbook(
    *,
    actor: Any,
    university: Organization,
    source: Source,
    dry_run: bool = True,
    system: bool = False,
) -> ImportReport:
    """Validate (dry run) or import the achievements sheets of a workbook (Criteria C14.2, C16.1,
    C17.1); all-or-nothing. Raises NotPermitted, or ImportRejected when a commit finds any problem.
    """
    return run_record_import(
        actor=actor,
        university=university,
        source=source,
        dry_run=dry_run,
        system=system,
        kind="achievements",
        sheets=SHEETS,
        handlers=HANDLERS,
        data=AchievementData,
    )
