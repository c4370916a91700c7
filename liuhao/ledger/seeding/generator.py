"""Generator "ledger": three terms of work records for every college-level org, general branch and
active branch of one university (the current term up to today and the two before it).

Most orgs keep every rule of criteria C01–C04, C06.4, C13.3, C14 and C15 in most terms; in about
`LAX_SHARE` of (org, term) pairs an org misses one or two of them (no seminar, a month without a
themed party day, low attendance, late recording, a meeting without quorum, a leader without a
visit …), and a few orgs lack a plan document or a leader has too few contact pairs — so about
10–25% of orgs miss some rule in a closed term. Records are entered within a few days of the event;
about 2% are 补录 (entered more than 30 days later), more in the orgs that miss "timely".

Attendance is generated for the organizational-life meetings (org-life meeting, general meeting,
party lecture: kinds of checkpoint C06.4) from a branch's full and probationary members, or a
committee's leaders: about 3M rows for the three terms at province scale (DESIGN §7 expects ~9M a
term; themed party days are recorded without attendance to keep the seed within its budget).
Rows are handed to the writer parents first (see `run`), so SQLite never has pending deferred
foreign-key violations, which would make every later parent insert search the child tables.
Every draw comes from the university's "ledger" random stream; rows go through the bulk writer.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from liuhao.ledger.choices import (
    ActivityKind,
    AttendanceStatus,
    CultureTag,
    DisclosureScope,
    PlanKind,
    ServiceKind,
)
from liuhao.ledger.models import (
    Activity,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.ledger.seeding import texts
from liuhao.orgs.periods import Period, period_containing
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import chooser, randint

RECORD = ("id", "org_id", "university_id", "entered_at", "entered_by_id")
ACTIVITY_COLUMNS = (
    *RECORD,
    "kind",
    "held_on",
    "place",
    "topic",
    "summary",
    "culture_tag",
    "is_decision_meeting",
)
ATTENDANCE_COLUMNS = ("id", "activity_id", "person_id", "status")
DECISION_COLUMNS = ("id", "activity_id", "text", "members_entitled", "members_present")
PLAN_COLUMNS = (*RECORD, "kind", "title", "valid_from", "valid_until", "approved_on")
PAIR_COLUMNS = (*RECORD, "leader_id", "target_id", "started_on", "ended_on", "note")
VISIT_COLUMNS = (*RECORD, "leader_id", "visited_on", "target_id", "place", "topic", "findings")
TASK_COLUMNS = (
    *RECORD,
    "title",
    "owner_id",
    "steps",
    "assigned_on",
    "due_on",
    "completed_on",
    "completion_note",
)
DISCLOSURE_COLUMNS = (*RECORD, "title", "published_on", "scope", "channel", "content")
SERVICE_COLUMNS = (*RECORD, "person_id", "served_on", "kind", "hours", "description")
CULTURE_TAGS = tuple(CultureTag.values)
CULTURE = ActivityKind.CULTURE
SERVICE_HOURS = (1.0, 1.5, 2.0, 2.0, 3.0, 4.0)

TERMS = 3
LAX_SHARE = 0.10  # (org, term) pairs in which the org misses one or two per-term rules
TERM_RULES = (
    "theory_seminar",
    "special_deployment",
    "training",
    "themed_party_day",
    "volunteer",
    "co_construction",
    "culture",
    "attendance",
    "timely",
    "quorum",
    "visits",
    "tasks",
    "disclosure",
    "service",
)
# Member service (C06.3) is seeded for the current term and the one before only: one attendance
# row per served member and term, the largest addition to the seed (DESIGN §7, its time budget).
SERVICE_TERMS = 2
PLANS_MISSING_SHARE = 0.04  # orgs without one (or both) of the plan documents
PAIRS_SHORT_SHARE = 0.035  # orgs where one leader has fewer than two contact pairs
# Attendance is seeded for the meetings of organizational life only; themed party days (six a
# term) are recorded without it, which keeps the province seed within its time budget.
ATTENDED = frozenset(
    {ActivityKind.ORG_LIFE_MEETING, ActivityKind.GENERAL_MEETING, ActivityKind.PARTY_LECTURE}
)
STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
ATTENDANCE_WEIGHTS = (0.9, 0.97, 1.0)  # cumulative: 90% present, 7% excused, 3% absent
LAX_ATTENDANCE_WEIGHTS = (0.68, 0.84, 1.0)
EVENING_HOURS = (12, 17, 20, 21)


@dataclass(slots=True)
class SeedOrg:
    id: int
    name: str
    kind: str
    established: int  # ordinal
    members: list[int]  # full and probationary members (branches only)
    groups: int
    leaders: list[tuple[int, int]]  # (person id, start ordinal)


@register(
    "ledger",
    models=(
        Activity,
        Attendance,
        Decision,
        PlanDocument,
        ContactPair,
        ContactVisit,
        Task,
        Disclosure,
        ServiceRecord,
    ),
    order=100,
)
def generate_ledger(ctx: UniversityContext) -> None:
    """Write activities, attendance, decisions, plans, contact pairs and visits of one university."""
    _Ledger(ctx).run()


def terms_before(today: dt.date, count: int = TERMS) -> list[Period]:
    """The term containing `today` and the `count - 1` terms before it (default calendar)."""
    terms = [period_containing(today)]
    while len(terms) < count:
        terms.append(period_containing(terms[-1].start - dt.timedelta(days=1)))
    return terms


@functools.cache
def _months(first: int, last: int) -> list[tuple[int, int]]:
    """(1st, 28th) of each month from the month of `first` to that of `last`, as ordinals."""
    start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((dt.date(year, month, 1).toordinal(), dt.date(year, month, 28).toordinal()))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class _Ledger:
    def __init__(self, ctx: UniversityContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("ledger")
        self.random = self.rng.random
        self.choice = chooser(self.rng)
        self.today = ctx.today.toordinal()
        self.day = ctx.writer.date
        self.uid = ctx.university_id
        writer = ctx.writer
        self.activities = writer.table(Activity, ACTIVITY_COLUMNS)
        self.attendance = writer.table(Attendance, ATTENDANCE_COLUMNS)
        self.decisions = writer.table(Decision, DECISION_COLUMNS)
        self.plans = writer.table(PlanDocument, PLAN_COLUMNS)
        self.pairs = writer.table(ContactPair, PAIR_COLUMNS)
        self.visits = writer.table(ContactVisit, VISIT_COLUMNS)
        self.tasks = writer.table(Task, TASK_COLUMNS)
        self.disclosures = writer.table(Disclosure, DISCLOSURE_COLUMNS)
        self.services = writer.table(ServiceRecord, SERVICE_COLUMNS)
        self.moments = writer.moments
        self.counts = dict.fromkeys(
            (
                "activities",
                "attendance",
                "decisions",
                "plans",
                "contact_pairs",
                "contact_visits",
                "tasks",
                "disclosures",
                "service_records",
            ),
            0,
        )

    # ---- orchestration -----------------------------------------------------------------------
    def run(self) -> None:
        # Parents before children: with deferred foreign keys, a child row inserted before its
        # parent leaves SQLite a pending violation, and then every parent insert searches the child
        # tables (unindexed university_id columns: a scan per org row). Orgs and persons of this
        # university are written now; activities are flushed before their attendance below.
        self.ctx.writer.flush()
        orgs = self.orgs()
        terms = terms_before(self.ctx.today)
        self.service_terms = {t.code for t in terms[:SERVICE_TERMS]}
        for org in orgs:
            self.plan_documents(org)
            self.contact_pairs(org)
            for term in terms:
                self.term(org, term)
        self.ctx.summary.update(self.counts)

    def orgs(self) -> list[SeedOrg]:
        ids, leaders, members = self.ctx.org_ids, self.ctx.leaders, self.ctx.branch_members
        out = []
        for unit in self.ctx.plan.units:
            out.append(
                SeedOrg(
                    ids[unit.code],
                    unit.name,
                    unit.kind,
                    unit.established_on.toordinal(),
                    [],
                    0,
                    leaders.get(ids[unit.code], []),
                )
            )
            for general in unit.generals:
                pk = ids[general.code]
                out.append(
                    SeedOrg(
                        pk,
                        general.name,
                        "general_branch",
                        general.established_on.toordinal(),
                        [],
                        0,
                        leaders.get(pk, []),
                    )
                )
            for branch in unit.branches:
                if branch.dissolved_on is not None:
                    continue
                pk = ids[branch.code]
                out.append(
                    SeedOrg(
                        pk,
                        branch.name,
                        "branch",
                        branch.established_on.toordinal(),
                        members.get(pk, []),
                        branch.groups,
                        leaders.get(pk, []),
                    )
                )
        return out

    # ---- helpers -----------------------------------------------------------------------------
    def entered(self, event: int, slow: bool = False) -> Any:
        """A DB-ready entry time: mostly within two days, some within a week, ~2% 补录."""
        roll = self.random()
        if slow and roll < 0.45:
            delay = randint(self.rng, 8, 45)
        elif roll < 0.88:
            delay = int(self.random() * 3)  # randint(rng, 0, 2), inlined: the common case
        elif roll < 0.975:
            delay = randint(self.rng, 3, 7)
        elif roll < 0.985:
            delay = randint(self.rng, 8, 30)
        else:
            delay = randint(self.rng, 31, 120)
        day = event + delay
        if day > self.today:
            day = self.today
        return self.moments(day * 24 + EVENING_HOURS[int(roll * 1000) % len(EVENING_HOURS)])

    def activity(
        self, org: SeedOrg, kind: str, held: int, slow: bool, *, deciding: bool = False
    ) -> int:
        choice = self.choice
        pk = self.ctx.ids.take(Activity)
        self.activities.append(
            (
                pk,
                org.id,
                self.uid,
                self.entered(held, slow),
                None,
                kind,
                self.day(held),
                choice(texts.PLACES) if self.random() < 0.7 else "",
                choice(texts.TOPICS[kind]),
                "",
                choice(CULTURE_TAGS) if kind == CULTURE else "",
                deciding,
            )
        )
        self.counts["activities"] += 1
        return pk

    def days(self, first: int, last: int, n: int) -> list[int]:
        """`n` days drawn in [first, last], kept only when already past (≤ today)."""
        if last < first:
            return []
        random, span, today = self.random, last - first + 1, self.today
        # randint(rng, first, last) n times, inlined (a few million days a province)
        return [d for d in [first + int(random() * span) for _ in range(n)] if d <= today]

    # ---- per term ----------------------------------------------------------------------------
    def term(self, org: SeedOrg, term: Period) -> None:
        rng = self.rng
        first = max(term.start.toordinal(), org.established)
        last = term.end.toordinal()
        if first > self.today:
            return
        missed: set[str] = set()
        if rng.random() < LAX_SHARE:
            missed = set(rng.sample(TERM_RULES, 1 if rng.random() < 0.7 else 2))
        slow = "timely" in missed
        kinds = ActivityKind

        early = first + (last - first) // 3  # deployments and seminars open the term

        def some(kind: str, rule: str, low: int, high: int, until: int = last) -> list[int]:
            n = 0 if rule in missed else randint(rng, low, high)
            pks = []
            for held in self.days(first, until, n):
                pk = self.activity(org, kind, held, slow)
                self.attended(org, kind, pk, missed)
                pks.append(pk)
            return pks

        some(kinds.SPECIAL_DEPLOYMENT, "special_deployment", 1, 1, early)
        some(kinds.THEORY_SEMINAR, "theory_seminar", 1, 1, early)
        some(kinds.THEORY_SEMINAR, "theory_seminar", 0, 1)
        some(kinds.TRAINING, "training", 1, 1)
        some(kinds.CULTURE, "culture", 1, 2)
        volunteer = self.choice((kinds.VOLUNTEER_SERVICE, kinds.SOCIAL_PRACTICE))
        served_at = some(volunteer, "volunteer", 1, 2)
        some(kinds.VOLUNTEER_SERVICE, "volunteer", 0, 1)
        joint = self.choice((kinds.CO_CONSTRUCTION, kinds.PEER_EDUCATION, kinds.PAIRING_ASSISTANCE))
        some(joint, "co_construction", 1, 2)
        some(kinds.CONTACT_RESEARCH, "", 0, 1)
        some(kinds.OTHER, "", 0, 1)
        self.party_days(org, first, last, "themed_party_day" in missed, slow, missed)
        if org.kind == "branch":
            some(kinds.ORG_LIFE_MEETING, "", 1, 1)
            some(kinds.PARTY_LECTURE, "", 1, 2)
            self.general_meetings(org, first, last, slow, missed)
            some(kinds.GROUP_MEETING, "", org.groups, org.groups * 2)
        else:
            some(kinds.ORG_LIFE_MEETING, "", 1, 1)  # the committee's own, attended by its leaders
            some(kinds.PARTY_LECTURE, "", 0, 1)
        if len(org.leaders) >= 3:
            self.committee_meetings(org, first, last, "quorum" in missed, slow)
        self.contact_visits(org, first, early + (last - first) // 3, last, "visits" in missed)
        self.work_tasks(org, first, last, "tasks" in missed, slow)
        self.disclosure(org, first, last, "disclosure" in missed, slow)
        if served_at and org.members and term.code in self.service_terms:
            self.service(org, served_at[0], first, last, "service" in missed)

    def party_days(
        self, org: SeedOrg, first: int, last: int, lax: bool, slow: bool, missed: set[str]
    ) -> None:
        """A themed party day in (nearly) every month of the term (Criterion C14.1)."""
        rng = self.rng
        months = _months(first, last)
        skipped = set(rng.sample(months, min(len(months), randint(rng, 1, 2)))) if lax else set()
        for month in months:
            if month in skipped:
                continue
            low = max(first, month[0])
            high = min(last, month[1])
            for held in self.days(low, max(low, high), 1):
                pk = self.activity(org, ActivityKind.THEMED_PARTY_DAY, held, slow)
                self.attended(org, ActivityKind.THEMED_PARTY_DAY, pk, missed)

    def attended(self, org: SeedOrg, kind: str, activity_id: int, missed: set[str]) -> int:
        """Attendance rows for the organizational-life kinds: a branch's members, or the leaders
        of a committee. Returns how many were present."""
        if kind not in ATTENDED:
            return 0
        people = org.members or [person for person, _ in org.leaders]
        if not people:
            return 0
        weights = LAX_ATTENDANCE_WEIGHTS if "attendance" in missed else ATTENDANCE_WEIGHTS
        statuses = self.rng.choices(STATUSES, cum_weights=weights, k=len(people))
        buffer = self.attendance
        first = self.ctx.ids.take(Attendance, len(people))
        buffer.rows.extend(
            zip(
                range(first, first + len(people)),
                repeat(activity_id),
                people,
                statuses,
                strict=False,  # `repeat` is endless; the range and the lists have equal length
            )
        )
        if len(buffer.rows) >= self.ctx.writer.batch_size:
            self.ctx.writer.flush_table(self.activities)
            self.ctx.writer.flush_table(buffer)
        self.counts["attendance"] += len(statuses)
        return statuses.count(AttendanceStatus.PRESENT)

    def general_meetings(
        self, org: SeedOrg, first: int, last: int, slow: bool, missed: set[str]
    ) -> None:
        """Members' general meetings of a branch; in a branch without a committee they take the
        decisions, with the attendance as the count present (Criterion C02.3)."""
        rng = self.rng
        deciding_branch = len(org.leaders) < 3 and bool(org.members)
        for held in self.days(first, last, randint(rng, 1, 2)):
            deciding = deciding_branch and rng.random() < 0.6
            kind = ActivityKind.GENERAL_MEETING
            pk = self.activity(org, kind, held, slow, deciding=deciding)
            present = self.attended(org, kind, pk, missed)
            if deciding:
                text = self.choice(texts.DECISIONS).format(n=randint(rng, 1, 3))
                size = len(org.members)
                self.decisions.append((self.ctx.ids.take(Decision), pk, text, size, present))
                self.counts["decisions"] += 1

    def committee_meetings(
        self, org: SeedOrg, first: int, last: int, lax: bool, slow: bool
    ) -> None:
        """Committee meetings; about half decide, with one or two decisions (Criterion C02.3)."""
        rng = self.rng
        size = len(org.leaders)
        held_days = sorted(self.days(first, last, randint(rng, 3, 5)))
        without_quorum = lax
        for held in held_days:
            deciding = rng.random() < 0.5 or without_quorum
            pk = self.activity(org, ActivityKind.COMMITTEE_MEETING, held, slow, deciding=deciding)
            if not deciding:
                continue
            if without_quorum:
                present = size // 2  # exactly half or fewer: no quorum
                without_quorum = False
            else:
                present = size if rng.random() < 0.7 else size - 1
                if present * 2 <= size:
                    present = size
            for _ in range(1 if rng.random() < 0.6 else 2):
                text = self.choice(texts.DECISIONS).format(n=randint(rng, 1, 4))
                self.decisions.append((self.ctx.ids.take(Decision), pk, text, size, present))
                self.counts["decisions"] += 1

    def contact_visits(self, org: SeedOrg, first: int, last: int, end: int, lax: bool) -> None:
        """Visits or research trips by each leader (Criterion C03.2)."""
        rng = self.rng
        if not org.leaders:
            return
        idle = rng.randrange(len(org.leaders)) if lax else -1
        people = self.ctx.person_ids
        for i, (leader, started) in enumerate(org.leaders):
            n = 0 if i == idle else randint(rng, 1, 2)
            # Visits fall in the first two thirds of the term; a leader elected later visits
            # within two months of taking office.
            begin = max(first, started)
            for day in self.days(begin, min(end, max(last, begin + 60)), n):
                target = self.choice(people) if rng.random() < 0.5 else None
                self.visits.append(
                    (
                        self.ctx.ids.take(ContactVisit),
                        org.id,
                        self.uid,
                        self.entered(day),
                        None,
                        leader,
                        self.day(day),
                        target if target != leader else None,
                        self.choice(texts.PLACES) if rng.random() < 0.5 else "",
                        self.choice(texts.VISIT_TOPICS),
                        "",
                    )
                )
                self.counts["contact_visits"] += 1

    # ---- tasks, disclosures, member service (C07.1, C07.2, C06.3) ------------------------------
    def work_tasks(self, org: SeedOrg, first: int, last: int, lax: bool, slow: bool) -> None:
        """One task a term (two for a committee) with an owner from the leadership, each with steps and a due
        date; done by the due date, except one overdue (late or still open) in a lax term."""
        rng = self.rng
        owners = [person for person, _ in org.leaders] or org.members
        if not owners:
            return
        n = 1 if org.kind == "branch" else 2
        overdue = rng.randrange(n) if lax else -1
        for i in range(n):
            assigned = randint(rng, first, max(first, last - 40))
            if assigned > self.today:
                continue
            due = assigned + randint(rng, 14, 40)
            if i == overdue:
                done: int | None = due + randint(rng, 3, 20) if rng.random() < 0.5 else None
            else:
                done = randint(rng, assigned, due)
            if done is not None and done > self.today:
                done = None
            self.tasks.append(
                (
                    self.ctx.ids.take(Task),
                    org.id,
                    self.uid,
                    self.entered(assigned, slow),
                    None,
                    self.choice(texts.TASK_TITLES),
                    self.choice(owners),
                    self.choice(texts.TASK_STEPS),
                    self.day(assigned),
                    self.day(due),
                    self.day(done),
                    self.choice(texts.TASK_NOTES) if done is not None else "",
                )
            )
            self.counts["tasks"] += 1

    def disclosure(self, org: SeedOrg, first: int, last: int, lax: bool, slow: bool) -> None:
        """One party-affairs disclosure a term (none in a lax term); most public."""
        rng = self.rng
        for day in self.days(first, last, 0 if lax else 1):
            self.disclosures.append(
                (
                    self.ctx.ids.take(Disclosure),
                    org.id,
                    self.uid,
                    self.entered(day, slow),
                    None,
                    self.choice(texts.DISCLOSURE_TITLES),
                    self.day(day),
                    DisclosureScope.PUBLIC if rng.random() < 0.7 else DisclosureScope.INTERNAL,
                    self.choice(texts.DISCLOSURE_CHANNELS),
                    "",
                )
            )
            self.counts["disclosures"] += 1

    def service(
        self, org: SeedOrg, activity_id: int, first_day: int, last_day: int, lax: bool
    ) -> None:
        """Member service of the current term (C06.3): nearly every member of a branch marked
        present at one of its volunteer-service or social-practice activities (fewer in a lax term),
        and, in the current term, one individual service record (duty at a vanguard post) in half of
        the branches.

        Volume (DESIGN §7): one narrow attendance row per served member, for the `SERVICE_TERMS`
        latest terms only; the oldest seeded term carries no member-service data (the metric then
        awaits data for the university).
        """
        rng = self.rng
        share = 0.75 if lax else 0.995
        served = [p for p in org.members if rng.random() < share]
        if served:
            first = self.ctx.ids.take(Attendance, len(served))
            self.attendance.rows.extend(
                zip(
                    range(first, first + len(served)),
                    repeat(activity_id),
                    served,
                    repeat(AttendanceStatus.PRESENT),
                    strict=False,  # `repeat` is endless
                )
            )
            if len(self.attendance.rows) >= self.ctx.writer.batch_size:
                self.ctx.writer.flush_table(self.activities)
                self.ctx.writer.flush_table(self.attendance)
            self.counts["attendance"] += len(served)
        if not first_day <= self.today <= last_day or rng.random() < 0.5:
            return  # duty records: the current term only, in half of the branches
        day = randint(rng, first_day, min(last_day, self.today))
        self.services.append(
            (
                self.ctx.ids.take(ServiceRecord),
                org.id,
                self.uid,
                self.entered(day),
                None,
                self.choice(org.members),
                self.day(day),
                ServiceKind.VANGUARD_DUTY,
                self.choice(SERVICE_HOURS),
                "党员先锋岗值守",
            )
        )
        self.counts["service_records"] += 1

    # ---- standing records --------------------------------------------------------------------
    def plan_documents(self, org: SeedOrg) -> None:
        """Overall plan and implementation measures (Criterion C02.1), valid today for most orgs."""
        rng = self.rng
        kinds = [PlanKind.OVERALL_PLAN, PlanKind.IMPLEMENTATION_MEASURES]
        if rng.random() < PLANS_MISSING_SHARE:
            kinds = rng.sample(kinds, 1) if rng.random() < 0.7 else []
        for kind in kinds:
            valid_from = max(org.established, self.today - randint(rng, 400, 4 * 365))
            valid_until = None if rng.random() < 0.75 else self.today + randint(rng, 30, 900)
            approved = valid_from - randint(rng, 0, 20)
            self.plans.append(
                (
                    self.ctx.ids.take(PlanDocument),
                    org.id,
                    self.uid,
                    self.entered(valid_from),
                    None,
                    kind,
                    texts.PLAN_TITLES[kind].format(org=org.name),
                    self.day(valid_from),
                    self.day(valid_until),
                    self.day(approved),
                )
            )
            self.counts["plans"] += 1

    def contact_pairs(self, org: SeedOrg) -> None:
        """Each leader paired with two to four service targets (Criterion C03.1); a few ended."""
        rng = self.rng
        if not org.leaders:
            return
        short = rng.randrange(len(org.leaders)) if rng.random() < PAIRS_SHORT_SHARE else -1
        people = self.ctx.person_ids
        for i, (leader, started) in enumerate(org.leaders):
            n = self.choice((0, 1)) if i == short else self.choice((2, 2, 2, 3, 3, 4))
            ended = rng.random() < 0.1
            for j in range(n + (1 if ended else 0)):
                target = self.choice(people)
                if target == leader:
                    continue
                low = max(started, self.today - 4 * 365)
                start = min(low + randint(rng, 0, 20), self.today)
                end = randint(rng, start, max(start, self.today - 1)) if ended and j == n else None
                self.pairs.append(
                    (
                        self.ctx.ids.take(ContactPair),
                        org.id,
                        self.uid,
                        self.entered(start),
                        None,
                        leader,
                        target,
                        self.day(start),
                        self.day(end),
                        self.choice(texts.PAIR_NOTES),
                    )
                )
                self.counts["contact_pairs"] += 1
