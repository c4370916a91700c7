"""One response per token under concurrent double submits (issue 6 item 4): threads submit the
same tokens at once, each on its own connection; exactly one ballot per token is stored. Meant for
PostgreSQL (./scripts/with-postgres.sh); SQLite serializes writers, so it is skipped there."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from liuhao.core.exceptions import InvalidState
from liuhao.surveys.models import Ballot, Invitation, Response
from liuhao.surveys.services import ballots_count, survey_answer
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

THREADS = 8


def test_concurrent_double_submits_store_exactly_one_response_per_token(tree, actors):
    staff(tree.branch, members=11)
    survey, tokens = opened(actors.committee_member, tree.branch)
    answers = sheet(survey)
    barrier = threading.Barrier(THREADS)
    outcomes: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(order: list[str]) -> None:
        try:
            barrier.wait()
            for token in order:
                # every token is submitted by every thread: one store, the others "已提交"
                try:
                    result = survey_answer(token=token, answers=answers, today=DAY)
                except InvalidState as exc:  # pragma: no cover - would be a bug
                    errors.append(exc)
                    continue
                with lock:
                    outcomes.append(result.stored)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connections.close_all()

    values = list(tokens.values())
    threads = [
        threading.Thread(target=worker, args=(values if i % 2 else values[::-1],))
        for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert outcomes.count(True) == len(tokens) and len(outcomes) == THREADS * len(tokens)
    ballots_count(survey_id=survey.pk, minimum=0)
    assert Response.objects.filter(survey=survey).count() == len(tokens)
    assert Ballot.objects.count() == 0
    assert Invitation.objects.filter(survey=survey, used=True).count() == len(tokens)
