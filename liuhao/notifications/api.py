"""The notifications API under /api/v1/notifications/ (issue 7 item 6): my notifications, what
waits for me, mark read. Only the actor's own notifications exist for it (another's is 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from liuhao.core.exceptions import NotFound
from liuhao.notifications.models import Notification
from liuhao.notifications.rules import notification_rules
from liuhao.notifications.selectors import notification_list, notification_unread_count
from liuhao.notifications.services import notification_mark_read
from liuhao.notifications.waiting import waiting_for
from liuhao.orgs.schemas.common import MAX_ID, PageNumberNoCount

router = Router()
TAGS = ["通知与待办"]


class NotificationOut(Schema):
    id: int
    kind: str = Field(
        description="类别代码：return 退回、review 待评审、deadline 截止提醒、warning 预警 …"
    )
    kind_label: str
    title: str
    body: str
    url: str = Field(description="站内链接")
    org_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(obj: Notification) -> str:
        return notification_rules().kind_label(obj.kind)


class WaitingOut(Schema):
    kind: str
    kind_label: str
    title: str
    url: str
    due: dt.date | None
    count: int


class SummaryOut(Schema):
    unread: int = Field(description="未读通知数")
    waiting: list[WaitingOut] = Field(description="待办事项，按截止日期排序")


class ReadOut(Schema):
    changed: int = Field(description="标为已读的条数")


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/",
    response=list[NotificationOut],
    tags=TAGS,
    summary="我的通知",
    description="本人的通知，按时间倒序。分页不统计总数：以 has_next 判断是否还有下一页。",
)
@paginate(PageNumberNoCount)
def notification_list_endpoint(request: HttpRequest) -> QuerySet[Notification]:
    return notification_list(_actor(request))


@router.get(
    "/waiting/",
    response=SummaryOut,
    tags=TAGS,
    summary="我的待办与未读数",
    description="各模块实时计算的待办（退回、待评审、截止、预警），以及未读通知数。",
)
def waiting_endpoint(request: HttpRequest) -> dict[str, Any]:
    actor = _actor(request)
    rules = notification_rules()
    return {
        "unread": notification_unread_count(actor),
        "waiting": [
            {
                "kind": item.kind,
                "kind_label": rules.kind_label(item.kind),
                "title": item.title,
                "url": item.url,
                "due": item.due,
                "count": item.count,
            }
            for item in waiting_for(actor)
        ],
    }


@router.post("/{int:notification_id}/read/", response=ReadOut, tags=TAGS, summary="标为已读")
def notification_read_endpoint(request: HttpRequest, notification_id: int) -> dict[str, int]:
    if not 1 <= notification_id <= MAX_ID:
        raise NotFound("未找到该通知，或您无权查看")
    return {
        "changed": notification_mark_read(actor=_actor(request), notification_id=notification_id)
    }


@router.post("/read-all/", response=ReadOut, tags=TAGS, summary="全部标为已读")
def notification_read_all_endpoint(request: HttpRequest) -> dict[str, int]:
    return {"changed": notification_mark_read(actor=_actor(request))}
