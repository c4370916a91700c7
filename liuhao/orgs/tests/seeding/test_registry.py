"""Later issues add generators per data kind without changing the rows of the earlier kinds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from liuhao.orgs.models import Membership, Organization, Person
from liuhao.orgs.seeding import registry
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.run import seed_run


@pytest.fixture
def extra_generator() -> Iterator[list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []

    @register("test.extra", models=(), order=50)
    def generate(ctx: UniversityContext) -> None:
        members = sum(len(ids) for ids in ctx.branch_members.values())
        ctx.rng("test.extra").random()
        calls.append((ctx.university_id, members))

    yield calls
    registry._REGISTRY.pop("test.extra")


def rows() -> list[Any]:
    return [
        list(Organization.objects.order_by("pk").values_list("code", "name")),
        list(Person.objects.order_by("pk").values_list("number", "name", "birth_date")),
        list(
            Membership.objects.order_by("pk").values_list(
                "person_id", "org_id", "stage", "applied_on"
            )
        ),
    ]


def test_generators_run_in_order_after_the_tree_and_people(
    db: Any, tiny_tier: Any, extra_generator: Any
) -> None:
    kinds = [g.kind for g in registry.registered()]
    assert kinds[:2] == ["orgs.tree", "orgs.people"]
    assert kinds.index("test.extra") == 2
    seed_run(scale=tiny_tier, seed=5)
    assert len(extra_generator) == tiny_tier.universities
    assert all(members > 0 for _, members in extra_generator)  # it sees each branch's members


def test_an_added_generator_leaves_earlier_rows_unchanged(db: Any, tiny_tier: Any) -> None:
    seed_run(scale=tiny_tier, seed=5)
    before = rows()

    @register("test.other", models=(), order=60)
    def generate(ctx: UniversityContext) -> None:
        ctx.rng("test.other").random()

    try:
        seed_run(scale=tiny_tier, seed=5, reset=True)
    finally:
        registry._REGISTRY.pop("test.other")
    assert rows() == before
