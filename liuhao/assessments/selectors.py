"""Reads of self-assessments and their review chain (issue 7 items 1, 2, 7 "我的评审").

Who reviews is computed from who holds the reviewing office NOW, never stored on the assessment:

- college step: the current leadership (书记、副书记、委员: `Position` with no end date, or an end date
  still ahead) of the college committee above the org, through their linked user accounts;
- university step: the university admins (高校党委组织部) assigned on the university committee;
- province step: the province admins (省委教育工委组织处).

So a new secretary inherits the queue on the day the position is recorded, and the past
`ReviewStep` rows keep the old reviewer's name and office.

Stable selectors for the demonstration-site cycle (liuhao.sites): `assessment_for`,
`effective_checkpoints`, `is_reviewed`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from liuhao.assessments.choices import AssessmentStatus, ReviewLevel
from liuhao.assessments.models import (
    CheckpointScore,
    EvidenceItem,
    SelfAssessment,
    StatusOverride,
)
from liuhao.core.exceptions import NotFound
from liuhao.core.roles import Capability, Role, role_can
from liuhao.orgs.choices import LEADERSHIP_KINDS, OrgKind, PositionKind
from liuhao.orgs.models import Position
from liuhao.orgs.selectors.scope import Scope, scope_for
from liuhao.standards.engine.evaluate import compare
from liuhao.standards.engine.types import STATUS_LABELS, Method, Rule
from liuhao.standards.reports import CheckpointRow, scorecard_build

LEVEL_OFFICE = {
    ReviewLevel.COLLEGE: "院系党委",
    ReviewLevel.UNIVERSITY: "高校党委组织部",
    ReviewLevel.PROVINCE: "省委教育工委",
}


# ---- stable selectors for liuhao.sites ----------------------------------------------------------


def assessment_for(org_id: int, period_code: str) -> SelfAssessment | None:
    """The org's self-assessment of `period_code` (one per org and year), or None. Not scoped:
    callers (the site cycle's services) check the actor first."""
    return (
        SelfAssessment.objects.select_related("org", "run__standard", "result")
        .filter(org_id=org_id, period_code=period_code)
        .first()
    )


def reviewed_q(prefix: str = "") -> Q:
    """`is_reviewed` as a filter, for set-based lists (`prefix` e.g. "assessment__"): accepted, or
    held by the province after the university step (every org but a university committee, whose
    only step is the province, has the university step in its chain)."""
    p = prefix
    return Q(**{f"{p}status": AssessmentStatus.ACCEPTED}) | (
        Q(**{f"{p}status": AssessmentStatus.SUBMITTED, f"{p}current_level": ReviewLevel.PROVINCE})
        & ~Q(**{f"{p}org__kind": OrgKind.UNIVERSITY_COMMITTEE})
    )


def is_reviewed(assessment: SelfAssessment) -> bool:
    """A "reviewed assessment" (审核通过的自评), what a demonstration-site application needs: the
    university step has accepted it and it has not been returned since — it is held by the
    province or accepted by it. For a university committee (whose only step is the province) it
    means accepted by the province."""
    if assessment.status == AssessmentStatus.ACCEPTED:
        return True
    return (
        assessment.status == AssessmentStatus.SUBMITTED
        and assessment.current_level == ReviewLevel.PROVINCE
        and ReviewLevel.UNIVERSITY in (assessment.chain or [])
    )


@dataclass(slots=True)
class EffectiveCheckpoint:
    """One checkpoint of the frozen result with the reviewers' work beside it: the computed
    status (and value, explanation, evidence, late-entry flags) and, when present, the latest
    reviewer score and the latest override (which sets the effective status)."""

    row: CheckpointRow
    criterion: str
    is_review: bool
    computed_status: str
    score: Decimal | None = None
    score_level: str = ""
    score_by: str = ""
    score_comment: str = ""
    override: StatusOverride | None = None
    evidence_items: list[EvidenceItem] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.row.code

    @property
    def computed_label(self) -> str:
        return STATUS_LABELS.get(self.computed_status, self.computed_status)

    # The status the latest score gives under the package's rule ("" when unscored).
    _scored: str = ""

    @property
    def status(self) -> str:
        """Effective: the override, else the status of the reviewer score, else computed."""
        if self.override is not None:
            return self.override.new_status
        return self._scored or self.computed_status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def late_total(self) -> int:
        return self.row.late_total

    @property
    def overridden(self) -> bool:
        return self.override is not None


def effective_checkpoints(assessment: SelfAssessment) -> list[EffectiveCheckpoint]:
    """Every checkpoint of the frozen result, computed beside reviewed (four queries, any size)."""
    result = assessment.result
    if result.run_id != assessment.run_id or not hasattr(result.run, "standard"):
        result = type(result).objects.select_related("run__standard").get(pk=result.pk)
    card = scorecard_build(result)
    rules = card.rules
    rule_of = {cp.code: cp for cp in rules.checkpoints}
    scores = latest_scores(assessment)
    overrides = latest_overrides(assessment)
    evidence: dict[str, list[EvidenceItem]] = {}
    for item in EvidenceItem.objects.filter(assessment=assessment).order_by(
        "checkpoint_code", "key", "-version"
    ):
        evidence.setdefault(item.checkpoint_code, []).append(item)
    out = []
    for dim in card.dimensions:
        for crit in dim.criteria:
            for row in crit.checkpoints:
                rule = rule_of.get(row.code)
                is_review = rule is not None and rule.method == Method.REVIEW
                cp = EffectiveCheckpoint(
                    row=row,
                    criterion=crit.code,
                    is_review=is_review,
                    computed_status=row.status,
                    override=overrides.get(row.code),
                    evidence_items=evidence.get(row.code, []),
                )
                found = scores.get(row.code)
                if found is not None:
                    cp.score = found.score
                    cp.score_level = found.level
                    cp.score_by = found.reviewer_name
                    cp.score_comment = found.comment
                    if rule is not None and row.status != "not_applicable":
                        cp._scored = str(_status_of(float(found.score), rule.rule))
                out.append(cp)
    return out


def _status_of(value: float, rule: Rule) -> str:
    return str(compare(value, rule))


def latest_scores(assessment: SelfAssessment) -> dict[str, CheckpointScore]:
    """The latest score per review checkpoint (a higher step's later score wins)."""
    out: dict[str, CheckpointScore] = {}
    for s in CheckpointScore.objects.filter(assessment=assessment).order_by("scored_at", "pk"):
        out[s.checkpoint_code] = s
    return out


def latest_overrides(assessment: SelfAssessment) -> dict[str, StatusOverride]:
    out: dict[str, StatusOverride] = {}
    for o in StatusOverride.objects.filter(assessment=assessment).order_by("at", "pk"):
        out[o.checkpoint_code] = o
    return out


# ---- who reviews --------------------------------------------------------------------------------


def _office_holder_orgs(actor: Any, today: dt.date) -> dict[int, str]:
    """Org id → office title of the actor's current leadership positions (书记、副书记、委员)."""
    person_id = scope_for(actor).person_id
    if not person_id:
        return {}
    rows = (
        Position.objects.filter(person_id=person_id, kind__in=list(LEADERSHIP_KINDS))
        .filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("org_id", "kind", "org__name")
    )
    out: dict[int, str] = {}
    for org_id, kind, name in rows:
        if org_id not in out or kind == PositionKind.SECRETARY:
            out[org_id] = f"{name}{PositionKind(kind).label}"
    return out


@dataclass(frozen=True, slots=True)
class ReviewerOffices:
    """Where the actor reviews today: colleges (as an office-holder), universities (as their
    organization department), the province."""

    colleges: dict[int, str]
    universities: frozenset[int]
    province: bool

    @property
    def any(self) -> bool:
        return bool(self.colleges or self.universities or self.province)


def reviewer_offices(actor: Any, today: dt.date | None = None) -> ReviewerOffices:
    scope = scope_for(actor)
    today = today or timezone.localdate()
    universities = frozenset(
        g.org_id
        for g in scope.grants
        if g.role == Role.UNIVERSITY_ADMIN and g.org_id is not None and g.org_id == g.university_id
    )
    return ReviewerOffices(
        colleges=_office_holder_orgs(actor, today),
        universities=universities,
        province=scope.is_province,
    )


def _queue_q(offices: ReviewerOffices) -> Q:
    q = Q(pk__in=[])
    if offices.colleges:
        q |= Q(current_level=ReviewLevel.COLLEGE, college_id__in=list(offices.colleges))
    if offices.universities:
        q |= Q(current_level=ReviewLevel.UNIVERSITY, university_id__in=list(offices.universities))
    if offices.province:
        q |= Q(current_level=ReviewLevel.PROVINCE)
    return q


def review_queue(actor: Any, today: dt.date | None = None) -> QuerySet[SelfAssessment]:
    """What waits for the actor's decision now ("我的评审"), oldest submission first."""
    offices = reviewer_offices(actor, today)
    if not offices.any:
        return SelfAssessment.objects.none()
    return (
        SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .filter(_queue_q(offices))
        .select_related("org", "university")
        .order_by("submitted_at", "pk")
    )


def review_counts(actor: Any, today: dt.date | None = None) -> dict[str, int]:
    """Waiting assessments per level, for the "我的评审" page and the notification provider."""
    counts = Counter(review_queue(actor, today).values_list("current_level", flat=True))
    return {level: counts.get(level, 0) for level in ReviewLevel.values if level in counts}


def reviewer_office_at(
    actor: Any, assessment: SelfAssessment, today: dt.date | None = None
) -> str | None:
    """The office under which the actor may decide on `assessment` at its current level now,
    or None (a different level, or not an office-holder there)."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        return None
    offices = reviewer_offices(actor, today)
    level = assessment.current_level
    if level == ReviewLevel.COLLEGE and assessment.college_id in offices.colleges:
        return offices.colleges[assessment.college_id]
    if level == ReviewLevel.UNIVERSITY and assessment.university_id in offices.universities:
        return f"{assessment.university.name}组织部"
    if level == ReviewLevel.PROVINCE and offices.province:
        return LEVEL_OFFICE[ReviewLevel.PROVINCE]
    return None


def reviewers_of(assessment: SelfAssessment, today: dt.date | None = None) -> list[Any]:
    """The users who hold the office of the assessment's current step today (one query): whom
    a review due is announced to."""
    today = today or timezone.localdate()
    users = get_user_model().objects.filter(is_active=True)
    level = assessment.current_level
    if level == ReviewLevel.COLLEGE and assessment.college_id:
        users = users.filter(
            Q(person__positions__ended_on__isnull=True) | Q(person__positions__ended_on__gte=today),
            person__positions__org_id=assessment.college_id,
            person__positions__kind__in=list(LEADERSHIP_KINDS),
            person__positions__started_on__lte=today,
        )
    elif level == ReviewLevel.UNIVERSITY:
        users = users.filter(
            role_assignments__role=Role.UNIVERSITY_ADMIN,
            role_assignments__org_id=assessment.university_id,
        )
    elif level == ReviewLevel.PROVINCE:
        users = users.filter(role_assignments__role=Role.PROVINCE_ADMIN)
    else:
        return []
    return list(users.distinct().order_by("pk"))


def org_editors(assessment: SelfAssessment) -> list[Any]:
    """The org's own people who fill and submit its self-assessment (roles assigned on the org
    itself: secretary, committee members) and whoever submitted it: whom a return or the final
    decision is announced to."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(
                role_assignments__org_id=assessment.org_id,
                role_assignments__role__in=[Role.ORG_SECRETARY, Role.COMMITTEE_MEMBER],
            )
            | Q(pk=assessment.submitted_by_id or 0)
        )
        .distinct()
        .order_by("pk")
    )


