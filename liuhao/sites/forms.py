"""Forms of the site-cycle pages: they parse input only; the services decide (CONVENTIONS B3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from liuhao.accounts.models import User
from liuhao.orgs.models import Organization
from liuhao.sites.choices import ObjectionOutcome, Verdict
from liuhao.sites.models import Application
from liuhao.sites.rules import sites_rules
from liuhao.sites.services.cycle import LEVEL_LABELS

DATE = forms.DateInput(attrs={"type": "date"})


class CycleOpenForm(forms.Form):
    period_code = forms.CharField(label="评选学年", max_length=16, help_text="如 2025-2026")
    title = forms.CharField(label="评选名称", max_length=100)
    eligible_levels = forms.MultipleChoiceField(
        label="可申报层级", choices=list(LEVEL_LABELS.items()), widget=forms.CheckboxSelectMultiple
    )
    opened_on = forms.DateField(label="开始日期", widget=DATE)
    apply_deadline = forms.DateField(label="申报截止", widget=DATE, required=False)
    recommend_deadline = forms.DateField(label="推荐截止", widget=DATE, required=False)
    review_deadline = forms.DateField(label="评审截止", widget=DATE, required=False)
    decide_deadline = forms.DateField(label="审定截止", widget=DATE, required=False)

    def deadlines(self) -> dict[str, dt.date]:
        names = ("apply_deadline", "recommend_deadline", "review_deadline", "decide_deadline")
        return {n: self.cleaned_data[n] for n in names if self.cleaned_data.get(n)}


class DeadlinesForm(forms.Form):
    apply_deadline = forms.DateField(label="申报截止", widget=DATE)
    recommend_deadline = forms.DateField(label="推荐截止", widget=DATE)
    review_deadline = forms.DateField(label="评审截止", widget=DATE)
    decide_deadline = forms.DateField(label="审定截止", widget=DATE)


class ApplyForm(forms.Form):
    org = forms.ModelChoiceField(label="申报组织", queryset=Organization.objects.none())
    statement = forms.CharField(
        label="申报说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="可选：自评与佐证材料已随申报提交，无需重复填写",
    )

    def __init__(self, *args: Any, orgs: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class RecommendForm(forms.Form):
    """One rank field per application: 1 = first choice; blank = not recommended."""

    def __init__(self, *args: Any, applications: Sequence[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for app in self.applications:
            self.fields[f"rank_{app.pk}"] = forms.IntegerField(
                label=app.org.name, required=False, min_value=1, max_value=len(self.applications)
            )

    def ranking(self) -> list[int]:
        ranked = [
            (self.cleaned_data[f"rank_{a.pk}"], a.pk)
            for a in self.applications
            if self.cleaned_data.get(f"rank_{a.pk}")
        ]
        return [pk for _, pk in sorted(ranked)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks = [v for k, v in data.items() if k.startswith("rank_") and v]
        if len(ranks) != len(set(ranks)):
            raise forms.ValidationError("推荐排序有重复的名次")
        return data


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label="评审专家", queryset=User.objects.none())
    kind = forms.ChoiceField(label="评审方式", choices=())

    def __init__(self, *args: Any, experts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]
        self.fields["kind"].choices = sites_rules().kind_choices  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    """One score per `review` checkpoint (the service checks the package's scale) and a comment."""

    comment = forms.CharField(
        label="评审意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args: Any, codes: Iterable[tuple[str, str]], top: float, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes = list(codes)
        for code, title in self.codes:
            self.fields[f"score_{code}"] = forms.CharField(
                label=f"{code} {title}",
                max_length=8,
                help_text=f"0 至 {top:g} 分",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        self.order_fields([f"score_{c}" for c, _ in self.codes] + ["comment"])

    def scores(self) -> dict[str, str]:
        return {c: self.cleaned_data.get(f"score_{c}", "") for c, _ in self.codes}


class DecideForm(forms.Form):
    verdict = forms.ChoiceField(label="审定结论", choices=Verdict.choices)
    reason = forms.CharField(label="审定意见", required=False, max_length=500)


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始", widget=DATE)
    ends_on = forms.DateField(label="公示结束", widget=DATE)
    text = forms.CharField(
        label="公示说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label="异议对象", queryset=Application.objects.none())
    received_on = forms.DateField(label="收到日期", widget=DATE)
    content = forms.CharField(
        label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    handling = forms.CharField(
        label="处理情况",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(label="处理结果", choices=ObjectionOutcome.choices)

    def __init__(self, *args: Any, applications: QuerySet[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]
        self.fields["application"].label_from_instance = lambda a: a.org.name  # type: ignore[attr-defined]


class ObjectionHandleForm(forms.Form):
    handling = forms.CharField(label="处理情况", max_length=2000)
    outcome = forms.ChoiceField(label="处理结果", choices=ObjectionOutcome.choices)


class RecheckForm(forms.Form):
    period_code = forms.CharField(label="复核学年", max_length=16, help_text="如 2026-2027")
