"""Helpers shared by the self-assessment and review services (issue 7 items 1, 2)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from liuhao.assessments.choices import EDITABLE
from liuhao.assessments.models import SelfAssessment
from liuhao.assessments.selectors import assessments_visible
from liuhao.core.audit import AuditScope, audit_record, diff, snapshot
from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted
from liuhao.core.roles import Capability
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import scope_for
from liuhao.standards.models import OrgResult

FROZEN_MESSAGE = "已提交，不能修改"


def audit_scope(assessment: SelfAssessment) -> AuditScope:
    return AuditScope(
        org_id=assessment.org_id,
        org_path=assessment.org_path,
        university_id=assessment.university_id,
    )


def audit_change(
    actor: Any, assessment: SelfAssessment, before: dict[str, Any], **events: Any
) -> None:
    """Audit an update of the assessment: the fields snapshotted in `before` that changed, as
    [before, after], and each of `events` as [None, value] (a decision, its reason …)."""
    changes: dict[str, Any] = diff(before, snapshot(assessment, before))
    changes.update({name: [None, value] for name, value in events.items()})
    audit_record(
        actor=actor,
        verb="update",
        target=assessment,
        scope=audit_scope(assessment),
        changes=changes,
    )


def actor_name(actor: Any) -> str:
    """The name shown on history rows: the person's name, else the account's name."""
    if actor is None:
        return "系统"
    name = getattr(actor, "display_name", "") or getattr(actor, "username", "") or ""
    return str(name)[:150]


def check_org_access(actor: Any, org: Organization, capability: str, message: str) -> None:
    """404 outside the actor's subtrees, 403 inside them without `capability`."""
    scope = scope_for(actor)
    if not scope.covers(org.path):
        raise NotFound("未找到该组织，或您无权查看")
    if not scope.can(capability, org):
        raise NotPermitted(message)


def check_editable(actor: Any, assessment: SelfAssessment) -> None:
    """The org's side may write (narratives, evidence): the actor records for the org
    (Capability.RECORD_LEDGER) and the assessment is a draft or returned."""
    if not assessments_visible(actor).filter(pk=assessment.pk).exists():
        raise NotFound("未找到该自评，或您无权查看")
    if not scope_for(actor).can(Capability.RECORD_LEDGER, assessment.org):
        raise NotPermitted("您无权填写该组织的自评")
    if assessment.status not in EDITABLE:
        raise InvalidState(FROZEN_MESSAGE, extra={"fields": {"status": [FROZEN_MESSAGE]}})


def lock(assessment: SelfAssessment) -> SelfAssessment:
    """Re-read the row under a lock (select_for_update; SQLite's IMMEDIATE transactions serialise
    writers anyway) so two concurrent decisions cannot both apply."""
    return (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("org", "university", "run__standard", "result", "college")
        .get(pk=assessment.pk)
    )


def result_digest(result: OrgResult) -> str:
    """sha256 of what the reviewers read of the frozen result."""
    payload = {
        "run": result.run_id,
        "org": result.org_id,
        "score": result.score,
        "band": result.band,
        "verdict": result.verdict,
        "dimensions": result.dimensions,
        "criteria": result.criteria,
        "checkpoints": result.checkpoints,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()
