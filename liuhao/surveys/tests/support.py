"""Helpers of the survey tests: a branch roster and a survey opened on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory
from liuhao.surveys.models import Question
from liuhao.surveys.services import survey_create, survey_open

OPENS = dt.date(2025, 11, 1)
CLOSES = dt.date(2025, 11, 30)
DAY = dt.date(2025, 11, 10)


def staff(branch: Any, members: int = 6, students: int = 0, teachers: int = 0) -> list[Any]:
    """`members` full members of the branch (teachers of its unit), plus non-member students and
    teachers whose unit is the branch."""
    people = []
    for _ in range(members):
        person = PersonFactory(university=branch.university, unit=branch)
        MembershipFactory(person=person, org=branch)
        people.append(person)
    for _ in range(students):
        people.append(PersonFactory(university=branch.university, unit=branch, category="student"))
    for _ in range(teachers):
        people.append(PersonFactory(university=branch.university, unit=branch))
    return people


def opened(actor: Any, org: Any, template: str = "satisfaction", **kw: Any) -> tuple[Any, dict]:
    survey = survey_create(
        actor=actor,
        org=org,
        template=template,
        period=kw.pop("period", "2025-2026-1"),
        opens_on=OPENS,
        closes_on=CLOSES,
        **kw,
    )
    result = survey_open(actor=actor, survey=survey, today=DAY)
    return result.survey, result.tokens


def sheet(survey: Any, level: int = 2, text: str = "") -> dict[str, Any]:
    """Answers to every question: `level` for Likert questions, `text` for open ones."""
    return {
        str(q.pk): (level if q.kind == "likert" else text)
        for q in Question.objects.filter(survey=survey)
    }
