"""Generated rows pass model validation: stage dates in pipeline order, one open membership per
person, valid positions, unique numbers, plausible ages and flags."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from liuhao.core.models import AuditEvent
from liuhao.orgs.choices import MembershipStage, PositionKind
from liuhao.orgs.models import Membership, Organization, Person, Position
from liuhao.orgs.seeding.tiers import REFERENCE_DATE


def sample(qs: Any, n: int) -> list[Any]:
    total = qs.count()
    step = max(1, total // n)
    return list(qs.order_by("pk"))[::step]


def test_a_sample_of_rows_passes_full_clean(demo_seed: Any) -> None:
    for model in (Person, Membership, Position, Organization):
        for obj in sample(model.objects.all(), 150):
            obj.full_clean()


def test_every_stage_is_present_and_dated_in_order(demo_seed: Any) -> None:
    stages = set(Membership.objects.values_list("stage", flat=True))
    assert stages == set(MembershipStage.values)
    for m in Membership.objects.all():
        dates = [m.applied_on, m.activist_on, m.candidate_on, m.admitted_on, m.full_on]
        filled = [d for d in dates if d is not None]
        assert filled == sorted(filled)
        assert max(filled) <= REFERENCE_DATE
        assert m.ended_on is None or m.ended_on >= max(filled)


def test_applicants_are_adults_when_they_apply(demo_seed: Any) -> None:
    too_young = [
        m
        for m in Membership.objects.select_related("person")
        if (m.applied_on - m.person.birth_date).days < 18 * 365
    ]
    assert too_young == []


def test_one_open_membership_per_person(demo_seed: Any) -> None:
    doubles = (
        Membership.objects.filter(ended_on__isnull=True)
        .values("person")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not doubles.exists()
    assert Membership.objects.filter(ended_on__isnull=False, end_reason="transferred").exists()
    assert Membership.objects.filter(ended_on__isnull=False, end_reason="graduated").exists()


def test_positions_are_held_by_full_members_and_carry_their_details(demo_seed: Any) -> None:
    for p in Position.objects.filter(
        org__kind="branch", org__dissolved_on__isnull=True
    ).select_related("org"):
        membership = Membership.objects.get(person=p.person_id, ended_on__isnull=True)
        assert membership.org_id == p.org_id
        assert membership.stage == MembershipStage.FULL
        assert membership.full_on < p.started_on <= REFERENCE_DATE
    kinds = set(Position.objects.values_list("kind", flat=True))
    assert kinds == set(PositionKind.values)
    assert not Position.objects.filter(kind="committee_member", duty="").exists()
    reps = Position.objects.filter(kind="representative")
    assert reps.exists()
    assert not reps.filter(congress_name="").exists()
    assert not reps.filter(congress_term_end__isnull=True).exists()


def test_numbers_and_people_are_plausible(demo_seed: Any) -> None:
    persons = list(Person.objects.all())
    numbers = [p.number for p in persons]
    assert len(numbers) == len(set(numbers))
    assert all(
        len(n) == (11 if p.category == "student" else 8)
        for p, n in zip(persons, numbers, strict=True)
    )
    teachers = [p for p in persons if p.category == "teacher"]
    assert all(not p.young_teacher for p in persons if p.category != "teacher")
    assert 0.2 <= sum(p.young_teacher for p in teachers) / len(teachers) <= 0.6
    assert 0.02 <= sum(p.academic_leader for p in teachers) / len(teachers) <= 0.15
    assert 0.05 <= sum(p.returnee for p in teachers) / len(teachers) <= 0.3
    ages = {
        cat: [
            (REFERENCE_DATE - p.birth_date).days / 365.25
            for p in persons
            if p.category == cat and p.birth_date
        ]
        for cat in ("student", "teacher", "staff", "retired")
    }
    assert min(ages["student"]) >= 16 and max(ages["student"]) <= 40
    assert min(ages["teacher"]) >= 25 and max(ages["teacher"]) <= 64
    assert min(ages["retired"]) >= 60
    assert len({p.name for p in persons}) > len(persons) * 0.8  # names vary
    assert all(p.name_pinyin and p.name_initials for p in persons)


def test_one_summary_audit_row_per_university(demo_seed: Any) -> None:
    events = AuditEvent.objects.all()
    assert events.count() == 1
    event = events.get()
    assert event.verb == "import"
    assert event.target_id == Organization.objects.get(code="U001").pk
    assert event.changes["persons"] == Person.objects.count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's foreign_key_check")
def test_foreign_keys_hold(demo_seed: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        assert cursor.fetchall() == []
