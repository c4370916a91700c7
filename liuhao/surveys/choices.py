"""Choices of the satisfaction surveys (满意度测评)."""

from __future__ import annotations

from django.db import models


class SurveyKind(models.TextChoices):
    """What the survey measures: C18.1 / C09.2 (satisfaction), C01.2 (leadership), C09.1 (述职)."""

    SATISFACTION = "satisfaction", "满意度测评"
    LEADERSHIP = "leadership", "班子评价"
    LEADER_REPORT = "leader_report", "述职评议"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Audience(models.TextChoices):
    """Who is invited. A person in several audiences is invited once, under the first listed here."""

    MEMBERS = "members", "党员"
    TEACHERS = "teachers", "教职工"
    STUDENTS = "students", "学生"
    EVERYONE = "everyone", "全体师生"


class QuestionKind(models.TextChoices):
    LIKERT = "likert", "等级评价"
    TEXT = "text", "开放填写"
