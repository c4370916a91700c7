"""Enumerations of the achievements app (Criteria C16, C17)."""

from __future__ import annotations

from django.db import models


class AchievementCategory(models.TextChoices):
    """The four fields of C16 (推动高校人才培养、科学研究、社会服务、文化传承)."""

    TALENT = "talent", "人才培养"
    RESEARCH = "research", "科学研究"
    SOCIAL_SERVICE = "social_service", "社会服务"
    CULTURE = "culture", "文化传承"


class OutputKind(models.TextChoices):
    """C17.1 理论研究和实践探索成果."""

    THEORY = "theory", "理论研究成果"
    PRACTICE = "practice", "实践探索成果"
