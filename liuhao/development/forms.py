"""Web forms of development cases (Criterion C06.1): parse and check input only; writes go through
development.services.

Persons (the applicant, contacts, introducers) are entered by 工号/学号, which is fast on a phone.
The full form edits every step; the advance form shows only the fields of the next step, so the
stage is never entered by hand (it follows the dates).
"""

from __future__ import annotations

from typing import Any

from django import forms

from liuhao.development.models import DevelopmentCase
from liuhao.ledger.forms import MultipleFileField
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.forms.base import date_field
from liuhao.orgs.models import Organization, Person

PERSON_INPUTS = ("person", "contact_1", "contact_2", "introducer_1", "introducer_2")
COUNTS = {
    "training_days": 60,
    "training_hours": 500,
    "vote_entitled": 10000,
    "vote_present": 10000,
    "vote_yes": 10000,
    "extension_months": 24,
    "full_vote_entitled": 10000,
    "full_vote_present": 10000,
    "full_vote_yes": 10000,
}
TEXTS = {"extension_reason": 200, "note": 500}
REVIEW_CHOICES = (("", "未填写"), ("yes", "合格"), ("no", "不合格"))

# The fields of each step, by the stage the case is in now (the advance form).
NEXT_STEP: dict[str, tuple[str, tuple[str, ...]]] = {
    MembershipStage.APPLICANT: (
        "确定为入党积极分子",
        ("talk_on", "activist_on", "contact_1", "contact_2"),
    ),
    MembershipStage.ACTIVIST: (
        "确定为发展对象",
        ("candidate_on", "introducer_1", "introducer_2"),
    ),
    MembershipStage.CANDIDATE: (
        "接收为预备党员",
        (
            "training_days",
            "training_hours",
            "review_on",
            "review_passed",
            "notice_start",
            "notice_end",
            "prereview_on",
            "admitted_on",
            "vote_entitled",
            "vote_present",
            "vote_yes",
            "approved_on",
        ),
    ),
    MembershipStage.PROBATIONARY: (
        "转为正式党员",
        (
            "extension_months",
            "extension_reason",
            "extension_approved_on",
            "full_on",
            "full_vote_entitled",
            "full_vote_present",
            "full_vote_yes",
            "full_approved_on",
        ),
    ),
}
STEP_DATE: dict[str, str] = {
    MembershipStage.APPLICANT: "activist_on",
    MembershipStage.ACTIVIST: "candidate_on",
    MembershipStage.CANDIDATE: "admitted_on",
    MembershipStage.PROBATIONARY: "full_on",
}
ALL_FIELDS = (
    "person",
    "applied_on",
    "talk_on",
    *NEXT_STEP[MembershipStage.APPLICANT][1][1:],
    *NEXT_STEP[MembershipStage.ACTIVIST][1],
    *NEXT_STEP[MembershipStage.CANDIDATE][1],
    *NEXT_STEP[MembershipStage.PROBATIONARY][1],
    "note",
)


def _label(name: str) -> str:
    return str(getattr(DevelopmentCase._meta.get_field(name), "verbose_name", name))


def _field(name: str) -> forms.Field:
    if name in PERSON_INPUTS:
        label = "发展对象工号/学号" if name == "person" else f"{_label(name)}工号/学号"
        return forms.CharField(
            label=label,
            max_length=32,
            required=name == "person",
            error_messages={"required": f"请填写{label}"},
        )
    if name in COUNTS:
        return forms.IntegerField(
            label=_label(name),
            required=False,
            min_value=0,
            max_value=COUNTS[name],
            error_messages={
                "invalid": f"{_label(name)}请填写整数",
                "min_value": f"{_label(name)}不能小于0",
                "max_value": f"{_label(name)}不能大于{COUNTS[name]}",
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    if name in TEXTS:
        return forms.CharField(label=_label(name), max_length=TEXTS[name], required=False)
    if name == "review_passed":
        return forms.ChoiceField(label="政审结论", choices=REVIEW_CHOICES, required=False)
    return date_field(_label(name), required=name == "applied_on")


class CaseForm(forms.Form):
    """A development case, or (with `only`) the fields of its next step."""

    def __init__(
        self,
        *args: Any,
        org: Organization,
        only: tuple[str, ...] = ALL_FIELDS,
        required: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["attachments"] = MultipleFileField(
            label="材料（选填）",
            help_text="可多选：入党申请书、志愿书、政审材料等 PDF、图片、Word 或 Excel 文件；不要求上传。",
        )
        for name in only:
            self.fields[name] = _field(name)
            if name in required:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = f"请填写{self.fields[name].label}"

    def _person(self, name: str) -> Person | None:
        number = (self.cleaned_data.get(name) or "").strip()
        if not number:
            return None
        person = Person.objects.filter(university_id=self.org.university_id, number=number).first()
        if person is None:
            self.add_error(name, f"本校没有工号/学号为“{number}”的人员")
        return person

    def files_data(self) -> list[Any]:
        return list(self.cleaned_data.get("attachments") or [])

    def case_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in self.fields:
            if name == "attachments":
                continue
            if name in PERSON_INPUTS:
                data[name] = self._person(name)
            elif name == "review_passed":
                value = self.cleaned_data.get(name)
                data[name] = {"yes": True, "no": False}.get(value or "")
            else:
                data[name] = self.cleaned_data.get(name)
            if name in TEXTS and data[name] is None:
                data[name] = ""
        return data


def initial_of(case: DevelopmentCase) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in ALL_FIELDS:
        if name in PERSON_INPUTS:
            person = getattr(case, name)
            initial[name] = person.number if person else ""
        elif name == "review_passed":
            initial[name] = {True: "yes", False: "no"}.get(case.review_passed, "")  # type: ignore[arg-type]
        else:
            initial[name] = getattr(case, name)
    return initial