# ---- visibility ---------------------------------------------------------------------------------


def assessments_visible(actor: Any) -> QuerySet[SelfAssessment]:
    """Assessments the actor may open: those of orgs where the actor may view assessments (its
    subtrees), plus those its current offices review (an office-holder of a college without a
    role assignment still sees its queue)."""
    scope = scope_for(actor)
    viewing = Scope(
        user_id=scope.user_id,
        grants=tuple(g for g in scope.grants if role_can(g.role, Capability.VIEW_ASSESSMENT)),
    )
    if viewing.is_province:
        return SelfAssessment.objects.all()
    q = viewing.q("org_path") if viewing.grants else Q(pk__in=[])
    offices = reviewer_offices(actor)
    if offices.colleges:
        q |= Q(college_id__in=list(offices.colleges))
    return SelfAssessment.objects.filter(q)


def assessment_get(actor: Any, pk: int) -> SelfAssessment:
    """One assessment the actor may see (Chinese NotFound — 404 — otherwise)."""
    found = (
        assessments_visible(actor)
        .select_related("org", "university", "run__standard", "result", "college")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("未找到该自评，或您无权查看")
    return found


def evidence_get(actor: Any, pk: int) -> EvidenceItem:
    """One evidence item of an assessment the actor may see (404 otherwise)."""
    found = (
        EvidenceItem.objects.filter(pk=pk, assessment__in=assessments_visible(actor))
        .exclude(file="")
        .first()
    )
    if found is None:
        raise NotFound("未找到该材料，或您无权查看")
    return found


def assessment_list(actor: Any, org_ids: Iterable[int] | None = None) -> QuerySet[SelfAssessment]:
    qs = assessments_visible(actor).select_related("org")
    if org_ids is not None:
        qs = qs.filter(org_id__in=list(org_ids))
    return qs.order_by("-period_code", "org_path")
