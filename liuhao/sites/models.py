"""The demonstration-site cycle (示范点): cycle, quotas, applications, expert review, public notice,
objections, named sites and their yearly re-checks (issue 7 items 3 and 4; DESIGN §4).

A `Cycle` is opened by the province for one academic year with eligible levels, deadlines and a
`Quota` per university. An org applies (`Application`) with its reviewed self-assessment, whose
frozen `OrgResult` the application points at; the university ranks its recommendations; the province
assigns experts (`ExpertAssignment`) who score the package's `review` checkpoints (`ExpertScore`);
the province decides; a `Notice` (公示) runs ≥ the YAML minimum of working days, with `Objection`s;
then the approved applications become `Site`s. Every year each site gets a `Recheck` (keep, warn,
revoke). Nothing is deleted: a revoked site leaves the public list and keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from liuhao.core.models import BaseModel
from liuhao.orgs.models import Organization
from liuhao.sites.choices import (
    ApplicationStatus,
    CycleStatus,
    ObjectionOutcome,
    RecheckOutcome,
    SiteStatus,
    Verdict,
)

USER = settings.AUTH_USER_MODEL
# Recommended first by rank, unranked after (the same on SQLite and PostgreSQL).
RANK = F("rank").asc(nulls_last=True)


class Cycle(BaseModel):
    """One demonstration-site cycle opened by the province for an academic year (issue 7 item 3)."""

    period_code = models.CharField("评选学年", max_length=16, unique=True)
    title = models.CharField("名称", max_length=100)
    eligible_levels = models.JSONField("可申报层级", default=list)
    status = models.CharField(
        "状态", max_length=8, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    opened_on = models.DateField("开始日期")
    apply_deadline = models.DateField("申报截止")
    recommend_deadline = models.DateField("推荐截止")
    review_deadline = models.DateField("评审截止")
    decide_deadline = models.DateField("审定截止")
    named_on = models.DateField("命名日期", null=True, blank=True)
    opened_by = models.ForeignKey(
        USER, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "示范点评选"
        verbose_name_plural = "示范点评选"
        ordering = ["-period_code"]

    def __str__(self) -> str:
        return self.title


class Quota(BaseModel):
    """A university's recommendation quota in a cycle: the YAML share of its eligible orgs, or the
    province's override."""

    cycle = models.ForeignKey(
        Cycle, verbose_name="评选", on_delete=models.CASCADE, related_name="quotas"
    )
    university = models.ForeignKey(
        Organization, verbose_name="高校", on_delete=models.PROTECT, related_name="+"
    )
    eligible_count = models.PositiveIntegerField("可申报组织数")
    quota = models.PositiveIntegerField("推荐名额")
    overridden = models.BooleanField("已调整", default=False)

    class Meta:
        verbose_name = "推荐名额"
        verbose_name_plural = "推荐名额"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "university"], name="quota_cycle_university")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.university_id}: {self.quota}"


