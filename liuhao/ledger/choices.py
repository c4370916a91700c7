"""Enumerations of the work ledger (台账) (DESIGN §2; glossary in docs/glossary.md)."""

from __future__ import annotations

from django.db import models


class ActivityKind(models.TextChoices):
    """What an org activity was. The checkpoints of the standard count activities by kind."""

    THEORY_SEMINAR = "theory_seminar", "理论学习研讨会"  # Criterion C01.1
    SPECIAL_DEPLOYMENT = "special_deployment", "专题研究部署"  # C02.2
    TRAINING = "training", "培训研讨（服务能力）"  # C04.2
    COMMITTEE_MEETING = "committee_meeting", "支委会/党委会"  # C02.3
    GENERAL_MEETING = "general_meeting", "党员大会"
    GROUP_MEETING = "group_meeting", "党小组会"
    PARTY_LECTURE = "party_lecture", "党课"
    THEMED_PARTY_DAY = "themed_party_day", "主题党日"  # C14.1
    ORG_LIFE_MEETING = "org_life_meeting", "组织生活会"
    VOLUNTEER_SERVICE = "volunteer_service", "志愿服务"  # C14.3
    SOCIAL_PRACTICE = "social_practice", "社会实践"  # C14.3
    CO_CONSTRUCTION = "co_construction", "支部共建"  # C13.3
    PEER_EDUCATION = "peer_education", "朋辈教育"  # C13.3
    PAIRING_ASSISTANCE = "pairing_assistance", "结对帮扶"  # C13.3
    CULTURE = "culture", "校园文化"  # C15.1
    CONTACT_RESEARCH = "contact_research", "调研"
    OTHER = "other", "其他"


# Meetings that may take decisions (决策会议): the committee, and the members' general meeting.
DECISION_KINDS = frozenset({ActivityKind.COMMITTEE_MEETING, ActivityKind.GENERAL_MEETING})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "缺席"


class PlanKind(models.TextChoices):
    """Documents of Criterion C02.1: 抓好服务型党组织建设的总体规划，制定实施办法."""

    OVERALL_PLAN = "overall_plan", "总体规划"
    IMPLEMENTATION_MEASURES = "implementation_measures", "实施办法"


class CultureTag(models.TextChoices):
    """The campus-culture carrier of a culture activity (Criterion C15.1: 依托高校学术文化、社团文化、
    环境文化等载体)."""

    ACADEMIC = "academic", "学术文化"
    CLUB = "club", "社团文化"
    ENVIRONMENT = "environment", "环境文化"


class ServiceKind(models.TextChoices):
    """What a member's service record was (Criterion C06.3: 党员队伍达到全员服务、主动服务)."""

    VOLUNTEER = "volunteer", "志愿服务"
    SERVICE_ACTIVITY = "service_activity", "服务活动"
    VANGUARD_DUTY = "vanguard_duty", "先锋岗值守"


class DisclosureScope(models.TextChoices):
    """Who a party-affairs disclosure is published to (Criterion C07.2: 推进党务公开)."""

    PUBLIC = "public", "公开"
    INTERNAL = "internal", "党内公开"
