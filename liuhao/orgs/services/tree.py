"""Writes to the org tree: create, update, move (re-path the subtree), dissolve.

Each service is atomic, checks permission, validates, and writes an audit row (CONVENTIONS B3, B5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import InvalidState, NotPermitted
from liuhao.orgs.choices import ALLOWED_CHILDREN, OrgKind
from liuhao.orgs.models import AcademicCalendar, Membership, Organization, Position, path_segment
from liuhao.orgs.permissions import can_create_university, can_manage_org
from liuhao.orgs.pinyin import pinyin_keys
from liuhao.orgs.services.common import require, scope_of, validate

ORG_FIELDS = ["code", "name", "kind", "branch_type", "parent", "unit_count", "established_on"]
EDITABLE_FIELDS = ["name", "branch_type", "unit_count", "established_on"]


def _check_parent(kind: str, parent: Organization | None) -> None:
    if kind == OrgKind.UNIVERSITY_COMMITTEE:
        require(parent is None, "高校党委是顶层组织，不能有上级组织", "parent")
        return
    require(parent is not None, "请选择上级组织", "parent")
    assert parent is not None
    require(parent.is_active, f"上级组织“{parent.name}”已撤销", "parent")
    allowed = ALLOWED_CHILDREN.get(parent.kind, frozenset())
    require(
        kind in allowed,
        f"“{OrgKind(parent.kind).label}”下不能设立“{OrgKind(kind).label}”",
        "kind",
    )


@transaction.atomic
def org_create(*, actor: Any, data: dict[str, Any]) -> Organization:
    """Create an org under `data["parent"]` (or a university committee at the root, province only)."""
    parent: Organization | None = data.get("parent")
    kind = data.get("kind", "")
    if parent is None:
        if not can_create_university(actor):
            raise NotPermitted("只有省级管理员可以新建高校党委")
    elif not can_manage_org(actor, parent):
        raise NotPermitted("您无权在该组织下新建组织")
    org = Organization(**{k: v for k, v in data.items() if k in ORG_FIELDS})
    org.name_pinyin, org.name_initials = pinyin_keys(org.name)
    org.path = "pending-" + (org.code or "")
    validate(org, exclude=["university", "path"])
    _check_parent(kind, parent)
    org.save()
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.depth = len(org.path) // len(path_segment(org.pk)) - 1
    org.university_id = parent.university_id if parent else org.pk
    org.save(update_fields=["path", "depth", "university"])
    if org.kind == OrgKind.UNIVERSITY_COMMITTEE:
        AcademicCalendar.objects.create(university=org)
    audit_record(
        actor=actor,
        verb="create",
        target=org,
        scope=scope_of(org),
        changes=snapshot(org, ORG_FIELDS),
    )
    return org


@transaction.atomic
def org_update(*, actor: Any, org: Organization, data: dict[str, Any]) -> Organization:
    """Edit an org's name, branch type, unit count or founding date. Code and kind are stable."""
    if not can_manage_org(actor, org):
        raise NotPermitted("您无权修改该组织")
    require(org.is_active, "该组织已撤销，不能修改")
    changes = model_update(org, {k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    if not changes:
        return org
    org.name_pinyin, org.name_initials = pinyin_keys(org.name)
    validate(org)
    org.save()
    audit_record(actor=actor, verb="update", target=org, scope=scope_of(org), changes=changes)
    return org


@transaction.atomic
def org_move(*, actor: Any, org: Organization, new_parent: Organization) -> Organization:
    """Move `org` (with its subtree) under `new_parent`, re-pathing every descendant in one UPDATE.

    Refuses cycles (moving under itself or a descendant) and moves across universities.
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not (can_manage_org(actor, org) and can_manage_org(actor, new_parent)):
        raise NotPermitted("您无权移动该组织")
    require(org.kind != OrgKind.UNIVERSITY_COMMITTEE, "高校党委不能移动", "parent")
    require(
        not new_parent.path.startswith(org.path),
        f"不能把“{org.name}”移到它自己或其下级组织之下（会形成循环）",
        "parent",
    )
    require(new_parent.university_id == org.university_id, "不能跨高校移动组织", "parent")
    _check_parent(org.kind, new_parent)
    old_parent_id = org.parent_id
    old_path = org.path
    new_path = new_parent.path + path_segment(org.pk)
    depth_delta = (len(new_path) - len(old_path)) // len(path_segment(org.pk))
    Organization.objects.subtree_of(org).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1, Length(F("path")))),
        depth=F("depth") + depth_delta,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit_record(
        actor=actor,
        verb="move",
        target=org,
        scope=scope_of(org),
        changes={"parent": [old_parent_id, new_parent.pk], "path": [old_path, new_path]},
    )
    return org


@transaction.atomic
def org_dissolve(*, actor: Any, org: Organization, on: dt.date, reason: str = "") -> Organization:
    """Dissolve an org, keeping its row and history. Refused while it has active sub-orgs or members."""
    if not can_manage_org(actor, org):
        raise NotPermitted("您无权撤销该组织")
    if not org.is_active:
        raise InvalidState("该组织已经撤销")
    require(org.kind != OrgKind.UNIVERSITY_COMMITTEE, "高校党委不能撤销")
    require(not org.children.filter(dissolved_on__isnull=True).exists(), "请先撤销或移走其下级组织")
    require(
        not Membership.objects.filter(org=org, ended_on__isnull=True).exists(),
        "该组织仍有党员（或发展对象等），请先转出后再撤销",
    )
    require(
        not org.established_on or on >= org.established_on,
        "撤销日期不能早于成立日期",
        "dissolved_on",
    )
    Position.objects.filter(org=org, ended_on__isnull=True).update(ended_on=on)
    changes = model_update(org, {"dissolved_on": on, "dissolve_reason": reason})
    org.save(update_fields=["dissolved_on", "dissolve_reason", "updated_at"])
    audit_record(actor=actor, verb="dissolve", target=org, scope=scope_of(org), changes=changes)
    return org
