"""Web forms of the ledger (台账): they parse and check input only; writes go through ledger.services.

Only org, kind, date and topic are required for an activity (DESIGN §8); attendance is a list of the
roster with a status per person, plus one "全部出席" button; attachments are always optional.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from liuhao.ledger.choices import (
    ActivityKind,
    AttendanceStatus,
    CultureTag,
    DisclosureScope,
    PlanKind,
    ServiceKind,
)
from liuhao.orgs.forms.base import date_field
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.schemas.common import MAX_ID

ATTENDANCE_PREFIX = "att_"
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files (Django's documented pattern for `multiple`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data] if data else []
        files = [single(item, initial) for item in items if item]
        limit = int(settings.LEDGER_ATTACHMENT_MAX_BYTES)
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"“{upload.name}”大小超过上限 {limit // (1024 * 1024)} MB"
                )
        return files


def _files() -> MultipleFileField:
    return MultipleFileField(
        label="附件",
        help_text="选填，可多选：PDF、图片（PNG/JPEG）、Word 或 Excel 文件。不要求上传照片作为佐证。",
    )


def _text(label: str, max_length: int, *, required: bool = False, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={"required": f"请填写{label}"},
    )


def _out_of_range(values: Iterable[Any]) -> str | None:
    """The first posted id that is a whole number no row can have (the database would overflow)."""
    for value in values:
        text = str(value).strip()
        if text.lstrip("-").isdigit() and not 1 <= int(text) <= MAX_ID:
            return text[:20]
    return None


class BoundedModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ModelChoiceField that refuses ids out of range as an invalid choice, never a 500."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _out_of_range([value]) is not None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A ModelMultipleChoiceField that refuses ids out of range as invalid, never a 500."""

    def _check_values(self, value: Any) -> Any:
        bad = _out_of_range(value)
        if bad is not None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": bad}
            )
        return super()._check_values(value)  # type: ignore[misc]


class PersonChoiceField(BoundedModelChoiceField):
    default_error_messages = {"invalid_choice": "请选择列表中的人员"}

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.number}）"


class ActivityForm(forms.Form):
    """An activity with its attendance (one field per person on the roster) and an optional decision.

    The attendance fields are named `att_<person id>`; besides the roster, any `att_<id>` posted is
    parsed too, so that the service (not the form) refuses persons outside the org with a message.
    """

    kind = forms.ChoiceField(
        label="活动类型",
        choices=[("", "请选择"), *ActivityKind.choices],
        error_messages={"required": "请选择活动类型", "invalid_choice": "请选择列表中的活动类型"},
    )
    held_on = date_field("活动日期", required=True)
    topic = _text("主题", 200, required=True)
    place = _text("地点", 100)
    summary = _text("内容摘要", 5000, rows=3)
    culture_tag = forms.ChoiceField(
        label="文化载体（校园文化活动）",
        choices=[("", "不适用"), *CultureTag.choices],
        required=False,
        error_messages={"invalid_choice": "请选择列表中的文化载体"},
    )
    is_decision_meeting = forms.BooleanField(
        label="决策会议（支委会/党委会或党员大会作出决定时勾选）", required=False
    )
    decision_text = _text("决议内容", 2000, rows=2)
    members_entitled = forms.IntegerField(
        label="应到人数",
        required=False,
        min_value=1,
        max_value=32767,
        help_text="不填则按班子或党员名单自动计算",
    )
    members_present = forms.IntegerField(
        label="实到人数",
        required=False,
        min_value=0,
        max_value=32767,
        help_text="不填则按出勤登记中的“出席”人数计算",
    )
    attachments = _files()

    def __init__(
        self,
        *args: Any,
        roster: Iterable[Person] = (),
        current: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roster = list(roster)
        current = current or {}
        choices = [("", "未登记"), *AttendanceStatus.choices]
        extra_ids: list[int] = []
        if self.is_bound:
            roster_ids = {p.pk for p in self.roster}
            for key in self.data:
                if key.startswith(ATTENDANCE_PREFIX):
                    raw = key[len(ATTENDANCE_PREFIX) :]
                    if raw.isdigit() and int(raw) not in roster_ids:
                        extra_ids.append(int(raw))
        self.attendance_names: list[str] = []
        for pk, label in [(p.pk, f"{p.name}（{p.number}）") for p in self.roster] + [
            (pk, f"人员 {pk}") for pk in extra_ids
        ]:
            name = f"{ATTENDANCE_PREFIX}{pk}"
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=current.get(pk, ""),
                error_messages={"invalid_choice": "出勤情况应为出席、请假或缺席"},
            )
            self.attendance_names.append(name)

    def visible_main_fields(self) -> list[Any]:
        skip = set(self.attendance_names) | {
            "decision_text",
            "members_entitled",
            "members_present",
            "attachments",
        }
        return [self[name] for name in self.fields if name not in skip]

    def attendance_rows(self) -> list[Any]:
        return [self[name] for name in self.attendance_names]

    def decision_fields(self) -> list[Any]:
        return [self[n] for n in ("decision_text", "members_entitled", "members_present")]

    def activity_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: data[k]
            for k in (
                "kind",
                "held_on",
                "topic",
                "place",
                "summary",
                "culture_tag",
                "is_decision_meeting",
            )
        }

    def statuses(self) -> dict[int | str, str]:
        return {
            int(name[len(ATTENDANCE_PREFIX) :]): self.cleaned_data[name]
            for name in self.attendance_names
            if self.cleaned_data.get(name)
        }

    def decision(self) -> dict[str, Any] | None:
        text = (self.cleaned_data.get("decision_text") or "").strip()
        if not text:
            return None
        return {
            "text": text,
            "members_entitled": self.cleaned_data.get("members_entitled"),
            "members_present": self.cleaned_data.get("members_present"),
        }


