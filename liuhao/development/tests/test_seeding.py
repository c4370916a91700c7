"""The development seed generator: deterministic, one case per pipeline person and recent member,
valid rows (the model's checks), and a believable share of cases with one violation."""

from __future__ import annotations

from typing import Any

import pytest

from liuhao.development.models import DevelopmentCase
from liuhao.development.selectors import violations_of
from liuhao.development.services import CASE_FIELDS
from liuhao.ledger.tests.test_seeding import TINY
from liuhao.orgs.models import Membership
from liuhao.orgs.seeding.run import seed_run
from liuhao.orgs.seeding.tiers import REFERENCE_DATE


@pytest.fixture
def seeded(db: Any) -> Any:
    return seed_run(scale=TINY, seed=7)


def rows() -> list[tuple[Any, ...]]:
    return list(DevelopmentCase.objects.order_by("pk").values_list("pk", *CASE_FIELDS))


def test_same_seed_gives_identical_cases(seeded):
    first = rows()
    assert first
    seed_run(scale=TINY, seed=7, reset=True)
    assert rows() == first


def test_cases_match_memberships_and_are_valid(seeded):
    cases = list(DevelopmentCase.objects.select_related("person"))
    memberships = {m.person_id: m for m in Membership.objects.filter(ended_on__isnull=True)}
    for case in cases:
        m = memberships[case.person_id]
        assert (case.org_id, case.stage, case.applied_on, case.admitted_on, case.full_on) == (
            m.org_id,
            m.stage,
            m.applied_on,
            m.admitted_on,
            m.full_on,
        )
        assert case.derive_stage() == case.stage
        case.full_clean()
    pipeline = Membership.objects.filter(
        ended_on__isnull=True, stage__in=["applicant", "activist", "candidate", "probationary"]
    ).count()
    assert len(cases) >= pipeline


def test_a_believable_share_of_cases_breaks_a_rule(seeded):
    cases = list(DevelopmentCase.objects.exclude(admitted_on=None))
    found = violations_of(cases, REFERENCE_DATE)
    share = sum(1 for v in found.values() if v) / len(cases)
    assert 0.03 <= share <= 0.2, share
