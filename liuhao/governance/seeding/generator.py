"""Generator "governance": two academic years (the one containing today and the one before) of
funding, care records, commendations, the secretary's rated annual report, 分类定级 of sub-orgs and
民主评议党员 (with 党性分析), plus the committee elections, for every college-level org, general
branch and active branch of one university (criteria C08 and C09).

Rates: most orgs keep every rule; about `MISS_SHARE` of (org, year) pairs miss one of funding,
care, commendation or the report; about `LAX_COLLEGE_SHARE` of colleges leave the 民主评议 of some
branches or their 分类定级 undone. Elections: most orgs are within their term (some of them within
six months of its end, so the reminder shows), about `OVERDUE_SHARE` are overdue and about
`EXTENDED_SHARE` run on an approved extension. Year-end work (report, 定级, 评议) falls in December
or January, so in the running year it is mostly still ahead. Grades honour the 1/3 cap on 优秀.
Every draw comes from the university's "governance" random stream; rows go through the bulk writer.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from liuhao.governance.choices import CareKind, CommendationKind, CommendationLevel, FundingSource
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
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import chooser, randint

RECORD = ("id", "org_id", "university_id", "entered_at", "entered_by_id")
FUNDING_COLUMNS = (*RECORD, "allocated_on", "amount", "source", "purpose")
ELECTION_COLUMNS = (
    *RECORD,
    "elected_on",
    "term_years",
    "members_elected",
    "extended_until",
    "extension_approved_on",
    "extension_approved_by",
    "note",
)
CARE_COLUMNS = (*RECORD, "cared_on", "kind", "person_id", "amount", "from_care_fund", "summary")
COMMENDATION_COLUMNS = (*RECORD, "awarded_on", "kind", "level", "title", "person_id", "summary")
REPORT_COLUMNS = (
    *RECORD,
    "reported_on",
    "reporter_id",
    "members_entitled",
    "raters",
    "ratings",
    "summary",
)
GRADING_COLUMNS = (*RECORD, "year", "graded_on", "note")
GRADE_COLUMNS = ("id", "grading_id", "sub_org_id", "band")
EVALUATION_COLUMNS = (
    *RECORD,
    "year",
    "self_review_on",
    "peer_review_on",
    "rating_on",
    "decided_on",
    "note",
)
MEMBER_GRADE_COLUMNS = ("id", "evaluation_id", "person_id", "grade")
SPIRIT_COLUMNS = (*RECORD, "analyzed_on", "person_id", "summary")

YEARS = 2
MISS_SHARE = 0.12  # (org, year) pairs that miss one of funding, care, commendation, report
YEARLY_RULES = ("funding", "care", "commendation", "report")
LAX_COLLEGE_SHARE = 0.12  # colleges leaving some 评议 or their 定级 undone in a year
OVERDUE_SHARE = 0.05
EXTENDED_SHARE = 0.03
EARLY_YEAR_END = 0.25  # running year: share of orgs that already did the year-end work

FUNDING_SOURCES = tuple(str(v) for v in FundingSource.values)
CARE_KINDS = tuple(str(v) for v in CareKind.values)
LEVELS = tuple(str(v) for v in CommendationLevel.values[:3])
CARE_TEXTS: dict[str, tuple[str, ...]] = {
    CareKind.VISIT: ("走访慰问生病党员", "春节走访慰问老党员", "慰问困难党员家庭"),
    CareKind.HARDSHIP: ("帮扶家庭经济困难学生党员", "协调解决党员实际困难"),
    CareKind.CARE_FUND: ("党员关爱基金资助大病党员", "关爱基金资助受灾党员"),
    CareKind.POLITICAL: ("为党员过政治生日", "为老党员颁发“光荣在党50年”纪念章"),
    CareKind.OTHER: ("组织党员心理健康讲座",),
}
COMMENDATION_TITLES: dict[str, str] = {
    CommendationKind.ORG: "先进基层党组织",
    CommendationKind.MEMBER: "优秀共产党员",
    CommendationKind.WORKER: "优秀党务工作者",
    CommendationKind.CASE: "服务师生典型案例",
}


COMMENDATION_KINDS = tuple(COMMENDATION_TITLES)


@dataclass(slots=True)
class SeedOrg:
    id: int
    kind: str
    established: int  # ordinal
    college: int  # id of its college-level org
    members: list[int]
    leaders: list[int]
    subs: list[int]  # direct sub-orgs (graded by 分类定级)


@register(
    "governance",
    models=(
        Funding,
        Election,
        CareRecord,
        Commendation,
        LeaderReport,
        OrgGrading,
        OrgGrade,
        MemberEvaluation,
        MemberGrade,
        SpiritAnalysis,
    ),
    order=110,
)
def generate_governance(ctx: UniversityContext) -> None:
    """Write the governance records of one university."""
    _Governance(ctx).run()


def year_starts(today: dt.date, count: int = YEARS) -> list[dt.date]:
    """1 September of the academic year containing `today` and of the `count - 1` years before."""
    first = today.year if today.month >= 9 else today.year - 1
    return [dt.date(first - n, 9, 1) for n in range(count)]


class _Governance:
    def __init__(self, ctx: UniversityContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("governance")
        self.choice = chooser(self.rng)
        self.rules = governance_rules()
        self.today = ctx.today.toordinal()
        self.day = ctx.writer.date
        self.uid = ctx.university_id
        self.moments = ctx.writer.moments
        w = ctx.writer
        self.t = {
            "funding": w.table(Funding, FUNDING_COLUMNS),
            "election": w.table(Election, ELECTION_COLUMNS),
            "care": w.table(CareRecord, CARE_COLUMNS),
            "commendation": w.table(Commendation, COMMENDATION_COLUMNS),
            "report": w.table(LeaderReport, REPORT_COLUMNS),
            "grading": w.table(OrgGrading, GRADING_COLUMNS),
            "grade": w.table(OrgGrade, GRADE_COLUMNS),
            "evaluation": w.table(MemberEvaluation, EVALUATION_COLUMNS),
            "member_grade": w.table(MemberGrade, MEMBER_GRADE_COLUMNS),
            "spirit": w.table(SpiritAnalysis, SPIRIT_COLUMNS),
        }
        self.counts = dict.fromkeys(self.t, 0)
        self.terms = {kind: self.rules.terms_for(kind) for kind in self.rules.term_years}

    def run(self) -> None:
        # Orgs and persons were flushed by the ledger generator before (parents first).
        orgs = self.orgs()
        for org in orgs:
            self.elections(org)
        for start in year_starts(self.ctx.today):
            lax_colleges = {
                o.id
                for o in orgs
                if o.kind != "branch" and o.id == o.college
                if self.rng.random() < LAX_COLLEGE_SHARE
            }
            for org in orgs:
                self.year(org, start, org.college in lax_colleges)
        # children after their parents
        for parent, child in (("grading", "grade"), ("evaluation", "member_grade")):
            self.ctx.writer.flush_table(self.t[parent])
            self.ctx.writer.flush_table(self.t[child])
        self.ctx.summary.update({f"governance_{k}": n for k, n in self.counts.items()})

    def orgs(self) -> list[SeedOrg]:
        ids, leaders, members = self.ctx.org_ids, self.ctx.leaders, self.ctx.branch_members
        out: list[SeedOrg] = []
        for unit in self.ctx.plan.units:
            college = ids[unit.code]
            unit_org = SeedOrg(
                college,
                unit.kind,
                unit.established_on.toordinal(),
                college,
                [],
                [p for p, _ in leaders.get(college, [])],
                [],
            )
            out.append(unit_org)
            generals: dict[str, SeedOrg] = {}
            for general in unit.generals:
                pk = ids[general.code]
                generals[general.code] = SeedOrg(
                    pk,
                    "general_branch",
                    general.established_on.toordinal(),
                    college,
                    [],
                    [p for p, _ in leaders.get(pk, [])],
                    [],
                )
                unit_org.subs.append(pk)
                out.append(generals[general.code])
            for branch in unit.branches:
                if branch.dissolved_on is not None:
                    continue
                pk = ids[branch.code]
                parent = generals.get(branch.general, unit_org)
                parent.subs.append(pk)
                out.append(
                    SeedOrg(
                        pk,
                        "branch",
                        branch.established_on.toordinal(),
                        college,
                        members.get(pk, [])[: branch.full],
                        [p for p, _ in leaders.get(pk, [])],
                        [],
                    )
                )
        return out

    # ---- helpers -----------------------------------------------------------------------------
    def entered(self, event: int) -> Any:
        """A DB-ready entry time: 90% within 3 days of the event, most others within 3 weeks,
        ~2% 补录 (31–90 days later). One draw."""
        roll = self.rng.random()
        if roll < 0.9:
            delay = int(roll * 4.4)  # 0–3
        elif roll < 0.98:
            delay = 4 + int((roll - 0.9) * 200)  # 4–19
        else:
            delay = 31 + int((roll - 0.98) * 2950)  # 31–90
        day = event + delay
        if day > self.today:
            day = self.today
        return self.moments(day * 24 + 20)

    def record(self, table: str, org: SeedOrg, event: int, *values: Any) -> int:
        buffer = self.t[table]
        pk = self.ctx.ids.take(buffer.model)
        buffer.append((pk, org.id, self.uid, self.entered(event), None, *values))
        self.counts[table] += 1
        return pk

    def when(self, first: int, last: int) -> int | None:
        """A day in [first, last] not after today (None when the range is still ahead)."""
        last = min(last, self.today)
        return randint(self.rng, first, last) if last >= first else None

    # ---- elections ---------------------------------------------------------------------------
    def elections(self, org: SeedOrg) -> None:
        rng = self.rng
        years = self.terms.get(org.kind, ())
        if not years:
            return
        term = years[0]
        roll = rng.random()
        today = dt.date.fromordinal(self.today)
        if roll < OVERDUE_SHARE:
            elected = add_months(today, -(12 * term + randint(rng, 1, 14)))
        elif roll < OVERDUE_SHARE + EXTENDED_SHARE:
            elected = add_months(today, -(12 * term + randint(rng, 1, 5)))
        else:
            elected = today - dt.timedelta(days=randint(rng, 20, 365 * term - 5))
        first = max(elected.toordinal(), org.established)
        if first > self.today:
            return
        extended = approved = None
        approver = ""
        if OVERDUE_SHARE <= roll < OVERDUE_SHARE + EXTENDED_SHARE:
            end = add_months(dt.date.fromordinal(first), 12 * term)
            extended = add_months(end, randint(rng, 6, self.rules.max_extension_months)).toordinal()
            approved = end.toordinal() - randint(rng, 10, 60)
            approver = "上级党委"
        previous = add_months(dt.date.fromordinal(first), -12 * term).toordinal()
        if previous >= org.established and rng.random() < 0.3:
            self.record(
                "election", org, previous, self.day(previous), term, None, None, None, "", ""
            )
        self.record(
            "election",
            org,
            first,
            self.day(first),
            term,
            min(max(len(org.leaders), 1), 7) if org.leaders else None,
            self.day(extended),
            self.day(approved),
            approver,
            "",
        )

    # ---- one academic year -------------------------------------------------------------------
    def year(self, org: SeedOrg, start: dt.date, lax_college: bool) -> None:
        rng = self.rng
        first = max(start.toordinal(), org.established)
        last = dt.date(start.year + 1, 8, 31).toordinal()
        if first > self.today:
            return
        missed = self.choice(YEARLY_RULES) if rng.random() < MISS_SHARE else ""
        if missed != "funding":
            for _ in range(1 if rng.random() < 0.85 else 2):
                day = self.when(first, min(first + 75, last))
                if day is not None:
                    low, high = (5, 50) if org.kind == "branch" else (50, 300)
                    amount = f"{randint(rng, low, high) * 100}.00"
                    source = self.choice(FUNDING_SOURCES)
                    self.record("funding", org, day, self.day(day), amount, source, "党建工作经费")
        if missed != "care":
            for _ in range(1 if rng.random() < 0.7 else 2):
                day = self.when(first, last)
                if day is not None:
                    kind = self.choice(CARE_KINDS)
                    person = self.choice(org.members) if org.members else None
                    fund = kind == CareKind.CARE_FUND
                    paid = f"{randint(rng, 5, 50) * 100}.00" if fund else None
                    text = self.choice(CARE_TEXTS[kind])
                    self.record("care", org, day, self.day(day), kind, person, paid, fund, text)
        if missed != "commendation":
            for _ in range(1 if rng.random() < 0.8 else 2):
                day = self.when(first + 90, last - 30)
                if day is not None:
                    kind = self.choice(COMMENDATION_KINDS)
                    person = (
                        self.choice(org.members)
                        if org.members and kind == CommendationKind.MEMBER
                        else None
                    )
                    level = self.choice(LEVELS)
                    title = f"{dt.date.fromordinal(day).year}年度{COMMENDATION_TITLES[kind]}"
                    self.record(
                        "commendation", org, day, self.day(day), kind, level, title, person, ""
                    )
        # year-end work: December or January; in the running year mostly still ahead
        end_first = dt.date(start.year, 12, 1).toordinal()
        end_last = dt.date(start.year + 1, 1, 20).toordinal()
        running = last >= self.today
        if running and rng.random() >= EARLY_YEAR_END:
            return
        if running:
            end_first, end_last = first + 30, first + 75
        if missed != "report" and org.leaders:
            self.report(org, self.when(end_first, end_last))
        if org.subs and not (lax_college and rng.random() < 0.5):
            self.grading(org, start.year, self.when(end_first, end_last))
        if org.kind == "branch" and org.members and not (lax_college and rng.random() < 0.4):
            self.evaluation(org, start.year, self.when(end_first, end_last))

    def report(self, org: SeedOrg, day: int | None) -> None:
        if day is None:
            return
        rng = self.rng
        entitled = max(len(org.members), len(org.leaders), 3)
        raters = max(1, entitled - randint(rng, 0, max(1, entitled // 8)))
        scale = self.rules.report_ratings
        top = round(raters * rng.uniform(0.6, 0.9))
        second = raters - top
        third = min(second, randint(rng, 0, 1))
        ratings = {scale[0]: top, scale[1]: second - third, scale[2]: third, scale[3]: 0}
        self.record(
            "report",
            org,
            day,
            self.day(day),
            org.leaders[0],
            entitled,
            raters,
            json.dumps(ratings, ensure_ascii=False),
            "年度述职：抓党建工作情况",
        )

    def grading(self, org: SeedOrg, year: int, day: int | None) -> None:
        if day is None:
            return
        rng = self.rng
        pk = self.record("grading", org, day, year, self.day(day), "")
        bands = self.rules.org_bands
        limit = max(1, len(org.subs) // 5)
        tops = 0
        buffer = self.t["grade"]
        first = self.ctx.ids.take(OrgGrade, len(org.subs))
        for n, sub in enumerate(org.subs):
            roll = rng.random()
            band = (
                bands[0] if roll < 0.2 and tops < limit else bands[-1] if roll > 0.96 else bands[1]
            )
            tops += band == bands[0]
            buffer.append((first + n, pk, sub, band))
        self.counts["grade"] += len(org.subs)

    def evaluation(self, org: SeedOrg, year: int, day: int | None) -> None:
        if day is None:
            return
        rng = self.rng
        members = org.members
        pk = self.record(
            "evaluation",
            org,
            day,
            year,
            self.day(day - 14),
            self.day(day - 10),
            self.day(day - 7),
            self.day(day),
            "",
        )
        grades = self.rules.member_grades
        cap = self.rules.member_top_cap
        limit = cap.limit(len(members)) if cap else len(members)
        # ~25% 优秀 (within the cap), ~1.5% 基本合格, the rest 合格: one draw for the whole list
        picked = rng.choices(grades[:3], cum_weights=(0.25, 0.985, 1.0), k=len(members))
        excess = picked.count(grades[0]) - limit
        for n in range(len(picked) - 1, -1, -1):
            if excess <= 0:
                break
            if picked[n] == grades[0]:
                picked[n] = grades[1]
                excess -= 1
        first = self.ctx.ids.take(MemberGrade, len(members))
        self.t["member_grade"].rows.extend(
            zip(range(first, first + len(members)), repeat(pk), members, picked, strict=False)
        )
        self.counts["member_grade"] += len(members)
        for person in rng.sample(members, min(len(members), randint(rng, 0, 1))):
            self.record("spirit", org, day - 10, self.day(day - 10), person, "对照党员标准查找差距")
