"""The governance page of an org: funding by academic year, the committee's term with its reminder
or overdue warning (Criterion C08.2), and the latest records of C08 and C09 (constant queries)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.governance.models.support import add_months
from liuhao.governance.rules import governance_rules
from liuhao.governance.selectors import current_election, record_list
from liuhao.orgs.models import Organization

LATEST = 20


@dataclass(frozen=True, slots=True)
class TermStatus:
    """Where the committee stands on `on`: in_term | due (ends within the reminder months) |
    extended (running on an approved extension) | overdue | none (no election recorded)."""

    status: str
    election: Election | None
    ends_on: dt.date | None
    days_left: int | None

    @property
    def label(self) -> str:
        return {
            "in_term": "在任期内",
            "due": "即将届满，请按期换届",
            "extended": "经批准延期换届",
            "overdue": "已超期未换届",
            "none": "未登记换届选举",
        }[self.status]

    @property
    def warning(self) -> bool:
        return self.status in {"due", "overdue", "none"}


def term_status(election: Election | None, on: dt.date) -> TermStatus:
    """The term status of an org whose latest election (on or before `on`) is `election`."""
    if election is None:
        return TermStatus("none", None, None, None)
    ends = election.ends_on
    approved = election.extension_approved and (election.extension_approved_on or on) <= on
    if not approved:
        ends = election.term_ends_on
    days = (ends - on).days
    if days < 0:
        status = "overdue"
    elif approved and on > election.term_ends_on:
        status = "extended"
    elif on >= add_months(ends, -governance_rules().reminder_months):
        status = "due"
    else:
        status = "in_term"
    return TermStatus(status, election, ends, days)


def academic_year(day: dt.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}—{start + 1}学年"


@dataclass(slots=True)
class GovernanceOverview:
    term: TermStatus
    funding_years: list[tuple[str, Decimal, int]]
    fundings: list[Funding]
    elections: list[Election]
    care: list[CareRecord]
    commendations: list[Commendation]
    reports: list[LeaderReport]
    gradings: list[tuple[OrgGrading, list[tuple[str, int]]]]
    evaluations: list[tuple[MemberEvaluation, list[tuple[str, int]]]]
    spirit: list[SpiritAnalysis]
    extra: dict[str, Any] = field(default_factory=dict)


def _counts(model: Any, link: str, value: str, parents: list[Any], order: tuple[str, ...]) -> Any:
    per: dict[int, Counter[str]] = defaultdict(Counter)
    for parent_id, v in model.objects.filter(**{f"{link}__in": parents}).values_list(
        f"{link}_id", value
    ):
        per[parent_id][v] += 1
    return [(p, [(o, per[p.pk][o]) for o in order if per[p.pk][o]]) for p in parents]


def org_governance_overview(actor: Any, org: Organization, today: dt.date) -> GovernanceOverview:
    """Everything the governance page shows, read inside the actor's scope."""
    rules = governance_rules()
    fundings = list(record_list(actor, Funding, org).order_by("-allocated_on", "-id"))
    years: dict[str, list[Funding]] = defaultdict(list)
    for f in fundings:
        years[academic_year(f.allocated_on)].append(f)
    funding_years = [
        (label, sum((f.amount for f in rows), Decimal(0)), len(rows))
        for label, rows in sorted(years.items(), reverse=True)
    ]
    gradings = list(record_list(actor, OrgGrading, org).order_by("-year", "-id")[:LATEST])
    evaluations = list(record_list(actor, MemberEvaluation, org).order_by("-year", "-id")[:LATEST])
    return GovernanceOverview(
        term=term_status(current_election(org, today), today),
        funding_years=funding_years,
        fundings=fundings[:LATEST],
        elections=list(record_list(actor, Election, org).order_by("-elected_on", "-id")[:LATEST]),
        care=list(
            record_list(actor, CareRecord, org)
            .select_related("person")
            .order_by("-cared_on", "-id")[:LATEST]
        ),
        commendations=list(
            record_list(actor, Commendation, org)
            .select_related("person")
            .order_by("-awarded_on", "-id")[:LATEST]
        ),
        reports=list(
            record_list(actor, LeaderReport, org)
            .select_related("reporter")
            .order_by("-reported_on", "-id")[:LATEST]
        ),
        gradings=_counts(OrgGrade, "grading", "band", gradings, rules.org_bands),
        evaluations=_counts(MemberGrade, "evaluation", "grade", evaluations, rules.member_grades),
        spirit=list(
            record_list(actor, SpiritAnalysis, org)
            .select_related("person")
            .order_by("-analyzed_on", "-id")[:LATEST]
        ),
    )
