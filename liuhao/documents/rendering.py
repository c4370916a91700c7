"""Render a registered Word report from its current template (issue 7 item 5).

`render_docx(kind, context, university_id=...)` uses the university's active uploaded template,
else the province-wide one, else the default shipped by the app that registered the kind; the
context's values are escaped for Word's XML. Images: put `image(bytes_or_path, width_mm)` anywhere
in the context (nested in dicts, lists or tuples too); it becomes a docxtpl InlineImage of the
document being rendered.

`check_template(spec, data)` is the upload check: the file must be a Word document by content, use
only the kind's placeholders and render with its sample context; otherwise ValidationFailed names
the placeholder (in Chinese) when the error allows it.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, TemplateSyntaxError, UndefinedError

from liuhao.core.exceptions import InvalidState, ValidationFailed
from liuhao.documents.models import ReportTemplate
from liuhao.documents.registry import TemplateSpec, template_spec
from liuhao.orgs.imports.reader import MAX_EXPANSION, OLE_MAGIC

logger = logging.getLogger(__name__)


class DocxImage(InlineImage):
    """An image for a report context; bound to the document when `render_docx` renders it."""

    def __init__(self, source: bytes | str | Path, width_mm: float) -> None:
        if width_mm <= 0:
            raise ValueError("width_mm must be positive")
        descriptor: Any = io.BytesIO(source) if isinstance(source, bytes) else str(source)
        super().__init__(None, descriptor, width=Mm(width_mm))


def image(source: bytes | str | Path, width_mm: float) -> DocxImage:
    """An image (PNG or JPEG bytes, or a file path) `width_mm` wide, for `render_docx`'s context."""
    return DocxImage(source, width_mm)


def _bind_images(value: Any, tpl: DocxTemplate) -> None:
    if isinstance(value, DocxImage):
        value.tpl = tpl
        if isinstance(value.image_descriptor, io.BytesIO):
            value.image_descriptor.seek(0)
    elif isinstance(value, Mapping):
        for item in value.values():
            _bind_images(item, tpl)
    elif isinstance(value, list | tuple):
        for item in value:
            _bind_images(item, tpl)


def active_template(kind: str, university_id: int | None) -> ReportTemplate | None:
    """The uploaded template in force: the university's active one, else the province's (one query)."""
    where = Q(university__isnull=True)
    if university_id is not None:
        where |= Q(university_id=university_id)
    return (
        ReportTemplate.objects.filter(where, kind=kind, active=True)
        .order_by(F("university_id").asc(nulls_last=True))
        .first()
    )


def _environment() -> Environment:
    return Environment(autoescape=True)


def _render(source: Any, context: Mapping[str, Any]) -> bytes:
    tpl = DocxTemplate(source)
    ctx = dict(context)
    _bind_images(ctx, tpl)
    tpl.render(ctx, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_docx(
    kind: str, context: Mapping[str, Any], *, university_id: int | None = None
) -> bytes:
    """The report `kind` rendered with `context`, as .docx bytes (see the module docstring).

    A template that fails at render time (it passed the upload check, so only with a context the
    sample did not foresee) raises InvalidState with a Chinese message, never a 500.
    """
    spec = template_spec(kind)
    uploaded = active_template(kind, university_id)
    source: Any = spec.default_path
    try:
        if uploaded is not None:
            with uploaded.file.open("rb") as handle:
                source = io.BytesIO(handle.read())
        return _render(source, context)
    except Exception as exc:  # a bad template or image must not answer 500
        logger.exception("report %s could not be rendered", kind)
        where = "上传的模板" if uploaded is not None else "默认模板"
        raise InvalidState(
            f"报告「{spec.label}」无法生成：{where}出错（{_explain(exc)}），请联系管理员检查模板"
        ) from exc


_UNKNOWN_TAG = re.compile(r"unknown tag '([^']+)'")
_OPEN_BLOCK = re.compile(r"block that needs to be closed is '([^']+)'")
_NO_FILTER = re.compile(r"[Nn]o filter named '([^']+)'")
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _explain(exc: Exception) -> str:
    """A Chinese explanation of a Jinja / docxtpl error, naming the placeholder when possible."""
    text = str(exc)
    if isinstance(exc, TemplateSyntaxError):
        tag = _UNKNOWN_TAG.search(text)
        if tag:
            return f"不认识的标签「{{% {tag.group(1)} %}}」"
        if "end of template" in text.lower():
            block = _OPEN_BLOCK.search(text)
            if block:
                name = block.group(1)
                return (
                    f"「{{% {name} %}}」没有对应的「{{% end{name} %}}」，请检查是否成对（未闭合）"
                )
            return "有未闭合的 {% if %} / {% for %} 或 {{ }}，请检查是否成对"
        name = _NO_FILTER.search(text)
        if name:
            return f"不认识的过滤器「{name.group(1)}」"
        if "unexpected" in text or "expected" in text:
            return f"占位符语法错误（{text}），请检查 {{{{ }}}} 与 {{% %}} 是否成对、名称是否正确"
        return f"占位符语法错误（{text}）"
    if isinstance(exc, UndefinedError):
        match = _UNDEFINED.search(text)
        name = next((g for g in match.groups() if g), None) if match else None
        return f"占位符「{name}」没有对应的数据" if name else f"占位符没有对应的数据（{text}）"
    return text[:200] or exc.__class__.__name__


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(f"模板文件：{message}", extra={"fields": {"file": [message]}})


def _check_expansion(data: bytes) -> None:
    """Refuse a package that would unpack to far more than the upload limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: python-docx refuses it next, with the "not a Word document" message
    if unpacked > len(data) * MAX_EXPANSION + int(settings.LEDGER_ATTACHMENT_MAX_BYTES):
        raise _refuse("文件解压后体积异常，无法使用")


def check_template(spec: TemplateSpec, data: bytes) -> None:
    """Refuse an upload that is not a Word document, uses an unknown placeholder or does not render
    with the kind's sample context (ValidationFailed on the field `file`, in Chinese)."""
    if data.startswith(OLE_MAGIC):
        raise _refuse("文件设置了打开密码，或是旧版 .doc 格式：请取消密码并另存为 .docx 后再上传")
    _check_expansion(data)
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except Exception as exc:
        raise _refuse("不是有效的 Word 文档（.docx），请用 Word 另存为 .docx 后再上传") from exc
    try:
        used = tpl.get_undeclared_template_variables(_environment())
    except TemplateSyntaxError as exc:
        raise _refuse(_explain(exc)) from exc
    except Exception as exc:
        raise _refuse(f"无法读取模板中的占位符（{_explain(exc)}）") from exc
    known = set(spec.fields_help) | set(spec.sample_context)
    unknown = sorted(set(used) - known)
    if unknown:
        names = "、".join(f"「{n}」" for n in unknown)
        fields = "、".join(spec.fields_help) or "无"
        raise _refuse(f"占位符{names}不是该报告的字段（可用字段：{fields}）")
    try:
        _render(io.BytesIO(data), spec.sample())
    except Exception as exc:
        raise _refuse(f"用示例数据试生成失败：{_explain(exc)}") from exc
