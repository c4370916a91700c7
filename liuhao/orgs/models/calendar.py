"""Per-university term dates and province-wide working-day overrides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.core.models import BaseModel
from liuhao.orgs.models.tree import Organization


class AcademicCalendar(BaseModel):
    """When terms start at one university. Defaults (DESIGN §2): term 1 from 1 Sep, term 2 from 15 Feb.

    Term 1 of academic year Y–Y+1 runs from its start to the day before term 2 starts in Y+1; term 2
    runs to the day before term 1 of the next year.
    """

    university = models.OneToOneField(
        Organization,
        verbose_name="高校",
        on_delete=models.CASCADE,
        related_name="academic_calendar",
    )
    term1_start_month = models.PositiveSmallIntegerField("第一学期开始月", default=9)
    term1_start_day = models.PositiveSmallIntegerField("第一学期开始日", default=1)
    term2_start_month = models.PositiveSmallIntegerField("第二学期开始月", default=2)
    term2_start_day = models.PositiveSmallIntegerField("第二学期开始日", default=15)

    class Meta:
        verbose_name = "校历"
        verbose_name_plural = "校历"

    def __str__(self) -> str:
        return f"{self.university} 校历"

    def clean(self) -> None:
        import datetime as dt

        errors = {}
        for prefix, label in (("term1", "第一学期"), ("term2", "第二学期")):
            month = getattr(self, f"{prefix}_start_month")
            day = getattr(self, f"{prefix}_start_day")
            try:
                dt.date(2001, month, day)  # a non-leap year: 29 Feb is not a stable start
            except (ValueError, TypeError):
                errors[f"{prefix}_start_day"] = f"{label}开始日期无效：{month}月{day}日"
        if not errors and self.term1_start_month <= self.term2_start_month:
            errors["term2_start_month"] = "第二学期应在次年开始，且早于第一学期开始的月份"
        if errors:
            raise ValidationError(errors)


class WorkdayOverride(BaseModel):
    """An admin's ruling on one date: a holiday or a make-up workday (调休).

    chinese-calendar knows the State Council's arrangements only up to the year it was released for;
    admins enter the arrangement for later years here. An override always wins over the library.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=64, blank=True)

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'} {self.note}"
