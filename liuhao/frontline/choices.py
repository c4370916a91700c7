"""Choices of the service front (服务阵地) records: venues, proposals, member affairs, posts, news."""

from __future__ import annotations

from django.db import models


class VenueKind(models.TextChoices):
    ACTIVITY_ROOM = "activity_room", "党员活动室"
    STUDIO = "studio", "党代表工作室"
    SERVICE_STATION = "service_station", "党员服务站"
    OTHER = "other", "其他场所"


class ProposalKind(models.TextChoices):
    PROPOSAL = "proposal", "提案"
    SUGGESTION = "suggestion", "提议"
    RESEARCH = "research", "调研报告"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


class AffairKind(models.TextChoices):
    TRANSFER = "transfer", "组织关系转接"
    CERTIFICATE = "certificate", "党员身份证明"
    FEE = "fee", "党费收缴证明"
    OTHER = "other", "其他党员事务"


class PostKind(models.TextChoices):
    POST = "post", "党员先锋岗"
    AREA = "area", "党员责任区"
    STATION = "station", "党员工作站"


class NewsKind(models.TextChoices):
    NEWS = "news", "工作动态"
    NOTICE = "notice", "通知公告"
