"""What waits for the actor in the demonstration-site cycle (issue 7 item 6), registered with
liuhao.notifications from SitesConfig.ready(). Computed live with a constant number of queries:

- applying: reviewed self-assessments of orgs the actor may apply for, not yet applied, before the
  apply deadline of an open cycle;
- recommending: the university officer's applications still to rank, before the recommend deadline;
- experts: assignments not yet scored, due at the review deadline;
- the province: recommended applications to decide, a notice that has ended (name the sites),
  re-check proposals to confirm;
- re-check warnings of named sites in the actor's scope.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from liuhao.assessments.choices import AssessmentStatus, ReviewLevel
from liuhao.assessments.models import SelfAssessment
from liuhao.core.roles import Capability, role_can
from liuhao.notifications.waiting import WaitingItem
from liuhao.orgs.selectors.scope import Scope, scope_for
from liuhao.sites.choices import ApplicationStatus, CycleStatus, SiteStatus
from liuhao.sites.models import Application, ExpertAssignment, Notice, Recheck, Site
from liuhao.sites.permissions import officer_universities
from liuhao.sites.selectors import open_cycles

A = ApplicationStatus


def _apply_items(scope: Scope, today: Any) -> list[WaitingItem]:
    assess = Scope(
        user_id=scope.user_id,
        grants=tuple(g for g in scope.grants if role_can(g.role, Capability.ASSESS)),
    )
    if not assess.grants or assess.is_province:
        return []
    items = []
    for cycle in open_cycles():
        if cycle.apply_deadline < today:
            continue
        ready = (
            SelfAssessment.objects.filter(assess.q("org_path"), period_code=cycle.period_code)
            .filter(org__kind__in=cycle.eligible_levels)
            .exclude(org_id__in=Application.objects.filter(cycle=cycle).values("org_id"))
            .filter(Q(status=AssessmentStatus.ACCEPTED) | Q(current_level=ReviewLevel.PROVINCE))
            .count()
        )
        if ready:
            items.append(
                WaitingItem(
                    kind="deadline",
                    title=f"{ready} 个组织的自评已审核通过，可申报{cycle.title}",
                    url=reverse("sites:application-new", args=[cycle.pk]),
                    due=cycle.apply_deadline,
                    count=ready,
                )
            )
    return items


def waiting(user: Any) -> list[WaitingItem]:
    """Every item of the site cycle waiting for `user`."""
    scope = scope_for(user)
    today = timezone.localdate()
    items = _apply_items(scope, today)
    universities = officer_universities(user)
    if universities is None or universities:
        to_rank = Application.objects.filter(
            status=A.APPLIED,
            cycle__status=CycleStatus.OPEN,
            cycle__recommend_deadline__gte=today,
        )
        if universities is not None:
            to_rank = to_rank.filter(university_id__in=list(universities))
        for row in to_rank.values(
            "cycle_id", "university_id", "cycle__recommend_deadline"
        ).annotate(n=Count("id")):
            items.append(
                WaitingItem(
                    kind="deadline",
                    title=f"{row['n']} 个示范点申报待推荐排序",
                    url=reverse("sites:recommend", args=[row["cycle_id"], row["university_id"]]),
                    due=row["cycle__recommend_deadline"],
                    count=row["n"],
                )
            )
    for a in ExpertAssignment.objects.filter(
        expert_id=user.pk, submitted_at__isnull=True, application__status=A.RECOMMENDED
    ).select_related("application__org", "application__cycle"):
        items.append(
            WaitingItem(
                kind="review",
                title=f"评审示范点申报：{a.application.org.name}",
                url=reverse("sites:assignment-score", args=[a.pk]),
                due=a.application.cycle.review_deadline,
            )
        )
    if scope.is_province:
        items.extend(_province_items(today))
    warned = Site.objects.filter(status=SiteStatus.WARNED).select_related("org")
    if not scope.is_province:
        warned = warned.filter(scope.q("org_path")) if scope.grants else warned.none()
    items.extend(
        WaitingItem(
            kind="warning",
            title=f"示范点复核警告：{s.org.name}",
            url=reverse("sites:recheck"),
        )
        for s in warned[:20]
    )
    return items


def _province_items(today: Any) -> list[WaitingItem]:
    items = []
    for row in (
        Application.objects.filter(status=A.RECOMMENDED, cycle__status=CycleStatus.OPEN)
        .values("cycle_id", "cycle__decide_deadline")
        .annotate(n=Count("id"))
    ):
        items.append(
            WaitingItem(
                kind="review",
                title=f"{row['n']} 个推荐的示范点申报待审定",
                url=reverse("sites:cycle-board", args=[row["cycle_id"]]),
                due=row["cycle__decide_deadline"],
                count=row["n"],
            )
        )
    for notice in Notice.objects.filter(cycle__status=CycleStatus.OPEN, ends_on__lt=today):
        items.append(
            WaitingItem(
                kind="deadline",
                title="示范点公示已结束，待命名",
                url=reverse("sites:notice", args=[notice.cycle_id]),
                due=notice.ends_on,
            )
        )
    for row in (
        Recheck.objects.filter(confirmed_at__isnull=True)
        .values("period_code")
        .annotate(n=Count("id"))
    ):
        items.append(
            WaitingItem(
                kind="warning",
                title=f"{row['period_code']} 学年 {row['n']} 个示范点复核结果待确认",
                url=f"{reverse('sites:recheck')}?year={row['period_code']}",
                count=row["n"],
            )
        )
    return items
