"""render_docx and the upload check (issue 7 item 5: templates an admin replaces without code)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.documents.registry import template_spec
from liuhao.documents.rendering import check_template, image, render_docx
from liuhao.documents.tests.conftest import KIND
from liuhao.documents.tests.samples import docx_bytes, docx_text, png_bytes


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    return out.getvalue()


CONTEXT = {
    "org": {"name": "计算机系教工第一党支部"},
    "criteria": [
        {"code": "C01", "narrative": "三会一课 <按时> & 规范"},
        {"code": "C02", "narrative": "有规划"},
    ],
}


def test_render_with_the_default_template(db, report_kind):
    text = docx_text(render_docx(KIND, CONTEXT))
    assert "默认模板：计算机系教工第一党支部" in text
    assert "C01 三会一课 <按时> & 规范；C02 有规划；" in text  # escaped for XML, read back as text


def test_an_image_in_the_context_is_embedded(db, report_kind):
    data = render_docx(KIND, {**CONTEXT, "chart": image(png_bytes(), 40)})
    document = Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 1
    assert round(document.inline_shapes[0].width.mm) == 40


def test_an_unknown_kind_is_not_found(db):
    with pytest.raises(NotFound):
        render_docx("nope", {})


def test_the_check_accepts_a_template_with_known_placeholders(db, report_kind):
    check_template(
        report_kind, docx_bytes("{{ org.name }} {% for c in criteria %}{{ c.code }}{% endfor %}")
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4 not a word file", "不是有效的 Word 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy .doc", "旧版 .doc"),
        (docx_bytes("{{ org.name }}")[:300], "不是有效的 Word 文档"),
        (_bomb(), "解压后体积异常"),
        (docx_bytes("{{ org.name }} {{ secretary }}"), "占位符「secretary」不是该报告的字段"),
        (docx_bytes("{{ org.name }"), "占位符语法错误"),
        (docx_bytes("{% fo c in criteria %}"), "不认识的标签「{% fo %}」"),
        (docx_bytes("{% for c in criteria %}{{ c.code }}"), "未闭合"),
        (docx_bytes("{{ org.name|nosuchfilter }}"), "nosuchfilter"),
    ],
)
def test_the_check_refuses_a_broken_template_in_chinese(db, report_kind, data, expected):
    with pytest.raises(ValidationFailed) as exc:
        check_template(template_spec(KIND), data)
    assert exc.value.message.startswith("模板文件：")
    assert expected in exc.value.message
    assert exc.value.extra["fields"]["file"]


def test_a_render_failure_is_a_chinese_error_not_a_500(db, report_kind):
    from liuhao.core.exceptions import InvalidState

    with pytest.raises(InvalidState) as exc:
        render_docx(KIND, {**CONTEXT, "chart": image(b"not an image", 40)})
    assert "报告「测试报告」无法生成" in exc.value.message
