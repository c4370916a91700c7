"""Survey services: create from a template, open (roster, tokens stored as hashes), answer
(idempotent, same message for bad tokens, refusals naming the question, nothing stored), the ballot
box counted in batches and at close, reminders, scope and audit (issue 6 items 1–4, 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.surveys.models import Answer, Ballot, Invitation, Question, Response, Survey
from liuhao.surveys.rules import survey_rules
from liuhao.surveys.selectors import survey_progress, survey_reminders
from liuhao.surveys.services import (
    INVALID_LINK_MESSAGE,
    ballots_count,
    invitations_reissue,
    survey_answer,
    survey_close,
    survey_create,
    token_hash,
)
from liuhao.surveys.tests.support import CLOSES, DAY, OPENS, opened, sheet, staff

pytestmark = pytest.mark.django_db


def test_rules_file_is_valid_and_counts_the_top_three_levels():
    rules = survey_rules()
    assert rules.likert == ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
    assert rules.satisfied_levels == (1, 2, 3)
    assert rules.min_group_size == 5 and float(rules.min_response_rate) == 0.3
    assert {t.code for t in rules.templates} == {"satisfaction", "leadership", "leader_report"}


def test_create_copies_the_template_and_scale_and_is_audited(tree, actors):
    survey = survey_create(
        actor=actors.committee_member,
        org=tree.branch,
        template="leadership",
        period="2025-2026",
        opens_on=OPENS,
        closes_on=CLOSES,
    )
    assert survey.status == "draft" and survey.kind == "leadership"
    assert survey.audiences == ["members"] and survey.min_group_size == 5
    questions = list(Question.objects.filter(survey=survey))
    assert questions[0].text.startswith("理想信念") and questions[0].levels[0] == "非常满意"
    assert questions[0].satisfied == [1, 2, 3] and questions[-1].kind == "text"
    audit = AuditEvent.objects.get(target_type="surveys.survey", target_id=survey.pk)
    assert audit.verb == "create" and audit.changes["template"] == "leadership"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"period": "2025"}, "period"),
        ({"audiences": ["nobody"]}, "audiences"),
        ({"template": "none"}, "template"),
        ({"closes_on": dt.date(2025, 10, 1)}, "closes_on"),
    ],
)
def test_bad_definitions_are_refused_naming_the_field_and_store_nothing(tree, actors, over, field):
    data = {
        "template": "satisfaction",
        "period": "2025-2026-1",
        "opens_on": OPENS,
        "closes_on": CLOSES,
        **over,
    }
    with pytest.raises(ValidationFailed) as exc:
        survey_create(actor=actors.committee_member, org=tree.branch, **data)
    assert field in exc.value.extra["fields"]
    assert not Survey.objects.exists() and not AuditEvent.objects.exists()


def test_only_the_orgs_handlers_may_run_surveys(tree, actors):
    for actor in (actors.party_member, actors.reviewer, actors.outsider):
        with pytest.raises(NotPermitted):
            survey_create(
                actor=actor,
                org=tree.branch,
                template="satisfaction",
                period="2025-2026-1",
                opens_on=OPENS,
                closes_on=CLOSES,
            )
    with pytest.raises(NotPermitted):  # the branch's committee member cannot run its sibling's
        opened(actors.committee_member, tree.other_branch)


def test_open_invites_each_eligible_person_once_with_hashed_tokens(tree, actors):
    members = staff(tree.branch, members=3, students=2, teachers=1)
    gone = staff(tree.branch, members=1)[0]
    gone.left_on = dt.date(2025, 10, 1)
    gone.save()
    staff(tree.other_branch, members=2)  # another branch: not invited
    survey, tokens = opened(actors.committee_member, tree.branch)
    invitations = list(Invitation.objects.filter(survey=survey))
    # the conftest's party member is a member of the branch too (unit: the college)
    assert len(invitations) == 3 + 2 + 1 + 1 == survey.invited == len(tokens)
    by_person = {i.person_id: i.audience for i in invitations}
    assert by_person[members[0].pk] == "members"  # a member who teaches is invited once
    assert by_person[members[3].pk] == "students" and by_person[members[5].pk] == "teachers"
    assert gone.pk not in by_person
    for inv in invitations:
        assert inv.token_hash == token_hash(tokens[inv.pk]) and tokens[inv.pk] not in inv.token_hash
    assert survey.status == "open"
    progress = {p.audience: (p.invited, p.answered) for p in survey_progress(survey)}
    assert progress == {"members": (4, 0), "teachers": (1, 0), "students": (2, 0)}


def test_subtree_survey_invites_the_subtrees_members(tree, actors):
    staff(tree.branch, members=2)
    staff(tree.other_branch, members=3)
    survey, _tokens = opened(
        actors.org_secretary, tree.college, template="leadership", include_subtree=True
    )
    assert survey.invited == 2 + 3 + 1


def test_answer_stores_one_ballot_and_a_retry_says_already_submitted(tree, actors):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    token = next(iter(tokens.values()))
    first = survey_answer(token=token, answers=sheet(survey, 1, "很好"), today=DAY)
    assert first.stored and Ballot.objects.count() == 1
    again = survey_answer(token=token, answers=sheet(survey, 5), today=DAY)
    assert not again.stored and "已提交" in again.message
    assert Ballot.objects.count() == 1
    assert Invitation.objects.filter(survey=survey, used=True).count() == 1
    audit = AuditEvent.objects.filter(target_type="surveys.survey", changes__answered=1).get()
    assert audit.actor is None and audit.actor_name == "" and audit.target_id == survey.pk


@pytest.mark.parametrize("case", ["forged", "closed", "expired", "early", "empty"])
def test_bad_tokens_get_one_message_and_store_nothing(tree, actors, case):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    token, today = next(iter(tokens.values())), DAY
    if case == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif case == "empty":
        token = ""
    elif case == "closed":
        survey_close(actor=actors.committee_member, survey=survey)
    elif case == "expired":
        today = CLOSES + dt.timedelta(days=1)
    else:
        today = OPENS - dt.timedelta(days=1)
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidState) as exc:
        survey_answer(token=token, answers=sheet(survey), today=today)
    assert exc.value.message == INVALID_LINK_MESSAGE and exc.value.code == "survey_token_invalid"
    assert not Ballot.objects.exists() and not Invitation.objects.filter(used=True).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ("missing", "请回答第1题"),
        ("range", "第2题"),
        ("zero", "第2题"),
        ("text", "第2题"),
        ("foreign", "不属于本测评"),
    ],
)
def test_bad_answers_are_refused_naming_the_question(tree, actors, change, needle):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    questions = list(Question.objects.filter(survey=survey))
    answers = sheet(survey)
    if change == "missing":
        del answers[str(questions[0].pk)]
    elif change == "range":
        answers[str(questions[1].pk)] = 6
    elif change == "zero":
        answers[str(questions[1].pk)] = 0
    elif change == "text":
        answers[str(questions[1].pk)] = "满意"
    else:
        answers["999999"] = 1
    with pytest.raises(ValidationFailed) as exc:
        survey_answer(token=next(iter(tokens.values())), answers=answers, today=DAY)
    assert needle in exc.value.message
    assert not Ballot.objects.exists() and not Invitation.objects.filter(used=True).exists()


def test_optional_text_may_be_left_empty(tree, actors):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    answers = {k: v for k, v in sheet(survey).items() if v != ""}
    assert survey_answer(token=next(iter(tokens.values())), answers=answers, today=DAY).stored


def test_ballots_are_counted_in_batches_then_all_reshuffled_at_close(
    tree, actors, django_capture_on_commit_callbacks
):
    staff(tree.branch, members=7)
    survey, tokens = opened(actors.committee_member, tree.branch)
    batch = survey_rules().shuffle_batch
    tokens_list = list(tokens.values())
    with django_capture_on_commit_callbacks(execute=True):
        for token in tokens_list[: batch - 1]:
            survey_answer(token=token, answers=sheet(survey), today=DAY)
    assert Ballot.objects.count() == batch - 1 and not Response.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        survey_answer(token=tokens_list[batch - 1], answers=sheet(survey), today=DAY)
    assert not Ballot.objects.exists() and Response.objects.count() == batch
    survey_answer(token=tokens_list[batch], answers=sheet(survey), today=DAY)
    assert ballots_count(survey_id=survey.pk) == 0  # under a batch: waits in the box
    first_ids = set(Response.objects.values_list("pk", flat=True))
    survey_close(actor=actors.committee_member, survey=survey)
    assert not Ballot.objects.exists() and Response.objects.count() == batch + 1
    assert not first_ids & set(Response.objects.values_list("pk", flat=True))  # rewritten
    likert = Question.objects.filter(survey=survey, kind="likert").count()
    assert Answer.objects.filter(level=2).count() == (batch + 1) * likert


def test_close_and_reissue_and_reminders(tree, actors):
    people = staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    inv = Invitation.objects.get(survey=survey, person=people[0])
    survey_answer(token=tokens[inv.pk], answers=sheet(survey), today=DAY)
    reminded = {i.person_id for i in survey_reminders(survey)}
    assert people[0].pk not in reminded and people[1].pk in reminded
    new = invitations_reissue(actor=actors.committee_member, survey=survey)
    assert inv.pk not in new and len(new) == survey.invited - 1
    other = Invitation.objects.get(survey=survey, person=people[1])
    with pytest.raises(InvalidState):  # the old token stopped working
        survey_answer(token=tokens[other.pk], answers=sheet(survey), today=DAY)
    assert survey_answer(token=new[other.pk], answers=sheet(survey), today=DAY).stored
    survey_close(actor=actors.committee_member, survey=survey)
    with pytest.raises(InvalidState):
        survey_close(actor=actors.committee_member, survey=survey)
    with pytest.raises(InvalidState):
        invitations_reissue(actor=actors.committee_member, survey=survey)


def test_a_reminder_notifies_the_account_holders_who_have_not_answered(tree, actors):
    from liuhao.notifications.models import Notification
    from liuhao.orgs.tests.factories import UserFactory

    people = staff(tree.branch, members=5)
    for person in people[:3]:
        person.user = UserFactory()
        person.save(update_fields=["user"])
    survey, tokens = opened(actors.committee_member, tree.branch)
    answered = Invitation.objects.get(survey=survey, person=people[0])
    survey_answer(token=tokens[answered.pk], answers=sheet(survey), today=DAY)
    invitations_reissue(actor=actors.committee_member, survey=survey)  # a reprint: no message
    assert not Notification.objects.exists()
    invitations_reissue(actor=actors.committee_member, survey=survey, remind=True)
    notes = Notification.objects.filter(kind="survey_reminder")
    # every account holder who has not answered (people[1], people[2], and the roster's own
    # officers with accounts); people[0] answered and gets nothing
    waiting = Invitation.objects.filter(survey=survey, used=False, person__user__isnull=False)
    expected = set(waiting.values_list("person__user_id", flat=True))
    assert {people[1].user_id, people[2].user_id} <= expected
    assert {n.recipient_id for n in notes} == expected and people[0].user_id not in expected
    note = notes.first()
    assert note is not None and survey.title in note.title and note.url == ""
    assert not any(token in note.body for token in tokens.values())
