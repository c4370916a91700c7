"""Reads of development cases, scoped to the actor's subtrees (CONVENTIONS B5), and the set-based
rule check behind the case page, the funnel page and the C06.1 metric.

`violations_of(rows, as_of)` runs the pure checker over many cases with one workday calendar and
one query for the birth dates; nothing here queries per case.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from liuhao.development.checker import DueStep, Violation, check, overdue
from liuhao.development.models import CaseDocument, DevelopmentCase
from liuhao.development.rules import rule_set
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.models import Organization, Person, subtree_q
from liuhao.orgs.selectors.scope import get_visible_or_404, scope_for
from liuhao.orgs.workdays import WorkdayCalendar

LIST_LIMIT = 100  # rows per stage list and overdue list on the funnel page
PRIORITY_GROUPS = (
    ("young_teacher", "青年教师"),
    ("academic_leader", "学术带头人"),
    ("returnee", "留学归国人员"),
)


def _pk(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return -1


def case_list(
    actor: Any,
    org: Organization | None = None,
    *,
    subtree: bool = True,
    stage: str | None = None,
) -> QuerySet[DevelopmentCase]:
    """Cases in the actor's scope, of `org`'s subtree (or only `org`), by branch and date."""
    qs = DevelopmentCase.objects.filter(scope_for(actor).q("org__path"))
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org__path")) if subtree else qs.filter(org=org)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("person", "org").order_by("org__path", "applied_on", "id")


def case_get(actor: Any, pk: int | str) -> DevelopmentCase:
    """One case in the actor's scope, else NotFound (404)."""
    qs = DevelopmentCase.objects.filter(scope_for(actor).q("org__path")).select_related(
        "person",
        "org",
        "university",
        "contact_1",
        "contact_2",
        "introducer_1",
        "introducer_2",
    )
    return get_visible_or_404(qs, pk=_pk(pk))  # type: ignore[no-any-return]


# Days without an override: the holiday library's answer never changes within a process.
_LIBRARY_DAYS: dict[dt.date, bool] = {}


def memo_workdays(calendar: WorkdayCalendar) -> Callable[[dt.date], bool]:
    """`calendar.is_workday`, memoised per day (the holiday library costs ~60 µs a call); the
    calendar's overrides (entered by admins) always win."""
    overrides = calendar.overrides

    def is_workday(day: dt.date) -> bool:
        if day in overrides:
            return overrides[day]
        found = _LIBRARY_DAYS.get(day)
        if found is None:
            found = _LIBRARY_DAYS[day] = calendar.is_workday(day)
        return found

    return is_workday


def document_get(actor: Any, pk: int | str) -> CaseDocument:
    """One case document in the actor's scope, else NotFound (404)."""
    qs = CaseDocument.objects.filter(scope_for(actor).q("org__path"))
    return get_visible_or_404(qs, pk=_pk(pk))  # type: ignore[no-any-return]


def _calendar(cases: Iterable[DevelopmentCase]) -> Callable[[dt.date], bool]:
    days = [d for c in cases for d in (c.notice_start, c.notice_end) if d is not None]
    return memo_workdays(WorkdayCalendar.load(min(days), max(days)) if days else WorkdayCalendar())


def violations_of(
    cases: Iterable[DevelopmentCase],
    as_of: dt.date,
    births: dict[int, dt.date | None] | None = None,
) -> dict[int, list[Violation]]:
    """case id → its violations under its own rule set, as of `as_of` (set-based)."""
    cases = list(cases)
    if births is None:
        births = dict(
            Person.objects.filter(pk__in={c.person_id for c in cases}).values_list(
                "pk", "birth_date"
            )
        )
    calendar = _calendar(cases)
    return {
        c.pk: check(c.facts(births.get(c.person_id)), rule_set(c.rule_set), as_of, calendar)
        for c in cases
    }


@dataclass(slots=True)
class OverdueRow:
    case: DevelopmentCase
    step: DueStep


@dataclass(slots=True)
class Funnel:
    """The funnel page of one org: who is where, who is overdue, the priority groups (C06.2)."""

    counts: list[tuple[str, str, int]]  # (stage, label, count)
    by_stage: dict[str, list[DevelopmentCase]]
    overdue: list[OverdueRow]
    violations: dict[int, list[Violation]]
    priority: list[tuple[str, dict[str, int], int]] = field(default_factory=list)
    year_start: dt.date | None = None


def funnel(actor: Any, org: Organization, today: dt.date) -> Funnel:
    """Counts and lists per stage in `org`'s subtree, overdue steps (most overdue first),
    violations per case, and per priority group the count per stage and admitted this year."""
    cases = list(case_list(actor, org))
    by_stage: dict[str, list[DevelopmentCase]] = defaultdict(list)
    for case in cases:
        by_stage[case.stage].append(case)
    counts = [(s, str(label), len(by_stage.get(s, []))) for s, label in MembershipStage.choices]
    # A university has thousands of cases: the lists show the first LIST_LIMIT of each stage.
    shown = {stage: items[:LIST_LIMIT] for stage, items in by_stage.items()}
    listed = [c for items in shown.values() for c in items]
    births = {c.person_id: c.person.birth_date for c in listed}
    violations = violations_of(listed, today, births)
    rows = [
        OverdueRow(case, step)
        for case in cases
        for step in overdue(case.facts(), rule_set(case.rule_set), today)
    ]
    rows.sort(key=lambda r: -r.step.days_overdue)
    rows = rows[:LIST_LIMIT]
    year_start = dt.date(today.year, 1, 1)
    priority = []
    for flag, label in PRIORITY_GROUPS:
        per_stage: dict[str, int] = defaultdict(int)
        admitted = 0
        for case in cases:
            if getattr(case.person, flag):
                per_stage[case.stage] += 1
                if case.admitted_on and case.admitted_on >= year_start:
                    admitted += 1
        priority.append((label, dict(per_stage), admitted))
    return Funnel(
        counts=counts,
        by_stage=shown,
        overdue=rows,
        violations=violations,
        priority=priority,
        year_start=year_start,
    )
