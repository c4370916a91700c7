"""Mobile forms of the service front (服务阵地): they parse and check input only; writes go through
`liuhao.frontline.services` (Criteria C05, C10, C11, C12.1). Labels are Chinese; only what the
checkpoint needs is required (DESIGN §8: an entry on a phone in under a minute)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from liuhao.frontline import selectors
from liuhao.frontline.choices import (
    AffairKind,
    NewsKind,
    PostKind,
    ProposalKind,
    ProposalStatus,
    VenueKind,
)
from liuhao.frontline.models import MAX_VISITORS, Venue
from liuhao.ledger.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    PersonChoiceField,
)
from liuhao.orgs.forms.base import date_field
from liuhao.orgs.models import Organization, Person


def _text(
    label: str, max_length: int | None = None, *, required: bool = False, rows: int = 0
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={"required": f"请填写{label}"},
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, error_messages={"required": f"请选择{label}"}
    )


def _person(label: str, queryset: Any, *, required: bool = True) -> PersonChoiceField:
    return PersonChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        error_messages={"required": f"请选择{label}"},
    )


class PersonMultipleField(BoundedModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": "请选择列表中的人员",
        "invalid_pk_value": "请选择列表中的人员",
    }

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.number}）"


class RecordForm(forms.Form):
    """Base: a form built for one org; `record_data()` is what the service receives."""

    def __init__(self, *args: Any, org: Organization, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.today = today
        self.setup()

    def setup(self) -> None:
        """Set the org-dependent choices."""

    def record_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class VenueForm(RecordForm):
    """A venue (C10.1) or the representatives' studio (C05.2)."""

    kind = _choice("场所类型", VenueKind.choices)
    name = _text("场所名称", 100, required=True)
    address = _text("地点", 200)
    is_fixed = forms.BooleanField(label="相对固定", required=False, initial=True)
    equipment = _text("设施设备", 300)
    opened_on = date_field("启用日期", required=True)
    closed_on = date_field("停用日期")


class ReceptionForm(RecordForm):
    """A reception duty of a representative (C05.3); a future date is a duty on the roster."""

    representative = _person("党代表", Person.objects.none())
    held_on = date_field("接待日期", required=True)
    venue = BoundedModelChoiceField(
        label="接待场所",
        queryset=Venue.objects.none(),
        required=False,
        error_messages={"invalid_choice": "请选择本组织的场所"},
    )
    visitor_count = forms.IntegerField(
        label="接待人数",
        initial=0,
        required=False,
        min_value=0,
        max_value=MAX_VISITORS,
        error_messages={
            "min_value": "接待人数不能为负数",
            "max_value": f"接待人数不能超过 {MAX_VISITORS}",
            "invalid": "接待人数应为整数",
        },
    )
    issues = _text("反映的问题与诉求", rows=3)

    def setup(self) -> None:
        field = self.fields["representative"]
        assert isinstance(field, PersonChoiceField)
        field.queryset = selectors.representatives_of(self.org, self.today)
        venue = self.fields["venue"]
        assert isinstance(venue, forms.ModelChoiceField)
        venue.queryset = selectors.venues_of(self.org)

    def record_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["visitor_count"] = data.get("visitor_count") or 0
        return data


class ProposalForm(RecordForm):
    """A proposal, suggestion or research report with its status and reply (C05.4)."""

    representative = _person("党代表", Person.objects.none())
    kind = _choice("类型", ProposalKind.choices)
    title = _text("标题", 200, required=True)
    submitted_on = date_field("提交日期", required=True)
    status = _choice("办理状态", ProposalStatus.choices)
    reply = _text("答复意见", rows=3)
    replied_on = date_field("答复日期")

    def setup(self) -> None:
        field = self.fields["representative"]
        assert isinstance(field, PersonChoiceField)
        field.queryset = selectors.representatives_of(self.org, self.today)


class MemberAffairForm(RecordForm):
    """A member-affairs service with when it was received and completed (C10.2)."""

    kind = _choice("事务类型", AffairKind.choices)
    person = _person("办理对象", Person.objects.none())
    received_on = date_field("受理日期", required=True)
    completed_on = date_field("办结日期")
    note = _text("备注", 200)

    def setup(self) -> None:
        field = self.fields["person"]
        assert isinstance(field, PersonChoiceField)
        field.queryset = selectors.members_of(self.org, self.today, former=True)


class ServiceItemForm(RecordForm):
    """A public service item: name, process, responsible person and time limit (C11.1)."""

    name = _text("服务事项", 100, required=True)
    process = _text("办理流程", required=True, rows=3)
    responsible = _person("责任人", Person.objects.none())
    time_limit_days = forms.IntegerField(
        label="办理时限（工作日）", error_messages={"required": "请填写办理时限（工作日）"}
    )
    published_on = date_field("公开日期", required=True)
    withdrawn_on = date_field("撤下日期")

    def setup(self) -> None:
        field = self.fields["responsible"]
        assert isinstance(field, PersonChoiceField)
        field.queryset = selectors.members_of(self.org, self.today)


class VanguardPostForm(RecordForm):
    """A vanguard post, responsibility area or station with its named members (C11.2)."""

    kind = _choice("类型", PostKind.choices)
    name = _text("名称", 100, required=True)
    duties = _text("职责", 300)
    set_up_on = date_field("设立日期", required=True)
    ended_on = date_field("撤销日期")
    members = PersonMultipleField(
        label="党员",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一名党员"},
    )

    def setup(self) -> None:
        field = self.fields["members"]
        assert isinstance(field, PersonMultipleField)
        field.queryset = selectors.members_of(self.org, self.today)

    def record_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "members"}


class NewsForm(RecordForm):
    """A news item or notice the org published online (C12.1)."""

    kind = _choice("类型", NewsKind.choices)
    title = _text("标题", 200, required=True)
    published_on = date_field("发布日期", required=True)
    url = forms.URLField(
        label="网址",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "请输入有效网址"},
    )
    body = _text("正文", rows=4)
