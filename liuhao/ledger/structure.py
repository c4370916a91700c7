"""The structure compliance report (基层党组织设置情况): Criterion C13 (基层党组织服务全覆盖) and
C04.1 (配齐配强党务工作力量), read from the org tree, memberships and positions of `liuhao.orgs`.

For an org (a university or college committee, a general branch or a branch) and its subtree: every
active branch with its full and probationary members, committee size, type and the rules it breaks
(fewer than `branch_min_full_members` full members; `committee_required_full_members` or more
without a committee; above the size cap of its type; no secretary), the members who are not in
exactly one branch, and the branches in new forms (research or project team, dorm community). Four
grouped queries whatever the size of the subtree; thresholds from orgs/data/structure-rules.yaml.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from openpyxl import Workbook

from liuhao.orgs.choices import LEADERSHIP_KINDS, BranchType, MembershipStage, OrgKind, PositionKind
from liuhao.orgs.models import Membership, Organization, Position, subtree_q
from liuhao.orgs.rules import structure_rules

MEMBER_STAGES = (MembershipStage.FULL, MembershipStage.PROBATIONARY)
NEW_FORM_TYPES = frozenset({"research_team", "project_team", "dorm_community"})


@dataclass(slots=True)
class BranchRow:
    id: int
    name: str
    parent: str
    branch_type: str
    type_label: str
    full: int = 0
    members: int = 0
    committee: int = 0
    secretary: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return not self.problems

    @property
    def new_form(self) -> bool:
        return self.branch_type in NEW_FORM_TYPES


@dataclass(slots=True)
class StructureReport:
    org: Organization
    as_of: dt.date
    branches: list[BranchRow]
    multi_branch: int  # members with more than one open membership in the subtree
    outside_branch: int  # members whose membership is not held in a branch

    @property
    def compliant(self) -> int:
        return sum(1 for b in self.branches if b.compliant)

    @property
    def share(self) -> float | None:
        return self.compliant / len(self.branches) if self.branches else None

    @property
    def new_forms(self) -> list[BranchRow]:
        return [b for b in self.branches if b.new_form]

    def count(self, problem_prefix: str) -> int:
        return sum(
            1 for b in self.branches if any(p.startswith(problem_prefix) for p in b.problems)
        )

    @property
    def count_small(self) -> int:
        return self.count("正式党员不足")

    @property
    def count_committee(self) -> int:
        return self.count("正式党员 ")

    @property
    def count_large(self) -> int:
        return self.count("党员超过")


def structure_report(org: Organization, as_of: dt.date) -> StructureReport:
    """The report of `org`'s subtree on `as_of` (the caller has checked the org is in scope)."""
    rules = structure_rules()
    orgs = {
        pk: (name, kind, bt, parent_id)
        for pk, name, kind, bt, parent_id in Organization.objects.filter(subtree_q(org.path))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=as_of))
        .values_list("pk", "name", "kind", "branch_type", "parent_id")
    }
    types = dict(BranchType.choices)
    rows = {
        pk: BranchRow(
            pk, name, orgs.get(parent, ("",))[0] if parent else "", bt or "", types.get(bt, "")
        )
        for pk, (name, kind, bt, parent) in orgs.items()
        if kind == OrgKind.BRANCH
    }
    memberships = (
        Membership.objects.filter(subtree_q(org.path, "org__path"), stage__in=MEMBER_STAGES)
        .active_on(as_of)
        .order_by()
    )
    for org_id, full, total in (
        memberships.values("org_id")
        .annotate(
            full=Count("id", filter=Q(stage=MembershipStage.FULL)),
            total=Count("id"),
        )
        .values_list("org_id", "full", "total")
    ):
        if org_id in rows:
            rows[org_id].full, rows[org_id].members = full, total
    outside = sum(
        n
        for org_id, n in memberships.values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
        if org_id not in rows and orgs.get(org_id, ("", ""))[1] != OrgKind.GROUP
    )
    multi = memberships.values("person_id").annotate(n=Count("id")).filter(n__gt=1).count()
    for org_id, kind in (
        Position.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=as_of),
            subtree_q(org.path, "org__path"),
            started_on__lte=as_of,
            kind__in=LEADERSHIP_KINDS,
        )
        .order_by()
        .values_list("org_id", "kind")
    ):
        row = rows.get(org_id)
        if row is not None:
            row.committee += 1
            row.secretary = row.secretary or kind == PositionKind.SECRETARY
    for row in rows.values():
        cap = (
            rules.teacher_branch_max_members
            if row.branch_type == BranchType.TEACHER
            else rules.branch_max_members
        )
        if row.full < rules.branch_min_full_members:
            row.problems.append(f"正式党员不足 {rules.branch_min_full_members} 名")
        if (
            row.full >= rules.committee_required_full_members
            and row.committee < rules.committee_min_size
        ):
            row.problems.append(
                f"正式党员 {rules.committee_required_full_members} 名以上未设支委会"
            )
        if row.members > cap:
            row.problems.append(f"党员超过 {cap} 名")
        if not row.secretary:
            row.problems.append("未配备书记")
    ordered = sorted(rows.values(), key=lambda r: (r.compliant, r.parent, r.name))
    return StructureReport(org, as_of, ordered, multi, outside)


def structure_workbook(report: StructureReport) -> bytes:
    """The report as .xlsx: one sheet of branches, one summary sheet."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("概况")
    summary.append(["党组织", report.org.name])
    summary.append(["统计日期", report.as_of])
    summary.append(["党支部数", len(report.branches)])
    summary.append(["设置规范的党支部", report.compliant])
    summary.append(["正式党员不足的党支部", report.count("正式党员不足")])
    summary.append(["应设未设支委会的党支部", report.count("正式党员 ")])
    summary.append(["超过规模的党支部", report.count("党员超过")])
    summary.append(["未配备书记的党支部", report.count("未配备书记")])
    summary.append(["新形式党支部", len(report.new_forms)])
    summary.append(["隶属多个党支部的党员", report.multi_branch])
    summary.append(["未编入党支部的党员", report.outside_branch])
    sheet = workbook.create_sheet("党支部")
    sheet.append(
        ["党支部", "上级组织", "类型", "新形式", "正式党员", "党员（含预备）", "班子人数", "问题"]
    )
    for row in report.branches:
        sheet.append(
            [
                row.name,
                row.parent,
                row.type_label,
                "是" if row.new_form else "",
                row.full,
                row.members,
                row.committee,
                "；".join(row.problems) or "规范",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
