"""Self-assessments and their review chain (issue 7 items 1 and 2; DESIGN §4).

An org takes a finished year `AssessmentRun` that contains it and freezes it: the `SelfAssessment`
points at that run and at the org's `OrgResult` in it, and the run is protected from deletion
(`on_delete=PROTECT`); later recomputes make new runs and never touch it. The org adds a narrative
per criterion (`CriterionNarrative`) and extra evidence per checkpoint (`EvidenceItem`, files with
sha256 or links, versioned), then submits. The assessment goes up the party tree: the college
committee (for branches and general branches under a college), the university's organization
department, the province. At each step a reviewer accepts or returns with a reason (`ReviewStep`),
scores the `review` checkpoints on the package's scale (`CheckpointScore`) and may override a
computed status with a reason (`StatusOverride`). Every row is history: nothing here is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from liuhao.assessments.choices import AssessmentStatus, CheckpointStatus, Decision, ReviewLevel
from liuhao.core.models import BaseModel
from liuhao.orgs.models import Organization


class SelfAssessment(BaseModel):
    """One org's self-assessment of one academic year, on a frozen run (issue 7 item 1).

    `current_level` is the step of the chain that holds it while `submitted`; `chain` lists the
    steps it goes through (fixed at submission from the org's kind and place in the tree).
    """

    org = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField("组织路径", max_length=120, db_index=True)
    period_code = models.CharField("评估学年", max_length=16)
    run = models.ForeignKey(
        "standards.AssessmentRun",
        verbose_name="冻结的评估运行",
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.ForeignKey(
        "standards.OrgResult",
        verbose_name="冻结的评估结果",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # sha256 of the frozen result (score, verdict, statuses, checkpoints) taken at submission: shows
    # that the result the reviewers read is the one the org submitted.
    result_sha256 = models.CharField("结果摘要", max_length=64, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        db_index=True,
    )
    current_level = models.CharField(
        "当前审核层级", max_length=12, choices=ReviewLevel.choices, blank=True
    )
    chain = models.JSONField("审核链", default=list)  # ["college", "university", "province"]
    # The org whose office-holders review at the college step (the nearest college committee).
    college = models.ForeignKey(
        Organization,
        verbose_name="院系党委",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField("通过时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "自评"
        verbose_name_plural = "自评"
        ordering = ["-period_code", "org_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "period_code"], name="selfassessment_org_period"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "current_level"], name="selfassessment_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.period_code} {self.status}"


class CriterionNarrative(BaseModel):
    """The org's own account of one criterion (C01…C18)."""

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name="自评",
        on_delete=models.CASCADE,
        related_name="narratives",
    )
    criterion_code = models.CharField("指标", max_length=8)
    text = models.TextField("自评说明", max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填写人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "指标自评说明"
        verbose_name_plural = "指标自评说明"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion_code"], name="narrative_assessment_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.criterion_code}"


def evidence_path(instance: EvidenceItem, filename: str) -> str:
    return f"assessments/{instance.assessment.university_id}/{filename}"


class EvidenceItem(BaseModel):
    """Extra evidence for one checkpoint: a file (type by content, sha256) or a link.

    Replacing an item adds a row with `version` + 1 and the same `key`; the old row stays
    (`superseded` set) and is shown as an earlier version.
    """

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name="自评",
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    checkpoint_code = models.CharField("检查点", max_length=12)
    key = models.PositiveIntegerField("材料序号")  # the same for every version of one item
    version = models.PositiveIntegerField("版本", default=1)
    superseded = models.BooleanField("已被新版本替换", default=False)
    title = models.CharField("材料名称", max_length=200)
    url = models.URLField("链接", max_length=500, blank=True)
    file = models.FileField("文件", upload_to=evidence_path, max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "自评佐证材料"
        verbose_name_plural = "自评佐证材料"
        ordering = ["checkpoint_code", "key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key", "version"], name="evidence_key_version"
            ),
            models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="evidence_file_or_url"),
        ]

    def __str__(self) -> str:
        return f"{self.checkpoint_code} {self.title} v{self.version}"


class ReviewStep(BaseModel):
    """One decision of the chain: who (with the office held then), at which level, accept or
    return with a reason. Kept forever: a new office-holder sees the old approvals."""

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name="自评",
        on_delete=models.CASCADE,
        related_name="steps",
    )
    level = models.CharField("审核层级", max_length=12, choices=ReviewLevel.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_name = models.CharField("审核人姓名", max_length=150)
    reviewer_office = models.CharField("审核人职务", max_length=200)
    decision = models.CharField("审核结论", max_length=8, choices=Decision.choices)
    reason = models.CharField("意见或退回原因", max_length=500, blank=True)
    decided_at = models.DateTimeField("审核时间")

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="return") | ~Q(reason=""), name="reviewstep_return_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.level} {self.decision}"


class CheckpointScore(BaseModel):
    """A reviewer's score of one `review` checkpoint, within 0…`scale.review_max` of the package.

    Every score is kept; the latest one (by level order, then time) is the effective score."""

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name="自评",
        on_delete=models.CASCADE,
        related_name="scores",
    )
    checkpoint_code = models.CharField("检查点", max_length=12)
    score = models.DecimalField("评分", max_digits=5, decimal_places=2)
    level = models.CharField("审核层级", max_length=12, choices=ReviewLevel.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_name = models.CharField("评分人姓名", max_length=150)
    comment = models.CharField("评语", max_length=500, blank=True)
    scored_at = models.DateTimeField("评分时间")

    class Meta:
        verbose_name = "检查点评分"
        verbose_name_plural = "检查点评分"
        ordering = ["scored_at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.checkpoint_code} {self.score}"


class StatusOverride(BaseModel):
    """A reviewer sets a checkpoint's status against the computed one, with a reason.

    `computed_status` is copied from the frozen result; the latest override per checkpoint wins
    and all stay in the history."""

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name="自评",
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    checkpoint_code = models.CharField("检查点", max_length=12)
    computed_status = models.CharField("计算结果", max_length=16)
    new_status = models.CharField("调整为", max_length=16, choices=CheckpointStatus.choices)
    reason = models.CharField("调整理由", max_length=500)
    level = models.CharField("审核层级", max_length=12, choices=ReviewLevel.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调整人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_name = models.CharField("调整人姓名", max_length=150)
    at = models.DateTimeField("调整时间")

    class Meta:
        verbose_name = "检查点状态调整"
        verbose_name_plural = "检查点状态调整"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.checkpoint_code} → {self.new_status}"


__all__ = [
    "CheckpointScore",
    "CriterionNarrative",
    "Decision",
    "EvidenceItem",
    "ReviewLevel",
    "ReviewStep",
    "SelfAssessment",
    "StatusOverride",
]
