"""Generator tiers (DESIGN §7) and the fixed reference date of generated data.

A tier gives per-university ranges; the plan draws each university's size from them, so totals land
near the targets: demo ≈ 1 university, 8 colleges, 60 branches, 2–3k persons; university ≈ 30
colleges, 300 branches, 10k persons; province ≈ 150 universities, 3k colleges, 25k branches, 300k full
and probationary members, 1.2M persons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# "Today" of generated data: no value depends on the clock, so a seed always gives the same rows.
REFERENCE_DATE = dt.date(2025, 11, 20)
DEFAULT_SEED = 2025
# Cohorts graduate on this day; the cohort in its final year is GRADUATION_DAY.year - 3.
GRADUATION_DAY = dt.date(REFERENCE_DATE.year, 6, 30)


@dataclass(frozen=True, slots=True)
class Tier:
    """How much to generate. Ranges are inclusive and drawn per university (or per college)."""

    name: str
    label: str
    universities: int
    academic_colleges: tuple[int, int]
    branches_per_college: tuple[int, int]
    admin_branches: tuple[int, int]
    retired_branches: tuple[int, int]
    dorm_branches: tuple[int, int]
    masses_per_member: float  # persons without a membership per full/probationary member
    violation_share: float = 0.025  # share of branches that break one structural rule


TIERS: dict[str, Tier] = {
    "demo": Tier(
        name="demo",
        label="演示（1 所高校）",
        universities=1,
        academic_colleges=(5, 5),
        branches_per_college=(8, 10),
        admin_branches=(8, 9),
        retired_branches=(3, 4),
        dorm_branches=(2, 3),
        masses_per_member=2.4,
    ),
    "university": Tier(
        name="university",
        label="单所高校（约 30 个院系、300 个支部、1 万人）",
        universities=1,
        academic_colleges=(27, 27),
        branches_per_college=(9, 10),
        admin_branches=(15, 17),
        retired_branches=(6, 8),
        dorm_branches=(4, 6),
        masses_per_member=1.5,
    ),
    "province": Tier(
        name="province",
        label="全省（150 所高校、3000 个院系、2.5 万个支部、120 万人）",
        universities=150,
        academic_colleges=(15, 21),
        branches_per_college=(7, 9),
        admin_branches=(10, 16),
        retired_branches=(4, 8),
        dorm_branches=(2, 5),
        masses_per_member=2.6,
    ),
}
