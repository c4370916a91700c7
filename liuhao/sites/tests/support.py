"""Helpers for the site-cycle tests: the Jiangsu package, a year run, reviewed self-assessments
created through the assessments models, an open cycle and an expert of the other university."""

from __future__ import annotations

import datetime as dt
from typing import Any

from liuhao.assessments.choices import AssessmentStatus
from liuhao.assessments.models import SelfAssessment
from liuhao.core.roles import Role
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory
from liuhao.sites.services.cycle import cycle_open
from liuhao.standards.models import OrgResult
from liuhao.standards.services.loading import BUILTIN_DIR, standard_load
from liuhao.standards.services.runs import assessment_run

YEAR = "2025-2026"
OPENED = dt.date(2026, 3, 2)
RUN_DAY = dt.date(2026, 3, 1)


def year_run(period_code: str = YEAR, today: dt.date = RUN_DAY) -> Any:
    standard, _ = standard_load(path=BUILTIN_DIR / "jiangsu-2015.yaml")
    return assessment_run(standard=standard, period_code=period_code, today=today)


def reviewed(org: Any, run: Any, status: str = AssessmentStatus.ACCEPTED) -> SelfAssessment:
    result = OrgResult.objects.get(run=run, org=org)
    return SelfAssessment.objects.create(
        org=org,
        university_id=org.university_id or org.pk,
        org_path=org.path,
        period_code=run.period_code,
        run=run,
        result=result,
        status=status,
        chain=["college", "university", "province"],
    )


def open_cycle(actor: Any, **kwargs: Any) -> Any:
    values = {"period_code": YEAR, "title": "2025-2026 学年示范点评选", "opened_on": OPENED}
    return cycle_open(actor=actor, **{**values, **kwargs})


def expert_of(org: Any, username: str = "expert") -> Any:
    user = UserFactory(username=username, display_name="专家乙")
    RoleAssignmentFactory(user=user, role=Role.REVIEWER, org=org, recursive=True)
    return user
