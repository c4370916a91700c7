"""Recompute an org subtree's assessment on request (web button, API POST; issue 3 items 8, 9).

Small subtrees (a branch, a college of a few dozen branches) are computed inline: the run is
set-based, so a few dozen orgs take well under a second and the person who pressed the button sees
the result at once. Larger subtrees (a university, the province) are handed to
`assessment_recompute_task` on commit and computed by the task worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from liuhao.core.exceptions import NotPermitted
from liuhao.orgs.models import Organization, subtree_q
from liuhao.standards.models import StandardVersion
from liuhao.standards.services.runs import (
    ASSESSED_KINDS,
    assessment_run,
    can_run,
    resolve_period,
)
from liuhao.standards.tasks import assessment_recompute_task

INLINE_MAX_ORGS = 60


@dataclass(slots=True)
class RecomputeTicket:
    """What was started: a finished run (inline) or a queued task (its id once enqueued)."""

    inline: bool
    org_count: int
    run_id: int | None = None
    task_id: str | None = None


def assessment_recompute(
    *,
    actor: Any,
    standard: StandardVersion,
    period_code: str,
    root: Organization | None,
    today: dt.date,
) -> RecomputeTicket:
    """Start a new run of `standard` for `period_code` over `root`'s subtree (province if None).

    Permission: Capability.ASSESS over `root` (province runs need a province role). The period is
    validated before anything starts (Chinese ValidationFailed for a malformed or future period).
    Earlier runs are never touched: a recompute always adds a run (DESIGN §4).
    """
    if not can_run(actor, root):
        raise NotPermitted("您无权发起该范围的评估计算")
    resolve_period(period_code, today)
    orgs = Organization.objects.filter(kind__in=ASSESSED_KINDS, dissolved_on__isnull=True)
    if root is not None:
        orgs = orgs.filter(subtree_q(root.path))
    org_count = orgs.count()
    if org_count <= INLINE_MAX_ORGS:
        run = assessment_run(
            standard=standard, period_code=period_code, root=root, today=today, actor=actor
        )
        return RecomputeTicket(inline=True, org_count=org_count, run_id=run.pk)
    ticket = RecomputeTicket(inline=False, org_count=org_count)

    def enqueue() -> None:
        result = assessment_recompute_task.enqueue(
            standard.pk, period_code, root.pk if root is not None else None
        )
        ticket.task_id = str(result.id)

    transaction.on_commit(enqueue)
    return ticket
