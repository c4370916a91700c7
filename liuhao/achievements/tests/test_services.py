"""Services of the achievements app: permission, bad input refused in Chinese, audit, bulk entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from liuhao.achievements.models import Achievement, Commitment, ReviewRating
from liuhao.achievements.services import (
    achievement_create,
    brand_create,
    brand_event_create,
    commitment_bulk_save,
    commitment_create,
    commitment_update,
    output_create,
    review_rating_save,
)
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.tests.factories import (
    MembershipFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from liuhao.standards.models import OrgResult
from liuhao.standards.services.runs import assessment_run

DAY = dt.date(2025, 9, 20)


def fields(exc: Any) -> dict[str, Any]:
    return exc.value.extra["fields"]


def test_commitment_create_files_under_the_branch_and_audits(tree, actors, member):
    c = commitment_create(
        actor=actors.org_secretary,
        org=tree.college,
        data={"person": member, "committed_on": DAY, "content": "承诺带好一个班"},
    )
    assert c.org == tree.branch and c.entered_by == actors.org_secretary
    assert AuditEvent.objects.filter(verb="create", target_id=str(c.pk)).exists()
    commitment_update(
        actor=actors.committee_member,
        commitment=c,
        data={"evaluated_on": dt.date(2025, 11, 1), "leader_score": 95, "peer_score": 90},
    )
    c.refresh_from_db()
    assert c.is_evaluated and c.leader_score == 95


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"committed_on": dt.date(2099, 1, 1)}, "committed_on"),
        ({"evaluated_on": dt.date(2025, 9, 1), "leader_score": 80}, "evaluated_on"),
        ({"evaluated_on": dt.date(2025, 10, 1), "leader_score": 101}, "leader_score"),
        ({"leader_score": 80}, "evaluated_on"),
        ({"fulfilled_on": dt.date(2025, 9, 1)}, "fulfilled_on"),
    ],
)
def test_commitment_bad_input_is_refused(tree, actors, member, data, field):
    with pytest.raises(ValidationFailed) as exc:
        commitment_create(
            actor=actors.committee_member,
            org=tree.branch,
            data={"person": member, "committed_on": DAY, "content": "承诺", **data},
        )
    assert field in fields(exc)
    assert not Commitment.objects.exists()


def test_commitment_refuses_non_members_duplicates_and_outsiders(tree, actors, member):
    stranger = PersonFactory(university=tree.university)
    with pytest.raises(ValidationFailed) as exc:
        commitment_create(
            actor=actors.committee_member,
            org=tree.branch,
            data={"person": stranger, "committed_on": DAY, "content": "承诺"},
        )
    assert "不是" in fields(exc)["person"][0]
    data = {"person": member, "committed_on": DAY, "content": "承诺"}
    commitment_create(actor=actors.committee_member, org=tree.branch, data=data)
    with pytest.raises(ValidationFailed) as exc:
        commitment_create(actor=actors.committee_member, org=tree.branch, data=data)
    assert "已有承诺" in fields(exc)["person"][0]
    for actor in (actors.party_member, actors.reviewer, actors.outsider):
        with pytest.raises(NotPermitted):
            commitment_create(actor=actor, org=tree.branch, data=data)


def test_bulk_save_is_all_or_nothing(tree, actors, member):
    other = PersonFactory(university=tree.university, name="党员乙")
    MembershipFactory(person=other, org=tree.branch)
    rows = [
        {"person": member, "committed_on": DAY, "content": "承诺一"},
        {"person": other, "committed_on": DAY, "content": "承诺二", "leader_score": 200},
    ]
    with pytest.raises(ValidationFailed) as exc:
        commitment_bulk_save(actor=actors.committee_member, org=tree.branch, rows=rows)
    assert "第2行（党员乙）" in exc.value.message
    assert not Commitment.objects.exists()
    rows[1] = {"person": other, "committed_on": DAY, "content": "承诺二"}
    assert len(commitment_bulk_save(actor=actors.committee_member, org=tree.branch, rows=rows)) == 2
    rows[0] = {**rows[0], "evaluated_on": dt.date(2025, 11, 1), "peer_score": 90}
    commitment_bulk_save(actor=actors.committee_member, org=tree.branch, rows=rows)  # updates
    assert Commitment.objects.count() == 2
    assert Commitment.objects.get(person=member).peer_score == 90


def test_achievements_outputs_brands(tree, actors):
    a = achievement_create(
        actor=actors.committee_member,
        org=tree.branch,
        data={"category": "research", "title": "省级课题立项", "achieved_on": DAY},
    )
    assert Achievement.objects.get() == a
    with pytest.raises(ValidationFailed) as exc:
        achievement_create(
            actor=actors.committee_member,
            org=tree.branch,
            data={"category": "nope", "title": "x", "achieved_on": DAY},
        )
    assert "category" in fields(exc)
    output_create(
        actor=actors.committee_member,
        org=tree.branch,
        data={"kind": "theory", "title": "论文", "published_on": DAY},
    )
    brand = brand_create(
        actor=actors.committee_member,
        org=tree.branch,
        data={"name": "红烛领航", "founded_on": dt.date(2024, 1, 1)},
    )
    with pytest.raises(ValidationFailed) as exc:
        brand_event_create(
            actor=actors.committee_member,
            brand=brand,
            data={"happened_on": dt.date(2023, 1, 1), "summary": "活动"},
        )
    assert "happened_on" in fields(exc)
    with pytest.raises(ValidationFailed):
        brand_create(
            actor=actors.committee_member,
            org=tree.branch,
            data={
                "name": "x",
                "founded_on": dt.date(2024, 1, 1),
                "retired_on": dt.date(2023, 1, 1),
            },
        )
    with pytest.raises(NotPermitted):
        output_create(
            actor=actors.committee_member,
            org=tree.other_branch,
            data={"kind": "theory", "title": "论文", "published_on": DAY},
        )


# ---- reviewer ratings and the run hook -----------------------------------------------------------


def test_ratings_are_refused_outside_role_scope_and_range(tree, actors, standard):
    args = {"org": tree.branch, "period_code": "2025-2026", "checkpoint_code": "T02.3"}
    for actor in (actors.org_secretary, actors.province_admin, actors.party_member):
        with pytest.raises(NotPermitted):
            review_rating_save(actor=actor, score=4, **args)
    with pytest.raises(NotPermitted):  # outside the reviewer's college
        review_rating_save(actor=actors.reviewer, score=4, **{**args, "org": tree.other_college})
    for score, field in ((6, "score"), (-1, "score"), ("abc", "score")):
        with pytest.raises(ValidationFailed) as exc:
            review_rating_save(actor=actors.reviewer, score=score, **args)
        assert field in fields(exc)
    with pytest.raises(ValidationFailed) as exc:
        review_rating_save(actor=actors.reviewer, score=4, **{**args, "checkpoint_code": "T01.1"})
    assert "checkpoint_code" in fields(exc)
    with pytest.raises(ValidationFailed) as exc:
        review_rating_save(
            actor=actors.reviewer, score=4, rated_on=timezone.localdate() + dt.timedelta(1), **args
        )
    assert "rated_on" in fields(exc)
    assert not ReviewRating.objects.exists()


def test_run_reads_the_mean_of_the_reviewers(tree, actors, standard):
    second = UserFactory(username="reviewer2")
    RoleAssignmentFactory(user=second, role="reviewer", org=tree.university)
    args = {"org": tree.branch, "period_code": "2025-2026", "checkpoint_code": "T02.3"}
    review_rating_save(actor=actors.reviewer, score=4, **args)
    review_rating_save(actor=actors.reviewer, score=5, comment="改评", **args)  # replaces
    review_rating_save(actor=second, score=3, **args)
    assert ReviewRating.objects.count() == 2
    run = assessment_run(standard=standard, period_code="2025-2026-1", today=dt.date(2025, 11, 20))
    results = {r.org_id: r for r in OrgResult.objects.filter(run=run)}
    branch = {c["code"]: c for c in results[tree.branch.pk].checkpoint_list()}
    assert branch["T02.3"]["status"] == "met" and branch["T02.3"]["value"] == 4.0
    other = {c["code"]: c for c in results[tree.other_branch.pk].checkpoint_list()}
    assert other["T02.3"]["status"] == "awaiting_data"
    assert run.inputs["ratings"] == {"periods": {"T02.3": "2025-2026"}, "orgs_rated": 1}
