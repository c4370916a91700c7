"""Forms for persons, memberships and positions (issue 2 item 3). Writes go through services.people."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import QuerySet

from liuhao.orgs.choices import (
    CommitteeDuty,
    Gender,
    MembershipEndReason,
    MembershipStage,
    PersonCategory,
    PositionKind,
)
from liuhao.orgs.forms.base import OrgChoiceField, date_field
from liuhao.orgs.models import Organization


def initial_from(instance: models.Model | None, fields: list[str]) -> dict[str, Any]:
    """Initial form values from a model instance (foreign keys as objects)."""
    if instance is None:
        return {}
    return {name: getattr(instance, name) for name in fields}


class PersonForm(forms.Form):
    """A teacher, student, staff member or retiree; only the fields some feature uses."""

    FIELDS = [
        "number",
        "name",
        "category",
        "gender",
        "birth_date",
        "unit",
        "young_teacher",
        "academic_leader",
        "returnee",
        "left_on",
    ]

    number = forms.CharField(label="工号/学号", max_length=32)
    name = forms.CharField(label="姓名", max_length=64)
    category = forms.ChoiceField(label="人员类别", choices=PersonCategory.choices)
    gender = forms.ChoiceField(
        label="性别", choices=[("", "（不填）"), *Gender.choices], required=False
    )
    birth_date = date_field("出生日期")
    unit = OrgChoiceField(
        label="所在单位（党组织）", queryset=Organization.objects.none(), required=False
    )
    young_teacher = forms.BooleanField(label="青年教师", required=False)
    academic_leader = forms.BooleanField(label="学术带头人", required=False)
    returnee = forms.BooleanField(label="留学归国人员", required=False)
    left_on = date_field("离校日期")

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrgChoiceField, self.fields["unit"]).queryset = units

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip()

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()


class MembershipForm(forms.Form):
    """A Party membership in a branch: the stage and the date of each stage reached."""

    FIELDS = [
        "org",
        "stage",
        "applied_on",
        "activist_on",
        "candidate_on",
        "admitted_on",
        "full_on",
        "joined_org_on",
        "ended_on",
        "end_reason",
    ]

    org = OrgChoiceField(label="所在党支部", queryset=Organization.objects.none())
    stage = forms.ChoiceField(label="发展阶段", choices=MembershipStage.choices)
    applied_on = date_field("递交入党申请日期")
    activist_on = date_field("确定积极分子日期")
    candidate_on = date_field("确定发展对象日期")
    admitted_on = date_field("接收预备党员日期")
    full_on = date_field("转为正式党员日期")
    joined_org_on = date_field("转入本组织日期")
    ended_on = date_field("转出/终止日期")
    end_reason = forms.ChoiceField(
        label="终止原因", choices=[("", "（未终止）"), *MembershipEndReason.choices], required=False
    )

    def __init__(self, *args: Any, branches: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrgChoiceField, self.fields["org"]).queryset = branches


class PositionForm(forms.Form):
    """A post held in an org for a period; representatives carry their congress term (C05)."""

    FIELDS = [
        "org",
        "kind",
        "duty",
        "started_on",
        "ended_on",
        "congress_name",
        "congress_term_start",
        "congress_term_end",
    ]

    org = OrgChoiceField(label="任职组织", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="职务", choices=PositionKind.choices)
    duty = forms.ChoiceField(
        label="委员分工", choices=[("", "（非委员不填）"), *CommitteeDuty.choices], required=False
    )
    started_on = date_field("任职开始日期", required=True)
    ended_on = date_field("任职结束日期")
    congress_name = forms.CharField(
        label="党代会届次", max_length=64, required=False, help_text="仅党代表填写"
    )
    congress_term_start = date_field("党代会任期开始")
    congress_term_end = date_field("党代会任期结束")

    def __init__(
        self, *args: Any, orgs: QuerySet[Organization], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(OrgChoiceField, self.fields["org"]).queryset = orgs
        if editing:
            self.fields["org"].disabled = True
            self.fields["org"].help_text = "任职组织不能修改；调任请结束本职务并新建职务"
