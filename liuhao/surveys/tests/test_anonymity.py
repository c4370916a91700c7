"""Anonymity (issue 6 item 3, ADR 0014): nothing written in the answering transaction names the
person or the token; the results tables carry no timestamps and no link to an invitation; the
invitation keeps no time."""

from __future__ import annotations

import pytest
from django.db import connection, models

from liuhao.core.models import AuditEvent
from liuhao.surveys.models import Answer, Ballot, Invitation, Response
from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = pytest.mark.django_db


def _values(row: models.Model) -> list[str]:
    return [str(getattr(row, f.attname)) for f in row._meta.concrete_fields]


def test_no_row_written_when_answering_names_the_person_or_the_token(tree, actors):
    people = staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    person = people[2]
    invitation = Invitation.objects.get(survey=survey, person=person)
    token = tokens[invitation.pk]
    audits = set(AuditEvent.objects.values_list("pk", flat=True))
    recorder = _Recorder()
    with connection.execute_wrapper(recorder):
        survey_answer(token=token, answers=sheet(survey, 2, "建议多开展活动"), today=DAY)
    writes = recorder.writes
    # one conditional UPDATE of the used flag, one ballot, one audit row; nothing else
    assert len(writes) == 3
    assert writes[0][0].startswith('UPDATE "surveys_invitation" SET "used"')
    forbidden = {token, str(person.pk), person.name, person.number, str(invitation.pk)}
    forbidden.discard(str(survey.pk))
    for sql, params in writes[1:]:
        assert not any(str(p) in forbidden for p in params), sql
    ballot = Ballot.objects.get()
    audit = AuditEvent.objects.exclude(pk__in=audits).get()
    for row in (ballot, audit):
        text = " ".join(_values(row))
        assert token not in text and person.name not in text and person.number not in text
    assert audit.target_type == "surveys.survey" and audit.actor_id is None


def test_results_tables_hold_no_time_person_token_or_invitation():
    for model in (Ballot, Response, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.DateField), field
            assert field.name not in {"person", "invitation", "token", "token_hash", "user"}
        assert isinstance(model._meta.pk, models.UUIDField)
    invitation_fields = {f.name for f in Invitation._meta.concrete_fields}
    assert invitation_fields == {"id", "survey", "audience", "person", "token_hash", "used"}


def test_closing_rewrites_results_so_their_ids_reveal_no_order(tree, actors):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    for token in list(tokens.values())[:5]:
        survey_answer(token=token, answers=sheet(survey), today=DAY)
    ballots = set(Ballot.objects.values_list("pk", flat=True))
    survey_close(actor=actors.committee_member, survey=survey)
    assert not Ballot.objects.exists()
    assert not ballots & set(Response.objects.values_list("pk", flat=True))


class _Recorder:
    def __init__(self) -> None:
        self.writes: list[tuple[str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        head = sql.lstrip().split(" ", 1)[0].upper()
        if head in {"INSERT", "UPDATE", "DELETE"}:
            self.writes.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)
