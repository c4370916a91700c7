"""Forms of the survey builder (issue 6 items 1 and 2; C18.1, C01.2, C09.1–2): create a draft
from a ready template, edit its settings and its questions.

Forms only parse; the services decide (CONVENTIONS B3). Every error names its field in Chinese.
The period is typed (a list offers the current term and academic year) and must have the shape
2025-2026 or 2025-2026-1.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory

from liuhao.core.exceptions import ValidationFailed
from liuhao.governance.models import LeaderReport
from liuhao.orgs.forms.base import date_field
from liuhao.orgs.models import Organization
from liuhao.orgs.periods import parse_period_code
from liuhao.surveys.choices import Audience, QuestionKind, SurveyKind
from liuhao.surveys.models import Survey
from liuhao.surveys.rules import survey_rules
from liuhao.surveys.services import QUESTION_TEXT_MAX, QUESTIONS_MAX, QuestionDraft

TITLE_MAX = Survey._meta.get_field("title").max_length or 100


class LeaderReportField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reported_on:%Y-%m-%d} {obj.reporter.name} 述职"


class _SurveyFields(forms.Form):
    """The settings shared by the create and edit forms."""

    title = forms.CharField(
        label="标题",
        max_length=TITLE_MAX,
        error_messages={"required": "请填写标题", "max_length": f"标题不能超过 {TITLE_MAX} 字"},
    )
    period = forms.CharField(
        label="测评期间",
        max_length=12,
        help_text="学期如 2025-2026-1，学年如 2025-2026",
        error_messages={"required": "请填写测评期间", "max_length": "测评期间格式不正确"},
    )
    opens_on = date_field("开始日期", required=True)
    closes_on = date_field("截止日期", required=True)
    audiences = forms.MultipleChoiceField(
        label="测评对象",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请至少选择一类测评对象",
            "invalid_choice": "请选择列表中的测评对象",
            "invalid_list": "请选择列表中的测评对象",
        },
    )
    include_subtree = forms.BooleanField(
        label="含下级组织", required=False, help_text="勾选后，下级党组织的人员一并参加测评"
    )
    leader_report = LeaderReportField(
        label="关联述职记录",
        queryset=LeaderReport.objects.none(),
        required=False,
        help_text="仅用于书记述职评议",
        error_messages={"invalid_choice": "请选择本组织的述职记录"},
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leader_report"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            LeaderReport.objects.filter(org=org)
            .select_related("reporter")
            .order_by("-reported_on", "-id")
        )
        self.fields["opens_on"].error_messages["required"] = "请填写开始日期"
        self.fields["closes_on"].error_messages["required"] = "请填写截止日期"
        self.fields["period"].widget.attrs["list"] = "period-options"

    def clean_period(self) -> str:
        period = str(self.cleaned_data.get("period") or "").strip()
        try:
            parse_period_code(period)
        except ValidationFailed as exc:
            raise ValidationError(exc.message) from exc
        return period

    def clean_audiences(self) -> list[str]:
        chosen = set(self.cleaned_data.get("audiences") or [])
        return [a for a in Audience.values if a in chosen]  # the priority order of Audience

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "截止日期不能早于开始日期")
        return data


class SurveyCreateForm(_SurveyFields):
    """新建测评: a ready template of survey-rules.yaml, then the settings; the title and the
    audiences default to the template's."""

    field_order = ["template", "title", "period", "opens_on", "closes_on", "audiences"]

    template = forms.ChoiceField(
        label="测评模板",
        choices=[],
        error_messages={
            "required": "请选择测评模板",
            "invalid_choice": "请选择列表中的测评模板",
        },
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, org=org, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.code, t.title) for t in survey_rules().templates]
        self.fields["title"].required = False
        self.fields["title"].help_text = "留空则使用模板标题"
        self.fields["audiences"].required = False
        self.fields[
            "audiences"
        ].help_text = "不选则按模板：满意度测评为党员、教职工和学生，其余为党员"


