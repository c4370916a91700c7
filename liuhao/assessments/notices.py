"""What the review chain tells people (issue 7 item 6): notifications on submit, accept and return
through `liuhao.notifications.notify`, and the "what waits for me" provider (reviews due at the
actor's current offices, assessments returned to the actor's own org) registered from `ready()`.

Recipients follow the offices held now (`selectors.reviewers_of`), like the queue itself.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from liuhao.assessments.choices import AssessmentStatus, Decision, ReviewLevel
from liuhao.assessments.models import SelfAssessment
from liuhao.assessments.selectors import org_editors, review_counts, reviewers_of
from liuhao.core.roles import Role
from liuhao.notifications.services import notify
from liuhao.notifications.waiting import WaitingItem
from liuhao.orgs.models import RoleAssignment

RETURNED_SHOWN = 10
SUBMIT = "submit"


def announce(assessment: SelfAssessment, event: str) -> None:
    """Notify inside the caller's transaction (rows now, e-mails after the commit)."""
    a = assessment
    url = reverse("assessments:assessment-detail", args=[a.pk])
    what = f"{a.org.name} {a.period_code} 学年自评"
    if event in (SUBMIT, Decision.ACCEPT) and a.status == AssessmentStatus.SUBMITTED:
        notify(
            reviewers_of(a),
            kind="review",
            title=f"{what}待您审核（{a.get_current_level_display()}）",
            url=url,
            org=a.org,
        )
    if event == Decision.ACCEPT:
        done = "已通过全部审核" if a.status == AssessmentStatus.ACCEPTED else "已通过一级审核"
        notify(
            org_editors(a),
            kind="decision",
            title=f"{what}{done}",
            body=f"当前状态：{a.get_status_display()}",
            url=url,
            org=a.org,
        )
    elif event == Decision.RETURN:
        notify(
            org_editors(a),
            kind="return",
            title=f"{what}被退回，请修改后重新提交",
            body=a.return_reason,
            url=url,
            org=a.org,
        )


def waiting(user: Any) -> list[WaitingItem]:
    """Reviews due at each of the user's levels (one item with the count) and the assessments
    returned to the orgs the user fills for (three queries)."""
    items = [
        WaitingItem(
            kind="review",
            title=f"{ReviewLevel(level).label}待审核的自评",
            url=reverse("assessments:my-reviews"),
            count=count,
        )
        for level, count in review_counts(user).items()
    ]
    own = RoleAssignment.objects.filter(
        user=user, role__in=[Role.ORG_SECRETARY, Role.COMMITTEE_MEMBER]
    ).values("org_id")
    returned = (
        SelfAssessment.objects.filter(status=AssessmentStatus.RETURNED, org_id__in=own)
        .select_related("org")
        .order_by("-updated_at")[:RETURNED_SHOWN]
    )
    items.extend(
        WaitingItem(
            kind="return",
            title=f"{a.org.name} {a.period_code} 学年自评被退回：{a.return_reason}"[:200],
            url=reverse("assessments:assessment-detail", args=[a.pk]),
        )
        for a in returned
    )
    return items
