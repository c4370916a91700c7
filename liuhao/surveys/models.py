"""Surveys (满意度测评): definition, invitations and anonymous answers.

Criteria C18.1 (党员和师生员工满意度达到90%以上), C01.2 (党员对班子理想信念、廉洁公正的评价),
C09.1 (书记述职并接受党员评议), C09.2 (开展群众满意度测评). DESIGN §2: roster-based single-use
tokens, anonymous answers, response rate, satisfaction.

Anonymity (ADR 0014, docs/architecture.md "Surveys"): nothing written when a person answers can be
linked to that person's answers, even by someone reading the database.

- `Invitation` knows the person (needed for reminders and the response rate) but holds only the
  token's SHA-256 and a `used` flag: no timestamp, no answer. It does not inherit BaseModel, whose
  `updated_at` would date the answer.
- The submitting transaction writes the answers into the ballot box (`Ballot`): a random UUID, the
  audience and the answers, no token, person, invitation or time.
- A later transaction (`ballots_count`) moves a batch of at least `shuffle_batch` ballots, in random
  order, into the results (`Response`, `Answer`) and deletes them; at close the survey's results are
  rewritten once more in random order, so every result row shares one transaction with all the
  others and none with an invitation.
"""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from liuhao.core.models import BaseModel
from liuhao.orgs.models import Organization, Person
from liuhao.surveys.choices import Audience, QuestionKind, SurveyKind, SurveyStatus

PERIOD_PATTERN = r"^\d{4}-\d{4}(-[12])?$"


class Survey(BaseModel):
    """One survey of an org (optionally with its subtree) for a term or an academic year."""

    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        Organization, verbose_name="测评党组织", on_delete=models.PROTECT, related_name="surveys"
    )
    include_subtree = models.BooleanField("含下级组织", default=False)
    period = models.CharField("测评期间", max_length=12)  # "2025-2026-1" (term) or "2025-2026"
    kind = models.CharField("测评类型", max_length=16, choices=SurveyKind.choices)
    title = models.CharField("标题", max_length=100)
    leader_report = models.ForeignKey(
        "governance.LeaderReport",
        verbose_name="述职记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audiences = models.JSONField("测评对象", default=list)  # Audience codes, in priority order
    status = models.CharField(
        "状态", max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    min_group_size = models.PositiveSmallIntegerField("最少公布人数", default=5)
    invited = models.PositiveIntegerField("邀请人数", default=0)

    class Meta:
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"
        ordering = ["-opens_on", "-id"]
        indexes = [
            models.Index(fields=["university", "kind", "period"], name="survey_univ_kind"),
            models.Index(fields=["org", "period"], name="survey_org_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        audiences = self.audiences if isinstance(self.audiences, list) else []
        if not audiences or any(a not in Audience.values for a in audiences):
            errors["audiences"] = "请选择有效的测评对象"
        elif len(set(audiences)) != len(audiences):
            errors["audiences"] = "测评对象重复"
        if not re.match(PERIOD_PATTERN, self.period or ""):
            errors["period"] = "测评期间格式应为“2025-2026”（学年）或“2025-2026-1”（学期）"
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "截止日期不能早于开始日期"
        if self.leader_report_id is not None and self.kind != SurveyKind.LEADER_REPORT:
            errors["leader_report"] = "只有述职评议可以关联述职记录"
        if errors:
            raise ValidationError(errors)


class Question(models.Model):
    """One question. A Likert question keeps its own copy of the scale and of the satisfied levels
    (1-based positions), so a change of survey-rules.yaml never rewrites a past survey."""

    survey = models.ForeignKey(
        Survey, verbose_name="测评", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("题目", max_length=200)
    kind = models.CharField(
        "题型", max_length=8, choices=QuestionKind.choices, default=QuestionKind.LIKERT
    )
    required = models.BooleanField("必答", default=True)
    levels = models.JSONField("评价等级", default=list, blank=True)
    satisfied = models.JSONField("满意等级", default=list, blank=True)

    class Meta:
        verbose_name = "测评题目"
        verbose_name_plural = "测评题目"
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="question_survey_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"


class Invitation(models.Model):
    """One person's single-use invitation. Only the token's SHA-256 is stored; `used` says the
    person has answered and nothing else: no timestamp (deliberately not a BaseModel), no link to
    the answers."""

    survey = models.ForeignKey(
        Survey, verbose_name="测评", on_delete=models.CASCADE, related_name="invitations"
    )
    audience = models.CharField("测评对象", max_length=10, choices=Audience.choices)
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField("测评码摘要", max_length=64, unique=True)
    used = models.BooleanField("已提交", default=False)

    class Meta:
        verbose_name = "测评邀请"
        verbose_name_plural = "测评邀请"
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="invitation_survey_person")
        ]
        indexes = [models.Index(fields=["survey", "audience", "used"], name="invitation_progress")]

    def __str__(self) -> str:
        return f"测评邀请 {self.pk}"


class Ballot(models.Model):
    """The ballot box: one submitted answer sheet waiting to be counted. A random UUID, the survey,
    the respondent's audience and the answers (question id → level or text); no token, person,
    invitation or time. Emptied into `Response` by `ballots_count`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = "待计票答卷"
        verbose_name_plural = "待计票答卷"

    def __str__(self) -> str:
        return "待计票答卷"


class Response(models.Model):
    """One counted answer sheet: a random UUID, the survey and the audience. No time, token, person
    or invitation (ADR 0014)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name="测评", on_delete=models.CASCADE, related_name="responses"
    )
    audience = models.CharField("测评对象", max_length=10, choices=Audience.choices)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        indexes = [models.Index(fields=["survey", "audience"], name="response_survey_aud")]

    def __str__(self) -> str:
        return "答卷"


class Answer(models.Model):
    """One answer of a counted sheet: the level (1 = the scale's first, best label) or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="answers"
    )
    level = models.PositiveSmallIntegerField("评价等级", null=True, blank=True)
    text = models.TextField("填写内容", max_length=1000, blank=True)

    class Meta:
        verbose_name = "答案"
        verbose_name_plural = "答案"
        indexes = [models.Index(fields=["question", "level"], name="answer_question_level")]

    def __str__(self) -> str:
        return "答案"
