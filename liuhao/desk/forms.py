"""Forms of the handler's pages (issue 5 items 2, 3): queue filters, the state-machine actions, reply
and internal note, the responsible person, and recording a request raised at a reception or visit.

Forms only parse; the services decide (CONVENTIONS B3). Every error names its field in Chinese.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from liuhao.desk.choices import Channel, Priority, RequestStatus
from liuhao.desk.rules import desk_rules
from liuhao.desk.selectors import QueueFilter
from liuhao.desk.services import ACTION_LABELS, RECORDED_CHANNELS
from liuhao.orgs.forms.base import date_field

TEXT_MAX = 2000


def _choice(label: str, choices: list[tuple[str, str]], *, blank: str = "") -> forms.ChoiceField:
    options = [("", blank)] if blank else []
    return forms.ChoiceField(
        label=label,
        choices=options + choices,
        required=not blank,
        error_messages={
            "required": f"请选择{label}",
            "invalid_choice": f"请选择列表中的{label}",
        },
    )


def _text(label: str, *, required: bool, rows: int = 3, max_length: int = TEXT_MAX) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过 {max_length} 字",
        },
    )


class QueueFilterForm(forms.Form):
    """Filters of the org queue and its export (all optional; a bad value names its field)."""

    status = _choice("状态", [("open", "未办结"), *RequestStatus.choices], blank="全部状态")
    category = _choice("类别", [], blank="全部类别")
    priority = _choice("紧急程度", list(Priority.choices), blank="全部")
    overdue = forms.BooleanField(label="已超期", required=False)
    near_breach = forms.BooleanField(label="超期或临期", required=False)
    escalated_to_me = forms.BooleanField(label="上报给我", required=False)
    assigned_to_me = forms.BooleanField(label="指派给我", required=False)
    start = date_field("提交日期自")
    end = date_field("提交日期至")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "全部类别"), *desk_rules().category_choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "结束日期不能早于开始日期")
        return data

    def queue_filter(self) -> QueueFilter:
        """The valid filters (a field with an error is left out)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return QueueFilter(
            status=data.get("status") or "",
            category=data.get("category") or "",
            priority=data.get("priority") or "",
            overdue=bool(data.get("overdue")),
            near_breach=bool(data.get("near_breach")),
            escalated_to_me=bool(data.get("escalated_to_me")),
            assigned_to_me=bool(data.get("assigned_to_me")),
            start=data.get("start"),
            end=data.get("end"),
        )


class TransitionForm(forms.Form):
    """One step of the state machine; `text` is the question (wait) or the result (resolve)."""

    action = _choice("操作", list(ACTION_LABELS.items()))
    text = _text("说明", required=False)


class ReplyForm(forms.Form):
    """A reply shown to the requester, or an internal note (never shown)."""

    text = _text("内容", required=True)
    internal = forms.BooleanField(label="内部备注（诉求人看不到）", required=False)


class HandlerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AssignForm(forms.Form):
    assignee = HandlerChoiceField(
        label="责任人",
        queryset=None,
        error_messages={
            "required": "请选择责任人",
            "invalid_choice": "责任人须为该党组织的书记、委员或上级管理员",
        },
    )

    def __init__(self, *args: Any, handlers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = handlers


class SourceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(
            queryset=None,
            label=label,
            required=False,
            error_messages={"invalid_choice": f"请选择列表中的{label}"},
            **kwargs,
        )


class ReceptionChoiceField(SourceChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.held_on:%Y-%m-%d} {obj.representative.name}"


class VisitChoiceField(SourceChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.visited_on:%Y-%m-%d} {obj.topic}"


class RecordForm(forms.Form):
    """A request raised at a representative's reception or a contact visit, recorded by a handler
    (C05, C03.2): the source record, the request itself and, unless anonymous, the requester."""

    channel = _choice("来源渠道", [(c.value, c.label) for c in RECORDED_CHANNELS])
    reception = ReceptionChoiceField("来源接待")
    contact_visit = VisitChoiceField("来源走访")
    category = _choice("类别", [])
    priority = _choice("紧急程度", list(Priority.choices))
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题"})
    body = _text("诉求内容", required=True, rows=5)
    anonymous = forms.BooleanField(label="匿名（不记录诉求人姓名和联系方式）", required=False)
    requester_name = forms.CharField(label="诉求人姓名", max_length=50, required=False)
    requester_contact = forms.CharField(label="联系方式", max_length=50, required=False)

    def __init__(
        self,
        *args: Any,
        receptions: QuerySet[Any],
        visits: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = desk_rules().category_choices
        reception = self.fields["reception"]
        visit = self.fields["contact_visit"]
        assert isinstance(reception, forms.ModelChoiceField)
        assert isinstance(visit, forms.ModelChoiceField)
        reception.queryset = receptions
        visit.queryset = visits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("channel")
        for value, field, label in (
            (Channel.RECEPTION, "reception", "来源接待"),
            (Channel.CONTACT_VISIT, "contact_visit", "来源走访"),
        ):
            if channel == value and not data.get(field) and field not in self.errors:
                self.add_error(field, f"请选择{label}")
        return data

    def request_data(self) -> dict[str, Any]:
        keys = (
            "category",
            "priority",
            "title",
            "body",
            "anonymous",
            "requester_name",
            "requester_contact",
        )
        return {k: self.cleaned_data.get(k) for k in keys}
