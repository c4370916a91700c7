"""Generator "surveys": satisfaction surveys (C18.1, C09.2), leadership evaluations (C01.2) and the
ratings of the secretaries' annual reports (C09.1) of one university, with invitations and counted
answers, as the survey engine would have left them at the seed's day.

- The last full academic year: most college-level orgs, general branches and active branches ran a
  closed satisfaction survey (`SATISFACTION_SHARE`) and a leadership evaluation (`LEADERSHIP_SHARE`)
  around the year's end (December–January). Response rates are mostly 40–90%; about `LOW_SHARE` of
  orgs stay under the 30% floor of survey-rules.yaml. Satisfaction is at or above 90% for most
  orgs and 72–89% for about `WEAK_SHARE` of them.
- Every secretary's report (governance.LeaderReport) up to the seed's day gets its rating survey
  (`REPORT_SHARE`), linked to the report; those of the last days are still open.
- The running year: about `OPEN_SHARE` of orgs have a satisfaction survey open at the seed's day,
  partly answered; their last ballots (fewer than the rules' shuffle_batch) wait in the ballot box.

Rosters follow `selectors.roster_of` at the seed's day: a branch invites its full and probationary
members; a general branch or college-level org includes its subtree, and a college's satisfaction
survey also invites the teachers, staff and students of the unit. Anonymity holds as in ADR 0014:
invitations carry a 64-hex value no token hashes to (the tokens never existed: reissuing makes real
ones) and a `used` flag; answer sheets, in random order, are unconnected to any invitation.

Cost: about 0.5 s for a 10,000-person university on SQLite. At the province tier (many universities)
the surveys are seeded only for the pilot universities of the online survey (every `PILOT_EVERY`th),
which keeps the province seed's extra time within ~10 s (bench/README.md); the other universities
have no survey yet and their survey checkpoints read `awaiting_data`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from liuhao.governance.models import LeaderReport
from liuhao.orgs.choices import PersonCategory
from liuhao.orgs.models import Person
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import randint
from liuhao.orgs.seeding.writer import TableBuffer
from liuhao.surveys.choices import Audience, QuestionKind, SurveyKind, SurveyStatus
from liuhao.surveys.models import Answer, Ballot, Invitation, Question, Response, Survey
from liuhao.surveys.rules import SurveyRules, Template, survey_rules

SURVEY_COLUMNS = (
    "id",
    "university_id",
    "org_id",
    "include_subtree",
    "period",
    "kind",
    "title",
    "leader_report_id",
    "audiences",
    "status",
    "opens_on",
    "closes_on",
    "min_group_size",
    "invited",
)
QUESTION_COLUMNS = ("id", "survey_id", "order", "text", "kind", "required", "levels", "satisfied")
INVITATION_COLUMNS = ("id", "survey_id", "audience", "person_id", "token_hash", "used")
RESPONSE_COLUMNS = ("id", "survey_id", "audience")
ANSWER_COLUMNS = ("id", "response_id", "question_id", "level", "text")
BALLOT_COLUMNS = ("id", "survey_id", "audience", "answers")
TABLES = (  # parents first
    (Survey, SURVEY_COLUMNS),
    (Question, QUESTION_COLUMNS),
    (Invitation, INVITATION_COLUMNS),
    (Response, RESPONSE_COLUMNS),
    (Answer, ANSWER_COLUMNS),
    (Ballot, BALLOT_COLUMNS),
)

SATISFACTION_SHARE = 0.9  # orgs with a closed satisfaction survey in the last full year
LEADERSHIP_SHARE = 0.85  # … and with a closed leadership evaluation
REPORT_SHARE = 0.9  # secretaries' reports rated through a survey (the others on paper)
OPEN_SHARE = 0.06  # orgs with a satisfaction survey open at the seed's day
LOW_SHARE = 0.08  # orgs whose response rate stays under the 30% floor
WEAK_SHARE = 0.15  # orgs whose satisfaction is below 90%
TEXT_SHARE = 0.12  # respondents who write an open answer
PILOT_EVERY = 25  # province tier: one university in 25 piloted the online surveys (6 of 150)
PILOT_FROM = 10  # … in tiers of at least this many universities
OPEN_DAYS = (7, 14)  # a survey stays open this many days
# Respondents' willingness by audience relative to members.
AUDIENCE_FACTOR: dict[str, float] = {
    Audience.MEMBERS: 1.0,
    Audience.TEACHERS: 0.85,
    Audience.STUDENTS: 0.75,
}
# Satisfied answers pick 非常满意 / 满意 / 基本满意 in about these proportions (of 20).
SATISFIED_TABLE = (1,) * 10 + (2,) * 7 + (3,) * 3
TEXTS = (
    "希望多组织走访谈心，及时了解师生困难。",
    "建议活动形式更加多样，贴近师生需求。",
    "办事效率有提高，继续保持。",
    "希望及时反馈问题处理进展。",
    "支部工作扎实，服务热情。",
)


@dataclass(slots=True)
class SeedOrg:
    id: int
    subtree: bool  # a general branch or a college-level org (its survey includes the subtree)
    unit: int  # the college-level org whose persons are its teachers and students
    established: int  # ordinal
    members: list[int]


@register(
    "surveys",
    models=(Survey, Question, Invitation, Ballot, Response, Answer),
    order=140,
)
def generate_surveys(ctx: UniversityContext) -> None:
    """Write the surveys of one university (C18.1, C01.2, C09.1, C09.2)."""
    if ctx.tier.universities >= PILOT_FROM and ctx.plan.index % PILOT_EVERY:
        return
    _Surveys(ctx, ctx.rng("surveys")).run()


def academic_year(day: dt.date) -> tuple[str, dt.date]:
    """The code ("2024-2025") and the 1 September start of the academic year containing `day`."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}", dt.date(first, 9, 1)


