"""Names of generated orgs: fictional universities, the colleges a university has, and the
branches of a college (by department, cohort, research topic or project)."""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING

from liuhao.orgs.choices import BranchType
from liuhao.orgs.seeding import catalog
from liuhao.orgs.seeding.tiers import GRADUATION_DAY

if TYPE_CHECKING:
    from liuhao.orgs.seeding.plan import BranchPlan


def university_names(count: int, seed: int) -> list[tuple[str, catalog.UniversityType]]:
    """`count` distinct fictional names "城市 + 词 + 类型 + 大学", drawn deterministically."""
    rng = random.Random(f"{seed}:university-names")
    combos = [
        (city, word, utype)
        for city in catalog.CITIES
        for word in catalog.NAME_WORDS
        for utype in catalog.UNIVERSITY_TYPES
    ]
    rng.shuffle(combos)
    weights = [utype.weight for _, _, utype in combos]
    picked: list[tuple[str, catalog.UniversityType]] = []
    seen: set[str] = set()
    while len(picked) < count:
        city, word, utype = rng.choices(combos, weights=weights)[0]
        name = f"{city}{word}{utype.label}大学"
        if name not in seen:
            seen.add(name)
            picked.append((name, utype))
    return picked


def pick_colleges(
    rng: random.Random, count: int, utype: catalog.UniversityType
) -> list[catalog.College]:
    """`count` distinct colleges, those matching the university's type four times as likely."""
    pool = list(catalog.COLLEGES)
    weights = [4.0 if c.tag in utype.tags else 1.0 for c in pool]
    picked: list[catalog.College] = []
    wanted = min(count, len(pool))
    while len(picked) < wanted:
        i = rng.choices(range(len(pool)), weights=weights)[0]
        picked.append(pool.pop(i))
        weights.pop(i)
    return picked


class BranchNamer:
    """Names of the branches of one college: by department, cohort, research topic or project."""

    def __init__(self, rng: random.Random, college: catalog.College) -> None:
        self.rng = rng
        self.college = college
        self.used: Counter[str] = Counter()
        self.seen: dict[str, int] = {}

    def name(self, branch_type: str) -> tuple[str, int | None, str]:
        rng, college = self.rng, self.college
        dept = college.departments[self.used[branch_type] % len(college.departments)]
        self.used[branch_type] += 1
        if branch_type == BranchType.TEACHER:
            return f"{dept}教工{{n}}党支部", None, ""
        if branch_type == BranchType.JOINT:
            return f"{dept}师生联合{{n}}党支部", None, ""
        if branch_type == BranchType.RESEARCH_TEAM:
            return f"{rng.choice(college.topics)}科研团队{{n}}党支部", None, ""
        if branch_type == BranchType.PROJECT_TEAM:
            return f"{rng.choice(catalog.PROJECTS)}项目团队{{n}}党支部", None, ""
        if branch_type == BranchType.UNDERGRADUATE:
            roll = rng.random()
            senior = GRADUATION_DAY.year - 3
            if roll < 0.45:
                return f"{senior}级本科生{{n}}党支部", senior, ""
            if roll < 0.7:
                return f"{senior + 1}级本科生{{n}}党支部", senior + 1, ""
            return "本科生{n}党支部", None, ""
        roll = rng.random()
        if roll < 0.5:
            grade = rng.randint(GRADUATION_DAY.year - 2, GRADUATION_DAY.year)
            return f"{grade}级硕士研究生{{n}}党支部", grade, "master"
        if roll < 0.7:
            return "博士研究生{n}党支部", None, "phd"
        return f"{dept}研究生{{n}}党支部", None, "master"

    def finish(self, branches: list[BranchPlan]) -> None:
        """Fill the "{n}" placeholders: 第一/第二… only where a name repeats in the college."""
        totals = Counter(b.name for b in branches)
        running: Counter[str] = Counter()
        for branch in branches:
            template = branch.name
            if "{n}" not in template:
                continue
            running[template] += 1
            n = f"第{catalog.ordinal(running[template])}" if totals[template] > 1 else ""
            branch.name = template.replace("{n}", n)
