"""Support and incentives (保障激励, criterion C08): funding, elections, care, commendations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from liuhao.governance.choices import CareKind, CommendationKind, CommendationLevel, FundingSource
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Person


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months (the 29th–31st clamp to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class Funding(LedgerRecord):
    """Party-building funds allocated to the org (Criterion C08.1 有充足的经费支持): the amount
    allocated within a year counts."""

    allocated_on = models.DateField("拨付日期")
    amount = models.DecimalField(
        "金额（元）",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message="金额不能为负数")],
    )
    source = models.CharField("经费来源", max_length=16, choices=FundingSource.choices)
    purpose = models.CharField("用途", max_length=200, blank=True)

    class Meta:
        verbose_name = "党建工作经费"
        verbose_name_plural = "党建工作经费"
        ordering = ["-allocated_on", "-id"]
        indexes = [models.Index(fields=["org", "allocated_on"], name="funding_org_on")]

    def __str__(self) -> str:
        return f"{self.allocated_on} {self.amount}元"


class Election(LedgerRecord):
    """An election of the org's committee (换届选举) and its term (Criterion C08.2 按期换届).

    The term ends `term_years` after `elected_on` (a length allowed for the org's kind in
    governance-rules.yaml); an approved extension (延期换届, at most `max_extension_months`) moves
    the end to `extended_until`. The latest election on a day decides whether the org is in term.
    """

    elected_on = models.DateField("选举日期")
    term_years = models.PositiveSmallIntegerField("任期（年）")
    members_elected = models.PositiveSmallIntegerField("当选委员人数", null=True, blank=True)
    extended_until = models.DateField("延期至", null=True, blank=True)
    extension_approved_on = models.DateField("延期批准日期", null=True, blank=True)
    extension_approved_by = models.CharField("批准机关", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "换届选举"
        verbose_name_plural = "换届选举"
        ordering = ["-elected_on", "-id"]
        indexes = [models.Index(fields=["org", "elected_on"], name="election_org_on")]

    def __str__(self) -> str:
        return f"{self.elected_on} 换届（{self.term_years}年）"

    @property
    def term_ends_on(self) -> dt.date:
        return add_months(self.elected_on, 12 * self.term_years)

    @property
    def extension_approved(self) -> bool:
        return self.extended_until is not None and self.extension_approved_on is not None

    @property
    def ends_on(self) -> dt.date:
        """The last day of the term, the approved extension included."""
        if self.extension_approved and self.extended_until is not None:
            return max(self.extended_until, self.term_ends_on)
        return self.term_ends_on

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.extended_until is not None:
            if self.elected_on and self.term_years and self.extended_until <= self.term_ends_on:
                errors["extended_until"] = "延期至日期必须晚于任期届满日期"
            if self.extension_approved_on is None:
                errors["extension_approved_on"] = "延期换届须填写上级党组织的批准日期"
        elif self.extension_approved_on is not None:
            errors["extended_until"] = "填写了批准日期，请同时填写延期至日期"
        if errors:
            raise ValidationError(errors)


class CareRecord(LedgerRecord):
    """Care and assistance for a member (党内关怀帮扶, 党员关爱基金; Criterion C08.3)."""

    cared_on = models.DateField("帮扶日期")
    kind = models.CharField("帮扶类型", max_length=16, choices=CareKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name="帮扶对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        "金额（元）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="金额不能为负数")],
    )
    from_care_fund = models.BooleanField("使用党员关爱基金", default=False)
    summary = models.CharField("帮扶内容", max_length=200)

    class Meta:
        verbose_name = "关怀帮扶"
        verbose_name_plural = "关怀帮扶"
        ordering = ["-cared_on", "-id"]
        indexes = [models.Index(fields=["org", "cared_on"], name="care_org_on")]

    def __str__(self) -> str:
        return f"{self.cared_on} {self.summary}"


class Commendation(LedgerRecord):
    """A commendation or a typical case (评比表彰、选树典型; Criterion C08.4)."""

    awarded_on = models.DateField("表彰日期")
    kind = models.CharField("类型", max_length=16, choices=CommendationKind.choices)
    level = models.CharField("级别", max_length=16, choices=CommendationLevel.choices)
    title = models.CharField("荣誉或案例名称", max_length=200)
    person = models.ForeignKey(
        Person,
        verbose_name="受表彰党员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.CharField("事迹简介", max_length=500, blank=True)

    class Meta:
        verbose_name = "评比表彰"
        verbose_name_plural = "评比表彰"
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["org", "awarded_on"], name="commend_org_on")]

    def __str__(self) -> str:
        return self.title
