"""The public form under concurrent submits (issue 5 item 8; ADR 0013), each thread on its own
connection through the whole stack (django.test.Client): the same page posted at once stores one
request and answers the others 409 with its reference; one client's simultaneous submissions
never pass the rate limit together. Meant for PostgreSQL (./scripts/with-postgres.sh); SQLite
serializes writers, so it is skipped there."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from liuhao.desk.models import ServiceRequest, SubmissionCount
from liuhao.desk.rules import desk_rules
from liuhao.desk.tests.public_support import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

NEW = reverse("desk_public:request-new")
THREADS = 8


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _at_once(post: Callable[[int], int]) -> list[int]:
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait()
            status = post(i)
            with lock:
                statuses.append(status)
        except BaseException as exc:  # pragma: no cover - would be a bug
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return sorted(statuses)


def test_the_same_page_posted_at_once_stores_one_request(tree):
    data = form_data(tree.branch)
    statuses = _at_once(lambda i: Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(NEW, data).status_code)
    assert statuses == [200] + [409] * (THREADS - 1)
    assert ServiceRequest.objects.filter(submit_key=data["nonce"]).count() == 1


def test_one_clients_simultaneous_submissions_stop_at_the_limit(tree):
    limit = desk_rules().rate_limit.submissions
    assert limit < THREADS
    statuses = _at_once(lambda i: Client().post(NEW, form_data(tree.branch)).status_code)
    assert statuses == [200] * limit + [429] * (THREADS - limit)
    assert ServiceRequest.objects.count() == limit
    assert list(SubmissionCount.objects.values_list("n", flat=True)) == [limit]
