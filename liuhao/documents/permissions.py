"""Who may replace report templates (issue 7 item 5): the province administrator for the
province-wide template; a university administrator (or the province) for one university's."""

from __future__ import annotations

from typing import Any

from liuhao.core.exceptions import NotFound, NotPermitted
from liuhao.core.roles import Role
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for


def admin_universities(actor: Any) -> list[int] | None:
    """University ids whose templates the actor manages; None = all (province administrator)."""
    scope = scope_for(actor)
    if scope.is_province:
        return None
    ids: set[int] = set()
    for grant in scope.grants:
        university_id = grant.university_id or grant.org_id
        if grant.role == Role.UNIVERSITY_ADMIN and university_id is not None:
            ids.add(university_id)
    return sorted(ids)


def can_manage_templates(actor: Any, university: Organization | None) -> bool:
    """Whether the actor may upload, revert or download versions for `university` (None: province)."""
    managed = admin_universities(actor)
    if managed is None:
        return True
    return university is not None and university.pk in managed


def check_manage_templates(actor: Any, university: Organization | None) -> None:
    """404 for a university outside the actor's scope, 403 when visible but not an administrator."""
    if can_manage_templates(actor, university):
        return
    scope = scope_for(actor)
    if university is not None and not scope.covers(university.path):
        raise NotFound("未找到该高校，或您无权查看")
    raise NotPermitted("只有省级管理员或本校管理员可以管理报告模板")
