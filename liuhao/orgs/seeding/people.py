"""Generator "orgs.people": persons, memberships at every stage and positions of one university.

Each branch gets the full, probationary and pipeline members its plan asks for, drawn from the kind
of people that branch type holds (teachers, counsellors, students of a cohort, retirees …). Then the
leadership of branches, groups, colleges and the university, party-affairs workers and party
representatives are appointed from full members (DOMAIN-RULES §2: secretary elected by the branch,
committee terms of 3 or 5 years). Finally persons without a membership (masses) fill each unit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from liuhao.orgs.choices import (
    LEADERSHIP_KINDS,
    BranchType,
    MembershipEndReason,
    MembershipStage,
    OrgKind,
    PositionKind,
)
from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.seeding.persons import YEAR, PersonMaker, Who
from liuhao.orgs.seeding.plan import BranchPlan, Role, UnitPlan
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import EIGHTEEN_YEARS, randint, stage_dates

MEMBERSHIP_COLUMNS = (
    "id",
    "person_id",
    "org_id",
    "university_id",
    "stage",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "full_on",
    "joined_org_on",
    "ended_on",
    "end_reason",
)
POSITION_COLUMNS = (
    "id",
    "person_id",
    "org_id",
    "university_id",
    "kind",
    "duty",
    "started_on",
    "ended_on",
    "congress_name",
    "congress_term_start",
    "congress_term_end",
)
PIPELINE = (MembershipStage.CANDIDATE, MembershipStage.ACTIVIST, MembershipStage.APPLICANT)
TRANSFER_SHARE = 0.05  # staff members who came from another branch (an ended membership)
REPRESENTATIVE_SHARE = 0.035  # party representatives among full members
STAFF_TYPES = {BranchType.TEACHER, BranchType.ADMIN}
# Team and joint branches: (teacher share, staff share, student level) of full members.
TEAM_SHARES: dict[str, tuple[float, float, str]] = {
    BranchType.RESEARCH_TEAM: (0.65, 0.0, "phd"),
    BranchType.PROJECT_TEAM: (0.5, 0.2, "master"),
    BranchType.JOINT: (0.5, 0.0, "master"),
}
BRANCH_TERM_YEARS = 3  # DOMAIN-RULES §2: branch and general-branch committees serve 3 years
COMMITTEE_TERM_YEARS = 5  # 基层委员会 (college and university committees) serve 5 years


@dataclass(slots=True)
class Member:
    who: Who
    full_on: int | None


@register("orgs.people", models=(Person, Membership, Position), order=10)
def generate_people(ctx: UniversityContext) -> None:
    """Write persons, memberships and positions of the university in `ctx.plan`."""
    first = ctx.ids.take(Person, 0)
    _People(ctx, ctx.rng("orgs.people")).run()
    ctx.person_ids = range(first, ctx.ids.take(Person, 0))


class _People:
    def __init__(self, ctx: UniversityContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.make = PersonMaker(ctx, rng)
        self.today = ctx.today.toordinal()
        self.year = ctx.today.year
        self.senior = self.year - 3  # cohort in its final undergraduate year
        self.day = ctx.writer.date
        self.take = ctx.ids.take
        self.uid = ctx.university_id
        self.memberships = ctx.writer.table(Membership, MEMBERSHIP_COLUMNS)
        self.positions = ctx.writer.table(Position, POSITION_COLUMNS)
        self.academic = [u for u in ctx.plan.units if u.role == "academic"]
        self.transfer_targets: list[int] = []
        self.all_full: list[tuple[Member, int]] = []  # (member, college-level org id)
        self.counts = {"memberships": 0, "positions": 0, "members": 0}

    # ---- orchestration -------------------------------------------------------------------------
    def run(self) -> None:
        admin_pool: list[Member] = []
        for unit in self.ctx.plan.units:
            pool = self.unit(unit)
            if unit.role == "admin":
                admin_pool = pool
        self.university_positions(admin_pool)
        self.representatives()
        self.ctx.summary.update(self.counts)
        self.ctx.summary["persons"] = self.make.count

    def unit(self, unit: UnitPlan) -> list[Member]:
        unit_id = self.ctx.org_ids[unit.code]
        pool: list[Member] = []
        by_general: dict[str, list[Member]] = {g.code: [] for g in unit.generals}
        for branch in unit.branches:
            full = self.branch(unit, branch)
            staff = [m for m in full if m.who.category in ("teacher", "staff")]
            pool += staff
            if branch.general:
                by_general[branch.general] += staff
        term = COMMITTEE_TERM_YEARS if unit.kind == OrgKind.COLLEGE_COMMITTEE else BRANCH_TERM_YEARS
        self.appoint(unit_id, unit.roles, self.leaders(pool, len(unit.roles), 38), term)
        for general in unit.generals:
            people = self.leaders(by_general[general.code], len(general.roles), 32)
            self.appoint(self.ctx.org_ids[general.code], general.roles, people, BRANCH_TERM_YEARS)
        self.workers(unit, unit_id, pool)
        self.masses(unit, unit_id)
        return pool

    # ---- branches --------------------------------------------------------------------------------
    def branch(self, unit: UnitPlan, branch: BranchPlan) -> list[Member]:
        """Create the branch's members; return its full members (natural secretary first)."""
        org_id = self.ctx.org_ids[branch.code]
        if branch.dissolved_on is not None:
            return self.dissolved(unit, branch, org_id)
        established = branch.established_on.toordinal()
        full: list[Member] = []
        ids: list[int] = []
        stages = [MembershipStage.FULL] * branch.full + [
            MembershipStage.PROBATIONARY
        ] * branch.probationary
        for stage, count in zip(PIPELINE, branch.pipeline, strict=True):
            stages += [stage] * count
        for i, stage in enumerate(stages):
            who = self.person_for(unit, branch, stage, i)
            dates = self.dates_for(who, stage)
            self.membership(who, org_id, stage, dates, established)
            if stage == MembershipStage.FULL:
                member = Member(who, dates[4])
                full.append(member)
                self.all_full.append((member, self.ctx.org_ids[unit.code]))
            if stage in (MembershipStage.FULL, MembershipStage.PROBATIONARY):
                ids.append(who.id)
        self.ctx.branch_members[org_id] = ids
        self.counts["members"] += len(ids)
        self.branch_positions(branch, org_id, full, established)
        if branch.branch_type in STAFF_TYPES:
            self.transfer_targets.append(org_id)
        return full

    def person_for(self, unit: UnitPlan, branch: BranchPlan, stage: str, i: int) -> Who:
        """The kind of person a branch of this type holds at this stage."""
        make, rng = self.make, self.rng
        unit_id = self.ctx.org_ids[unit.code]
        full = stage == MembershipStage.FULL
        young = stage != MembershipStage.FULL
        btype = branch.branch_type
        if btype == BranchType.RETIRED:
            return make.retired(unit_id)
        if btype in (BranchType.TEACHER, BranchType.ADMIN):
            teacher_share = 0.9 if btype == BranchType.TEACHER else 0.25
            if rng.random() < teacher_share:
                return make.teacher(unit_id, max_age=38) if young else make.teacher(unit_id)
            return make.staff(unit_id, max_age=35) if young else make.staff(unit_id)
        if btype in (BranchType.UNDERGRADUATE, BranchType.DORM_COMMUNITY):
            return self.student_member(unit, branch, stage, i)
        if btype == BranchType.GRADUATE:
            if full and i == 0 and rng.random() < 0.3:
                return make.teacher(unit_id, max_age=45)  # a young supervisor as secretary
            level = branch.level or "master"
            return self.student(unit, level, branch.grade)
        shares = TEAM_SHARES[btype]
        roll = rng.random()
        if full and roll < shares[0]:
            return make.teacher(unit_id)
        if full and roll < shares[0] + shares[1]:
            return make.staff(unit_id)
        if btype == BranchType.JOINT and not full:
            return self.student(unit, "undergraduate", None, stage)
        return self.student(unit, shares[2], None)

    def student_member(self, unit: UnitPlan, branch: BranchPlan, stage: str, i: int) -> Who:
        """Undergraduate and dormitory branches: a counsellor first, then students of a cohort."""
        make = self.make
        unit_id = self.ctx.org_ids[unit.code]
        if stage == MembershipStage.FULL:
            cohort_has_full = branch.grade is None or branch.grade <= self.senior
            if (i == 0 and self.rng.random() < 0.75) or not cohort_has_full:
                if cohort_has_full or self.rng.random() < 0.6:
                    return make.staff(unit_id, max_age=35)  # counsellor (辅导员)
                return make.teacher(unit_id, max_age=50)  # class adviser (班主任)
        if branch.branch_type == BranchType.DORM_COMMUNITY:
            home = self.rng.choice(self.academic) if self.academic else unit
            return self.student(home, "undergraduate", None, stage)
        return self.student(unit, "undergraduate", branch.grade, stage)

    def student(self, unit: UnitPlan, level: str, grade: int | None, stage: str = "") -> Who:
        """A student of `unit`; without a cohort, one old enough for the stage is drawn."""
        rng, year = self.rng, self.year
        if grade is None:
            if level == "undergraduate":
                later: dict[str, int] = {
                    MembershipStage.FULL: 0,
                    MembershipStage.PROBATIONARY: 1,
                    MembershipStage.CANDIDATE: 2,
                }
                first = self.senior + later.get(stage, 3)
                grade = randint(rng, self.senior, first)
            else:
                grade = randint(rng, year - (4 if level == "phd" else 2), year)
        return self.make.student(self.ctx.org_ids[unit.code], unit.number, level, grade)

    def dates_for(self, who: Who, stage: str) -> list[int | None]:
        earliest = who.birth + EIGHTEEN_YEARS
        latest = None
        if who.category == "student" and who.entry - who.birth < 20 * YEAR:
            earliest = max(earliest, who.entry)  # undergraduates apply at university
        elif who.category == "retired":
            latest = who.birth + int(45 * YEAR)
        elif stage == MembershipStage.FULL and self.rng.random() < 0.85:
            latest = who.birth + int(32 * YEAR)  # most staff joined the Party young
        return stage_dates(self.rng, stage, earliest, self.today, latest)

    def membership(
        self,
        who: Who,
        org_id: int,
        stage: str,
        dates: list[int | None],
        established: int,
        *,
        ended: int | None = None,
        reason: str = "",
    ) -> None:
        day = self.day
        applied = dates[0] or self.today
        joined = min(max(who.entry, established, applied), ended or self.today)
        if (
            ended is None
            and stage == MembershipStage.FULL
            and who.category in ("teacher", "staff")
            and self.transfer_targets
            and self.rng.random() < TRANSFER_SHARE
        ):
            joined = self.transfer(who, dates, joined)
        self.memberships.append(
            (
                self.take(Membership),
                who.id,
                org_id,
                self.uid,
                stage,
                day(dates[0]),
                day(dates[1]),
                day(dates[2]),
                day(dates[3]),
                day(dates[4]),
                day(joined),
                day(ended),
                reason,
            )
        )
        self.counts["memberships"] += 1

    def transfer(self, who: Who, dates: list[int | None], joined: int) -> int:
        """An earlier membership in another branch, ended when the person moved here."""
        full_on = dates[4]
        assert full_on is not None
        if full_on >= self.today - 60:
            return joined
        moved = randint(self.rng, full_on + 1, self.today - 30)
        old_org = self.rng.choice(self.transfer_targets)
        self.membership(
            who,
            old_org,
            MembershipStage.FULL,
            dates,
            full_on,
            ended=moved,
            reason=MembershipEndReason.TRANSFERRED,
        )
        return moved

    def dissolved(self, unit: UnitPlan, branch: BranchPlan, org_id: int) -> list[Member]:
        """A graduated cohort: ended memberships, students who left, a secretary whose term ended."""
        assert branch.dissolved_on is not None and branch.grade is not None
        end = branch.dissolved_on.toordinal()
        established = branch.established_on.toordinal()
        unit_id = self.ctx.org_ids[unit.code]
        first: Member | None = None
        for _ in range(branch.graduated):
            who = self.make.student(
                unit_id, unit.number, "undergraduate", branch.grade, left_on=end
            )
            stage = (
                MembershipStage.FULL if self.rng.random() < 0.6 else MembershipStage.PROBATIONARY
            )
            dates = stage_dates(
                self.rng, stage, max(who.birth + EIGHTEEN_YEARS, who.entry), end - 10
            )
            self.membership(
                who,
                org_id,
                stage,
                dates,
                established,
                ended=end,
                reason=MembershipEndReason.GRADUATED,
            )
            if first is None and stage == MembershipStage.FULL:
                first = Member(who, dates[4])
        if first is not None:
            start = max(established, (first.full_on or established) + 1)
            self.position(
                first.who.id, org_id, PositionKind.SECRETARY, "", min(start, end), ended=end
            )
        return []

    # ---- positions -------------------------------------------------------------------------------
    def branch_positions(
        self, branch: BranchPlan, org_id: int, full: list[Member], established: int
    ) -> None:
        if not full:
            return
        self.appoint(
            org_id, branch.roles, full[: len(branch.roles)], BRANCH_TERM_YEARS, established
        )
        for g in range(1, branch.groups + 1):
            leader = full[(len(branch.roles) + g - 1) % len(full)]
            group_id = self.ctx.org_ids[f"{branch.code}-G{g:02d}"]
            start = max(established, (leader.full_on or established) + 1, self.today - 700)
            self.position(
                leader.who.id, group_id, PositionKind.GROUP_LEADER, "", min(start, self.today)
            )

    def appoint(
        self,
        org_id: int,
        roles: list[Role],
        people: list[Member],
        term_years: int,
        established: int = 0,
    ) -> None:
        """Leadership elected on one day within the current term; nobody before becoming full."""
        if not roles or not people:
            return
        election = max(self.today - randint(self.rng, 30, int(term_years * YEAR) - 30), established)
        for (kind, duty), member in zip(roles, people, strict=False):
            start = max(election, (member.full_on or election) + 1)
            self.position(member.who.id, org_id, kind, duty, min(start, self.today))

    def workers(self, unit: UnitPlan, unit_id: int, pool: list[Member]) -> None:
        """专职党务工作者 (counsellors, 组织员) and 兼职党务工作者 (teachers) of a college-level org."""
        staff = [m for m in pool if m.who.category == "staff"]
        teachers = [m for m in pool if m.who.category == "teacher"]
        full_time = (
            randint(self.rng, 1, 2)
            if unit.kind == OrgKind.COLLEGE_COMMITTEE
            else randint(self.rng, 0, 1)
        )
        for member in self.sample(staff or teachers, full_time):
            self.position(
                member.who.id, unit_id, PositionKind.FULLTIME_WORKER, "", self.started(member)
            )
        for member in self.sample(teachers, randint(self.rng, 1, 3)):
            self.position(
                member.who.id, unit_id, PositionKind.PARTTIME_WORKER, "", self.started(member)
            )

    def university_positions(self, admin_pool: list[Member]) -> None:
        plan = self.ctx.plan
        university_id = self.ctx.university_id
        self.appoint(
            university_id,
            plan.roles,
            self.leaders(admin_pool, len(plan.roles), 45),
            COMMITTEE_TERM_YEARS,
        )
        staff = [m for m in admin_pool if m.who.category == "staff"]
        for member in self.sample(staff, randint(self.rng, 2, 4)):
            self.position(
                member.who.id, university_id, PositionKind.FULLTIME_WORKER, "", self.started(member)
            )

    def representatives(self) -> None:
        """Delegates to the university's Party congress, with its five-year term (Criterion C05)."""
        plan = self.ctx.plan
        start = plan.congress_start.toordinal()
        eligible = [(m, unit_id) for m, unit_id in self.all_full if (m.full_on or start) < start]
        chosen: dict[int, tuple[Member, int]] = {}
        covered: set[int] = set()
        for member, unit_id in eligible:
            if unit_id not in covered or self.rng.random() < REPRESENTATIVE_SHARE:
                chosen[member.who.id] = (member, unit_id)
                covered.add(unit_id)
        for member, unit_id in chosen.values():
            self.position(
                member.who.id,
                unit_id,
                PositionKind.REPRESENTATIVE,
                "",
                start,
                congress=(plan.congress_name, start, plan.congress_end.toordinal()),
            )

    def started(self, member: Member) -> int:
        low = max(member.who.entry, (member.full_on or member.who.entry) + 1)
        return randint(self.rng, min(low, self.today), self.today)

    def position(
        self,
        person_id: int,
        org_id: int,
        kind: str,
        duty: str,
        started: int,
        *,
        ended: int | None = None,
        congress: tuple[str, int, int] | None = None,
    ) -> None:
        day = self.day
        name, term_start, term_end = congress or ("", None, None)
        if ended is None and kind in LEADERSHIP_KINDS:
            self.ctx.leaders.setdefault(org_id, []).append((person_id, started))
        self.positions.append(
            (
                self.take(Position),
                person_id,
                org_id,
                self.uid,
                kind,
                duty,
                day(started),
                day(ended),
                name,
                day(term_start),
                day(term_end),
            )
        )
        self.counts["positions"] += 1

    def leaders(self, pool: list[Member], k: int, min_age: int) -> list[Member]:
        """`k` members for a leadership team, drawn from those aged `min_age` or more if enough."""
        senior = [m for m in pool if self.today - m.who.birth >= min_age * YEAR]
        return self.sample(senior if len(senior) >= k else pool, k)

    def sample(self, pool: list[Member], k: int) -> list[Member]:
        return self.rng.sample(pool, min(k, len(pool)))

    # ---- persons without a membership ------------------------------------------------------------
    def masses(self, unit: UnitPlan, unit_id: int) -> None:
        make, rng = self.make, self.rng
        for _ in range(unit.masses):
            roll = rng.random()
            if unit.role == "retired":
                make.retired(unit_id)
            elif unit.role == "admin":
                make.staff(unit_id) if roll < 0.85 else make.teacher(unit_id)
            elif roll < 0.68:
                make.student(
                    unit_id, unit.number, "undergraduate", randint(rng, self.senior, self.year)
                )
            elif roll < 0.82:
                make.student(unit_id, unit.number, "master", randint(rng, self.year - 2, self.year))
            elif roll < 0.86:
                make.student(unit_id, unit.number, "phd", randint(rng, self.year - 4, self.year))
            elif roll < 0.96:
                make.teacher(unit_id)
            else:
                make.staff(unit_id)
