"""Org activities (组织活动), their attendance (出勤) and the decisions of decision meetings (决议)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from liuhao.ledger.choices import DECISION_KINDS, ActivityKind, AttendanceStatus, CultureTag
from liuhao.ledger.models.base import LedgerRecord
from liuhao.ledger.rules import ledger_rules
from liuhao.orgs.models import Person


class Activity(LedgerRecord):
    """One activity an org held: a seminar, a meeting, a themed party day, volunteer service …

    Only org, kind, date and topic are required (DESIGN §8: a typical activity is recorded in under a
    minute). The checkpoints count held activities by kind within a term (Criteria C01.1, C02.2,
    C04.2, C13.3, C14.1, C14.3, C15.1), the attendance of organizational life (C06.4), the quorum of
    decision meetings (C02.3) and how promptly activities are recorded (C04.3).
    """

    kind = models.CharField("活动类型", max_length=24, choices=ActivityKind.choices)
    held_on = models.DateField("活动日期")
    place = models.CharField("地点", max_length=100, blank=True)
    topic = models.CharField("主题", max_length=200)
    summary = models.TextField("内容摘要", blank=True)
    culture_tag = models.CharField(
        "文化载体",
        max_length=12,
        choices=CultureTag.choices,
        blank=True,
        help_text="校园文化活动依托的载体（学术文化、社团文化、环境文化）",
    )
    is_decision_meeting = models.BooleanField(
        "决策会议", default=False, help_text="支委会/党委会或党员大会作出决定时勾选"
    )

    class Meta:
        verbose_name = "组织活动"
        verbose_name_plural = "组织活动"
        ordering = ["-held_on", "-id"]
        indexes = [
            # The metrics: activities of some kinds held by these orgs within a term. (A
            # province-wide run reads a whole term, about a third of the table: a scan, so no
            # date-first index; each index costs the bulk seed and every entry.)
            models.Index(fields=["org", "kind", "held_on"], name="activity_org_kind_held"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}：{self.topic}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_decision_meeting and self.kind not in DECISION_KINDS:
            errors["is_decision_meeting"] = "只有支委会/党委会或党员大会可以标记为决策会议"
        if self.culture_tag and self.kind != ActivityKind.CULTURE:
            errors["culture_tag"] = "只有校园文化活动可以选择文化载体"
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """Whether one person attended one activity. Defaults from the roster (DESIGN §8: one tap)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="attendance",
        db_index=False,  # the unique (activity, person) index leads with activity
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("出勤情况", max_length=8, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = "出勤记录"
        verbose_name_plural = "出勤记录"
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.activity_id} {self.get_status_display()}"


class Decision(models.Model):
    """A decision taken at a decision meeting, with the committee size and attendance at the time.

    Criterion C02.3 (落实民主集中制): a decision is valid only with a quorum, more than half of those
    entitled present (the fraction is in ledger/data/ledger-rules.yaml).
    """

    activity = models.ForeignKey(
        Activity, verbose_name="会议", on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField("决议内容")
    members_entitled = models.PositiveSmallIntegerField("应到人数")
    members_present = models.PositiveSmallIntegerField("实到人数")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "决议"
        verbose_name_plural = "决议"
        ordering = ["activity_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_present__lte=models.F("members_entitled")),
                name="decision_present_le_entitled",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def has_quorum(self) -> bool:
        return ledger_rules().has_quorum(self.members_present, self.members_entitled)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.members_entitled is not None and self.members_entitled < 1:
            errors["members_entitled"] = "应到人数至少为 1"
        if (
            self.members_entitled is not None
            and self.members_present is not None
            and self.members_present > self.members_entitled
        ):
            errors["members_present"] = "实到人数不能多于应到人数"
        if errors:
            raise ValidationError(errors)
