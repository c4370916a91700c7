"""Assessment and review (考核评价, criterion C09): the secretary's annual report with members'
ratings, 分类定级 of sub-orgs, 民主评议党员 and 党性分析."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.core.models import BaseModel
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Organization, Person


class LeaderReport(LedgerRecord):
    """The secretary's annual report (书记述职) rated by the members (Criterion C09.1).

    `ratings` maps each grade of the configured scale (governance-rules.yaml `report_ratings`) to
    the number of members who gave it; their sum is `raters`. The survey app will later collect
    the ratings anonymously; until then the counts are entered here.
    """

    reported_on = models.DateField("述职日期")
    reporter = models.ForeignKey(
        Person, verbose_name="述职人", on_delete=models.PROTECT, related_name="+"
    )
    members_entitled = models.PositiveIntegerField("应参加评议党员数")
    raters = models.PositiveIntegerField("参加评议人数")
    ratings = models.JSONField("评议结果", default=dict, blank=True)
    summary = models.CharField("述职要点", max_length=500, blank=True)

    class Meta:
        verbose_name = "书记述职评议"
        verbose_name_plural = "书记述职评议"
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["org", "reported_on"], name="report_org_on")]

    def __str__(self) -> str:
        return f"{self.reported_on} 述职"

    def clean(self) -> None:
        if (
            self.raters is not None
            and self.members_entitled is not None
            and self.raters > self.members_entitled
        ):
            raise ValidationError({"raters": "参加评议人数不能超过应参加评议党员数"})


class OrgGrading(LedgerRecord):
    """One year's 分类定级 of the org's sub-organizations (Criterion C09.3): one band per sub-org,
    bands from governance-rules.yaml, with an optional cap on the top band."""

    year = models.PositiveSmallIntegerField("年度")
    graded_on = models.DateField("定级日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "分类定级"
        verbose_name_plural = "分类定级"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="grading_org_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度分类定级"


class OrgGrade(BaseModel):
    """The band of one sub-org in a grading round."""

    grading = models.ForeignKey(
        OrgGrading, verbose_name="分类定级", on_delete=models.CASCADE, related_name="grades"
    )
    sub_org = models.ForeignKey(
        Organization, verbose_name="下级党组织", on_delete=models.PROTECT, related_name="+"
    )
    band = models.CharField("等次", max_length=16)

    class Meta:
        verbose_name = "定级结果"
        verbose_name_plural = "定级结果"
        constraints = [
            models.UniqueConstraint(fields=["grading", "sub_org"], name="grade_grading_org_unique")
        ]

    def __str__(self) -> str:
        return self.band


class MemberEvaluation(LedgerRecord):
    """One year's 民主评议党员 round of a branch (Criterion C09.3), with its four stages: 个人自评,
    党员互评, 民主测评 and 组织评定 (the event date, `decided_on`). Grades per member in
    MemberGrade; at most ⌊N/3⌋ 优秀 (the cap in governance-rules.yaml)."""

    year = models.PositiveSmallIntegerField("年度")
    self_review_on = models.DateField("个人自评日期", null=True, blank=True)
    peer_review_on = models.DateField("党员互评日期", null=True, blank=True)
    rating_on = models.DateField("民主测评日期", null=True, blank=True)
    decided_on = models.DateField("组织评定日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "民主评议党员"
        verbose_name_plural = "民主评议党员"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="evaluation_org_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度民主评议党员"

    def clean(self) -> None:
        stages = [
            ("self_review_on", self.self_review_on, "个人自评"),
            ("peer_review_on", self.peer_review_on, "党员互评"),
            ("rating_on", self.rating_on, "民主测评"),
            ("decided_on", self.decided_on, "组织评定"),
        ]
        errors: dict[str, str] = {}
        previous: tuple[str, object, str] | None = None
        for field, day, label in stages:
            if day is None:
                continue
            if previous is not None and day < previous[1]:  # type: ignore[operator]
                errors[field] = f"{label}日期不能早于{previous[2]}日期"
            previous = (field, day, label)
        if errors:
            raise ValidationError(errors)


class MemberGrade(BaseModel):
    """The grade of one member in a 民主评议 round."""

    evaluation = models.ForeignKey(
        MemberEvaluation, verbose_name="民主评议", on_delete=models.CASCADE, related_name="grades"
    )
    person = models.ForeignKey(
        Person, verbose_name="党员", on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField("评定等次", max_length=16)

    class Meta:
        verbose_name = "评议等次"
        verbose_name_plural = "评议等次"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "person"], name="member_grade_person_unique"
            )
        ]

    def __str__(self) -> str:
        return self.grade


class SpiritAnalysis(LedgerRecord):
    """A member's 党性分析: measuring oneself against the member standards and the oath, usually
    as part of 民主评议 (Criterion C09.3 党性分析)."""

    analyzed_on = models.DateField("分析日期")
    person = models.ForeignKey(
        Person, verbose_name="党员", on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField("分析要点", max_length=500)

    class Meta:
        verbose_name = "党性分析"
        verbose_name_plural = "党性分析"
        ordering = ["-analyzed_on", "-id"]
        indexes = [models.Index(fields=["org", "analyzed_on"], name="spirit_org_on")]

    def __str__(self) -> str:
        return f"{self.analyzed_on} 党性分析"