class DecisionForm(forms.Form):
    """A decision of a decision meeting with those entitled and present (Criterion C02.3)."""

    text = _text("决议内容", 2000, required=True, rows=3)
    members_entitled = ActivityForm.base_fields["members_entitled"]
    members_present = ActivityForm.base_fields["members_present"]


class PlanForm(forms.Form):
    """An overall plan or implementation measures with its validity (Criterion C02.1)."""

    kind = forms.ChoiceField(
        label="文件类型",
        choices=[("", "请选择"), *PlanKind.choices],
        error_messages={"required": "请选择文件类型", "invalid_choice": "请选择列表中的文件类型"},
    )
    title = _text("标题", 200, required=True)
    valid_from = date_field("生效日期", required=True)
    valid_until = date_field("有效期至")
    approved_on = date_field("审定日期")
    attachments = _files()

    def plan_data(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("kind", "title", "valid_from", "valid_until", "approved_on")
        }


def _target_number() -> forms.CharField:
    return forms.CharField(
        label="服务对象工号/学号",
        max_length=32,
        required=False,
        help_text="本校师生的工号或学号",
    )


class _LeaderForm(forms.Form):
    """Base of the contact forms: the leader from the org's leadership, the target by number."""

    leader = PersonChoiceField(
        label="班子成员",
        queryset=Person.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择班子成员"},
    )

    def __init__(
        self, *args: Any, leaders: QuerySet[Person], org: Organization, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["leader"]).queryset = leaders
        self.org = org

    def _find_target(self, field: str) -> Person | None:
        number = (self.cleaned_data.get(field) or "").strip()
        if not number:
            return None
        person = Person.objects.filter(university_id=self.org.university_id, number=number).first()
        if person is None:
            raise forms.ValidationError(f"本校没有工号/学号为“{number}”的人员")
        return person


