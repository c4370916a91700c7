"""Metrics of member development: Criterion C06.1 发展党员程序规范.

`ledger.development_compliance_rate`: of the persons admitted as probationary members (支部大会接收
预备党员) in the window, up to as_of, in the org's subtree, the share whose development case has no
violation of its rule set. A person admitted without a case on file is not compliant (the steps are
not proven). `ledger.development_admitted_count` (how many were admitted) lets the checkpoint be not
applicable for an org that admitted nobody in the year (`na_when`), rather than met by vacuity.

Per window: one query for the admitted memberships and one for their cases, for every university in
scope; figures roll up to ancestors by materialized path in Python (never a query per org).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from liuhao.development.checker import Facts, add_months, check
from liuhao.development.models import FACT_FIELDS, DevelopmentCase
from liuhao.development.rules import rule_set
from liuhao.development.selectors import memo_workdays
from liuhao.ledger.metrics.common import Clock, late_days, text
from liuhao.orgs.models import Membership, Organization
from liuhao.orgs.models.tree import PATH_SEGMENT
from liuhao.orgs.workdays import WorkdayCalendar
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

RECORDS = "development.developmentcase"
DATE_FACTS = frozenset(
    f.name
    for f in DevelopmentCase._meta.fields
    if f.name in FACT_FIELDS and f.get_internal_type() == "DateField"
)


class _Days:
    """ISO texts (`text()` columns) → dates, each distinct text parsed once."""

    def __init__(self) -> None:
        self.cache: dict[str, dt.date] = {}

    def __call__(self, value: str | None) -> dt.date | None:
        if value is None:
            return None
        found = self.cache.get(value)
        if found is None:
            found = self.cache[value] = dt.date.fromisoformat(value[:10])
        return found


@dataclass(slots=True)
class _Tally:
    admitted: set[int]  # person ids
    cases: list[int]  # case ids of the admitted with a case
    ok: set[int]  # person ids whose case has no violation
    late: list[int]


def _ancestors(path: str) -> Iterable[str]:
    for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
        yield path[:end]


def _tally(
    ctx: MetricContext, *, with_cases: bool, trailing_year: bool = False
) -> dict[int, _Tally]:
    """Admissions (and, `with_cases`, their cases checked against the rule set) per org path.

    `trailing_year` counts the twelve months up to the window's end (or as_of) instead of the
    window: the engine reads a `na_when` metric over the term, but C06.1 is judged over the year."""
    orgs = dict(Organization.objects.filter(pk__in=ctx.org_ids).values_list("pk", "path"))
    universities = sorted({int(p[:PATH_SEGMENT]) for p in orgs.values()})
    clock = Clock(late_days(ctx))
    day = _Days()
    by_path: dict[str, _Tally] = defaultdict(lambda: _Tally(set(), [], set(), []))
    for window, ids in ctx.windows.items():
        end = min(window.end, ctx.as_of)
        if end < window.start:
            continue
        start = add_months(end, -12) + dt.timedelta(days=1) if trailing_year else window.start
        wanted = {orgs[i] for i in ids if i in orgs}
        admitted = Membership.objects.filter(
            university_id__in=universities, admitted_on__gte=start, admitted_on__lte=end
        ).values_list("person_id", "org__path")
        person_paths: dict[int, set[str]] = defaultdict(set)
        for person_id, path in admitted:
            for ancestor in _ancestors(path):
                if ancestor in wanted:
                    by_path[ancestor].admitted.add(person_id)
                    person_paths[person_id].add(ancestor)
        if not with_cases or not person_paths:
            continue
        rows = list(
            DevelopmentCase.objects.filter(
                university_id__in=universities, admitted_on__gte=window.start, admitted_on__lte=end
            )
            .annotate(
                admitted=text("admitted_on"),
                entered=text("entered_at"),
                birth=text("person__birth_date"),
                **{f"t_{f}": text(f) for f in DATE_FACTS},
            )
            .values_list(
                "pk",
                "person_id",
                "rule_set",
                "birth",
                "contact_1_id",
                "contact_2_id",
                "introducer_1_id",
                "introducer_2_id",
                "admitted",
                "entered",
                *(f"t_{f}" if f in DATE_FACTS else f for f in FACT_FIELDS),
            )
        )
        converters = [day if f in DATE_FACTS else None for f in FACT_FIELDS]
        notices = [
            found
            for r in rows
            for d in r[10 + FACT_FIELDS.index("notice_start") :][:2]
            if (found := day(d)) is not None
        ]
        calendar = (
            WorkdayCalendar.load(min(notices), max(notices)) if notices else WorkdayCalendar()
        )
        is_workday = memo_workdays(calendar)
        rule_sets: dict[str, Any] = {}
        as_of = ctx.as_of
        for row in rows:
            pk, person_id, version, birth, c1, c2, i1, i2, admitted_text, entered = row[:10]
            paths = person_paths.get(person_id)
            if not paths:
                continue
            values: dict[str, Any] = {
                f: (conv(v) if conv is not None else v)
                for f, conv, v in zip(FACT_FIELDS, converters, row[10:], strict=True)
            }
            facts = Facts(
                birth_date=day(birth),
                contacts=(c1 is not None) + (c2 is not None),
                introducers=(i1 is not None) + (i2 is not None),
                **values,
            )
            rules = rule_sets.get(version)
            if rules is None:
                rules = rule_sets[version] = rule_set(version)
            ok = not check(facts, rules, as_of, is_workday)
            late = not clock.within(admitted_text, entered)
            for path in paths:
                tally = by_path[path]
                tally.cases.append(pk)
                if ok:
                    tally.ok.add(person_id)
                if late:
                    tally.late.append(pk)
    empty = _Tally(set(), [], set(), [])
    return {org_id: by_path.get(path, empty) for org_id, path in orgs.items()}


@metric("ledger.development_compliance_rate", label="发展党员程序合规率", unit="%")
def development_compliance_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """C06.1 提高发展党员质量 / 发展党员程序规范: share of the window's admissions (预备党员) whose
    case keeps every rule of its rule set (talk, cultivation, one year as 积极分子, introducers,
    training, 政审, 公示, vote quorum and majority, approvals). None when nobody was admitted."""
    out: dict[int, MetricValue] = {}
    for org_id, t in _tally(ctx, with_cases=True).items():
        total = len(t.admitted)
        ok = len(t.ok & t.admitted)
        out[org_id] = MetricValue(
            value=ok / total if total else None,
            evidence=tuple(sorted(t.cases)),
            records=RECORDS,
            late=tuple(sorted(t.late)),
            detail=(
                ("total", float(total)),
                ("ok", float(ok)),
                ("without_case", float(total - len(set(t.cases)) if total else 0)),
            ),
        )
    return out


@metric("ledger.development_admitted_count", label="近一年接收的预备党员", unit="名")
def development_admitted_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """C06.1: persons admitted as probationary members in the twelve months up to the window's
    end (or as_of), in the org's subtree. The checkpoint is not applicable to an org that admitted
    nobody (`na_when`); twelve months rather than the term, because the engine reads `na_when`
    over the term while C06.1 is judged over the year."""
    return {
        org_id: MetricValue(value=float(len(t.admitted)), records="orgs.membership")
        for org_id, t in _tally(ctx, with_cases=False, trailing_year=True).items()
    }


__all__ = ["development_admitted_count", "development_compliance_rate"]