class Application(BaseModel):
    """An org's application (示范点申报) with its reviewed self-assessment: the frozen run result
    it was assessed on is kept here, so later recomputes never change what was applied with."""

    cycle = models.ForeignKey(
        Cycle, verbose_name="评选", on_delete=models.PROTECT, related_name="applications"
    )
    org = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField("组织路径", max_length=120, db_index=True)
    assessment = models.ForeignKey(
        "assessments.SelfAssessment",
        verbose_name="自评",
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.ForeignKey(
        "standards.OrgResult",
        verbose_name="评估结果",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态",
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
        db_index=True,
    )
    statement = models.TextField("申报说明", max_length=2000, blank=True)
    applied_at = models.DateTimeField("申报时间")
    applied_by = models.ForeignKey(
        USER, verbose_name="申报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rank = models.PositiveSmallIntegerField("推荐排序", null=True, blank=True)
    recommended_at = models.DateTimeField("推荐时间", null=True, blank=True)
    verdict = models.CharField("审定结论", max_length=8, choices=Verdict.choices, blank=True)
    verdict_reason = models.CharField("审定意见", max_length=500, blank=True)
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)

    class Meta:
        verbose_name = "示范点申报"
        verbose_name_plural = "示范点申报"
        ordering = ["university_id", "rank", "org_path"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "org"], name="application_cycle_org"),
            models.CheckConstraint(
                condition=~Q(verdict="reject") | ~Q(verdict_reason=""),
                name="application_reject_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.cycle}"


class ExpertAssignment(BaseModel):
    """An expert assigned by the province to review one application in one way (report, site visit,
    file check). An expert of the applicant's university is never assigned (conflict of interest)."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        USER, verbose_name="专家", on_delete=models.PROTECT, related_name="+"
    )
    expert_name = models.CharField("专家姓名", max_length=150)
    kind = models.CharField("评审方式", max_length=16)
    assigned_by = models.ForeignKey(
        USER, verbose_name="分配人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField("评审意见", max_length=2000, blank=True)
    submitted_at = models.DateTimeField("提交评分时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家评审分配"
        verbose_name_plural = "专家评审分配"
        ordering = ["application_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "kind"], name="assignment_app_expert_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert_name} → {self.application_id} ({self.kind})"


class ExpertScore(BaseModel):
    """An expert's score of one `review` checkpoint, within 0…`scale.review_max` of the package."""

    assignment = models.ForeignKey(
        ExpertAssignment, verbose_name="评审分配", on_delete=models.CASCADE, related_name="scores"
    )
    checkpoint_code = models.CharField("检查点", max_length=12)
    score = models.DecimalField("评分", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "专家评分"
        verbose_name_plural = "专家评分"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "checkpoint_code"], name="expertscore_assignment_checkpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.checkpoint_code} {self.score}"


class Notice(BaseModel):
    """The public notice (公示) of a cycle's approved applications, shown on the portal."""

    cycle = models.OneToOneField(
        Cycle, verbose_name="评选", on_delete=models.PROTECT, related_name="notice"
    )
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示结束")
    workdays = models.PositiveSmallIntegerField("工作日数")
    text = models.TextField("公示说明", max_length=2000, blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"

    def __str__(self) -> str:
        return f"{self.cycle} 公示 {self.starts_on}—{self.ends_on}"


class Objection(BaseModel):
    """An objection received during the notice, recorded by the province with its handling."""

    notice = models.ForeignKey(
        Notice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )
    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="objections"
    )
    received_on = models.DateField("收到日期")
    content = models.TextField("异议内容", max_length=2000)
    handling = models.TextField("处理情况", max_length=2000, blank=True)
    outcome = models.CharField(
        "处理结果",
        max_length=12,
        choices=ObjectionOutcome.choices,
        default=ObjectionOutcome.PENDING,
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.received_on}"


class Site(BaseModel):
    """A named demonstration site (示范点). Revoked sites stay, off the public list."""

    org = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField("组织路径", max_length=120, db_index=True)
    application = models.OneToOneField(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="site"
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name="评选", on_delete=models.PROTECT, related_name="+"
    )
    named_on = models.DateField("命名日期")
    status = models.CharField(
        "状态", max_length=8, choices=SiteStatus.choices, default=SiteStatus.ACTIVE, db_index=True
    )
    revoked_on = models.DateField("撤销日期", null=True, blank=True)

    class Meta:
        verbose_name = "示范点"
        verbose_name_plural = "示范点"
        ordering = ["-named_on", "org_path"]

    def __str__(self) -> str:
        return f"{self.org} 示范点"


class Recheck(BaseModel):
    """One year's re-check (复核) of a named site from that year's assessment run: proposed by the
    set-based computation, applied to the site when a province officer confirms it."""

    site = models.ForeignKey(
        Site, verbose_name="示范点", on_delete=models.PROTECT, related_name="rechecks"
    )
    period_code = models.CharField("复核学年", max_length=16)
    result = models.ForeignKey(
        "standards.OrgResult",
        verbose_name="评估结果",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.BooleanField("六好", null=True)
    satisfaction = models.FloatField("满意度", null=True, blank=True)
    outcome = models.CharField("复核结果", max_length=8, choices=RecheckOutcome.choices)
    reason = models.CharField("依据", max_length=500)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER, verbose_name="确认人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "示范点复核"
        verbose_name_plural = "示范点复核"
        ordering = ["site_id", "period_code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "period_code"], name="recheck_site_period")
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.period_code} {self.outcome}"
