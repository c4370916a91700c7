"""The upload form of a report template (issue 7 item 5): checks presence only; the service checks
content, placeholders and the sample rendering."""

from __future__ import annotations

from django import forms


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label="模板文件",
        help_text="Word 文档（.docx），只可使用下表列出的占位符",
        error_messages={"required": "请选择 .docx 文件", "empty": "上传的文件是空的"},
    )
