"""The builder's services: editing a draft's settings and questions, deleting a draft, refusals
naming the field with nothing stored, drafts only, scope and audit, and the roster of a survey
with or without its subtree in one grouped query per audience (issue 6 item 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.governance.tests.factories import LeaderReportFactory
from liuhao.orgs.tests.factories import PersonFactory
from liuhao.surveys.models import Question, Survey
from liuhao.surveys.rules import survey_rules
from liuhao.surveys.selectors import roster_of
from liuhao.surveys.services import (
    QuestionDraft,
    survey_create,
    survey_delete,
    survey_update,
)
from liuhao.surveys.tests.support import CLOSES, DAY, OPENS, opened, staff

pytestmark = pytest.mark.django_db


def draft(actor: Any, org: Any, template: str = "satisfaction", **kw: Any) -> Survey:
    return survey_create(
        actor=actor,
        org=org,
        template=template,
        period="2025-2026-1",
        opens_on=OPENS,
        closes_on=CLOSES,
        **kw,
    )


def settings(survey: Survey, **over: Any) -> dict[str, Any]:
    return {
        "title": survey.title,
        "period": survey.period,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "audiences": survey.audiences,
        "include_subtree": survey.include_subtree,
        "leader_report": None,
        **over,
    }


def test_update_edits_settings_and_questions_in_one_audited_change(tree, actors):
    survey = draft(actors.committee_member, tree.branch)
    survey_update(
        actor=actors.committee_member,
        survey=survey,
        **settings(survey, title=" 2025 年满意度测评 ", audiences=["members"], period="2025-2026"),
        questions=[
            QuestionDraft("您对支部工作总体是否满意？"),
            QuestionDraft("您的建议", kind="text", required=False),
        ],
    )
    survey.refresh_from_db()
    assert survey.title == "2025 年满意度测评" and survey.audiences == ["members"]
    assert survey.period == "2025-2026"
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    assert [(q.order, q.text, q.kind, q.required) for q in questions] == [
        (1, "您对支部工作总体是否满意？", "likert", True),
        (2, "您的建议", "text", False),
    ]
    assert questions[0].levels == list(survey_rules().likert) and questions[1].levels == []
    event = AuditEvent.objects.filter(verb="update").get()
    assert set(event.changes) == {"title", "period", "audiences", "questions"}


def test_update_without_changes_writes_no_audit_row(tree, actors):
    survey = draft(actors.committee_member, tree.branch)
    survey_update(actor=actors.committee_member, survey=survey, **settings(survey))
    assert not AuditEvent.objects.filter(verb="update").exists()


@pytest.mark.parametrize(
    ("over", "questions", "field"),
    [
        ({"closes_on": dt.date(2025, 10, 1)}, None, "closes_on"),
        ({"audiences": []}, None, "audiences"),
        ({"period": "2025-26"}, None, "period"),
        ({"period": "2025-2027-1"}, None, "period"),
        ({"title": "长" * 101}, None, "title"),
        ({}, [], "questions"),
        ({}, [QuestionDraft("题" * 201)], "questions"),
        ({}, [QuestionDraft("  ")], "questions"),
        ({}, [QuestionDraft("建议", kind="text")], "questions"),
        ({}, [QuestionDraft("题", kind="scale")], "questions"),
    ],
)
def test_bad_edits_are_refused_naming_the_field_and_store_nothing(
    tree, actors, over, questions, field
):
    survey = draft(actors.committee_member, tree.branch)
    before = list(Question.objects.filter(survey=survey).values_list("text", flat=True))
    with pytest.raises(ValidationFailed) as exc:
        survey_update(
            actor=actors.committee_member,
            survey=survey,
            **settings(survey, **over),
            questions=questions,
        )
    assert field in exc.value.extra["fields"]
    fresh = Survey.objects.get(pk=survey.pk)
    assert (fresh.title, fresh.period, fresh.audiences) == (
        survey.title,
        survey.period,
        survey.audiences,
    )
    assert list(Question.objects.filter(survey=survey).values_list("text", flat=True)) == before
    assert not AuditEvent.objects.filter(verb="update").exists()


def test_leader_report_must_be_the_orgs_and_only_for_a_report_rating(tree, actors):
    reporter = PersonFactory(university=tree.university, unit=tree.branch)
    own = LeaderReportFactory(org=tree.branch, reporter=reporter)
    other = LeaderReportFactory(org=tree.other_branch, reporter=reporter)
    survey = draft(actors.committee_member, tree.branch, template="leader_report")
    with pytest.raises(ValidationFailed) as exc:
        survey_update(
            actor=actors.committee_member, survey=survey, **settings(survey, leader_report=other)
        )
    assert "leader_report" in exc.value.extra["fields"]
    survey_update(
        actor=actors.committee_member, survey=survey, **settings(survey, leader_report=own)
    )
    assert Survey.objects.get(pk=survey.pk).leader_report_id == own.pk
    satisfaction = draft(actors.committee_member, tree.branch)
    with pytest.raises(ValidationFailed):
        survey_update(
            actor=actors.committee_member,
            survey=satisfaction,
            **settings(satisfaction, leader_report=own),
        )


def test_only_drafts_are_edited_or_deleted(tree, actors):
    staff(tree.branch, members=2)
    survey, _ = opened(actors.committee_member, tree.branch)
    with pytest.raises(InvalidState):
        survey_update(actor=actors.committee_member, survey=survey, **settings(survey))
    with pytest.raises(InvalidState):
        survey_delete(actor=actors.committee_member, survey=survey)
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_delete_removes_the_draft_and_its_questions_and_is_audited(tree, actors):
    survey = draft(actors.committee_member, tree.branch)
    survey_delete(actor=actors.committee_member, survey=survey)
    assert not Survey.objects.exists() and not Question.objects.exists()
    assert AuditEvent.objects.filter(verb="delete", target_id=str(survey.pk)).exists()


def test_only_the_orgs_handlers_edit_or_delete(tree, actors):
    survey = draft(actors.committee_member, tree.branch)
    for actor in (actors.party_member, actors.reviewer, actors.outsider):
        with pytest.raises(NotPermitted):
            survey_update(actor=actor, survey=survey, **settings(survey, title="改"))
        with pytest.raises(NotPermitted):
            survey_delete(actor=actor, survey=survey)
    survey_update(actor=actors.org_secretary, survey=survey, **settings(survey, title="上级改"))
    assert Survey.objects.get(pk=survey.pk).title == "上级改"


def test_roster_honours_the_subtree_with_one_query_per_audience(
    tree, actors, django_assert_num_queries
):
    staff(tree.branch, members=2, students=1)
    staff(tree.other_branch, members=3, teachers=1)
    staff(tree.college, members=1)
    staff(tree.other_college, members=4)  # another college: never invited
    alone = draft(actors.org_secretary, tree.college, audiences=["members", "teachers"])
    whole = draft(
        actors.org_secretary,
        tree.college,
        audiences=["members", "teachers", "students"],
        include_subtree=True,
    )
    alone = Survey.objects.select_related("org").get(pk=alone.pk)
    whole = Survey.objects.select_related("org").get(pk=whole.pk)
    with django_assert_num_queries(2):
        only_college = roster_of(alone, DAY)
    with django_assert_num_queries(3):
        subtree = roster_of(whole, DAY)
    # the college itself: its 1 member, and the conftest's party member as a teacher of its unit
    # (a member of the branch, not of the college)
    assert [a for _, a in only_college] == ["members", "teachers"]
    audiences = [a for _, a in subtree]
    # members: 2 + 3 + 1 + the conftest's party member; teachers: 1; students: 1
    assert audiences.count("members") == 7 and audiences.count("teachers") == 1
    assert audiences.count("students") == 1 and len({p for p, _ in subtree}) == len(subtree)
