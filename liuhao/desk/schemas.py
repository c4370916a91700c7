"""Schemas of the handler's API of the request desk (CONVENTIONS B6/B7): Request Out / Detail / Filter,
the action bodies, explicit fields.

Request bodies forbid unknown fields and strip strings (orgs.schemas.common.InSchema); list filters
treat an empty parameter as no filter. Org, reception, visit and user references are ids, resolved in
the actor's scope by the endpoints. An anonymous request has no name or contact stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, ModelSchema

from liuhao.desk.choices import Channel, CloseReason, EventKind, Priority, RequestStatus
from liuhao.desk.models import RequestEvent, RequestFile, ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.orgs.schemas.common import Id, InSchema, ListFilter, NoControl

Action = Literal["accept", "start", "wait", "resume", "resolve", "reopen"]
Text = Annotated[str, Field(max_length=2000)]
StatusFilter = Literal["open", "new", "accepted", "in_progress", "waiting", "resolved", "closed"]
DueState = Literal["overdue", "near", ""]

REQUEST_FIELDS = [
    "id",
    "reference",
    "org",
    "university",
    "category",
    "title",
    "body",
    "anonymous",
    "requester_name",
    "requester_contact",
    "reception",
    "contact_visit",
    "assignee",
    "submitted_at",
    "submitted_on",
    "response_due",
    "resolution_due",
    "paused_workdays",
    "first_response_at",
    "resolved_at",
    "resolved_within_sla",
    "closed_at",
    "reopened_count",
    "reminded_on",
    "escalated_to",
    "escalated_at",
    "rating",
    "rating_comment",
    "rated_at",
]


def _name(user: Any) -> str | None:
    return str(user) if user is not None else None


class RequestOut(ModelSchema):
    """A request as its handlers see it (identity only when the requester gave one)."""

    status: RequestStatus
    priority: Priority
    channel: Channel
    close_reason: CloseReason | Literal[""]
    category_label: str = Field(description="类别名称")
    org_name: str = Field(description="承办党组织名称")
    assignee_name: str | None = Field(description="责任人")
    escalated_to_name: str | None = Field(description="上报至的党组织名称")
    due_state: DueState = Field(
        description="超期情况：overdue 已超过办结时限，near 临期（剩余工作日不超过规定天数），空为正常"
    )

    class Meta:
        model = ServiceRequest
        fields = REQUEST_FIELDS

    @staticmethod
    def resolve_category_label(obj: ServiceRequest) -> str:
        return desk_rules().category_label(obj.category)

    @staticmethod
    def resolve_org_name(obj: ServiceRequest) -> str:
        return obj.org.name

    @staticmethod
    def resolve_assignee_name(obj: ServiceRequest) -> str | None:
        return _name(obj.assignee) if obj.assignee_id else None

    @staticmethod
    def resolve_escalated_to_name(obj: ServiceRequest) -> str | None:
        return obj.escalated_to.name if obj.escalated_to_id and obj.escalated_to else None


class EventOut(ModelSchema):
    """One step of the history; `internal` notes are never shown to the requester."""

    kind: EventKind
    internal: bool = Field(description="内部备注（诉求人看不到）")
    actor_name: str | None = Field(description="操作人；诉求人或系统的操作为空")

    class Meta:
        model = RequestEvent
        fields = ["id", "at", "public", "from_status", "to_status", "text", "actor"]

    @staticmethod
    def resolve_internal(obj: RequestEvent) -> bool:
        return obj.kind == EventKind.NOTE

    @staticmethod
    def resolve_actor_name(obj: RequestEvent) -> str | None:
        return _name(obj.actor) if obj.actor_id else None


class FileOut(ModelSchema):
    download_url: str = Field(description="下载地址（登录会话）")

    class Meta:
        model = RequestFile
        fields = ["id", "original_name", "size", "sha256", "content_type", "uploaded_at"]

    @staticmethod
    def resolve_download_url(obj: RequestFile) -> str:
        from django.urls import reverse

        return reverse("desk:request-file", args=[obj.pk])


class RequestDetailOut(RequestOut):
    """A request with its full history (internal notes included), files and working days left."""

    workdays_left: int | None = Field(
        description="距办结时限的工作日数（负数为已超期；已办结或关闭为空）"
    )
    response_workdays_left: int | None = Field(description="距答复时限的工作日数（已答复为空）")
    events: list[EventOut]
    files: list[FileOut]

    @staticmethod
    def resolve_events(obj: Any) -> list[RequestEvent]:
        return obj.event_list  # type: ignore[no-any-return]

    @staticmethod
    def resolve_files(obj: Any) -> list[RequestFile]:
        return obj.file_list  # type: ignore[no-any-return]


class RequestFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号（含其全部下级组织）")
    status: StatusFilter | None = Field(None, description="状态；open 表示所有未办结的")
    category: str | None = Field(None, max_length=24, description="类别编码（见 desk-rules.yaml）")
    priority: Priority | None = Field(None, description="紧急程度")
    overdue: bool = Field(False, description="只列出已超过办结时限的")
    near_breach: bool = Field(False, description="只列出已超期或临期的")
    escalated_to_me: bool = Field(False, description="只列出上报给我所在组织的")
    assigned_to_me: bool = Field(False, description="只列出指派给我的")
    start: dt.date | None = Field(None, description="提交日期不早于")
    end: dt.date | None = Field(None, description="提交日期不晚于")


class OverdueFilter(ListFilter):
    org: Id | None = Field(None, description="党组织编号（含其全部下级组织）")


class TransitionIn(InSchema):
    action: Action = Field(
        description="accept 受理，start 开始办理，wait 等待诉求人补充（text 必填：需要补充的内容），"
        "resume 恢复办理，resolve 办结（text 必填：办理结果），reopen 重新打开"
    )
    text: Text = Field("", description="答复诉求人的内容（诉求人可见）")


class ReplyIn(InSchema):
    text: Text = Field(description="内容")
    internal: bool = Field(False, description="true：内部备注，诉求人看不到")


class AssignIn(InSchema):
    assignee: Id = Field(description="责任人（用户编号）：须为该党组织的书记、委员或上级管理员")


class RecordIn(InSchema):
    """A request raised at a representative's reception or a contact visit."""

    org: Id = Field(description="承办党组织编号")
    channel: Literal["reception", "contact_visit"] = Field(description="来源渠道")
    reception: Id | None = Field(None, description="来源接待编号（channel 为 reception 时必填）")
    contact_visit: Id | None = Field(
        None, description="来源走访编号（channel 为 contact_visit 时必填）"
    )
    category: Annotated[str, Field(max_length=24)] = Field(description="类别编码")
    priority: Priority = Field(Priority.NORMAL, description="紧急程度")
    title: Annotated[str, Field(max_length=100), NoControl] = Field(description="标题")
    body: Text = Field(description="诉求内容")
    anonymous: bool = False
    requester_name: Annotated[str, Field(max_length=50), NoControl] = ""
    requester_contact: Annotated[str, Field(max_length=50), NoControl] = ""
