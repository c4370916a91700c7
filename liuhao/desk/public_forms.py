"""Forms of the requester's side: the public request form (no log-in), the signed-in form, the
lookup box and the tracking page's actions (add, reopen, rate).

Criteria C07.3 (诉求收集), C12 (网上服务), C18 (师生评价). Forms only parse and check input; the writes,
the file checks by content and the state rules are in `liuhao.desk.services` (CONVENTIONS B3).
Only what handling needs is asked (DESIGN §8): an anonymous request keeps no name or contact.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

from liuhao.desk.rules import desk_rules
from liuhao.desk.selectors import OrgGroup
from liuhao.orgs.models import Organization

TITLE_MAX = 100
BODY_MAX = 2000
NAME_MAX = 50
CONTACT_MAX = 50
ADD_MAX = 2000
COMMENT_MAX = 500

NAMED = "named"
ANONYMOUS = "anonymous"

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
LINK_RE = re.compile(r"/r/t/([A-Za-z0-9_-]{16,64})/?")
NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _text(
    label: str, max_length: int, *, required: bool = True, rows: int = 0, **attrs: Any
) -> forms.CharField:
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    )
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过 {max_length} 字（现有 %(show_value)d 字）",
        },
    )


class OrgSelect(forms.Select):
    """The org select, rendered in Python with the same HTML as Django's Select template.

    A university lists a hundred orgs or more; Django renders every option through two templates,
    which made this one field most of the form page's time (bench/desk_submit.py). Every value is
    escaped as the template's autoescape does (conditional_escape: a SafeString stays as it is).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"  # the template file's final newline
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's widgets/attrs.html: ` name="value"` in order, ` name` for True, nothing for False
    (escaped as the template does)."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; their type and size are checked by content in the service."""

    def __init__(self, **kwargs: Any) -> None:
        rules = desk_rules().attachments
        # "image/*" rather than the exact types: phones then offer the camera too; the type is
        # checked by content anyway, with a message naming the file.
        accept = sorted({"image/*" if t.startswith("image/") else t for t in rules.types})
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(accept), "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items]
        cleaned = [item for item in cleaned if item]
        limit = desk_rules().attachments.max_files
        if len(cleaned) > limit:
            raise forms.ValidationError(f"最多上传 {limit} 个文件（本次选择了 {len(cleaned)} 个）")
        return cleaned


def files_help() -> str:
    rules = desk_rules().attachments
    return (
        f"可选。最多 {rules.max_files} 个 PNG、JPEG 图片或 PDF 文件，"
        f"每个不超过 {rules.max_bytes // (1024 * 1024)} MB。"
    )


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        label="附件",
        help_text=files_help(),
        error_messages={"invalid": "文件无法读取，请重新选择", "empty": "文件是空的"},
    )


