"""The registry of data generators, one per data kind, run in a fixed order for each university.

Later issues add kinds (ledger activities, attendance, surveys …) without touching the seed command:

    from liuhao.orgs.seeding.registry import register

    @register("ledger.activities", models=(Activity, Attendance))
    def generate_activities(ctx: UniversityContext) -> None:
        rng = ctx.rng("ledger.activities")
        for branch_id, member_ids in ctx.branch_members.items():
            ...  # ctx.writer.table(Activity, COLUMNS).append(row)

and import that module from their app's `ready()`. Each generator gets its own random stream
(`ctx.rng(kind)`), so adding a kind never changes the rows of the kinds before it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models

from liuhao.orgs.rules import StructureRules

if TYPE_CHECKING:
    from liuhao.orgs.seeding.plan import UniversityPlan
    from liuhao.orgs.seeding.tiers import Tier
    from liuhao.orgs.seeding.writer import BulkWriter, IdAllocator

DEFAULT_MODULES = ("liuhao.orgs.seeding.tree", "liuhao.orgs.seeding.people")


@dataclass(slots=True)
class UniversityContext:
    """Everything a generator needs for one university, and what earlier generators left for later
    ones (org ids by code, members of each branch)."""

    plan: UniversityPlan
    tier: Tier
    seed: int
    today: dt.date
    rules: StructureRules
    writer: BulkWriter
    ids: IdAllocator
    org_ids: dict[str, int] = field(default_factory=dict)
    org_paths: dict[str, str] = field(default_factory=dict)
    branch_members: dict[int, list[int]] = field(default_factory=dict)
    # org id → (person id, start ordinal) of its open leadership posts (书记、副书记、委员).
    leaders: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    person_ids: range = range(0)  # the university's persons (ids are allocated consecutively)
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def university_id(self) -> int:
        return self.org_ids[self.plan.code]

    def rng(self, kind: str) -> random.Random:
        """The random stream of one generator kind for this university (string seeds are stable)."""
        return random.Random(f"{self.seed}:{self.plan.index}:{kind}")


GeneratorFn = Callable[[UniversityContext], None]


@dataclass(frozen=True, slots=True)
class Generator:
    kind: str
    models: tuple[type[models.Model], ...]
    run: GeneratorFn
    order: int


_REGISTRY: dict[str, Generator] = {}


def register(
    kind: str, *, models: tuple[type[models.Model], ...], order: int = 100
) -> Callable[[GeneratorFn], GeneratorFn]:
    """Register `fn` as the generator of `kind`, writing rows of `models` (re-registering replaces).

    Generators run by `order` (org tree 0, people 10, later kinds 100 by default), then by name.
    """

    def decorator(fn: GeneratorFn) -> GeneratorFn:
        _REGISTRY[kind] = Generator(kind=kind, models=models, run=fn, order=order)
        return fn

    return decorator


def registered() -> list[Generator]:
    """All generators in run order, the org tree and people first."""
    for module in DEFAULT_MODULES:
        importlib.import_module(module)
    return sorted(_REGISTRY.values(), key=lambda g: (g.order, g.kind))
