"""The deterministic plan of the org tree: universities → colleges (党委/党总支) → general branches →
branches → Party groups, with each branch's member counts, leadership and deliberate rule violations.

The plan holds structure and numbers only; generators turn it into rows. It follows the structural
rules of `orgs.rules.structure_rules()` (DOMAIN-RULES §7 rules 7–9): a branch has ≥ N full members,
a committee of min–max size when full members reach the committee threshold, size caps (teacher
branches lower), joint branches over few units; a college-level org is a 党委 only when its members
reach the 基层委员会 threshold, else a 党总支. About `tier.violation_share` of branches (at least two
per university) break one rule so the org page's warnings have something to find.

Codes are stable and meaningful: U001 (university), U001-C03 (college-level org), U001-C03-Z01
(general branch inside a college), U001-C03-B012 (branch, numbered within its college),
U001-C03-B012-G02 (Party group).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from liuhao.orgs.choices import BranchType, CommitteeDuty, OrgKind, PositionKind
from liuhao.orgs.rules import StructureRules, structure_rules
from liuhao.orgs.seeding import catalog
from liuhao.orgs.seeding.naming import BranchNamer, pick_colleges, university_names
from liuhao.orgs.seeding.tiers import GRADUATION_DAY, Tier

# Size distributions of generated branches: (members range, probationary share, pipeline per member
# as candidate/activist/applicant shares). These shape the data; the rules themselves are in YAML.
SIZES: dict[str, tuple[tuple[int, int], float, tuple[float, float, float]]] = {
    BranchType.TEACHER: ((7, 18), 0.04, (0.03, 0.05, 0.05)),
    BranchType.UNDERGRADUATE: ((5, 15), 0.45, (0.3, 0.5, 0.6)),
    BranchType.GRADUATE: ((7, 17), 0.2, (0.08, 0.12, 0.12)),
    BranchType.JOINT: ((4, 8), 0.15, (0.05, 0.1, 0.1)),
    BranchType.RETIRED: ((10, 22), 0.0, (0.0, 0.0, 0.0)),
    BranchType.ADMIN: ((5, 13), 0.05, (0.02, 0.04, 0.04)),
    BranchType.RESEARCH_TEAM: ((4, 10), 0.1, (0.05, 0.08, 0.08)),
    BranchType.PROJECT_TEAM: ((3, 8), 0.1, (0.05, 0.08, 0.08)),
    BranchType.DORM_COMMUNITY: ((5, 13), 0.35, (0.15, 0.3, 0.3)),
}
LARGE_SHARE = 0.12  # share of teacher/student/retired branches drawn from the large end
ACADEMIC_MIX: tuple[tuple[str, float], ...] = (
    (BranchType.TEACHER, 0.30),
    (BranchType.UNDERGRADUATE, 0.30),
    (BranchType.GRADUATE, 0.22),
    (BranchType.RESEARCH_TEAM, 0.07),
    (BranchType.JOINT, 0.06),
    (BranchType.PROJECT_TEAM, 0.05),
)
DUTY_ORDER: tuple[str, ...] = (
    CommitteeDuty.ORGANIZATION,
    CommitteeDuty.PROPAGANDA,
    CommitteeDuty.DISCIPLINE,
    CommitteeDuty.YOUTH,
    CommitteeDuty.WELFARE,
    CommitteeDuty.OTHER,
)
VIOLATIONS = ("branch_too_small", "branch_too_large", "committee_missing", "no_secretary")
MIN_VIOLATIONS = 2
Role = tuple[str, str]  # (position kind, committee duty)


@dataclass(slots=True)
class BranchPlan:
    """One branch: counts of open memberships by stage, leadership roles, groups, history."""

    code: str
    name: str
    branch_type: str
    established_on: dt.date
    full: int
    probationary: int
    pipeline: tuple[int, int, int]  # candidates, activists, applicants
    roles: list[Role]
    general: str = ""  # code of the general branch it sits in ("" = directly under the college)
    grade: int | None = None  # cohort of a student branch (None: mixed cohorts)
    level: str = ""  # graduate branches: "master" or "phd"
    unit_count: int = 1
    groups: int = 0
    violation: str = ""
    dissolved_on: dt.date | None = None
    graduated: int = 0  # ended memberships of a dissolved cohort branch

    @property
    def members(self) -> int:
        return self.full + self.probationary


@dataclass(slots=True)
class GeneralBranchPlan:
    code: str
    name: str
    established_on: dt.date
    roles: list[Role]


@dataclass(slots=True)
class UnitPlan:
    """A college-level org under the university: an academic college, 机关, 离退休 or 学生社区."""

    number: int
    code: str
    name: str
    kind: str
    role: str  # academic | admin | retired | dorm
    established_on: dt.date
    college: catalog.College | None
    roles: list[Role]
    generals: list[GeneralBranchPlan] = field(default_factory=list)
    branches: list[BranchPlan] = field(default_factory=list)
    masses: int = 0

    @property
    def members(self) -> int:
        return sum(b.members for b in self.branches if b.dissolved_on is None)


@dataclass(slots=True)
class UniversityPlan:
    index: int
    code: str
    name: str
    established_on: dt.date
    roles: list[Role]
    congress_name: str
    congress_start: dt.date
    congress_end: dt.date
    units: list[UnitPlan] = field(default_factory=list)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def plan_universities(tier: Tier, seed: int) -> Iterator[UniversityPlan]:
    """Yield the plan of each university in turn (streamed: one university in memory at a time)."""
    rules = structure_rules()
    for index, (name, utype) in enumerate(university_names(tier.universities, seed), start=1):
        rng = random.Random(f"{seed}:{index}:plan")
        yield _plan_university(rng, tier, rules, index, name, utype)


def _plan_university(
    rng: random.Random,
    tier: Tier,
    rules: StructureRules,
    index: int,
    name: str,
    utype: catalog.UniversityType,
) -> UniversityPlan:
    code = f"U{index:03d}"
    start = _day(rng, dt.date(2021, 3, 1), dt.date(2023, 12, 31))
    congress_no = rng.choice(catalog.CONGRESS_NUMBERS)
    plan = UniversityPlan(
        index=index,
        code=code,
        name=f"{name}党委",
        established_on=_day(rng, dt.date(1950, 1, 1), dt.date(1995, 12, 31)),
        roles=_leadership(rng, deputies=rng.randint(2, 3), members=rng.randint(5, 7)),
        congress_name=f"中国共产党{name}第{congress_no}次代表大会",
        congress_start=start,
        congress_end=start.replace(year=start.year + 5),
    )
    n_colleges = rng.randint(*tier.academic_colleges)
    colleges = pick_colleges(rng, n_colleges, utype)
    number = 0
    for college in colleges:
        number += 1
        plan.units.append(_plan_academic(rng, tier, rules, code, number, college))
    for role, count in (
        ("admin", rng.randint(*tier.admin_branches)),
        ("retired", rng.randint(*tier.retired_branches)),
        ("dorm", rng.randint(*tier.dorm_branches)),
    ):
        number += 1
        plan.units.append(_plan_service_unit(rng, tier, rules, code, number, role, count))
    _assign_violations(rng, tier, rules, plan)
    return plan


def _assign_violations(
    rng: random.Random, tier: Tier, rules: StructureRules, plan: UniversityPlan
) -> None:
    """Pick `violation_share` of the active branches (at least MIN_VIOLATIONS, so even the demo's
    org pages show warnings) and break one rule in each, cycling through the kinds of violation."""
    branches = [b for u in plan.units for b in u.branches if b.dissolved_on is None]
    count = min(len(branches), max(MIN_VIOLATIONS, round(len(branches) * tier.violation_share)))
    kinds = list(VIOLATIONS)
    rng.shuffle(kinds)
    for i, branch in enumerate(rng.sample(branches, count)):
        kind = kinds[i % len(kinds)]
        if branch.branch_type == BranchType.JOINT:
            kind = "joint_too_wide"
        elif (
            branch.grade is not None
            and branch.grade > GRADUATION_DAY.year - 3
            and kind != "no_secretary"
        ):
            kind = "branch_too_small"  # a cohort without full student members cannot grow large
        _violate(rng, rules, branch, kind)


def _leadership(rng: random.Random, *, deputies: int, members: int) -> list[Role]:
    """Secretary, deputies and committee members with duties (for college and university level)."""
    roles: list[Role] = [(PositionKind.SECRETARY, "")]
    roles += [(PositionKind.DEPUTY_SECRETARY, "")] * deputies
    roles += [
        (PositionKind.COMMITTEE_MEMBER, DUTY_ORDER[i % len(DUTY_ORDER)]) for i in range(members)
    ]
    return roles


def _unit_kind(members: int, rules: StructureRules) -> str:
    """A college-level org with enough members is a 党委 (基层委员会), otherwise a 党总支."""
    if members >= rules.college_committee_min_members:
        return OrgKind.COLLEGE_COMMITTEE
    return OrgKind.GENERAL_BRANCH


def _unit_roles(rng: random.Random, kind: str) -> list[Role]:
    if kind == OrgKind.COLLEGE_COMMITTEE:
        return _leadership(rng, deputies=rng.randint(1, 2), members=rng.randint(3, 5))
    return _leadership(rng, deputies=rng.randint(0, 1), members=rng.randint(2, 3))


def _plan_academic(
    rng: random.Random,
    tier: Tier,
    rules: StructureRules,
    ucode: str,
    number: int,
    college: catalog.College,
) -> UnitPlan:
    code = f"{ucode}-C{number:02d}"
    n = rng.randint(*tier.branches_per_college)
    counts: Counter[str] = Counter({BranchType.TEACHER: 1, BranchType.UNDERGRADUATE: 1})
    types, weights = zip(*ACADEMIC_MIX, strict=True)
    for branch_type in rng.choices(types, weights=weights, k=max(0, n - 2)):
        counts[branch_type] += 1
    unit = UnitPlan(
        number=number,
        code=code,
        name=college.name,
        kind="",
        role="academic",
        established_on=_day(rng, dt.date(1995, 1, 1), dt.date(2015, 12, 31)),
        college=college,
        roles=[],
    )
    namer = BranchNamer(rng, college)
    seq = 0
    for branch_type in (b for b, _ in ACADEMIC_MIX):
        for _ in range(counts[branch_type]):
            seq += 1
            name, grade, level = namer.name(branch_type)
            branch = _plan_branch(
                rng, rules, f"{code}-B{seq:03d}", name, branch_type, unit.established_on
            )
            branch.grade, branch.level = grade, level
            _shape_student_branch(rng, rules, branch)
            unit.branches.append(branch)
    if rng.random() < 0.35:  # last year's graduating cohort: a dissolved branch keeps its history
        seq += 1
        unit.branches.append(_dissolved_cohort(rng, f"{code}-B{seq:03d}"))
    namer.finish(unit.branches)
    _finish_unit(rng, rules, unit, f"{college.name}")
    if unit.kind == OrgKind.COLLEGE_COMMITTEE and len(unit.branches) >= 8 and rng.random() < 0.5:
        _add_general_branches(rng, unit)
    unit.masses = round(unit.members * tier.masses_per_member * rng.uniform(0.8, 1.2))
    return unit


def _plan_service_unit(
    rng: random.Random,
    tier: Tier,
    rules: StructureRules,
    ucode: str,
    number: int,
    role: str,
    count: int,
) -> UnitPlan:
    code = f"{ucode}-C{number:02d}"
    branch_type = {
        "admin": BranchType.ADMIN,
        "retired": BranchType.RETIRED,
        "dorm": BranchType.DORM_COMMUNITY,
    }[role]
    unit = UnitPlan(
        number=number,
        code=code,
        name="",
        kind="",
        role=role,
        established_on=_day(rng, dt.date(1995, 1, 1), dt.date(2018, 12, 31)),
        college=None,
        roles=[],
    )
    if role == "admin":
        names = [
            f"{office}党支部"
            for office in rng.sample(catalog.ADMIN_OFFICES, min(count, len(catalog.ADMIN_OFFICES)))
        ]
    elif role == "retired":
        names = [f"离退休第{catalog.ordinal(i + 1)}党支部" for i in range(count)]
    else:
        names = [
            f"{dorm}公寓社区党支部"
            for dorm in rng.sample(catalog.DORMS, min(count, len(catalog.DORMS)))
        ]
    for seq, name in enumerate(names, start=1):
        branch = _plan_branch(
            rng, rules, f"{code}-B{seq:03d}", name, branch_type, unit.established_on
        )
        if role == "dorm":
            branch.grade = None
        unit.branches.append(branch)
    label = {"admin": "机关", "retired": "离退休工作处", "dorm": "学生公寓社区"}[role]
    _finish_unit(rng, rules, unit, label)
    unit.masses = round(
        unit.members * tier.masses_per_member * {"admin": 0.5, "retired": 0.6, "dorm": 0.0}[role]
    )
    return unit


def _finish_unit(rng: random.Random, rules: StructureRules, unit: UnitPlan, label: str) -> None:
    unit.kind = _unit_kind(unit.members, rules)
    suffix = "党委" if unit.kind == OrgKind.COLLEGE_COMMITTEE else "党总支"
    unit.name = f"{label}{suffix}"
    # ~2% of college-level orgs have not registered their leadership (warning "no_leadership").
    unit.roles = [] if rng.random() < 0.02 else _unit_roles(rng, unit.kind)


def _add_general_branches(rng: random.Random, unit: UnitPlan) -> None:
    staff_types = {
        BranchType.TEACHER,
        BranchType.JOINT,
        BranchType.RESEARCH_TEAM,
        BranchType.PROJECT_TEAM,
    }
    for n, (label, types) in enumerate(
        (("教工党总支", staff_types), ("学生党总支", None)), start=1
    ):
        general = GeneralBranchPlan(
            code=f"{unit.code}-Z{n:02d}",
            name=f"{unit.name.removesuffix('党委')}{label}",
            established_on=unit.established_on,
            roles=_leadership(rng, deputies=rng.randint(0, 1), members=2),
        )
        unit.generals.append(general)
        for branch in unit.branches:
            is_staff = branch.branch_type in staff_types
            if (types is not None) == is_staff:
                branch.general = general.code


def _plan_branch(
    rng: random.Random,
    rules: StructureRules,
    code: str,
    name: str,
    branch_type: str,
    parent_established: dt.date,
) -> BranchPlan:
    (low, high), p_share, (c_share, a_share, ap_share) = SIZES[branch_type]
    cap = (
        rules.teacher_branch_max_members
        if branch_type == BranchType.TEACHER
        else rules.branch_max_members
    )
    if branch_type in (
        BranchType.TEACHER,
        BranchType.GRADUATE,
        BranchType.RETIRED,
        BranchType.UNDERGRADUATE,
    ) and (rng.random() < LARGE_SHARE):
        low, high = min(20, cap - 2), max(min(20, cap - 2), min(cap - 2, 40))
    members = rng.randint(low, high)
    probationary = min(members - 1, round(members * p_share * rng.uniform(0.5, 1.5)))
    full = max(members - probationary, rules.branch_min_full_members)
    if full + probationary > cap:
        probationary = max(0, cap - full)
    pipe = tuple(round(members * s * rng.uniform(0.5, 1.5)) for s in (c_share, a_share, ap_share))
    established = _day(rng, max(parent_established, dt.date(2005, 1, 1)), dt.date(2023, 12, 31))
    branch = BranchPlan(
        code=code,
        name=name,
        branch_type=branch_type,
        established_on=established,
        full=full,
        probationary=probationary,
        pipeline=(pipe[0], pipe[1], pipe[2]),
        roles=[],
        unit_count=rng.randint(2, 4) if branch_type == BranchType.JOINT else 1,
    )
    branch.roles = _branch_roles(rng, rules, full)
    if branch.members >= 20 and rng.random() < 0.6:
        branch.groups = min(4, branch.members // 10)
    return branch


def _branch_roles(rng: random.Random, rules: StructureRules, full: int) -> list[Role]:
    """≥ committee threshold → a committee of min…min+2 (≤ max); below → a secretary (± a deputy)."""
    if full >= rules.committee_required_full_members:
        high = min(rules.committee_min_size + 2, rules.committee_max_size, full)
        size = rng.randint(min(rules.committee_min_size, high), high)
        roles: list[Role] = [(PositionKind.SECRETARY, "")]
        duties = list(DUTY_ORDER[:3])
        if size >= 5:
            extra = (
                (PositionKind.DEPUTY_SECRETARY, "")
                if rng.random() < 0.5
                else (PositionKind.COMMITTEE_MEMBER, CommitteeDuty.YOUTH)
            )
            roles.append(extra)
        roles += [(PositionKind.COMMITTEE_MEMBER, duty) for duty in duties]
        return roles[:size]
    roles = [(PositionKind.SECRETARY, "")]
    if full >= 5 and rng.random() < 0.1:
        roles.append((PositionKind.DEPUTY_SECRETARY, ""))
    return roles


def _violate(rng: random.Random, rules: StructureRules, branch: BranchPlan, violation: str) -> None:
    """Break one structural rule (the org page must warn about it)."""
    cap = (
        rules.teacher_branch_max_members
        if branch.branch_type == BranchType.TEACHER
        else rules.branch_max_members
    )
    branch.violation = violation
    if violation == "branch_too_small":
        branch.full = max(1, rules.branch_min_full_members - 1)
        branch.probationary = rng.randint(0, 2)
        branch.roles = [(PositionKind.SECRETARY, "")]
    elif violation == "branch_too_large":
        total = cap + rng.randint(1, 5)
        branch.probationary = min(branch.probationary, total // 4)
        branch.full = total - branch.probationary
        branch.roles = _branch_roles(rng, rules, branch.full)
    elif violation == "committee_missing":
        branch.full = max(branch.full, rules.committee_required_full_members + rng.randint(0, 4))
        branch.probationary = min(branch.probationary, max(0, cap - branch.full))
        branch.roles = [(PositionKind.SECRETARY, "")]
    elif violation == "no_secretary":
        branch.roles = []
    else:
        branch.unit_count = rules.joint_branch_max_units + rng.randint(1, 2)


def _shape_student_branch(rng: random.Random, rules: StructureRules, branch: BranchPlan) -> None:
    """A cohort branch of sophomores has no full student members yet: counsellors and class advisers
    make up its full members, so it stays small in full members and large in probationary ones."""
    if (
        branch.branch_type == BranchType.UNDERGRADUATE
        and branch.grade is not None
        and branch.grade > GRADUATION_DAY.year - 3
    ):
        full = rules.branch_min_full_members + rng.randint(0, 1)
        branch.probationary = max(branch.probationary, branch.full - full)
        branch.full = full
        branch.roles = _branch_roles(rng, rules, full)


def _dissolved_cohort(rng: random.Random, code: str) -> BranchPlan:
    grade = GRADUATION_DAY.year - 4
    return BranchPlan(
        code=code,
        name=f"{grade}级本科生党支部",
        branch_type=BranchType.UNDERGRADUATE,
        established_on=_day(rng, dt.date(grade + 1, 9, 15), dt.date(grade + 1, 11, 30)),
        full=0,
        probationary=0,
        pipeline=(0, 0, 0),
        roles=[(PositionKind.SECRETARY, "")],
        grade=grade,
        dissolved_on=GRADUATION_DAY,
        graduated=rng.randint(6, 14),
    )