class RequestForm(forms.Form):
    """The request form (public or signed in). `org_groups` are the choices shown in the org select
    (the chosen university's live orgs); the posted org is checked against every live org."""

    org = forms.ModelChoiceField(
        label="提交给哪个党组织",
        queryset=Organization.objects.active(),
        widget=OrgSelect,
        error_messages={
            "required": "请选择党组织",
            "invalid_choice": "所选党组织不存在或已撤销，请重新选择",
        },
    )
    category = forms.ChoiceField(
        label="诉求类别",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择诉求类别", "invalid_choice": "请选择列表中的诉求类别"},
    )
    urgent = forms.BooleanField(
        label="紧急（需要尽快处理）",
        required=False,
        help_text="紧急诉求的办理时限更短，请仅在确有紧迫情况时勾选。",
    )
    title = _text("标题", TITLE_MAX, placeholder="一句话说明诉求")
    body = _text("诉求内容", BODY_MAX, rows=6, placeholder="请写明具体情况、时间、地点和您的期望")
    identity = forms.ChoiceField(
        label="提交方式",
        widget=forms.RadioSelect,
        choices=[(NAMED, "实名提交"), (ANONYMOUS, "匿名提交")],
        initial=NAMED,
        error_messages={"required": "请选择实名或匿名", "invalid_choice": "请选择实名或匿名"},
    )
    requester_name = _text("姓名", NAME_MAX, required=False, autocomplete="name")
    requester_contact = _text(
        "联系方式", CONTACT_MAX, required=False, autocomplete="tel", placeholder="手机号或邮箱"
    )
    requester_contact.help_text = "可选，便于承办党组织向您了解情况、反馈结果。"
    # Named like the service's error field ("files"); the metaclass moves it off the class, so it
    # does not shadow BaseForm.files at run time.
    files = _files_field()  # type: ignore[assignment]
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, org_groups: Sequence[OrgGroup] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = desk_rules()
        cast(forms.ChoiceField, self.fields["category"]).choices = rules.category_choices
        self.offer_orgs(org_groups)
        if not self.is_bound and not self.initial.get("nonce"):
            self.initial["nonce"] = secrets.token_urlsafe(16)

    def offer_orgs(self, org_groups: Sequence[OrgGroup]) -> None:
        """The org select's choices (only shown; a posted org is checked against every live org,
        so a bound form is validated without them)."""
        choices: list[Any] = [("", "请选择党组织")]
        choices += [(group, options) for group, options in org_groups]
        self.fields["org"].widget.choices = choices

    def category_radios(self) -> list[tuple[Any, str]]:
        """Each category's radio with its hint (from desk-rules.yaml)."""
        hints = {c.code: c.hint for c in desk_rules().categories}
        return [(radio, hints.get(str(radio.data["value"]), "")) for radio in self["category"]]

    def clean_nonce(self) -> str:
        nonce = self.cleaned_data.get("nonce") or ""
        if not NONCE_RE.match(nonce):
            raise forms.ValidationError("页面已过期，请刷新页面后重新填写提交")
        return str(nonce)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity") == NAMED and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", "实名提交请填写姓名；不愿留名请选择“匿名提交”")
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        anonymous = data["identity"] == ANONYMOUS
        return {
            "category": data["category"],
            "priority": "urgent" if data.get("urgent") else "normal",
            "title": data["title"],
            "body": data["body"],
            "anonymous": anonymous,
            "requester_name": "" if anonymous else data.get("requester_name", ""),
            "requester_contact": "" if anonymous else data.get("requester_contact", ""),
        }


class LookupForm(forms.Form):
    """Paste the tracking link (or the code in it) to open the tracking page."""

    code = forms.CharField(
        label="查询链接或查询码",
        max_length=300,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "粘贴提交后保存的链接"}
        ),
        error_messages={"required": "请粘贴查询链接或查询码"},
    )

    def clean_code(self) -> str:
        raw = str(self.cleaned_data["code"]).strip()
        found = LINK_RE.search(raw)
        token = found.group(1) if found else raw
        if not TOKEN_RE.match(token):
            raise forms.ValidationError(
                "无法识别：请粘贴提交诉求后显示的完整查询链接（以 /r/t/ 开头的部分）"
            )
        return token


class AddForm(forms.Form):
    text = _text("补充内容", ADD_MAX, required=False, rows=4)
    files = _files_field()  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "add_%s")  # unique ids beside the other forms of the page
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("files") and not self.errors:
            self.add_error("text", "请填写补充内容或上传文件")
        return data


class ReopenForm(forms.Form):
    text = _text("需要继续办理的原因", ADD_MAX, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reopen_%s")
        super().__init__(*args, **kwargs)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="评价",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择评分", "invalid_choice": "请选择列表中的评分"},
    )
    comment = _text("评价意见", COMMENT_MAX, required=False, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "rate_%s")
        super().__init__(*args, **kwargs)
        scale = desk_rules().rating
        cast(forms.ChoiceField, self.fields["rating"]).choices = [
            (str(n), f"{n} 分") for n in range(scale.max, scale.min - 1, -1)
        ]
        self.fields["rating"].error_messages["invalid_choice"] = (
            f"评分须为 {scale.min}–{scale.max} 分"
        )
