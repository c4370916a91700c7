"""The demonstration-site cycle's services: quotas, deadlines, quota on recommendation, expert
conflict and assignment, score scale, notice length, naming after the notice (issue 7 item 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.sites.choices import ApplicationStatus, ObjectionOutcome
from liuhao.sites.models import Application, ExpertScore, Notice, Quota, Site
from liuhao.sites.services.cycle import (
    application_submit,
    expert_assign,
    expert_score_submit,
    quota_set,
    recommendation_set,
)
from liuhao.sites.services.decision import (
    application_decide,
    notice_publish,
    objection_record,
    sites_name,
)
from liuhao.sites.tests.support import OPENED, expert_of, open_cycle, reviewed, year_run

APPLY_DAY = dt.date(2026, 3, 10)


@pytest.fixture
def env(tree, actors):
    run = year_run()
    reviewed(tree.branch, run)
    reviewed(tree.other_branch, run)
    cycle = open_cycle(actors.province_admin)
    return cycle, run


def _apply(actors, cycle, org, day=APPLY_DAY):
    return application_submit(actor=actors.university_admin, cycle=cycle, org=org, today=day)


def test_open_computes_quotas_from_the_yaml_share(tree, actors):
    cycle = open_cycle(actors.province_admin, quota_overrides={tree.other_university.pk: 2})
    quotas = {q.university_id: q for q in Quota.objects.filter(cycle=cycle)}
    # U001: 4 eligible orgs → floor(0.8) = 0 → the YAML minimum 1; U002: overridden to 2.
    assert quotas[tree.university.pk].eligible_count == 4
    assert quotas[tree.university.pk].quota == 1
    assert (
        quotas[tree.other_university.pk].quota == 2 and quotas[tree.other_university.pk].overridden
    )
    assert cycle.apply_deadline == OPENED + dt.timedelta(days=30)
    assert AuditEvent.objects.filter(target_type="sites.cycle", verb="create").exists()


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"period_code": "2025"}, "评选学年"),
        ({"eligible_levels": ["group"]}, "可申报层级"),
        ({"deadlines": {"apply_deadline": dt.date(2026, 1, 1)}}, "申报截止不能早于开始日期"),
    ],
)
def test_open_refuses_bad_input(tree, actors, kwargs, needle):
    with pytest.raises(ValidationFailed) as exc:
        open_cycle(actors.province_admin, **kwargs)
    assert needle in exc.value.message
    assert not AuditEvent.objects.filter(target_type="sites.cycle").exists()


def test_only_the_province_opens_and_sets_quotas(tree, actors):
    with pytest.raises(NotPermitted):
        open_cycle(actors.university_admin)
    cycle = open_cycle(actors.province_admin)
    quota = Quota.objects.get(cycle=cycle, university=tree.university)
    with pytest.raises(NotPermitted):
        quota_set(actor=actors.university_admin, quota=quota, value=2)
    with pytest.raises(ValidationFailed, match="名额应在"):
        quota_set(actor=actors.province_admin, quota=quota, value=9)
    assert quota_set(actor=actors.province_admin, quota=quota, value=2).quota == 2


def test_apply_with_a_reviewed_assessment(env, tree, actors):
    cycle, run = env
    app = _apply(actors, cycle, tree.branch)
    assert app.status == ApplicationStatus.APPLIED and app.result.run_id == run.pk
    assert AuditEvent.objects.filter(target_type="sites.application", target_id=app.pk).exists()


def test_apply_after_the_deadline_is_refused_and_nothing_stored(env, tree, actors):
    cycle, _ = env
    late = cycle.apply_deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed, match=r"申报已于.*截止"):
        _apply(actors, cycle, tree.branch, day=late)
    assert not Application.objects.exists()


def test_apply_needs_a_reviewed_assessment_and_permission(env, tree, actors):
    cycle, run = env
    with pytest.raises(ValidationFailed, match="自评尚未审核通过"):
        _apply(actors, cycle, tree.other_college)  # no assessment
    reviewed(tree.college, run, status="submitted")  # still at the college step
    with pytest.raises(ValidationFailed, match="自评尚未审核通过"):
        _apply(actors, cycle, tree.college)
    with pytest.raises(NotPermitted):
        application_submit(actor=actors.party_member, cycle=cycle, org=tree.branch, today=APPLY_DAY)
    with pytest.raises(ValidationFailed, match="不接受高校党委"):
        _apply(actors, cycle, tree.university)
    _apply(actors, cycle, tree.branch)
    with pytest.raises(ValidationFailed, match="已在本次评选中申报"):
        _apply(actors, cycle, tree.branch)
    assert Application.objects.count() == 1


def test_recommendation_over_quota_is_refused_and_nothing_changes(env, tree, actors):
    cycle, _ = env
    a = _apply(actors, cycle, tree.branch)
    b = _apply(actors, cycle, tree.other_branch)
    with pytest.raises(ValidationFailed, match="超过本校名额 1 个"):
        recommendation_set(
            actor=actors.university_admin,
            cycle=cycle,
            university=tree.university,
            ranking=[a.pk, b.pk],
            today=APPLY_DAY,
        )
    assert set(Application.objects.values_list("status", flat=True)) == {"applied"}
    with pytest.raises(NotPermitted):
        recommendation_set(
            actor=actors.org_secretary,
            cycle=cycle,
            university=tree.university,
            ranking=[a.pk],
            today=APPLY_DAY,
        )
    done = recommendation_set(
        actor=actors.university_admin,
        cycle=cycle,
        university=tree.university,
        ranking=[b.pk],
        today=APPLY_DAY,
    )
    assert [(x.pk, x.rank, x.status) for x in done] == [(b.pk, 1, "recommended")]
    assert AuditEvent.objects.filter(
        target_type="sites.application", target_id=b.pk, verb="update"
    ).exists()
    late = cycle.recommend_deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed, match="推荐已于"):
        recommendation_set(
            actor=actors.university_admin,
            cycle=cycle,
            university=tree.university,
            ranking=[a.pk],
            today=late,
        )
    b.refresh_from_db()
    assert b.rank == 1


@pytest.fixture
def recommended(env, tree, actors):
    cycle, _ = env
    app = _apply(actors, cycle, tree.branch)
    recommendation_set(
        actor=actors.university_admin,
        cycle=cycle,
        university=tree.university,
        ranking=[app.pk],
        today=APPLY_DAY,
    )
    app.refresh_from_db()
    return app


def test_expert_of_the_same_university_is_excluded(recommended, tree, actors):
    insider = expert_of(tree.college, "insider")
    with pytest.raises(ValidationFailed, match="应当回避"):
        expert_assign(
            actor=actors.province_admin, application=recommended, expert=insider, kind="report"
        )
    with pytest.raises(ValidationFailed, match="不是评审专家"):
        expert_assign(
            actor=actors.province_admin,
            application=recommended,
            expert=actors.outsider,
            kind="report",
        )
    outside = expert_of(tree.other_university)
    with pytest.raises(NotPermitted):
        expert_assign(
            actor=actors.university_admin, application=recommended, expert=outside, kind="report"
        )
    assignment = expert_assign(
        actor=actors.province_admin, application=recommended, expert=outside, kind="visit"
    )
    assert assignment.expert_name == "专家乙"


def test_scoring_outside_the_assignment_or_scale_is_refused(recommended, tree, actors):
    expert = expert_of(tree.other_university)
    other = expert_of(tree.other_university, "expert2")
    assignment = expert_assign(
        actor=actors.province_admin, application=recommended, expert=expert, kind="report"
    )
    good = {"C16.2": "4", "C17.2": "4.5"}
    with pytest.raises(NotPermitted, match="未被分配"):
        expert_score_submit(
            actor=other, assignment=assignment, scores=good, comment="好", today=APPLY_DAY
        )
    with pytest.raises(ValidationFailed, match="评分应在 0 至 5 之间") as exc:
        expert_score_submit(
            actor=expert,
            assignment=assignment,
            scores={**good, "C17.2": "6"},
            comment="好",
            today=APPLY_DAY,
        )
    assert "score_C17.2" in exc.value.extra["fields"]
    with pytest.raises(ValidationFailed, match="请为"):
        expert_score_submit(
            actor=expert,
            assignment=assignment,
            scores={"C16.2": "4"},
            comment="好",
            today=APPLY_DAY,
        )
    with pytest.raises(ValidationFailed, match="评审意见"):
        expert_score_submit(
            actor=expert, assignment=assignment, scores=good, comment=" ", today=APPLY_DAY
        )
    assert not ExpertScore.objects.exists()
    expert_score_submit(
        actor=expert, assignment=assignment, scores=good, comment="成效明显", today=APPLY_DAY
    )
    assert dict(ExpertScore.objects.values_list("checkpoint_code", "score")) == {
        "C16.2": 4,
        "C17.2": 4.5,
    }
    event = AuditEvent.objects.get(target_type="sites.expertassignment", verb="update")
    assert event.changes["C16.2"] == [None, "4.00"]


def test_notice_naming_and_objections(recommended, tree, actors):
    cycle = recommended.cycle
    province = actors.province_admin
    with pytest.raises(ValidationFailed, match="不予命名时请填写理由"):
        application_decide(
            actor=province, application=recommended, verdict="reject", today=APPLY_DAY
        )
    with pytest.raises(ValidationFailed, match="未审定"):
        notice_publish(
            actor=province, cycle=cycle, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 5)
        )
    with pytest.raises(ValidationFailed, match="审定已于"):
        application_decide(
            actor=province, application=recommended, verdict="name", today=dt.date(2026, 6, 1)
        )
    app = application_decide(
        actor=province, application=recommended, verdict="name", today=APPLY_DAY
    )
    assert app.status == ApplicationStatus.APPROVED
    # 2026-06-01 (Mon) … 2026-06-04 (Thu): 4 working days, below the YAML minimum 5.
    with pytest.raises(ValidationFailed, match="只有 4 个工作日，不得少于 5 个工作日"):
        notice_publish(
            actor=province, cycle=cycle, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 4)
        )
    assert not Notice.objects.exists()
    notice = notice_publish(
        actor=province, cycle=cycle, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 5)
    )
    assert notice.workdays == 5
    with pytest.raises(InvalidState):
        application_decide(
            actor=province, application=app, verdict="reject", reason="改变", today=APPLY_DAY
        )
    objection = objection_record(
        actor=province,
        notice=notice,
        application=app,
        received_on=dt.date(2026, 6, 2),
        content="反映材料不实",
    )
    with pytest.raises(ValidationFailed, match=r"公示期至.*结束后才能命名"):
        sites_name(actor=province, cycle=cycle, today=dt.date(2026, 6, 5))
    with pytest.raises(ValidationFailed, match="异议未处理"):
        sites_name(actor=province, cycle=cycle, today=dt.date(2026, 6, 8))
    from liuhao.sites.services.decision import objection_handle

    objection_handle(
        actor=province,
        objection=objection,
        handling="经核查不属实",
        outcome=ObjectionOutcome.DISMISSED,
    )
    sites = sites_name(actor=province, cycle=cycle, today=dt.date(2026, 6, 8))
    assert [s.org_id for s in sites] == [tree.branch.pk]
    app.refresh_from_db()
    cycle.refresh_from_db()
    assert app.status == ApplicationStatus.NAMED and cycle.status == "named"
    assert Site.objects.get().named_on == dt.date(2026, 6, 8)
    assert AuditEvent.objects.filter(target_type="sites.site", verb="create").count() == 1
    later = open_cycle(province, period_code="2026-2027", opened_on=dt.date(2027, 3, 1))
    with pytest.raises(ValidationFailed, match="已是示范点"):
        application_submit(
            actor=actors.university_admin, cycle=later, org=tree.branch, today=dt.date(2027, 3, 2)
        )


def _on_notice_with_objection(province, recommended, outcome):
    """Decide 拟命名, publish a 5-working-day notice and record one handled objection."""
    app = application_decide(
        actor=province, application=recommended, verdict="name", today=APPLY_DAY
    )
    notice = notice_publish(
        actor=province, cycle=app.cycle, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 5)
    )
    objection_record(
        actor=province,
        notice=notice,
        application=app,
        received_on=dt.date(2026, 6, 3),
        content="反映材料问题",
        handling="已核查",
        outcome=outcome,
    )
    return app


def test_upheld_objection_means_not_named(recommended, actors):
    province = actors.province_admin
    app = _on_notice_with_objection(province, recommended, ObjectionOutcome.UPHELD)
    assert sites_name(actor=province, cycle=app.cycle, today=dt.date(2026, 6, 9)) == []
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REJECTED and "异议成立" in app.verdict_reason


def test_every_state_change_is_audited(recommended, tree, actors):
    province = actors.province_admin
    expert = expert_of(tree.other_university)
    assignment = expert_assign(actor=province, application=recommended, expert=expert, kind="files")
    expert_score_submit(
        actor=expert,
        assignment=assignment,
        scores={"C16.2": "3", "C17.2": "3"},
        comment="一般",
        today=APPLY_DAY,
    )
    app = _on_notice_with_objection(province, recommended, ObjectionOutcome.DISMISSED)
    sites_name(actor=province, cycle=app.cycle, today=dt.date(2026, 6, 8))
    seen = set(AuditEvent.objects.values_list("target_type", "verb"))
    assert {
        ("sites.cycle", "create"),
        ("sites.cycle", "update"),
        ("sites.application", "create"),
        ("sites.application", "update"),
        ("sites.expertassignment", "create"),
        ("sites.expertassignment", "update"),
        ("sites.notice", "create"),
        ("sites.objection", "create"),
        ("sites.site", "create"),
    } <= seen
    decided = AuditEvent.objects.filter(
        target_type="sites.application", target_id=app.pk, changes__has_key="verdict"
    ).first()
    assert decided is not None and decided.changes["verdict"] == ["", "name"]
