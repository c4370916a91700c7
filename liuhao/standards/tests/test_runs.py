"""Assessment runs: every org scored set-based, inputs stored, recompute adds a run (issue 3 item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)
from liuhao.standards.models import AssessmentRun, OrgResult
from liuhao.standards.selectors import run_json
from liuhao.standards.services.runs import assessment_run
from liuhao.standards.tests.support import make_standard

TODAY = dt.date(2026, 3, 10)


def _staff_branch(branch, n_full=3):
    for i in range(n_full):
        person = PersonFactory(university=branch.university, unit=branch)
        MembershipFactory(person=person, org=branch, stage="full")
        if i == 0:
            PositionFactory(
                person=person, org=branch, kind="secretary", started_on=dt.date(2024, 9, 1)
            )


def test_run_scores_every_org_and_stores_inputs(tree):
    standard = make_standard()
    _staff_branch(tree.branch)
    run = assessment_run(standard=standard, period_code="2025-2026-1", today=TODAY)
    assert run.status == "done" and run.period_kind == "term" and run.as_of == dt.date(2026, 2, 14)
    results = {r.org_id: r for r in OrgResult.objects.filter(run=run)}
    # university committees, colleges and branches are assessed; all of them
    assert set(results) >= {
        tree.university.pk,
        tree.college.pk,
        tree.branch.pk,
        tree.other_branch.pk,
    }
    branch = {c["code"]: c for c in results[tree.branch.pk].checkpoints}
    assert branch["T01.1"]["status"] == "met"
    assert branch["T01.2"]["status"] == "met" and branch["T01.2"]["records"] == "orgs.organization"
    assert branch["T02.1"]["status"] == "awaiting_data"
    assert branch["T02.2"]["status"] == "not_applicable"
    other = {c["code"]: c for c in results[tree.other_branch.pk].checkpoints}
    assert other["T01.1"]["status"] == "unmet" and "否" in other["T01.1"]["explanation"]
    assert other["T01.1"]["gap"] == "配齐党务工作力量" and other["T01.1"]["due"] == "2026-02-14"
    college = {c["code"]: c for c in results[tree.college.pk].checkpoints}
    assert college["T01.2"]["status"] == "partly_met" or college["T01.2"]["status"] == "unmet"
    assert "2 个中 1 个" in college["T01.2"]["explanation"]
    # The surveys app implements survey.satisfaction_rate (issue 6): no source is pending any
    # more, and T02.1 awaits data only because no survey was held.
    assert run.awaiting == []
    assert "暂无可计算的记录" in branch["T02.1"]["explanation"]
    assert run.inputs["standard"]["sha256"] == standard.sha256 and run.engine_version
    assert results[tree.branch.pk].inputs["T01.1"][0][1] == 1.0


def test_recompute_makes_a_new_run_and_keeps_the_old(tree):
    standard = make_standard()
    first = assessment_run(standard=standard, period_code="2025-2026-1", today=TODAY)
    _staff_branch(tree.other_branch)
    second = assessment_run(standard=standard, period_code="2025-2026-1", today=TODAY)
    assert first.pk != second.pk and AssessmentRun.objects.count() == 2
    old = OrgResult.objects.get(run=first, org=tree.other_branch)
    new = OrgResult.objects.get(run=second, org=tree.other_branch)
    assert old.criteria["T01"] != "met" or old.score != new.score


def test_run_for_a_subtree_only(tree):
    run = assessment_run(
        standard=make_standard(), period_code="2025-2026-1", root=tree.college, today=TODAY
    )
    assert set(OrgResult.objects.filter(run=run).values_list("org_id", flat=True)) == {
        tree.college.pk,
        tree.branch.pk,
        tree.other_branch.pk,
    }


@pytest.mark.parametrize(
    ("code", "needle"),
    [("2025-2027", "相邻"), ("2025", "格式"), ("abc", "格式"), ("2030-2031-1", "尚未开始")],
)
def test_bad_period_is_refused_and_nothing_stored(tree, code, needle):
    with pytest.raises(ValidationFailed) as exc:
        assessment_run(standard=make_standard(), period_code=code, today=TODAY)
    assert needle in exc.value.message
    assert not AssessmentRun.objects.exists()


def test_only_assessing_roles_may_run(tree, actors):
    standard = make_standard()
    with pytest.raises(NotPermitted):
        assessment_run(
            standard=standard, period_code="2025-2026-1", today=TODAY, actor=actors.party_member
        )
    with pytest.raises(NotPermitted):  # a university admin cannot run the whole province
        assessment_run(
            standard=standard, period_code="2025-2026-1", today=TODAY, actor=actors.university_admin
        )
    run = assessment_run(
        standard=standard,
        period_code="2025-2026-1",
        today=TODAY,
        actor=actors.university_admin,
        root=tree.university,
    )
    assert run.triggered_by == actors.university_admin


def test_query_count_does_not_grow_with_orgs(tree):
    standard = make_standard()
    with CaptureQueriesContext(connection) as small:
        assessment_run(standard=standard, period_code="2025-2026-1", today=TODAY)
    for i in range(30):
        branch = OrganizationFactory(
            parent=tree.other_college,
            kind="branch",
            branch_type="teacher",
            code=f"U001-C02-X{i:02d}",
        )
        _staff_branch(branch)
    with CaptureQueriesContext(connection) as large:
        assessment_run(standard=standard, period_code="2025-2026-1", today=TODAY)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_json_contract_keys(tree):
    run = assessment_run(standard=make_standard(), period_code="2025-2026-1", today=TODAY)
    doc = run_json(run, run.results.order_by("org_path"))
    assert set(doc) >= {"standard", "period", "run", "orgs"}
    org = doc["orgs"][0]
    assert set(org) >= {
        "org",
        "name",
        "level",
        "liuhao",
        "score",
        "band",
        "dimensions",
        "checkpoints",
    }
    assert set(org["dimensions"][0]) >= {"code", "good"}
    assert set(org["checkpoints"][0]) >= {
        "code",
        "status",
        "value",
        "threshold",
        "explanation",
        "evidence",
    }


def test_each_university_is_read_over_its_own_calendar(tree):
    from liuhao.orgs.models import AcademicCalendar

    AcademicCalendar.objects.create(
        university=tree.other_university, term2_start_month=3, term2_start_day=1
    )
    run = assessment_run(
        standard=make_standard(), period_code="2025-2026-1", today=dt.date(2026, 2, 20)
    )
    assert run.as_of == dt.date(2026, 2, 20)
    assert run.inputs["windows"] == [
        ["2025-2026-1", "2025-09-01", "2026-02-14"],
        ["2025-2026-1", "2025-09-01", "2026-02-28"],
    ]
    late_calendar = OrgResult.objects.get(run=run, org=tree.other_univ_branch)
    t01 = {c["code"]: c for c in late_calendar.checkpoints}["T01.1"]
    assert t01["due"] == "2026-02-28"


def test_a_run_is_audited_with_who_started_it(tree, actors):
    from liuhao.core.models import AuditEvent

    run = assessment_run(
        standard=make_standard(),
        period_code="2025-2026-1",
        today=TODAY,
        actor=actors.university_admin,
        root=tree.university,
    )
    event = AuditEvent.objects.get(target_type="standards.assessmentrun", target_id=run.pk)
    assert event.actor == actors.university_admin and event.org_id == tree.university.pk
    assert event.changes["period_code"] == "2025-2026-1"
