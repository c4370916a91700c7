"""Web forms of the governance records (criteria C08, C09): they parse input only; the services
check it (dates, amounts, term lengths, the 1/3 cap …) and the refusal is shown on the field.

Every form is short enough for a phone (DESIGN §8): a date, a kind and a line of text at most,
plus the one list a round needs (members with a grade select, sub-orgs with a band select).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from liuhao.governance.choices import CareKind, CommendationKind, CommendationLevel, FundingSource
from liuhao.governance.rules import governance_rules
from liuhao.ledger.forms import BoundedModelChoiceField
from liuhao.orgs.forms.base import date_field
from liuhao.orgs.models import Organization, Person

GRADE_PREFIX = "grade_"
BAND_PREFIX = "band_"
RATING_PREFIX = "rating_"


def _text(label: str, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"required": f"请填写{label}"},
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": f"请选择{label}", "invalid_choice": f"请选择列表中的{label}"},
    )


def _amount(label: str, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}须为数字"},
    )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}须为整数",
            "min_value": f"{label}不能小于0",
        },
    )


class PersonChoiceField(BoundedModelChoiceField):
    """A person of the org's roster; an id out of range is an invalid choice, never a 500."""

    default_error_messages = {"invalid_choice": "请选择列表中的人员"}

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.number}）"


def _person(label: str, people: Iterable[Person], *, required: bool) -> PersonChoiceField:
    ids = [p.pk for p in people]
    return PersonChoiceField(
        label=label,
        queryset=Person.objects.filter(pk__in=ids).order_by("number"),
        required=required,
        empty_label="（不指定）" if not required else "请选择",
        error_messages={"required": f"请选择{label}"},
    )


class RecordForm(forms.Form):
    """Base: `data_for_service()` returns the cleaned values the service takes."""

    def __init__(self, *args: Any, people: Iterable[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.setup()

    def setup(self) -> None:
        """Fields that depend on the org (persons)."""

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class FundingForm(RecordForm):
    """党建工作经费 (Criterion C08.1)."""

    allocated_on = date_field("拨付日期", required=True)
    amount = _amount("金额（元）", required=True)
    source = _choice("经费来源", FundingSource.choices)
    purpose = _text("用途", 200)


class ElectionForm(RecordForm):
    """换届选举 and its approved extension (Criterion C08.2)."""

    elected_on = date_field("选举日期", required=True)
    term_years = forms.TypedChoiceField(
        label="任期（年）",
        coerce=int,
        choices=(),
        error_messages={"required": "请选择任期", "invalid_choice": "请选择规定的任期"},
    )
    members_elected = forms.IntegerField(label="当选委员人数", required=False, min_value=1)
    extended_until = date_field("延期至（经批准延期换届时填写）")
    extension_approved_on = date_field("延期批准日期")
    extension_approved_by = _text("批准机关", 100)
    note = _text("备注", 200)

    def __init__(self, *args: Any, org_kind: str = "", **kwargs: Any) -> None:
        self.org_kind = org_kind
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        years = governance_rules().terms_for(self.org_kind) or (3, 5)
        field = self.fields["term_years"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, f"{y}年") for y in years]
        if len(years) == 1:
            field.initial = years[0]


class CareForm(RecordForm):
    """关怀帮扶 (Criterion C08.3)."""

    cared_on = date_field("帮扶日期", required=True)
    kind = _choice("帮扶类型", CareKind.choices)
    summary = _text("帮扶内容", 200, required=True)
    amount = _amount("金额（元）", required=False)
    from_care_fund = forms.BooleanField(label="使用党员关爱基金", required=False)

    def setup(self) -> None:
        self.fields["person"] = _person("帮扶对象", self.people, required=False)


class CommendationForm(RecordForm):
    """评比表彰、选树典型 (Criterion C08.4)."""

    awarded_on = date_field("表彰日期", required=True)
    kind = _choice("类型", CommendationKind.choices)
    level = _choice("级别", CommendationLevel.choices)
    title = _text("荣誉或案例名称", 200, required=True)
    summary = _text("事迹简介", 500)

    def setup(self) -> None:
        self.fields["person"] = _person("受表彰党员", self.people, required=False)


class LeaderReportForm(RecordForm):
    """书记述职 and the members' ratings, one count per grade of the configured scale (C09.1)."""

    reported_on = date_field("述职日期", required=True)
    members_entitled = _count("应参加评议党员数")
    raters = _count("参加评议人数")
    summary = _text("述职要点", 500)

    def setup(self) -> None:
        self.fields["reporter"] = _person("述职人", self.people, required=True)
        self.scale = governance_rules().report_ratings
        for n, grade in enumerate(self.scale):
            field = _count(f"评价“{grade}”人数")
            field.required = False
            self.fields[f"{RATING_PREFIX}{n}"] = field

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(RATING_PREFIX)}
        data["ratings"] = {
            grade: self.cleaned_data.get(f"{RATING_PREFIX}{n}")
            for n, grade in enumerate(self.scale)
            if self.cleaned_data.get(f"{RATING_PREFIX}{n}") is not None
        }
        return data


class SpiritForm(RecordForm):
    """党性分析 (Criterion C09.3)."""

    analyzed_on = date_field("分析日期", required=True)
    summary = _text("分析要点", 500, required=True)

    def setup(self) -> None:
        self.fields["person"] = _person("党员", self.people, required=True)


class RoundForm(forms.Form):
    """A yearly round with one select per row (民主评议: members × grades; 分类定级: sub-orgs ×
    bands). Rows are fields `<prefix><pk>`; an empty select leaves the row out."""

    prefix_rows = ""
    options: tuple[str, ...] = ()

    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度", "invalid": "年度须为整数"},
    )
    note = _text("备注", 200)

    def __init__(self, *args: Any, rows: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        choices = [("", "—"), *[(o, o) for o in self.options]]
        for pk, label in self.rows:
            self.fields[f"{self.prefix_rows}{pk}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                error_messages={"invalid_choice": "请选择列表中的等次"},
            )

    def row_fields(self) -> list[Any]:
        return [self[f"{self.prefix_rows}{pk}"] for pk, _ in self.rows]

    def picks(self) -> dict[int, str]:
        out = {}
        for pk, _ in self.rows:
            value = self.cleaned_data.get(f"{self.prefix_rows}{pk}")
            if value:
                out[pk] = value
        return out

    def round_data(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if not k.startswith(self.prefix_rows) and k != "all"
        }


class EvaluationForm(RoundForm):
    """民主评议党员: the four stage dates and a grade per full member (Criterion C09.3)."""

    prefix_rows = GRADE_PREFIX
    self_review_on = date_field("个人自评日期")
    peer_review_on = date_field("党员互评日期")
    rating_on = date_field("民主测评日期")
    decided_on = date_field("组织评定日期", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options = governance_rules().member_grades
        super().__init__(*args, **kwargs)


class GradingForm(RoundForm):
    """分类定级 of the org's sub-orgs: a band per sub-org (Criterion C09.3)."""

    prefix_rows = BAND_PREFIX
    graded_on = date_field("定级日期", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options = governance_rules().org_bands
        super().__init__(*args, **kwargs)


def sub_org_rows(orgs: Iterable[Organization]) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in orgs]


def member_rows(people: Iterable[Person]) -> list[tuple[int, str]]:
    return [(p.pk, f"{p.name}（{p.number}）") for p in people]
