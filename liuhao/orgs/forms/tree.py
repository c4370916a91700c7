"""Forms for the org tree: create, edit, move and dissolve an org (issue 2 item 2)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from liuhao.orgs.choices import ALLOWED_CHILDREN, BranchType, OrgKind
from liuhao.orgs.forms.base import OrgChoiceField, date_field
from liuhao.orgs.models import Organization

BRANCH_TYPE_CHOICES = [("", "（非党支部不填）"), *BranchType.choices]


def _unit_count() -> forms.IntegerField:
    return forms.IntegerField(
        label="覆盖单位数",
        min_value=1,
        max_value=99,
        initial=1,
        help_text="联合党支部覆盖的单位数量，其他组织填 1",
    )


class OrgCreateForm(forms.Form):
    """A new org under `parent`; the kinds offered are those allowed under the parent's kind."""

    code = forms.CharField(
        label="组织代码", max_length=32, help_text="稳定的组织代码，导入时按此匹配"
    )
    name = forms.CharField(label="组织名称", max_length=100)
    kind = forms.ChoiceField(label="组织类别")
    branch_type = forms.ChoiceField(label="支部类型", choices=BRANCH_TYPE_CHOICES, required=False)
    unit_count = _unit_count()
    established_on = date_field("成立日期")

    def __init__(self, *args: Any, parent: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parent is None:
            kinds = [OrgKind.UNIVERSITY_COMMITTEE]
        else:
            allowed = ALLOWED_CHILDREN.get(parent.kind, frozenset())
            kinds = [k for k in OrgKind if k in allowed]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k.value, k.label) for k in kinds]
        if OrgKind.BRANCH in kinds:
            self.fields["kind"].initial = OrgKind.BRANCH

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def service_data(self, parent: Organization | None) -> dict[str, Any]:
        return {**self.cleaned_data, "parent": parent}


class OrgEditForm(forms.Form):
    """Name, branch type, unit count and founding date; the code and kind are stable."""

    name = forms.CharField(label="组织名称", max_length=100)
    branch_type = forms.ChoiceField(label="支部类型", choices=BranchType.choices)
    unit_count = _unit_count()
    established_on = date_field("成立日期")

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": org.name,
                "branch_type": org.branch_type,
                "unit_count": org.unit_count,
                "established_on": org.established_on,
            },
        )
        super().__init__(*args, **kwargs)
        if org.kind != OrgKind.BRANCH:
            del self.fields["branch_type"]


class OrgMoveForm(forms.Form):
    """Choose the new parent from a list of candidates, or type any visible org's code."""

    new_parent = OrgChoiceField(
        label="新的上级组织", queryset=Organization.objects.none(), required=False
    )
    parent_code = forms.CharField(
        label="或填写上级组织代码", max_length=32, required=False, help_text="填写后以代码为准"
    )

    def __init__(
        self,
        *args: Any,
        candidates: QuerySet[Organization],
        visible: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(OrgChoiceField, self.fields["new_parent"]).queryset = candidates
        self.visible = visible

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("parent_code") or "").strip()
        if code:
            target = self.visible.filter(code=code).first()
            if target is None:
                self.add_error("parent_code", f"未找到组织代码为“{code}”的组织，或您无权查看")
            data["target"] = target
        elif data.get("new_parent") is not None:
            data["target"] = data["new_parent"]
        elif not self.errors:
            self.add_error("new_parent", "请选择新的上级组织，或填写其组织代码")
        return data


class OrgDissolveForm(forms.Form):
    """Dissolve with a date and a reason; the org and its history are kept."""

    dissolved_on = date_field("撤销日期", required=True)
    reason = forms.CharField(
        label="撤销原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )
