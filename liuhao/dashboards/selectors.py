"""Reads behind the home page: one section per role the actor holds (issue 2 item 7).

Everything is set-based: counts come from grouped queries over the scope (one query per kind of count,
never one per org), so the province overview costs the same for 1 or 150 universities. No league
tables, points or check-ins (DESIGN §8, 减负).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from liuhao.core.roles import Role
from liuhao.orgs.choices import MembershipStage, OrgKind, PositionKind
from liuhao.orgs.models import Membership, Organization, Person, Position, subtree_q
from liuhao.orgs.models.tree import PATH_SEGMENT
from liuhao.orgs.rules import structure_rules
from liuhao.orgs.selectors.orgs import (
    OrgStats,
    StructuralWarning,
    org_children,
    org_stats,
    org_structural_warnings,
)
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.workdays import WorkdayCalendar

BRANCH_ISSUES_SHOWN = 20


@dataclass(frozen=True, slots=True)
class UniversityRow:
    org: Organization
    orgs: int
    branches: int
    full_members: int


@dataclass(frozen=True, slots=True)
class ChildRow:
    org: Organization
    branches: int
    full_members: int


@dataclass(frozen=True, slots=True)
class BranchIssue:
    org: Organization
    full_members: int
    issues: list[str]


@dataclass(frozen=True, slots=True)
class OrgSummary:
    """One org of the actor with its counts, warnings and the branches below it that need care."""

    org: Organization
    roles: list[str]
    stats: OrgStats
    warnings: list[StructuralWarning]
    children: list[ChildRow] = field(default_factory=list)
    branch_issues: list[BranchIssue] = field(default_factory=list)
    branch_issue_total: int = 0


@dataclass(frozen=True, slots=True)
class MemberSection:
    person: Person | None
    membership: Membership | None


@dataclass(slots=True)
class HomeSections:
    """What the home page shows; a section is empty when the actor lacks the role."""

    universities: list[UniversityRow] | None = None
    university_orgs: list[OrgSummary] = field(default_factory=list)
    managed_orgs: list[OrgSummary] = field(default_factory=list)
    member: MemberSection | None = None
    reviewed_orgs: list[Organization] = field(default_factory=list)
    next_year: int = 0
    next_year_known: bool = True
    show_calendar: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.universities is not None
            or self.university_orgs
            or self.managed_orgs
            or self.member
            or self.reviewed_orgs
        )


def university_overview() -> list[UniversityRow]:
    """Every university with its active org count, branch count and full members: three queries."""
    universities = list(
        Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).order_by("name_pinyin")
    )
    org_counts = {
        r["university_id"]: r
        for r in Organization.objects.filter(dissolved_on__isnull=True)
        .values("university_id")
        .annotate(n=Count("id"), branches=Count("id", filter=Q(kind=OrgKind.BRANCH)))
        .order_by()
    }
    full = dict(
        Membership.objects.filter(stage=MembershipStage.FULL, ended_on__isnull=True)
        .values("university_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("university_id", "n")
    )
    return [
        UniversityRow(
            org=u,
            orgs=org_counts.get(u.pk, {}).get("n", 0),
            branches=org_counts.get(u.pk, {}).get("branches", 0),
            full_members=full.get(u.pk, 0),
        )
        for u in universities
    ]


def child_counts(actor: Any, org: Organization) -> list[ChildRow]:
    """Direct children of `org` with branches and full members in each child's subtree.

    Children share one path length, so grouping descendants by that path prefix counts every
    child's subtree in one query (three queries in all).
    """
    children = list(org_children(actor, org))
    width = len(org.path) + PATH_SEGMENT
    branches = dict(
        Organization.objects.filter(
            subtree_q(org.path), kind=OrgKind.BRANCH, dissolved_on__isnull=True
        )
        .annotate(prefix=Substr("path", 1, width))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("prefix", "n")
    )
    full = dict(
        Membership.objects.filter(
            subtree_q(org.path, "org__path"), stage=MembershipStage.FULL, ended_on__isnull=True
        )
        .annotate(prefix=Substr("org__path", 1, width))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("prefix", "n")
    )
    return [
        ChildRow(org=c, branches=branches.get(c.path, 0), full_members=full.get(c.path, 0))
        for c in children
    ]


def branch_issues(org: Organization, as_of: dt.date) -> tuple[list[BranchIssue], int]:
    """Active branches in the subtree that are too small or lack a secretary (C13.1, C04.1).

    Thresholds come from structure-rules.yaml. Three queries whatever the number of branches;
    returns the first few issues and the total count.
    """
    rules = structure_rules()
    branches = list(
        Organization.objects.filter(
            subtree_q(org.path), kind=OrgKind.BRANCH, dissolved_on__isnull=True
        )
        .only("pk", "name", "code", "path", "kind", "branch_type")
        .order_by("path")
    )
    if not branches:
        return [], 0
    full = dict(
        Membership.objects.filter(
            subtree_q(org.path, "org__path"), stage=MembershipStage.FULL, ended_on__isnull=True
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("org_id", "n")
    )
    with_secretary = set(
        Position.objects.filter(
            subtree_q(org.path, "org__path"), kind=PositionKind.SECRETARY, started_on__lte=as_of
        )
        .active_on(as_of)
        .values_list("org_id", flat=True)
    )
    out = []
    for branch in branches:
        n = full.get(branch.pk, 0)
        issues = []
        if n < rules.branch_min_full_members:
            issues.append(f"正式党员 {n} 名，少于 {rules.branch_min_full_members} 名")
        if branch.pk not in with_secretary:
            issues.append("未配备书记")
        if issues:
            out.append(BranchIssue(org=branch, full_members=n, issues=issues))
    return out[:BRANCH_ISSUES_SHOWN], len(out)


def _summary(
    actor: Any, org: Organization, roles: list[str], as_of: dt.date, *, children: bool
) -> OrgSummary:
    stats = org_stats(org)
    issues, total = branch_issues(org, as_of) if org.kind != OrgKind.BRANCH else ([], 0)
    return OrgSummary(
        org=org,
        roles=roles,
        stats=stats,
        warnings=org_structural_warnings(org, stats, as_of),
        children=child_counts(actor, org) if children else [],
        branch_issues=issues,
        branch_issue_total=total,
    )


def home_sections(actor: Any, today: dt.date) -> HomeSections:
    """The home page of `actor`: one section per role held (several roles → several sections).

    Province admin: universities with counts. University admin: the university's summary, its
    top-level orgs and the calendar status. Secretary / committee member: their orgs with structural
    warnings. Party member: own record. Reviewer: the orgs assigned. Queries are bounded by the
    number of role assignments (a handful), never by the size of the tree.
    """
    scope = scope_for(actor)
    sections = HomeSections(next_year=today.year + 1)
    grant_orgs = {
        o.pk: o
        for o in Organization.objects.filter(pk__in={g.org_id for g in scope.grants if g.org_id})
    }
    roles_by_org: dict[int, list[str]] = {}
    for grant in scope.grants:
        if grant.org_id:
            roles_by_org.setdefault(grant.org_id, []).append(Role(grant.role).label)

    if scope.is_province:
        sections.universities = university_overview()
        sections.show_calendar = True
    admin_ids = [g.org_id for g in scope.grants if g.role == Role.UNIVERSITY_ADMIN and g.org_id]
    for org_id in dict.fromkeys(admin_ids):
        org = grant_orgs[org_id]
        sections.university_orgs.append(
            _summary(actor, org, roles_by_org[org_id], today, children=True)
        )
        sections.show_calendar = True
    managing = {Role.ORG_SECRETARY, Role.COMMITTEE_MEMBER}
    managed_ids = [g.org_id for g in scope.grants if g.role in managing and g.org_id]
    for org_id in dict.fromkeys(managed_ids):
        if org_id in admin_ids:
            continue
        org = grant_orgs[org_id]
        sections.managed_orgs.append(
            _summary(actor, org, roles_by_org[org_id], today, children=False)
        )
    if Role.PARTY_MEMBER in scope.roles or scope.person_id:
        person = (
            Person.objects.filter(pk=scope.person_id).select_related("unit").first()
            if scope.person_id
            else None
        )
        membership = (
            Membership.objects.filter(person_id=scope.person_id, ended_on__isnull=True)
            .select_related("org")
            .first()
            if scope.person_id
            else None
        )
        sections.member = MemberSection(person=person, membership=membership)
    reviewer_ids = [g.org_id for g in scope.grants if g.role == Role.REVIEWER and g.org_id]
    sections.reviewed_orgs = [grant_orgs[i] for i in dict.fromkeys(reviewer_ids)]
    if sections.show_calendar:
        year = sections.next_year
        workdays = WorkdayCalendar.load(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        sections.next_year_known = workdays.year_is_known(year)
    return sections
