"""Portal fixtures: a day in the second term of 2025–2026 and requests written as rows (the desk's
services are exercised by its own tests; here the numbers must be exact)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from liuhao.desk.choices import Channel, RequestStatus
from liuhao.desk.models import ServiceRequest

TODAY = dt.date(2026, 4, 15)  # term 2025-2026-2 (from 2026-02-15), year 2025-2026 (from 2025-09-01)
_numbers = itertools.count(1)


def make_request(
    org: Any,
    submitted_on: dt.date,
    status: str = RequestStatus.NEW,
    *,
    due: dt.date | None = None,
    within: bool | None = None,
    rating: int | None = None,
    **over: Any,
) -> ServiceRequest:
    """One request routed to `org`. `within` defaults to True for resolved or closed ones."""
    n = next(_numbers)
    done = status in (RequestStatus.RESOLVED, RequestStatus.CLOSED)
    submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9, 0)))
    values: dict[str, Any] = {
        "university": org.university or org,
        "org": org,
        "reference": f"R{n:08d}",
        "tracking_hash": f"{n:064d}",
        "category": "study_life",
        "title": "诉求",
        "body": "内容",
        "channel": Channel.PUBLIC_FORM,
        "status": status,
        "submitted_at": submitted_at,
        "submitted_on": submitted_on,
        "response_due": submitted_on + dt.timedelta(days=2),
        "resolution_due": due or submitted_on + dt.timedelta(days=14),
        "resolved_at": submitted_at + dt.timedelta(days=3) if done else None,
        "resolved_within_sla": (True if within is None else within) if done else None,
        "closed_at": submitted_at + dt.timedelta(days=9)
        if status == RequestStatus.CLOSED
        else None,
        "rating": rating,
        **over,
    }
    return ServiceRequest.objects.create(**values)


@pytest.fixture
def today() -> dt.date:
    return TODAY