class _Surveys:
    def __init__(self, ctx: UniversityContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.rules: SurveyRules = survey_rules()
        self.today = ctx.today.toordinal()
        self.day: Callable[[int | None], Any] = ctx.writer.date
        self.uid = ctx.university_id
        (
            self.surveys,
            self.questions,
            self.invitations,
            self.responses,
            self.answers,
            self.ballots,
        ) = (ctx.writer.table(model, columns) for model, columns in TABLES)
        self.templates: dict[str, Template] = {}
        for template in self.rules.templates:
            self.templates.setdefault(template.kind, template)
        self.levels = json.dumps(list(self.rules.likert), ensure_ascii=False)
        self.satisfied = json.dumps(list(self.rules.satisfied_levels))
        self.unsatisfied = tuple(
            i for i in range(1, len(self.rules.likert) + 1) if i not in self.rules.satisfied_levels
        )
        self.count = 0
        self.sheets = 0
        self.serial = 0
        self.prefix = f"{ctx.plan.index:06x}"

    # ---- the orgs and their rosters ----------------------------------------------------------
    def run(self) -> None:
        # Persons and governance rows must be in the database: the rosters and reports are read.
        self.ctx.writer.flush()
        orgs = self.orgs()
        staff, students = self.unit_persons()
        engagement = {o.id: self.engagement() for o in orgs}
        quality = {o.id: self.quality() for o in orgs}
        code, start = academic_year(self.ctx.today - dt.timedelta(days=365))
        year_end = dt.date(start.year, 12, 1).toordinal()
        for org in orgs:
            roster = [(p, Audience.MEMBERS) for p in org.members]
            whole = roster
            if org.subtree and org.id == org.unit:
                seen = set(org.members)
                whole = roster + [
                    (p, a)
                    for ids, a in ((staff, Audience.TEACHERS), (students, Audience.STUDENTS))
                    for p in ids.get(org.unit, ())
                    if p not in seen
                ]
            for kind, share, people in (
                (SurveyKind.SATISFACTION, SATISFACTION_SHARE, whole),
                (SurveyKind.LEADERSHIP, LEADERSHIP_SHARE, roster),
            ):
                opens = year_end + randint(self.rng, 0, 45)
                if self.rng.random() < share and org.established < opens:
                    self.survey(org, kind, code, opens, people, engagement, quality)
            if self.rng.random() < OPEN_SHARE:
                opens = self.today - randint(self.rng, 1, 10)
                current = academic_year(self.ctx.today)[0]
                self.survey(
                    org, SurveyKind.SATISFACTION, current, opens, whole, engagement, quality
                )
        by_id = {o.id: o for o in orgs}
        for report_id, org_id, reported_on in self.reports():
            reported = by_id.get(org_id)
            if reported is None or self.rng.random() >= REPORT_SHARE:
                continue
            roster = [(p, Audience.MEMBERS) for p in reported.members]
            period = academic_year(dt.date.fromordinal(reported_on))[0]
            self.survey(
                reported,
                SurveyKind.LEADER_REPORT,
                period,
                reported_on,
                roster,
                engagement,
                quality,
                report_id=report_id,
            )
        self.ctx.writer.flush()
        self.ctx.summary["surveys"] = self.count
        self.ctx.summary["survey_sheets"] = self.sheets

    def orgs(self) -> list[SeedOrg]:
        """College-level orgs, general branches and active branches, each with the full and
        probationary members of its subtree (a branch: its own)."""
        ids, members = self.ctx.org_ids, self.ctx.branch_members
        out: list[SeedOrg] = []
        for unit in self.ctx.plan.units:
            college = ids[unit.code]
            unit_org = SeedOrg(college, True, college, unit.established_on.toordinal(), [])
            out.append(unit_org)
            generals: dict[str, SeedOrg] = {}
            for general in unit.generals:
                generals[general.code] = SeedOrg(
                    ids[general.code], True, college, general.established_on.toordinal(), []
                )
                out.append(generals[general.code])
            for branch in unit.branches:
                if branch.dissolved_on is not None:
                    continue
                pk = ids[branch.code]
                own = members.get(pk, [])
                out.append(SeedOrg(pk, False, college, branch.established_on.toordinal(), own))
                unit_org.members.extend(own)
                if branch.general in generals:
                    generals[branch.general].members.extend(own)
        for org in out:
            if org.subtree:
                org.members = sorted(set(org.members))
        return out

    def unit_persons(self) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        """Unit id → present teachers and staff, and → present students (one query)."""
        span = self.ctx.person_ids
        rows = (
            Person.objects.filter(
                Q(left_on__isnull=True) | Q(left_on__gt=self.ctx.today),
                pk__gte=span.start,
                pk__lt=span.stop,
            )
            .values_list("pk", "unit_id", "category")
            .order_by("pk")
        )
        staff: dict[int, list[int]] = {}
        students: dict[int, list[int]] = {}
        teaching = (PersonCategory.TEACHER, PersonCategory.STAFF)
        for pk, unit_id, category in rows.iterator(chunk_size=20_000):
            if category in teaching:
                staff.setdefault(unit_id, []).append(pk)
            elif category == PersonCategory.STUDENT:
                students.setdefault(unit_id, []).append(pk)
        return staff, students

    def reports(self) -> list[tuple[int, int, int]]:
        """(report id, org id, ordinal of the report) of the university's reports up to today."""
        rows = (
            LeaderReport.objects.filter(university_id=self.uid, reported_on__lte=self.ctx.today)
            .values_list("pk", "org_id", "reported_on")
            .order_by("pk")
        )
        return [(pk, org, day.toordinal()) for pk, org, day in rows]

    # ---- draws -------------------------------------------------------------------------------
    def engagement(self) -> float:
        """An org's usual response rate: mostly 40–90%, about LOW_SHARE under 30%."""
        if self.rng.random() < LOW_SHARE:
            return self.rng.uniform(0.1, 0.28)
        return self.rng.uniform(0.42, 0.9)

    def quality(self) -> float:
        """An org's usual share of satisfied answers: 91–99%, or 72–89% for WEAK_SHARE."""
        if self.rng.random() < WEAK_SHARE:
            return self.rng.uniform(0.72, 0.89)
        return self.rng.uniform(0.91, 0.99)

    # ---- one survey --------------------------------------------------------------------------
    def survey(
        self,
        org: SeedOrg,
        kind: str,
        period: str,
        opens: int,
        roster: Sequence[tuple[int, str]],
        engagement: dict[int, float],
        quality: dict[int, float],
        report_id: int | None = None,
    ) -> None:
        if not roster:
            return
        rng, day = self.rng, self.day
        tpl = self.templates[kind]
        closes = opens + randint(rng, *OPEN_DAYS)
        is_open = closes >= self.today
        if opens > self.today:
            return
        college = org.id == org.unit or kind != SurveyKind.SATISFACTION
        audiences: list[str] = list(tpl.audiences) if college else [Audience.MEMBERS]
        pk = self.ctx.ids.take(Survey)
        self.count += 1
        self.surveys.append(
            (
                pk,
                self.uid,
                org.id,
                org.subtree,
                period,
                kind,
                tpl.title,
                report_id,
                json.dumps(audiences),
                SurveyStatus.OPEN if is_open else SurveyStatus.CLOSED,
                day(opens),
                day(closes),
                self.rules.min_group_size,
                len(roster),
            )
        )
        first_q = self.ctx.ids.take(Question, len(tpl.questions))
        likert: list[int] = []
        texts: list[int] = []
        for i, q in enumerate(tpl.questions):
            is_likert = q.kind == QuestionKind.LIKERT
            (likert if is_likert else texts).append(first_q + i)
            self.questions.append(
                (
                    first_q + i,
                    pk,
                    i + 1,
                    q.text,
                    q.kind,
                    q.required,
                    self.levels if is_likert else "[]",
                    self.satisfied if is_likert else "[]",
                )
            )
        # Who answered: each invitee by the org's response rate for the audience (jittered per
        # survey); an open survey is partly answered so far.
        rate = min(0.98, max(0.02, engagement[org.id] + rng.uniform(-0.05, 0.05)))
        if is_open:
            rate *= (self.today - opens + 1) / (closes - opens + 1)
        first_i = self.ctx.ids.take(Invitation, len(roster))
        answered: list[str] = []
        random_ = rng.random
        invitations = []
        for n, (person, audience) in enumerate(roster):
            used = random_() < rate * AUDIENCE_FACTOR[audience]
            if used:
                answered.append(audience)
            # No token hashes to this value (the tokens never existed; a reissue makes real ones).
            # Increasing values keep the unique index's inserts sequential.
            invitations.append((first_i + n, pk, audience, person, f"{first_i + n:064x}", used))
        self.extend(self.invitations, invitations)
        self.sheets += len(answered)
        rng.shuffle(answered)
        waiting = len(answered) % self.rules.shuffle_batch if is_open else 0
        counted = len(answered) - waiting
        per = len(likert)
        levels = self.levels_for(counted * per, quality[org.id])
        responses = []
        answers: list[tuple[Any, ...]] = []
        uuid = self.uuid
        for r, audience in enumerate(answered[:counted]):
            response_id = uuid()
            responses.append((response_id, pk, audience))
            for j, question in enumerate(likert):
                answers.append((uuid(), response_id, question, levels[r * per + j], ""))
            for question in texts:
                if random_() < TEXT_SHARE:
                    answers.append((uuid(), response_id, question, None, TEXTS[r % len(TEXTS)]))
        self.extend(self.responses, responses)
        self.extend(self.answers, answers)
        for audience in answered[counted:]:
            sheet = dict(zip(map(str, likert), self.levels_for(per, quality[org.id]), strict=True))
            self.ballots.append((uuid(), pk, audience, json.dumps(sheet)))

    def uuid(self) -> str:
        """A 32-hex id: the university's index and a counter (increasing through the seed, so the
        primary key's inserts are sequential), then 64 random bits."""
        self.serial += 1
        return f"{self.prefix}{self.serial:010x}{self.rng.getrandbits(64):016x}"

    def extend(self, buffer: TableBuffer, rows: list[tuple[Any, ...]]) -> None:
        buffer.rows.extend(rows)
        if len(buffer.rows) >= self.ctx.writer.batch_size:
            self.ctx.writer.flush_table(buffer)

    def levels_for(self, total: int, quality: float) -> list[int]:
        """`total` Likert levels of which round(total × quality) are satisfied, shuffled."""
        rng = self.rng
        random_ = rng.random
        happy = round(total * quality)
        table, low = SATISFIED_TABLE, self.unsatisfied
        out = [table[int(random_() * len(table))] for _ in range(happy)]
        out += [low[0] if random_() < 0.8 else low[-1] for _ in range(total - happy)]
        rng.shuffle(out)
        return out
