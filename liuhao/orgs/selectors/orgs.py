"""Reads about orgs: lookup, children, search, stats, leadership, members, structural warnings.

Every function takes the actor and returns only what is in the actor's scope. Counts are grouped
queries over the subtree, so an org page costs a constant number of queries at any scale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from liuhao.core.roles import Capability
from liuhao.orgs.choices import (
    LEADERSHIP_KINDS,
    BranchType,
    MembershipStage,
    OrgKind,
    PersonCategory,
    PositionKind,
)
from liuhao.orgs.models import Membership, Organization, Position, subtree_q
from liuhao.orgs.rules import structure_rules
from liuhao.orgs.selectors.scope import get_visible_or_404, orgs_covering, scope_for, visible_orgs


def org_get(actor: Any, pk: int | str) -> Organization:
    """One org inside the actor's scope, else NotFound (404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = -1
    return get_visible_or_404(visible_orgs(actor).select_related("parent", "university"), pk=pk)  # type: ignore[no-any-return]


def org_get_by_code(actor: Any, code: str) -> Organization:
    return get_visible_or_404(visible_orgs(actor), code=code)  # type: ignore[no-any-return]


def org_breadcrumbs(actor: Any, org: Organization) -> list[Organization]:
    """Ancestors of `org` the actor may see, root first (one query)."""
    scope = scope_for(actor)
    paths = orgs_covering([org.path])
    return [
        o
        for o in Organization.objects.filter(path__in=paths).order_by("path")
        if scope.covers(o.path)
    ]


def org_roots(actor: Any) -> QuerySet[Organization]:
    """The top orgs of the actor's scope: all universities for the province, else the granted orgs."""
    scope = scope_for(actor)
    if scope.is_province:
        return Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).order_by(
            "name_pinyin"
        )
    ids = {g.org_id for g in scope.grants if g.org_id}
    granted = Organization.objects.filter(pk__in=ids)
    # Drop grants nested inside another grant of the same actor.
    paths = sorted(o.path for o in granted)
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return Organization.objects.filter(path__in=tops).order_by("path")


def org_children(
    actor: Any, org: Organization, include_dissolved: bool = False
) -> QuerySet[Organization]:
    qs = visible_orgs(actor).filter(parent=org)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return qs.order_by("kind", "name_pinyin")


def org_search(actor: Any, query: str, limit: int = 30) -> list[Organization]:
    """Search orgs by name, full pinyin or initials ("jsj" finds 计算机学院), within scope."""
    query = (query or "").strip()
    if not query:
        return []
    lowered = query.lower().replace(" ", "")
    match = Q(name__icontains=query) | Q(code__iexact=query)
    if lowered.isascii():
        match |= Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
        match |= Q(name_pinyin__contains=lowered) | Q(name_initials__contains=lowered)
    qs = visible_orgs(actor).filter(match).select_related("parent").order_by("depth", "name_pinyin")
    return list(qs[:limit])


@dataclass(frozen=True, slots=True)
class OrgStats:
    """Counts over an org's subtree (open memberships only). Only full members count for thresholds."""

    by_stage: dict[str, int]
    by_category: dict[str, int]
    full_members: int
    all_members: int
    sub_orgs_by_kind: dict[str, int]
    branches_by_type: dict[str, int]

    def stage_rows(self) -> list[tuple[str, int]]:
        return [(label, self.by_stage.get(value, 0)) for value, label in MembershipStage.choices]

    def category_rows(self) -> list[tuple[str, int]]:
        return [(label, self.by_category.get(value, 0)) for value, label in PersonCategory.choices]

    def kind_rows(self) -> list[tuple[str, int]]:
        return [
            (label, self.sub_orgs_by_kind[value])
            for value, label in OrgKind.choices
            if self.sub_orgs_by_kind.get(value)
        ]

    def branch_type_rows(self) -> list[tuple[str, int]]:
        return [
            (label, self.branches_by_type[value])
            for value, label in BranchType.choices
            if self.branches_by_type.get(value)
        ]


