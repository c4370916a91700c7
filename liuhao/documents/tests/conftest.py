from __future__ import annotations

import pytest

from liuhao.documents.registry import register_template, unregister_template
from liuhao.documents.tests.samples import docx_bytes

KIND = "tests.report"


@pytest.fixture
def report_kind(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    default = tmp_path / "default.docx"
    default.write_bytes(
        docx_bytes(
            "默认模板：{{ org.name }}",
            "{% for c in criteria %}{{ c.code }} {{ c.narrative }}；{% endfor %}",
            "{{ chart }}",
        )
    )
    spec = register_template(
        KIND,
        label="测试报告",
        default_path=default,
        fields_help={"org": "组织（org.name）", "criteria": "逐条叙述", "chart": "雷达图"},
        sample_context={
            "org": {"name": "示例党支部"},
            "criteria": [{"code": "C01", "narrative": "示例"}],
        },
    )
    yield spec
    unregister_template(KIND)
