"""Records of commitments (承诺践诺), achievements, research and practice outputs, service brands and
reviewer ratings: Criteria C14.2, C16 and C17 of the Jiangsu 2015 standard.

Each record carries its event date and its entry time (`LedgerRecord.entered_at`, the 补录 flag).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from liuhao.achievements.choices import AchievementCategory, OutputKind
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Organization, Person


class Commitment(LedgerRecord):
    """One member's yearly commitment (承诺) with its fulfilment report (践诺) and its evaluation under
    三亮三比三评 by the leaders, peers and the masses (领导点评、党员互评、群众评议).

    Criterion C14.2 (党员普遍承诺践诺、接受评议): a member counts for the year when the commitment
    is made in the year and evaluated. `org` is the branch holding the member's membership.
    """

    person = models.ForeignKey(
        Person, verbose_name="党员", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    committed_on = models.DateField("承诺日期")
    content = models.TextField("承诺事项")
    fulfilled_on = models.DateField("践诺报告日期", null=True, blank=True)
    fulfilment = models.TextField("践诺情况", blank=True)
    evaluated_on = models.DateField("评议日期", null=True, blank=True)
    leader_score = models.PositiveSmallIntegerField("领导点评得分", null=True, blank=True)
    peer_score = models.PositiveSmallIntegerField("党员互评得分", null=True, blank=True)
    masses_score = models.PositiveSmallIntegerField("群众评议得分", null=True, blank=True)

    class Meta:
        verbose_name = "承诺践诺"
        verbose_name_plural = "承诺践诺"
        ordering = ["org_id", "-committed_on", "id"]
        # One index: a member's commitment of a year is looked up within its branch (the org), and
        # the metric reads the window by org; a second index would cost every seeded row.
        indexes = [models.Index(fields=["org", "committed_on"], name="commit_org_committed")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.committed_on}"

    @property
    def is_evaluated(self) -> bool:
        return self.evaluated_on is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.committed_on and self.fulfilled_on and self.fulfilled_on < self.committed_on:
            errors["fulfilled_on"] = "践诺报告日期不能早于承诺日期"
        if self.committed_on and self.evaluated_on and self.evaluated_on < self.committed_on:
            errors["evaluated_on"] = "评议日期不能早于承诺日期"
        scores = (self.leader_score, self.peer_score, self.masses_score)
        if self.evaluated_on and all(s is None for s in scores):
            errors["leader_score"] = "填写评议日期时至少填写一项评议得分"
        if not self.evaluated_on and any(s is not None for s in scores):
            errors["evaluated_on"] = "填写评议得分时必须填写评议日期"
        if errors:
            raise ValidationError(errors)


class Achievement(LedgerRecord):
    """A work result in talent cultivation, research, social service or culture.

    Criterion C16.1 (推动高校人才培养、科学研究、社会服务、文化传承等各项事业科学发展).
    """

    category = models.CharField("成果类别", max_length=16, choices=AchievementCategory.choices)
    title = models.CharField("成果名称", max_length=200)
    achieved_on = models.DateField("取得日期")
    description = models.TextField("成果简介", blank=True)

    class Meta:
        verbose_name = "工作成果"
        verbose_name_plural = "工作成果"
        ordering = ["-achieved_on", "-id"]
        indexes = [models.Index(fields=["org", "achieved_on"], name="achv_org_achieved")]

    def __str__(self) -> str:
        return self.title


class Output(LedgerRecord):
    """A theory-research or practice-exploration output (理论研究和实践探索成果): paper, report, case.

    Criterion C17.1 (具有一定理论研究和实践探索成果).
    """

    kind = models.CharField("成果类型", max_length=16, choices=OutputKind.choices)
    title = models.CharField("成果名称", max_length=200)
    published_on = models.DateField("形成日期")
    description = models.TextField("简介或出处", blank=True)

    class Meta:
        verbose_name = "研究与实践成果"
        verbose_name_plural = "研究与实践成果"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["org", "published_on"], name="output_org_published")]

    def __str__(self) -> str:
        return self.title


class ServiceBrand(LedgerRecord):
    """A named service brand of the org (服务品牌) with its history (`BrandEvent` rows).

    Criterion C17.1 (逐步创立服务品牌): a brand counts in a year when it was founded in the year or
    has an event (activity, award, coverage) in it.
    """

    name = models.CharField("品牌名称", max_length=100)
    founded_on = models.DateField("创立日期")
    description = models.TextField("品牌简介", blank=True)
    retired_on = models.DateField("停用日期", null=True, blank=True)

    class Meta:
        verbose_name = "服务品牌"
        verbose_name_plural = "服务品牌"
        ordering = ["org_id", "founded_on", "id"]
        indexes = [models.Index(fields=["org", "founded_on"], name="brand_org_founded")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.founded_on and self.retired_on and self.retired_on < self.founded_on:
            raise ValidationError({"retired_on": "停用日期不能早于创立日期"})


class BrandEvent(LedgerRecord):
    """One entry of a service brand's history: an activity held under it, an award, coverage."""

    brand = models.ForeignKey(
        ServiceBrand, verbose_name="服务品牌", on_delete=models.CASCADE, related_name="events"
    )
    happened_on = models.DateField("日期")
    summary = models.CharField("事项", max_length=200)

    class Meta:
        verbose_name = "品牌历程"
        verbose_name_plural = "品牌历程"
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["org", "happened_on"], name="brandevt_org_happened")]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.summary}"


class ReviewRating(models.Model):
    """A reviewer's score of one review checkpoint for one org and period (评审专家评分).

    Criteria C16.2 (推动事业发展的成效) and C17.2 (工作特色和示范性): the runs read the mean of the
    reviewers' scores (0 … the package's `scale.review_max`). One row per reviewer, org, period and
    checkpoint; rating again updates it.
    """

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审专家",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    org = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    period_code = models.CharField("评审周期", max_length=16)
    checkpoint_code = models.CharField("考察点", max_length=16)
    score = models.DecimalField("评分", max_digits=4, decimal_places=1)
    comment = models.TextField("评语", blank=True)
    rated_on = models.DateField("评审日期")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "评审评分"
        verbose_name_plural = "评审评分"
        ordering = ["org_id", "period_code", "checkpoint_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "org", "period_code", "checkpoint_code"],
                name="review_rating_one_per_reviewer",
            )
        ]
        indexes = [models.Index(fields=["period_code", "checkpoint_code"], name="rating_period")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.period_code} {self.checkpoint_code} {self.score}"
