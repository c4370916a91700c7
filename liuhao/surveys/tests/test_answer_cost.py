"""What answering costs (issue 6's load benchmark, bench/survey_answer.py): a stored answer and a
repeated submit take a bounded number of queries; the invitation is read once; an answer POSTed
to another survey's page with a token kept for a different survey is refused and stores nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.surveys.models import Ballot, Invitation, Response
from liuhao.surveys.public_views import SESSION_KEY
from liuhao.surveys.services import INVALID_LINK_MESSAGE, token_hash
from liuhao.surveys.tests.support import opened, staff
from liuhao.surveys.tests.test_views import enter, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2025-11-10 10:00 +0800", tick=False):
        yield


def test_a_stored_answer_and_a_repeat_take_few_queries(client, tree, actors):
    staff(tree.branch, members=6)
    survey, tokens = opened(actors.committee_member, tree.branch)
    url = enter(client, next(iter(tokens.values())))
    data = post_data(survey, "2", "")
    with CaptureQueriesContext(connection) as stored:
        assert client.post(url, data).status_code == 302
    sql = [q["sql"] for q in stored.captured_queries]
    # session, invitation (once), questions; UPDATE, ballot, audit row; the ballot count after it
    assert sum('FROM "surveys_invitation"' in s for s in sql) == 1
    assert len([s for s in sql if s not in ("BEGIN", "COMMIT") and "SAVEPOINT" not in s]) <= 7
    with CaptureQueriesContext(connection) as again:
        response = client.post(url, data)
    assert response.status_code == 200 and "已提交" in response.content.decode()
    assert len(again.captured_queries) <= 2  # session, invitation
    assert Ballot.objects.count() + Response.objects.count() == 1


def test_a_token_kept_for_another_survey_cannot_answer_this_one(client, tree, actors):
    staff(tree.branch, members=2)
    _first, first_tokens = opened(actors.committee_member, tree.branch)
    second, _ = opened(actors.committee_member, tree.branch, template="leadership")
    enter(client, next(iter(first_tokens.values())))
    session = client.session
    session[SESSION_KEY] = {str(second.pk): token_hash(next(iter(first_tokens.values())))}
    session.save()
    response = client.post(f"/s/answer/{second.pk}/", post_data(second))
    assert response.status_code == 404 and INVALID_LINK_MESSAGE in response.content.decode()
    assert not Invitation.objects.filter(used=True).exists() and not Ballot.objects.exists()
