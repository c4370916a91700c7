"""Fixtures of the handler-side tests: requests of the branch, the college and another university,
built through the services (so every row is what production writes), then aged by moving dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from liuhao.desk.choices import Channel
from liuhao.desk.models import ServiceRequest
from liuhao.desk.services import request_submit

ROLES = (
    "province_admin",
    "university_admin",
    "org_secretary",
    "committee_member",
    "party_member",
    "reviewer",
    "outsider",
)
HANDLERS = ("province_admin", "university_admin", "org_secretary", "committee_member")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def request_data(**over: Any) -> dict[str, Any]:
    return {
        "category": "study_life",
        "priority": "normal",
        "title": "宿舍网络经常断线",
        "body": "三号楼晚上十点后网络经常断线，影响学习。",
        "anonymous": False,
        "requester_name": "王同学",
        "requester_contact": "13800000000",
        **over,
    }


def file_request(org: Any, *, due: dt.date | None = None, **over: Any) -> ServiceRequest:
    """A public-form request of `org`; `due` moves its resolution due date (to age it)."""
    request = request_submit(
        org=org, data=request_data(**over), channel=Channel.PUBLIC_FORM
    ).request
    if due is not None:
        ServiceRequest.objects.filter(pk=request.pk).update(resolution_due=due)
        request.refresh_from_db()
    return request


@dataclass
class Desk:
    fresh: ServiceRequest  # branch, new, due in 10 working days
    late: ServiceRequest  # branch, new, due a week ago
    near: ServiceRequest  # branch, urgent, due tomorrow-ish (near breach)
    anonymous: ServiceRequest  # college, anonymous
    other: ServiceRequest  # another university


@pytest.fixture
def desk(tree: Any) -> Desk:
    today = timezone.localdate()
    return Desk(
        fresh=file_request(tree.branch, title="图书馆座位不够"),
        late=file_request(tree.branch, title="实验室空调坏了", due=today - dt.timedelta(days=7)),
        near=file_request(tree.branch, title="奖学金评定有疑问", priority="urgent", due=today),
        anonymous=file_request(
            tree.college,
            title="食堂价格偏高",
            anonymous=True,
            requester_name="",
            requester_contact="",
            category="campus_service",
        ),
        other=file_request(tree.other_univ_branch, title="外校的诉求"),
    )
