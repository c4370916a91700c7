"""Whether the signed-in user runs the surveys of an org (for the 新建测评 and 管理 links)."""

from __future__ import annotations

from typing import Any

from django import template

from liuhao.surveys.permissions import can_manage_surveys

register = template.Library()


@register.simple_tag(takes_context=True)
def manages_surveys(context: Any, org: Any) -> bool:
    """True when the request's user may create, open and close the org's surveys (C09.2)."""
    request = context.get("request")
    return bool(request is not None and can_manage_surveys(request.user, org))
