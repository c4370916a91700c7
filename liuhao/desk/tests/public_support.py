"""Helpers of the requester's-side tests (test_public_*.py): a valid form post, files, a request
moved along by a handler."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from liuhao.desk.choices import Channel
from liuhao.desk.services import Submitted, request_submit, request_transition

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name: str = "截图.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def form_data(target: Any, nonce: str = "", **over: Any) -> dict[str, Any]:
    return {
        "org": str(target.pk),
        "category": "study_life",
        "title": "宿舍网络经常断线",
        "body": "三号楼晚上十点后网络经常断线，影响学习。",
        "identity": "named",
        "requester_name": "王同学",
        "requester_contact": "13800000000",
        "nonce": nonce or secrets.token_urlsafe(16),
        **over,
    }


def submitted(org: Any, **over: Any) -> Submitted:
    data = {
        "category": "study_life",
        "priority": "normal",
        "title": "宿舍网络经常断线",
        "body": "三号楼晚上十点后网络经常断线。",
        "anonymous": False,
        "requester_name": "王同学",
        "requester_contact": "13800000000",
        **over,
    }
    return request_submit(org=org, data=data, channel=Channel.PUBLIC_FORM)


def resolve(handler: Any, request: Any, text: str = "已联系网络中心更换交换机") -> None:
    request_transition(actor=handler, request=request, action="accept")
    request_transition(actor=handler, request=request, action="resolve", text=text)
