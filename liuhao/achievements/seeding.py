"""Generator "achievements": commitments (C14.2), achievements (C16.1), research and practice
outputs and service brands with their history (C17.1) for one university, over the academic years
of the seeded terms (the year containing the reference date and the one before).

Commitments: a branch records its members' commitments on one day in September or October (the
one-form bulk entry) and evaluates them (三亮三比三评) at the year-end organizational-life meeting
in December or January; in most branches 92–98% (at least 90%) of the full and probationary members commit and
are evaluated, in about `LAX_SHARE` of (branch, year) pairs 70–88%. The running year has no
evaluation yet when the reference date is before it. Achievements, outputs and brands are recorded
by college-level orgs, general branches and branches at rates where about 10–20% of the orgs miss
C16.1 or C17.1 in a year. Every draw comes from the university's "achievements" random stream.
Rows are deliberately lean (shared dates and texts per branch and year): ~6.6k commitments per
university, ~560k at province scale.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from liuhao.achievements.choices import AchievementCategory, OutputKind
from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ServiceBrand,
)
from liuhao.orgs.periods import period_containing
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import chooser

RECORD = ("id", "org_id", "university_id", "entered_at", "entered_by_id")
COMMITMENT_COLUMNS = (
    *RECORD,
    "person_id",
    "committed_on",
    "content",
    "fulfilled_on",
    "fulfilment",
    "evaluated_on",
    "leader_score",
    "peer_score",
    "masses_score",
)
ACHIEVEMENT_COLUMNS = (*RECORD, "category", "title", "achieved_on", "description")
OUTPUT_COLUMNS = (*RECORD, "kind", "title", "published_on", "description")
BRAND_COLUMNS = (*RECORD, "name", "founded_on", "description", "retired_on")
EVENT_COLUMNS = (*RECORD, "brand_id", "happened_on", "summary")

YEARS = 2
LAX_SHARE = 0.12  # (branch, year) pairs with a low commitment or evaluation rate
NO_ACHIEVEMENT_SHARE = 0.12  # (org, year) pairs without an achievement (C16.1)
BRAND_SHARE = 0.35  # orgs with a named service brand
OUTPUT_SHARE = 0.8  # (org, year) pairs with a research or practice output

COMMITMENTS = (
    "立足岗位带头完成教学科研任务，结对帮扶学生",
    "带头学习理论，按时足额交纳党费，参加志愿服务不少于4次",
    "亮身份、作表率，在实验室安全与学风建设中当先锋",
    "帮扶学习困难同学，带头参加社会实践",
    "服务师生办实事，及时反映群众意见",
)
ACHIEVEMENTS = {
    AchievementCategory.TALENT: (
        "学生党员获国家奖学金",
        "指导学生获省级竞赛一等奖",
        "毕业生就业率提升",
    ),
    AchievementCategory.RESEARCH: (
        "获批国家自然科学基金项目",
        "党员教师团队获省科技奖",
        "发表高水平论文",
    ),
    AchievementCategory.SOCIAL_SERVICE: (
        "科技服务地方企业",
        "社区义诊服务群众",
        "乡村振兴帮扶项目",
    ),
    AchievementCategory.CULTURE: ("校园文化节获评优秀项目", "红色文化宣讲进社区", "非遗传承进课堂"),
}
OUTPUTS = {
    OutputKind.THEORY: ("高校党建课题结题报告", "服务型党组织建设理论文章", "党建研究论文"),
    OutputKind.PRACTICE: ("“支部建在团队上”工作案例", "党建与业务融合经验总结", "服务师生工作法"),
}
BRANDS = ("红烛领航", "先锋驿站", "党员志愿服务队", "学业帮扶工作室", "红色宣讲团", "科技服务团")
EVENTS = ("品牌主题活动", "品牌项目获校级表彰", "媒体报道品牌工作", "品牌志愿服务")


@register(
    "achievements",
    models=(Commitment, Achievement, Output, ServiceBrand, BrandEvent),
    order=120,
)
def generate_achievements(ctx: UniversityContext) -> None:
    """Write commitments, achievements, outputs, brands and brand events of one university."""
    _Achievements(ctx).run()


class _Achievements:
    def __init__(self, ctx: UniversityContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("achievements")
        self.choice = chooser(self.rng)
        self.today = ctx.today.toordinal()
        self.day = ctx.writer.date
        self.uid = ctx.university_id
        writer = ctx.writer
        self.commitments = writer.table(Commitment, COMMITMENT_COLUMNS)
        self.achievements = writer.table(Achievement, ACHIEVEMENT_COLUMNS)
        self.outputs = writer.table(Output, OUTPUT_COLUMNS)
        self.brands = writer.table(ServiceBrand, BRAND_COLUMNS)
        self.events = writer.table(BrandEvent, EVENT_COLUMNS)
        self.moments = writer.moments
        self.counts = dict.fromkeys(
            ("commitments", "achievements", "outputs", "brands", "brand_events"), 0
        )
        year = period_containing(ctx.today, "year")
        self.years = [year]
        while len(self.years) < YEARS:
            self.years.append(
                period_containing(self.years[-1].start - dt.timedelta(days=1), "year")
            )

    def stamp(self, ordinal: int) -> Any:
        """A DB-ready entry time: the evening of the day (a few entries days later)."""
        return self.moments(min(ordinal, self.today) * 24 + 20)

    def entered(self, event: int) -> Any:
        roll = self.rng.random()
        delay = 0 if roll < 0.7 else 3 if roll < 0.97 else 45  # ~3% 补录
        return self.stamp(event + delay)

    def run(self) -> None:
        ids = self.ctx.org_ids
        orgs: list[tuple[int, int]] = []  # (org id, established ordinal) that record results
        for unit in self.ctx.plan.units:
            orgs.append((ids[unit.code], unit.established_on.toordinal()))
            orgs.extend((ids[g.code], g.established_on.toordinal()) for g in unit.generals)
            for branch in unit.branches:
                if branch.dissolved_on is not None:
                    continue
                pk = ids[branch.code]
                orgs.append((pk, branch.established_on.toordinal()))
                self.branch_commitments(pk, self.ctx.branch_members.get(pk, []))
        for pk, established in orgs:
            self.results(pk, established)
        self.ctx.summary.update(self.counts)

    # ---- C14.2 ---------------------------------------------------------------------------------
    def branch_commitments(self, org_id: int, members: list[int]) -> None:
        if not members:
            return
        rng = self.rng
        take = self.ctx.ids.take
        for year in self.years:
            start = year.start.toordinal()
            committed = start + 14 + rng.randrange(45)
            if committed > self.today:
                continue
            lax = rng.random() < LAX_SHARE
            share = 0.7 + rng.random() * 0.18 if lax else 0.92 + rng.random() * 0.06
            evaluated = start + 100 + rng.randrange(35)  # mid December to mid January
            has_evaluation = evaluated <= self.today
            entered = self.entered(committed)
            committed_day = self.day(committed)
            evaluated_day = self.day(evaluated) if has_evaluation else None
            content = self.choice(COMMITMENTS)
            fulfilment = (
                ""  # the report date is recorded; the text is left to real users (seed size)
            )
            k = round(share * len(members))
            if not lax:  # most branches reach the 90% of C14.2 whatever their size
                k = max(k, math.ceil(0.9 * len(members)))
            chosen = rng.sample(members, min(k, len(members)))
            pk = take(Commitment, len(chosen)) if chosen else 0
            append = self.commitments.append
            for person in chosen:
                if has_evaluation:
                    score = 80 + int(rng.random() * 20)
                    scores: tuple[int | None, ...] = (
                        score,
                        min(100, score + 2),
                        max(60, score - 3),
                    )
                else:
                    scores = (None, None, None)
                append(
                    (
                        pk,
                        org_id,
                        self.uid,
                        entered,
                        None,
                        person,
                        committed_day,
                        content,
                        evaluated_day,
                        fulfilment,
                        evaluated_day,
                        *scores,
                    )
                )
                pk += 1
            count = len(chosen)
            self.counts["commitments"] += count

    # ---- C16.1, C17.1 --------------------------------------------------------------------------
    def results(self, org_id: int, established: int) -> None:
        rng = self.rng
        brand = None
        if rng.random() < BRAND_SHARE:
            founded = max(established, self.years[-1].start.toordinal() - rng.randrange(1500))
            if founded <= self.today:
                brand = self.ctx.ids.take(ServiceBrand)
                self.brands.append(
                    (
                        brand,
                        org_id,
                        self.uid,
                        self.entered(founded),
                        None,
                        self.choice(BRANDS),
                        self.day(founded),
                        "",
                        None,
                    )
                )
                self.counts["brands"] += 1
        for year in self.years:
            first = max(year.start.toordinal(), established)
            last = min(year.end.toordinal(), self.today)
            if last < first:
                continue
            span = last - first + 1
            if rng.random() >= NO_ACHIEVEMENT_SHARE:
                for _ in range(1 + int(rng.random() * 3)):
                    category = self.choice(AchievementCategory.values)
                    on = first + rng.randrange(span)
                    self.achievements.append(
                        (
                            self.ctx.ids.take(Achievement),
                            org_id,
                            self.uid,
                            self.entered(on),
                            None,
                            category,
                            self.choice(ACHIEVEMENTS[AchievementCategory(category)]),
                            self.day(on),
                            "",
                        )
                    )
                    self.counts["achievements"] += 1
            if rng.random() < OUTPUT_SHARE:
                kind = self.choice(OutputKind.values)
                on = first + rng.randrange(span)
                self.outputs.append(
                    (
                        self.ctx.ids.take(Output),
                        org_id,
                        self.uid,
                        self.entered(on),
                        None,
                        kind,
                        self.choice(OUTPUTS[OutputKind(kind)]),
                        self.day(on),
                        "",
                    )
                )
                self.counts["outputs"] += 1
            if brand is not None and rng.random() < 0.9:
                for _ in range(1 + int(rng.random() * 3)):
                    on = first + rng.randrange(span)
                    self.events.append(
                        (
                            self.ctx.ids.take(BrandEvent),
                            org_id,
                            self.uid,
                            self.entered(on),
                            None,
                            brand,
                            self.day(on),
                            self.choice(EVENTS),
                        )
                    )
                    self.counts["brand_events"] += 1