class SurveyEditForm(_SurveyFields):
    """修改测评草稿: the settings (the template's kind stays; only a 述职评议 links a report)."""

    def __init__(self, *args: Any, org: Organization, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, org=org, **kwargs)
        if kind != SurveyKind.LEADER_REPORT:
            del self.fields["leader_report"]


class QuestionForm(forms.Form):
    """One question row of the builder; a blank new row is ignored."""

    order = forms.IntegerField(
        label="序号",
        min_value=1,
        max_value=QUESTIONS_MAX + 1,
        required=False,
        widget=forms.NumberInput(attrs={"class": "input-order"}),
        error_messages={
            "invalid": "序号须为整数",
            "min_value": "序号须为正整数",
            "max_value": "序号过大",
        },
    )
    text = forms.CharField(
        label="题目",
        max_length=QUESTION_TEXT_MAX,
        required=False,
        error_messages={"max_length": f"题目不能超过 {QUESTION_TEXT_MAX} 字"},
    )
    kind = forms.ChoiceField(
        label="题型",
        choices=QuestionKind.choices,
        initial=QuestionKind.LIKERT,
        error_messages={"required": "请选择题型", "invalid_choice": "请选择列表中的题型"},
    )
    required = forms.BooleanField(label="必答", required=False, initial=True)
    remove = forms.BooleanField(label="删除", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        blank = not str(data.get("text") or "").strip()
        if not data.get("remove") and blank and "text" not in self.errors:
            self.add_error("text", "请填写题目，或勾选删除")
        return data


class BaseQuestionFormSet(BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "missing_management_form": "题目表单数据缺失或被篡改，请刷新页面后重试",
        "too_many_forms": f"题目不能超过 {QUESTIONS_MAX} 道",
        "too_few_forms": "请至少设置一道题目",
    }

    def drafts(self) -> list[QuestionDraft]:
        """The kept questions sorted by their 序号 (ties keep the page's order)."""
        rows = []
        for i, form in enumerate(self.forms):
            data = form.cleaned_data
            if not data or data.get("remove"):
                continue
            rows.append(
                (
                    data.get("order") or i + 1,
                    i,
                    QuestionDraft(
                        text=data["text"].strip(), kind=data["kind"], required=data["required"]
                    ),
                )
            )
        return [draft for _, _, draft in sorted(rows, key=lambda r: (r[0], r[1]))]

    def errors_named(self) -> list[str]:
        """Every error of the rows, each naming the row and the field."""
        out = [str(e) for e in self.non_form_errors()]
        for i, form in enumerate(self.forms, 1):
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                out.extend(f"第{i}行 {label}：{e}" for e in errors)
        return out


QuestionFormSet = cast(
    type[BaseQuestionFormSet],
    formset_factory(
        QuestionForm,
        formset=BaseQuestionFormSet,
        extra=1,
        max_num=QUESTIONS_MAX,
        validate_max=True,
        absolute_max=QUESTIONS_MAX + 10,
    ),
)


def question_initial(survey: Survey) -> list[dict[str, Any]]:
    return [
        {"order": q.order, "text": q.text, "kind": q.kind, "required": q.required}
        for q in survey.questions.order_by("order")
    ]


class InvitationPickForm(forms.Form):
    """Reissue tokens: for all unanswered invitations or for the ticked ones of the list."""

    scope = forms.ChoiceField(
        label="范围",
        choices=[("all", "全部未提交人员"), ("picked", "所选人员")],
        error_messages={"required": "请选择范围", "invalid_choice": "请选择列表中的范围"},
    )
    purpose = forms.ChoiceField(
        label="用途",
        choices=[("remind", "提醒"), ("reissue", "重新生成测评码")],
        required=False,
    )
    invitation = forms.TypedMultipleChoiceField(
        label="人员",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "所选人员不在未提交名单中"},
    )

    def __init__(self, *args: Any, pending: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invitation"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(pk), str(pk)) for pk in pending]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        none = not data.get("invitation") and "invitation" not in self.errors
        if data.get("scope") == "picked" and none:
            self.add_error("invitation", "请勾选需要重新生成测评码的人员")
        return data
