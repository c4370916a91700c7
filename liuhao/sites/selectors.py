"""Reads of the demonstration-site cycle, scoped to the actor (issue 7 items 3, 4, 7).

- officers and office-holders see the applications of their subtrees (Capability.VIEW_ASSESSMENT);
  an expert also sees the applications assigned to them; the province sees all;
- the cycle board aggregates per university in a fixed number of grouped queries;
- the public list and the current notice need no log-in (DESIGN §1: only what is public).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from liuhao.core.exceptions import NotFound, NotPermitted
from liuhao.core.roles import Capability, role_can
from liuhao.orgs.models import Organization
from liuhao.orgs.selectors.scope import Scope, scope_for
from liuhao.sites.choices import ApplicationStatus, CycleStatus, SiteStatus
from liuhao.sites.models import (
    RANK,
    Application,
    Cycle,
    ExpertAssignment,
    Notice,
    Quota,
    Recheck,
    Site,
)
from liuhao.sites.permissions import officer_universities
from liuhao.sites.rules import sites_rules

A = ApplicationStatus


def _viewing(actor: Any) -> Scope:
    scope = scope_for(actor)
    return Scope(
        user_id=scope.user_id,
        grants=tuple(g for g in scope.grants if role_can(g.role, Capability.VIEW_ASSESSMENT)),
    )


def can_view_cycle(actor: Any) -> bool:
    """Officers, office-holders who may view assessments, and experts see the cycle pages."""
    return (
        bool(_viewing(actor).grants)
        or ExpertAssignment.objects.filter(expert_id=getattr(actor, "pk", None)).exists()
    )


def applications_visible(actor: Any) -> QuerySet[Application]:
    viewing = _viewing(actor)
    if viewing.is_province:
        return Application.objects.all()
    q = viewing.q("org_path") if viewing.grants else Q(pk__in=[])
    if getattr(actor, "pk", None):
        q |= Q(assignments__expert_id=actor.pk)
    return Application.objects.filter(q).distinct()


def cycle_list(actor: Any) -> QuerySet[Cycle]:
    """Every cycle (titles and deadlines are public); the boards are scoped."""
    return Cycle.objects.all()


def cycle_get(actor: Any, pk: int) -> Cycle:
    if not can_view_cycle(actor):
        raise NotPermitted("您无权查看示范点评选")
    cycle = Cycle.objects.filter(pk=pk).first()
    if cycle is None:
        raise NotFound("未找到该示范点评选")
    return cycle


def application_get(actor: Any, pk: int) -> Application:
    found = (
        applications_visible(actor)
        .select_related("org", "university", "cycle", "result__run__standard", "assessment")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("未找到该申报，或您无权查看")
    return found


@dataclass
class UniversityRow:
    """One university on the cycle board: quota use and applications by status."""

    university: Organization
    quota_id: int
    eligible: int
    quota: int
    overridden: bool
    by_status: dict[str, int] = field(default_factory=dict)
    recommended: int = 0

    @property
    def applied(self) -> int:
        return sum(self.by_status.values())

    @property
    def over_quota(self) -> bool:
        return self.recommended > self.quota


@dataclass
class Board:
    cycle: Cycle
    universities: list[UniversityRow]
    applications: list[Application]
    status_totals: dict[str, int]
    experts_total: int
    experts_done: int
    progress: dict[int, tuple[int, int]]  # application id → (assignments, submitted)
    notice: Notice | None


def board(actor: Any, cycle: Cycle) -> Board:
    """The cycle board: per university (in the actor's scope) quota, applications by status, and
    expert progress per application (five queries for any size)."""
    apps_qs = applications_visible(actor).filter(cycle=cycle)
    universities = officer_universities(actor)
    quotas = Quota.objects.filter(cycle=cycle).select_related("university")
    if not scope_for(actor).is_province:
        visible_universities = set(apps_qs.values_list("university_id", flat=True))
        visible_universities |= set(universities or ())
        visible_universities |= {g.university_id for g in _viewing(actor).grants if g.university_id}
        quotas = quotas.filter(university_id__in=visible_universities)
    counts = apps_qs.values("university_id", "status").annotate(n=Count("id"))
    rows = {
        q.university_id: UniversityRow(q.university, q.pk, q.eligible_count, q.quota, q.overridden)
        for q in quotas.order_by("university__path")
    }
    totals: Counter[str] = Counter()
    for c in counts:
        row = rows.get(c["university_id"])
        totals[c["status"]] += c["n"]
        if row is not None:
            row.by_status[c["status"]] = c["n"]
            if c["status"] in (A.RECOMMENDED, A.APPROVED, A.NAMED, A.REJECTED):
                row.recommended += c["n"]
    apps = list(
        apps_qs.select_related("org", "university").order_by("university__path", RANK, "org_path")
    )
    progress: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for a in (
        ExpertAssignment.objects.filter(application__in=[x.pk for x in apps])
        .values("application_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(submitted_at__isnull=False)))
    ):
        progress[a["application_id"]] = (a["n"], a["done"])
    return Board(
        cycle=cycle,
        universities=list(rows.values()),
        applications=apps,
        status_totals=dict(totals),
        experts_total=sum(n for n, _ in progress.values()),
        experts_done=sum(d for _, d in progress.values()),
        progress=dict(progress),
        notice=Notice.objects.filter(cycle=cycle).first(),
    )


def my_assignments(actor: Any) -> QuerySet[ExpertAssignment]:
    """我的评审 (experts): assignments waiting first, then the submitted ones."""
    return (
        ExpertAssignment.objects.filter(expert_id=getattr(actor, "pk", None))
        .select_related("application__org", "application__cycle", "application__university")
        .order_by("submitted_at", "application__cycle__review_deadline", "pk")
    )


def assignment_get(actor: Any, pk: int) -> ExpertAssignment:
    """An assignment the actor may open: the expert's own or any visible application's."""
    found = (
        ExpertAssignment.objects.select_related(
            "application__org", "application__cycle", "application__result__run__standard"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not (
        found.expert_id == getattr(actor, "pk", None)
        or applications_visible(actor).filter(pk=found.application_id).exists()
    ):
        raise NotFound("未找到该评审任务，或您无权查看")
    return found


def recheck_list(actor: Any, period_code: str) -> QuerySet[Recheck]:
    rows = Recheck.objects.filter(period_code=period_code).select_related(
        "site__org", "site__university", "site__cycle"
    )
    scope = _viewing(actor)
    if not scope.is_province:
        if not scope.grants:
            raise NotPermitted("您无权查看示范点复核")
        rows = rows.filter(scope.q("site__org_path"))
    return rows.order_by("site__org_path")


def site_history(actor: Any) -> QuerySet[Site]:
    """Every named site in scope, revoked ones included (officers see the whole history)."""
    scope = _viewing(actor)
    if not scope.is_province and not scope.grants:
        raise NotPermitted("您无权查看示范点")
    qs = Site.objects.select_related("org", "university", "cycle")
    return qs if scope.is_province else qs.filter(scope.q("org_path"))


OPEN_CYCLES_KEY = "sites:open-cycles"
OPEN_CYCLES_SECONDS = 300


def open_cycles() -> list[Cycle]:
    """The open cycles, cached (every page view asks for them through the badge and the waiting
    list); `open_cycles_changed()` is called by the services that open or close one."""
    cached = cache.get(OPEN_CYCLES_KEY)
    if cached is None:
        cached = list(Cycle.objects.filter(status=CycleStatus.OPEN))
        cache.set(OPEN_CYCLES_KEY, cached, OPEN_CYCLES_SECONDS)
    return list(cached)


def open_cycles_changed() -> None:
    """Forget the cached open cycles once the caller's transaction commits."""
    transaction.on_commit(lambda: cache.delete(OPEN_CYCLES_KEY), robust=True)


# ---- public (no log-in) --------------------------------------------------------------------------


def public_sites() -> QuerySet[Site]:
    """The plaque list (名单): named sites not revoked, by cycle and university."""
    return (
        Site.objects.exclude(status=SiteStatus.REVOKED)
        .select_related("org", "university", "cycle")
        .order_by("-cycle__period_code", "university__path", "org_path")
    )


def public_notices(today: dt.date) -> QuerySet[Notice]:
    """Notices running today or ended within the YAML's listing window, newest first."""
    days = sites_rules().notice.listed_days_after_end
    return (
        Notice.objects.filter(starts_on__lte=today, ends_on__gte=today - dt.timedelta(days=days))
        .select_related("cycle")
        .order_by("-starts_on")
    )


def public_notice_get(pk: int, today: dt.date) -> tuple[Notice, list[Application]]:
    notice = Notice.objects.select_related("cycle").filter(pk=pk, starts_on__lte=today).first()
    if notice is None:
        raise NotFound("未找到该公示")
    apps = list(
        Application.objects.filter(cycle_id=notice.cycle_id)
        .filter(Q(status__in=[A.APPROVED, A.NAMED]) | Q(objections__notice=notice))
        .distinct()
        .select_related("org", "university")
        .order_by("university__path", RANK)
    )
    return notice, apps


def site_status_of(org_id: int) -> Site | None:
    """The org's current named site (not revoked), latest first — one query (portal hook)."""
    return (
        Site.objects.exclude(status=SiteStatus.REVOKED)
        .filter(org_id=org_id)
        .select_related("cycle")
        .order_by("-named_on")
        .first()
    )
