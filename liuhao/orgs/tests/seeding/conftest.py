"""Fixtures for the seeding tests: a tiny custom tier and a seeded demo university."""

from __future__ import annotations

from typing import Any

import pytest

from liuhao.orgs.seeding.run import SeedReport, seed_run
from liuhao.orgs.seeding.tiers import Tier

TINY = Tier(
    name="tiny",
    label="测试（2 所小高校）",
    universities=2,
    academic_colleges=(2, 2),
    branches_per_college=(4, 5),
    admin_branches=(2, 2),
    retired_branches=(1, 1),
    dorm_branches=(1, 1),
    masses_per_member=0.3,
)


@pytest.fixture
def tiny_tier() -> Tier:
    return TINY


@pytest.fixture
def demo_seed(db: Any) -> SeedReport:
    """The demo tier with the default seed."""
    return seed_run(scale="demo")
