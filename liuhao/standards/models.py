"""Standard versions, assessment runs and per-org results (CONVENTIONS B4; issue 3 items 1, 5–7).

A `StandardVersion` is one loaded package, immutable once stored (changing a standard means a new
version). An `AssessmentRun` computes every applicable org in its scope for one period and keeps the
inputs it used (rules by sha256, period windows, as_of, ratings, pending sources) and the engine
version; recomputing makes a new run, earlier runs stay readable. `OrgResult` holds one org's
outcome: score, band, verdict, dimension and criterion statuses, and every checkpoint with its
value, threshold, Chinese explanation, evidence ids and gap.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from liuhao.core.models import BaseModel

# What a stored checkpoint omits when it has that value (most checkpoints of a run await data or do
# not apply, and carry no evidence): `OrgResult.checkpoint_list()` puts them back.
CHECKPOINT_DEFAULTS: dict[str, Any] = {
    "value": None,
    "threshold": "",
    "explanation": "",
    "records": "",
    "evidence": [],
    "evidence_total": 0,
    "late": [],
    "points": 0.0,
    "possible": 0.0,
    "gap": "",
    "due": None,
}


class CompactJSONEncoder(DjangoJSONEncoder):
    """JSON without ASCII escapes or spaces: a province run stores ~30k results, mostly Chinese
    explanations, which `\\uXXXX` escapes would double in size."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        kwargs["separators"] = (",", ":")
        super().__init__(*args, **kwargs)


class StandardVersion(BaseModel):
    code = models.CharField("指标体系代码", max_length=32)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=200)
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=500)
    sha256 = models.CharField("文件摘要", max_length=64, unique=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    document = models.JSONField("指标内容")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "指标体系版本"
        verbose_name_plural = "指标体系版本"
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="standard_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} {self.title}"


class AssessmentRun(BaseModel):
    class Status(models.TextChoices):
        RUNNING = "running", "计算中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    standard = models.ForeignKey(
        StandardVersion, verbose_name="指标体系", on_delete=models.PROTECT, related_name="runs"
    )
    period_code = models.CharField("评估期", max_length=16)
    period_kind = models.CharField("期别", max_length=8)  # term | year
    as_of = models.DateField("数据截至")
    engine_version = models.CharField("引擎版本", max_length=16)
    root = models.ForeignKey(
        "orgs.Organization",
        verbose_name="计算范围",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示全省",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    org_count = models.PositiveIntegerField("组织数", default=0)
    inputs = models.JSONField("输入快照", default=dict)
    awaiting = models.JSONField("待数据的检查点", default=list)
    summary = models.JSONField("汇总", default=dict)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "评估运行"
        verbose_name_plural = "评估运行"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["standard", "period_code", "status"], name="run_std_period"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.standard.code} {self.period_code}"


class OrgResult(models.Model):
    run = models.ForeignKey(
        AssessmentRun, verbose_name="评估运行", on_delete=models.CASCADE, related_name="results"
    )
    org = models.ForeignKey(
        "orgs.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="+"
    )
    university_id = models.BigIntegerField("所属高校")
    org_path = models.CharField("组织路径", max_length=120)
    level = models.CharField("组织层级", max_length=24)
    branch_type = models.CharField("支部类型", max_length=24, blank=True)
    score = models.FloatField("得分")
    band = models.CharField("定级", max_length=32)
    verdict = models.BooleanField("总体结论")
    coverage = models.FloatField("数据覆盖率")
    dimensions = models.JSONField("维度", encoder=CompactJSONEncoder)  # [[code, good, status], ...]
    criteria = models.JSONField("指标", encoder=CompactJSONEncoder)  # {code: status}
    # [{code, status, value, …}, ...] without default values: read through checkpoint_list()
    checkpoints = models.JSONField("检查点", encoder=CompactJSONEncoder)
    # {checkpoint: [[period, value, closed, evidence count], ...]}
    inputs = models.JSONField("输入值", encoder=CompactJSONEncoder)
    gap_count = models.PositiveSmallIntegerField("差距项数", default=0)
    late_count = models.PositiveIntegerField("补录记录数", default=0)

    class Meta:
        verbose_name = "组织评估结果"
        verbose_name_plural = "组织评估结果"
        constraints = [
            models.UniqueConstraint(fields=["run", "org"], name="orgresult_run_org"),
        ]
        indexes = [
            models.Index(fields=["run", "org_path"], name="orgresult_run_path"),
            models.Index(fields=["org", "run"], name="orgresult_org_run"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}@{self.run_id} {self.score}"

    def checkpoint_list(self) -> list[dict[str, Any]]:
        """Every checkpoint with all its keys (code, status, value, threshold, explanation,
        records, evidence, evidence_total, late, points, possible, gap, due)."""
        return [{**CHECKPOINT_DEFAULTS, "evidence": [], "late": [], **c} for c in self.checkpoints]
