"""The fixed set of roles and what each may do (CONVENTIONS B5: no per-object permission rows).

Scope is separate from capability: a role assignment names an org (or none, for the province) and the
actor sees that org's subtree. Capabilities say what the actor may do inside that scope.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "省级管理员"
    UNIVERSITY_ADMIN = "university_admin", "高校管理员"
    ORG_SECRETARY = "org_secretary", "组织书记"
    COMMITTEE_MEMBER = "committee_member", "组织委员"
    PARTY_MEMBER = "party_member", "党员"
    REVIEWER = "reviewer", "评审专家"


class Capability(models.TextChoices):
    VIEW_ORG = "view_org", "查看组织"
    MANAGE_ORG = "manage_org", "管理组织架构"
    VIEW_PEOPLE = "view_people", "查看人员"
    MANAGE_PEOPLE = "manage_people", "管理人员与党籍"
    IMPORT = "import", "导入数据"
    VIEW_AUDIT = "view_audit", "查看审计"
    RECORD_LEDGER = "record_ledger", "登记工作台账"
    VIEW_ASSESSMENT = "view_assessment", "查看评估结果"
    ASSESS = "assess", "发起评估计算"
    HANDLE_REQUESTS = "handle_requests", "受理诉求"


_ALL = frozenset(Capability)
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PROVINCE_ADMIN: _ALL,
    Role.UNIVERSITY_ADMIN: _ALL,
    Role.ORG_SECRETARY: frozenset(
        {
            Capability.VIEW_ORG,
            Capability.VIEW_PEOPLE,
            Capability.MANAGE_PEOPLE,
            Capability.MANAGE_ORG,
            Capability.VIEW_AUDIT,
            Capability.RECORD_LEDGER,
            Capability.VIEW_ASSESSMENT,
            Capability.ASSESS,
            Capability.HANDLE_REQUESTS,
        }
    ),
    Role.COMMITTEE_MEMBER: frozenset(
        {
            Capability.VIEW_ORG,
            Capability.VIEW_PEOPLE,
            Capability.MANAGE_PEOPLE,
            Capability.VIEW_AUDIT,
            Capability.RECORD_LEDGER,
            Capability.VIEW_ASSESSMENT,
            Capability.HANDLE_REQUESTS,
        }
    ),
    Role.PARTY_MEMBER: frozenset({Capability.VIEW_ORG}),
    Role.REVIEWER: frozenset(
        {Capability.VIEW_ORG, Capability.VIEW_PEOPLE, Capability.VIEW_ASSESSMENT}
    ),
}


def role_can(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())
