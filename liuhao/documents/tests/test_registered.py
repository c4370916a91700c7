"""Every report template registered by an app (issue 7 item 5): its shipped default exists, passes
the same check as an administrator's upload, and renders with its sample context."""

from __future__ import annotations

import pytest

from liuhao.documents.registry import template_specs
from liuhao.documents.rendering import check_template, render_docx

SPECS = [s for s in template_specs() if not s.kind.startswith("tests.")]


def test_apps_register_their_reports():
    kinds = {s.kind for s in SPECS}
    assert kinds, "no app registered a report template"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind)
def test_each_default_passes_the_upload_check_and_renders(db, spec):
    assert spec.default_path.is_file(), spec.default_path
    assert spec.fields_help and all(spec.fields_help.values())
    check_template(spec, spec.default_path.read_bytes())
    assert render_docx(spec.kind, spec.sample()).startswith(b"PK")
