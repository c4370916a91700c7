"""Shared form pieces: date inputs, org choice labels, and mapping service errors onto a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from liuhao.core.exceptions import ValidationFailed
from liuhao.orgs.models import Organization


class DateInput(forms.DateInput):
    """A native date picker (type=date) that posts ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = False) -> forms.DateField:
    """A date field that accepts only ISO dates (YYYY-MM-DD), as the date picker posts them."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "请输入有效日期（格式：年-月-日）"},
    )


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Choose an org from an already-scoped queryset; shows code and name."""

    default_error_messages = {"invalid_choice": "请选择列表中的组织（所选组织不存在或您无权操作）"}

    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name}（{obj.code}）"


def add_service_error(form: forms.Form, exc: ValidationFailed) -> None:
    """Show a service's ValidationFailed on the form: on the named field when the form has it.

    The message always names the field in Chinese (services build it from verbose names), so a
    message that cannot be placed on a field is shown at the top of the form.
    """
    fields = exc.extra.get("fields") or {}
    placed = False
    for name, messages in fields.items():
        if name in form.fields and not form.fields[name].disabled:
            for message in messages:
                form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST body on POST (even when empty), else None (unbound)."""
    return request.POST if request.method == "POST" else None
