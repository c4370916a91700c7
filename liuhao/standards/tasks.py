"""Background recompute of a whole period (issue 3 item 5), on the django-tasks database backend."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from liuhao.orgs.models import Organization
from liuhao.standards.models import StandardVersion
from liuhao.standards.services.runs import assessment_run


@task()
def assessment_recompute_task(
    standard_id: int, period_code: str, root_id: int | None = None
) -> int:
    """Compute a new run; arguments are ids and plain values, and re-running only adds a run."""
    standard = StandardVersion.objects.get(pk=standard_id)
    root = Organization.objects.get(pk=root_id) if root_id else None
    run = assessment_run(
        standard=standard, period_code=period_code, root=root, today=timezone.localdate()
    )
    return run.pk
