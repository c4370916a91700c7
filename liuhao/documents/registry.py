"""The registry of Word report templates (issue 7 item 5: "generated from templates that an admin
can replace without code").

An app registers each report it renders, from its `ready()`:

    register_template(
        "sites.application_form",
        label="示范点申报表",
        default_path=Path(__file__).parent / "data" / "application-form.docx",
        fields_help={"org": "组织（org.name 名称 …）", "criteria": "逐条的自评叙述与佐证"},
        sample_context={"org": {"name": "示例党支部"}, "criteria": [...]},
    )

`fields_help` lists the top-level placeholders (name → Chinese explanation) shown to the
administrator; an uploaded replacement may use only these names, and it must render with
`sample_context` (default: each field set to "示例"), else it is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liuhao.core.exceptions import NotFound


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """One registered report: its code, Chinese label, shipped default .docx, placeholders."""

    kind: str
    label: str
    default_path: Path
    fields_help: Mapping[str, str]
    sample_context: Mapping[str, Any] = field(default_factory=dict)

    def sample(self) -> dict[str, Any]:
        """The context an uploaded template is test-rendered with."""
        return {**dict.fromkeys(self.fields_help, "示例"), **dict(self.sample_context)}


_TEMPLATES: dict[str, TemplateSpec] = {}


def register_template(
    kind: str,
    *,
    label: str,
    default_path: Path | str,
    fields_help: Mapping[str, str],
    sample_context: Mapping[str, Any] | None = None,
) -> TemplateSpec:
    """Register (or re-register: idempotent by kind) a report template kind."""
    spec = TemplateSpec(
        kind=kind,
        label=label,
        default_path=Path(default_path),
        fields_help=dict(fields_help),
        sample_context=dict(sample_context or {}),
    )
    _TEMPLATES[kind] = spec
    return spec


def unregister_template(kind: str) -> None:
    """Remove a kind (tests)."""
    _TEMPLATES.pop(kind, None)


def template_spec(kind: str) -> TemplateSpec:
    """The spec of `kind`, or NotFound (404) when no app registered it."""
    spec = _TEMPLATES.get(kind)
    if spec is None:
        raise NotFound("未找到该报告模板")
    return spec


def template_specs() -> list[TemplateSpec]:
    """Every registered kind, by label."""
    return sorted(_TEMPLATES.values(), key=lambda s: (s.label, s.kind))