def org_stats(org: Organization) -> OrgStats:
    """Counts by stage, by person category and by sub-org kind for the subtree: three grouped queries."""
    members = Membership.objects.filter(subtree_q(org.path, "org__path"), ended_on__isnull=True)
    by_stage = {
        r["stage"]: r["n"] for r in members.values("stage").annotate(n=Count("id")).order_by()
    }
    by_category = {
        r["person__category"]: r["n"]
        for r in members.filter(stage__in=[MembershipStage.PROBATIONARY, MembershipStage.FULL])
        .values("person__category")
        .annotate(n=Count("id"))
        .order_by()
    }
    sub = (
        Organization.objects.filter(subtree_q(org.path), dissolved_on__isnull=True)
        .exclude(pk=org.pk)
        .values("kind", "branch_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    kinds: dict[str, int] = {}
    types: dict[str, int] = {}
    for row in sub:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
        if row["branch_type"]:
            types[row["branch_type"]] = types.get(row["branch_type"], 0) + row["n"]
    return OrgStats(
        by_stage=by_stage,
        by_category=by_category,
        full_members=by_stage.get(MembershipStage.FULL, 0),
        all_members=by_stage.get(MembershipStage.FULL, 0)
        + by_stage.get(MembershipStage.PROBATIONARY, 0),
        sub_orgs_by_kind=kinds,
        branches_by_type=types,
    )


def org_leadership(org: Organization, as_of: dt.date) -> list[Position]:
    """The leadership team (班子) on `as_of`: secretary, deputies, committee members in that order."""
    order = {
        PositionKind.SECRETARY: 0,
        PositionKind.DEPUTY_SECRETARY: 1,
        PositionKind.COMMITTEE_MEMBER: 2,
    }
    rows = list(
        Position.objects.filter(org=org, kind__in=LEADERSHIP_KINDS, started_on__lte=as_of)
        .active_on(as_of)
        .select_related("person")
    )
    return sorted(rows, key=lambda p: (order[p.kind], p.started_on, p.pk))


def org_positions(org: Organization, as_of: dt.date) -> list[Position]:
    """Non-leadership posts on `as_of`: party-affairs workers, representatives, group leaders."""
    return list(
        Position.objects.filter(org=org, started_on__lte=as_of)
        .exclude(kind__in=LEADERSHIP_KINDS)
        .active_on(as_of)
        .select_related("person")
        .order_by("kind", "started_on")
    )


def org_member_list(
    actor: Any,
    org: Organization,
    *,
    stage: str | None = None,
    query: str = "",
    subtree: bool = True,
) -> QuerySet[Membership]:
    """Open memberships in the org (or its subtree) as a lazily-paged queryset.

    Ordered by org path then person number, which the (org, stage) index serves; callers take a page.
    """
    scope = scope_for(actor)
    if not scope.can(Capability.VIEW_PEOPLE, org):
        return Membership.objects.none()
    qs = Membership.objects.filter(ended_on__isnull=True)
    qs = qs.filter(subtree_q(org.path, "org__path")) if subtree else qs.filter(org=org)
    if stage:
        qs = qs.filter(stage=stage)
    query = (query or "").strip()
    if query:
        q = Q(person__name__contains=query) | Q(person__number=query)
        if query.isascii():
            q |= Q(person__name_pinyin__startswith=query.lower()) | Q(
                person__name_initials__startswith=query.lower()
            )
        qs = qs.filter(q)
    return qs.select_related("person", "org").order_by("org__path", "person__number", "pk")


@dataclass(frozen=True, slots=True)
class StructuralWarning:
    code: str
    message: str


def org_structural_warnings(
    org: Organization, stats: OrgStats, as_of: dt.date
) -> list[StructuralWarning]:
    """Warnings from the structural rules (DOMAIN-RULES §7 rules 7–9; Criterion C13.1, C04.1).

    The thresholds come from orgs/data/structure-rules.yaml. One extra query (committee size) for
    branches; numbers are the subtree's open memberships.
    """
    rules = structure_rules()
    out: list[StructuralWarning] = []
    if not org.is_active:
        return out
    if org.kind == OrgKind.BRANCH:
        full = stats.full_members
        total = stats.all_members
        if full < rules.branch_min_full_members:
            out.append(
                StructuralWarning(
                    "branch_too_small",
                    f"正式党员 {full} 名，少于 {rules.branch_min_full_members} 名：应与邻近单位组建联合党支部",
                )
            )
        cap = (
            rules.teacher_branch_max_members
            if org.branch_type == BranchType.TEACHER
            else rules.branch_max_members
        )
        if total > cap:
            out.append(
                StructuralWarning(
                    "branch_too_large", f"党员 {total} 名，超过 {cap} 名：宜分设党支部"
                )
            )
        leaders = org_leadership(org, as_of)
        committee = [
            p
            for p in leaders
            if p.kind
            in (
                PositionKind.SECRETARY,
                PositionKind.DEPUTY_SECRETARY,
                PositionKind.COMMITTEE_MEMBER,
            )
        ]
        if not any(p.kind == PositionKind.SECRETARY for p in leaders):
            out.append(StructuralWarning("no_secretary", "未配备党支部书记"))
        if (
            full >= rules.committee_required_full_members
            and len(committee) < rules.committee_min_size
        ):
            out.append(
                StructuralWarning(
                    "committee_missing",
                    f"正式党员 {full} 名（≥{rules.committee_required_full_members}），应设立支部委员会，"
                    f"委员不少于 {rules.committee_min_size} 名，现有 {len(committee)} 名",
                )
            )
        if len(committee) > rules.committee_max_size:
            out.append(
                StructuralWarning(
                    "committee_too_large",
                    f"支部委员 {len(committee)} 名，超过 {rules.committee_max_size} 名",
                )
            )
        if org.branch_type == BranchType.JOINT and org.unit_count > rules.joint_branch_max_units:
            out.append(
                StructuralWarning(
                    "joint_too_wide",
                    f"联合党支部覆盖 {org.unit_count} 个单位，超过 {rules.joint_branch_max_units} 个",
                )
            )
    elif org.kind in (
        OrgKind.COLLEGE_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.UNIVERSITY_COMMITTEE,
    ):
        if not org_leadership(org, as_of):
            out.append(StructuralWarning("no_leadership", "未登记领导班子成员"))
        if (
            stats.sub_orgs_by_kind.get(OrgKind.BRANCH, 0) == 0
            and org.kind != OrgKind.UNIVERSITY_COMMITTEE
        ):
            out.append(StructuralWarning("no_branches", "下设党支部数为 0"))
    return out