class ContactPairForm(_LeaderForm):
    """Pair a leadership member with a service target (Criterion C03.1)."""

    target = _target_number()
    started_on = date_field("结对开始日期", required=True)
    ended_on = date_field("结对结束日期")
    note = _text("备注", 200)

    field_order = ["leader", "target", "started_on", "ended_on", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].required = True
        self.fields["target"].error_messages["required"] = "请填写服务对象的工号/学号"

    def clean_target(self) -> Person | None:
        return self._find_target("target")

    def pair_data(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k] for k in ("leader", "target", "started_on", "ended_on", "note")
        }


class ContactPairEndForm(forms.Form):
    ended_on = date_field("结对结束日期", required=True)


class ContactVisitForm(_LeaderForm):
    """A contact visit or research trip of a leadership member (Criterion C03.2)."""

    visited_on = date_field("走访日期", required=True)
    topic = _text("主题", 200, required=True)
    target = _target_number()
    place = _text("地点", 100)
    findings = _text("了解的情况与问题", 5000, rows=3)

    def clean_target(self) -> Person | None:
        return self._find_target("target")

    def visit_data(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("leader", "visited_on", "target", "place", "topic", "findings")
        }


class PersonMultipleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.number}）"


class ServiceRecordForm(forms.Form):
    """Member service (Criterion C06.3): pick one or more members, the date, the kind and hours;
    one submission records every member picked (DESIGN §8: under a minute)."""

    persons = PersonMultipleChoiceField(
        label="党员（可多选）",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请至少选择一名党员",
            "invalid_choice": "请选择列表中的党员",
            "invalid_pk_value": "请选择列表中的党员",
        },
    )
    served_on = date_field("服务日期", required=True)
    kind = forms.ChoiceField(
        label="服务类型",
        choices=[("", "请选择"), *ServiceKind.choices],
        error_messages={"required": "请选择服务类型", "invalid_choice": "请选择列表中的服务类型"},
    )
    hours = forms.DecimalField(
        label="时长（小时）",
        min_value=0,
        max_value=24,
        max_digits=5,
        decimal_places=1,
        initial=2,
        error_messages={
            "required": "请填写时长",
            "min_value": "时长不能小于 0",
            "max_value": "时长不能超过 24 小时",
            "invalid": "时长应为数字",
        },
    )
    description = _text("服务内容", 200)

    def __init__(
        self, *args: Any, members: QuerySet[Person], single: bool = False, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        cast(PersonMultipleChoiceField, self.fields["persons"]).queryset = members
        if single:
            del self.fields["persons"]

    def service_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("served_on", "kind", "hours", "description")}


class TaskForm(forms.Form):
    """A task with its owner, procedure steps, due date and completion (Criterion C07.1)."""

    title = _text("任务名称", 200, required=True)
    owner = PersonChoiceField(
        label="责任人",
        queryset=Person.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择责任人"},
    )
    steps = _text("办理程序（每行一个步骤）", 2000, rows=3)
    assigned_on = date_field("布置日期", required=True)
    due_on = date_field("完成时限", required=True)
    completed_on = date_field("完成日期")
    completion_note = _text("完成情况", 200)
    attachments = MultipleFileField(
        label="完成佐证（选填）",
        help_text="选填：PDF、图片、Word 或 Excel 文件，不要求上传照片。",
    )

    def __init__(self, *args: Any, owners: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["owner"]).queryset = owners

    def task_data(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in (
                "title",
                "owner",
                "steps",
                "assigned_on",
                "due_on",
                "completed_on",
                "completion_note",
            )
        }


class DisclosureForm(forms.Form):
    """A party-affairs disclosure, public or internal (Criterion C07.2)."""

    title = _text("公开事项", 200, required=True)
    published_on = date_field("公开日期", required=True)
    scope = forms.ChoiceField(
        label="公开范围",
        choices=DisclosureScope.choices,
        initial=DisclosureScope.PUBLIC,
        error_messages={"required": "请选择公开范围", "invalid_choice": "请选择列表中的公开范围"},
    )
    channel = _text("公开方式（如公开栏、网站、会议）", 60)
    content = _text("公开内容", 5000, rows=3)

    def disclosure_data(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("title", "published_on", "scope", "channel", "content")
        }
