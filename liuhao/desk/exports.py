"""The org queue as .xlsx (issue 5 item 7): one row per request of the filtered queue.

Criteria C07.3 (诉求按时限办结) and C18.2 (及时解决): reference, dates, status, due dates, whether it
was resolved within its time limit, escalation and the requester's rating. An anonymous request has
no name or contact stored, and the sheet shows “匿名”. The rows are streamed (write-only workbook,
`iterator()`), capped at MAX_ROWS with a note asking to narrow the filters.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from liuhao.desk.choices import Channel, CloseReason, Priority, RequestStatus
from liuhao.desk.models import ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.desk.selectors import DeskClock, QueueFilter
from liuhao.orgs.models import Organization

MAX_ROWS = 20_000
HEADER = [
    "诉求编号",
    "标题",
    "类别",
    "紧急程度",
    "渠道",
    "承办党组织",
    "状态",
    "提交时间",
    "答复时限",
    "首次答复时间",
    "办结时限",
    "办结时间",
    "按时办结",
    "关闭时间",
    "关闭方式",
    "超期情况",
    "上报至",
    "责任人",
    "诉求人",
    "联系方式",
    "评价",
    "评价意见",
]
STATE_TEXT = {"overdue": "已超期", "near": "临期"}


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: write local wall-clock time without tzinfo."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)


def _within(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _filter_text(filters: QueueFilter) -> str:
    rules = desk_rules()
    parts = []
    if filters.status:
        parts.append(
            "未办结" if filters.status == "open" else str(RequestStatus(filters.status).label)
        )
    if filters.category:
        parts.append(rules.category_label(filters.category))
    if filters.priority:
        parts.append(str(Priority(filters.priority).label))
    for flag, text in (
        (filters.overdue, "已超期"),
        (filters.near_breach, "超期或临期"),
        (filters.escalated_to_me, "上报给我"),
        (filters.assigned_to_me, "指派给我"),
    ):
        if flag:
            parts.append(text)
    if filters.start or filters.end:
        parts.append(f"提交日期 {filters.start or '…'} 至 {filters.end or '…'}")
    return "，".join(parts) or "无（全部诉求）"


def _rows(requests: Iterable[ServiceRequest], desk_clock: DeskClock) -> Iterable[list[Any]]:
    rules = desk_rules()
    for r in requests:
        named = not r.anonymous
        yield [
            r.reference,
            r.title,
            rules.category_label(r.category),
            str(Priority(r.priority).label),
            str(Channel(r.channel).label),
            r.org.name,
            str(RequestStatus(r.status).label),
            _local(r.submitted_at),
            r.response_due,
            _local(r.first_response_at),
            r.resolution_due,
            _local(r.resolved_at),
            _within(r.resolved_within_sla),
            _local(r.closed_at),
            str(CloseReason(r.close_reason).label) if r.close_reason else "",
            STATE_TEXT.get(desk_clock.state(r), ""),
            r.escalated_to.name if r.escalated_to_id and r.escalated_to else "",
            str(r.assignee) if r.assignee else "",
            r.requester_name if named else "匿名",
            r.requester_contact if named else "",
            r.rating,
            r.rating_comment,
        ]


def request_workbook(
    requests: QuerySet[ServiceRequest],
    *,
    org: Organization,
    filters: QueueFilter,
    desk_clock: DeskClock,
) -> bytes:
    """The filtered queue of `org` as .xlsx: a summary sheet and the list of requests."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("说明")
    summary.append(["党组织", org.name])
    summary.append(["导出日期", desk_clock.today])
    summary.append(["筛选条件", _filter_text(filters)])
    summary.append(["说明", "匿名诉求不含诉求人姓名和联系方式；时限按工作日计算。"])
    sheet = workbook.create_sheet("诉求")
    sheet.append(HEADER)
    count = 0
    for row in _rows(requests.iterator(chunk_size=2000), desk_clock):
        if count == MAX_ROWS:
            summary.append(["提示", f"仅导出前 {MAX_ROWS} 条，请缩小筛选范围后分批导出"])
            break
        sheet.append(row)
        count += 1
    summary.append(["诉求条数", count])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
