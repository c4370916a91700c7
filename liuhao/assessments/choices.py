"""Enumerations of the self-assessment and its review chain (issue 7 items 1, 2; DESIGN §4)."""

from __future__ import annotations

from django.db import models


class AssessmentStatus(models.TextChoices):
    """draft → submitted (under review at `current_level`) → accepted (by the province) | returned.

    A returned assessment is fixed and resubmitted by the org like a draft."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "审核中"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


# The statuses in which the org may still edit (narratives, evidence) and submit.
EDITABLE = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class ReviewLevel(models.TextChoices):
    """The steps of the chain up the party tree, in order."""

    COLLEGE = "college", "院系党委"
    UNIVERSITY = "university", "高校党委组织部"
    PROVINCE = "province", "省委教育工委"


LEVEL_ORDER: tuple[str, ...] = (ReviewLevel.COLLEGE, ReviewLevel.UNIVERSITY, ReviewLevel.PROVINCE)


class Decision(models.TextChoices):
    ACCEPT = "accept", "通过"
    RETURN = "return", "退回"


class CheckpointStatus(models.TextChoices):
    """The statuses a reviewer may set by override (the engine's statuses, docs/standards-format.md)."""

    MET = "met", "达标"
    PARTLY = "partly_met", "部分达标"
    UNMET = "unmet", "未达标"
    NOT_APPLICABLE = "not_applicable", "不适用"
