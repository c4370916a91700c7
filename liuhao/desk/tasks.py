"""The desk's daily sweep as a django-tasks task (issue 5 item 4; ADR 0003).

A scheduler (cron, a systemd timer, or the `desk_sweep` command itself) enqueues it once a day; it
takes a plain ISO date, calls the set-based service and is idempotent: a second run the same day
reminds, escalates and closes nothing more (Criteria C07.3, C18.2).
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from liuhao.desk.services import desk_sweep


@task()
def desk_sweep_task(today: str | None = None) -> dict[str, int]:
    """Sweep for `today` (YYYY-MM-DD; the local date when None); returns the counts."""
    result = desk_sweep(today=dt.date.fromisoformat(today) if today else None)
    return {"reminded": result.reminded, "escalated": result.escalated, "closed": result.closed}
