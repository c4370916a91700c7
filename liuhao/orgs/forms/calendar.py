"""Forms of the calendar page: term start days and one working-day override."""

from __future__ import annotations

from typing import Any

from django import forms

from liuhao.orgs.forms.base import date_field


def _month(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=12)


def _day(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=31)


class AcademicCalendarForm(forms.Form):
    """Term start days of one university (DESIGN §2 defaults: 9月1日 and 2月15日)."""

    term1_start_month = _month("第一学期开始月")
    term1_start_day = _day("第一学期开始日")
    term2_start_month = _month("第二学期开始月")
    term2_start_day = _day("第二学期开始日")


class WorkdayOverrideForm(forms.Form):
    """One date ruled a holiday (放假) or a make-up workday (调休上班)."""

    KIND_CHOICES = [("holiday", "休息日（放假）"), ("workday", "工作日（调休上班）")]

    date = date_field("日期", required=True)
    kind = forms.ChoiceField(label="类型", choices=KIND_CHOICES)
    note = forms.CharField(label="说明", max_length=64, required=False)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"date": data["date"], "is_workday": data["kind"] == "workday", "note": data["note"]}
