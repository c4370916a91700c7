"""Generator "orgs.tree": the org rows of one university (and its academic calendar) from the plan.

Ids are allocated up front, so each row's materialized path (8-digit segments, as
`orgs.services.tree` builds them) is computed without reading anything back.
"""

from __future__ import annotations

import datetime as dt

from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import AcademicCalendar, Organization, path_segment
from liuhao.orgs.pinyin import pinyin_keys
from liuhao.orgs.seeding.catalog import ordinal
from liuhao.orgs.seeding.registry import UniversityContext, register

ORG_COLUMNS = (
    "id",
    "university_id",
    "parent_id",
    "code",
    "name",
    "kind",
    "branch_type",
    "path",
    "depth",
    "name_pinyin",
    "name_initials",
    "unit_count",
    "established_on",
    "dissolved_on",
    "dissolve_reason",
)
CALENDAR_COLUMNS = (
    "id",
    "university_id",
    "term1_start_month",
    "term1_start_day",
    "term2_start_month",
    "term2_start_day",
)


@register("orgs.tree", models=(Organization, AcademicCalendar), order=0)
def generate_tree(ctx: UniversityContext) -> None:
    """Write the university committee, college-level orgs, general branches, branches and groups."""
    plan = ctx.plan
    orgs = ctx.writer.table(Organization, ORG_COLUMNS)
    day = ctx.writer.date

    def add(
        code: str,
        name: str,
        kind: str,
        parent: str | None,
        established: dt.date,
        *,
        branch_type: str = "",
        unit_count: int = 1,
        dissolved: dt.date | None = None,
    ) -> None:
        pk = ctx.ids.take(Organization)
        path = (ctx.org_paths[parent] if parent else "") + path_segment(pk)
        ctx.org_ids[code] = pk
        ctx.org_paths[code] = path
        university_id = ctx.org_ids[plan.code]
        pinyin, initials = pinyin_keys(name)
        orgs.append(
            (
                pk,
                university_id,
                ctx.org_ids[parent] if parent else None,
                code,
                name,
                kind,
                branch_type,
                path,
                len(path) // len(path_segment(pk)) - 1,
                pinyin,
                initials,
                unit_count,
                day(established.toordinal()),
                day(dissolved.toordinal()) if dissolved else None,
                "该年级学生毕业离校，支部撤销" if dissolved else "",
            )
        )

    add(plan.code, plan.name, OrgKind.UNIVERSITY_COMMITTEE, None, plan.established_on)
    ctx.writer.table(AcademicCalendar, CALENDAR_COLUMNS).append(
        (ctx.ids.take(AcademicCalendar), ctx.university_id, 9, 1, 2, 15)
    )
    for unit in plan.units:
        add(unit.code, unit.name, unit.kind, plan.code, unit.established_on)
        for general in unit.generals:
            add(
                general.code,
                general.name,
                OrgKind.GENERAL_BRANCH,
                unit.code,
                general.established_on,
            )
        for branch in unit.branches:
            add(
                branch.code,
                branch.name,
                OrgKind.BRANCH,
                branch.general or unit.code,
                branch.established_on,
                branch_type=branch.branch_type,
                unit_count=branch.unit_count,
                dissolved=branch.dissolved_on,
            )
            for g in range(1, branch.groups + 1):
                add(
                    f"{branch.code}-G{g:02d}",
                    f"{branch.name}第{ordinal(g)}党小组",
                    OrgKind.GROUP,
                    branch.code,
                    branch.established_on,
                )
    ctx.summary["orgs"] = len(ctx.org_ids)
