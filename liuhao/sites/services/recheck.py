"""The yearly re-check (复核) of every named site (issue 7 item 4).

`recheck_compute` proposes an outcome for every site not revoked, named in an earlier cycle, from
the year's latest finished assessment run, set-based (a fixed number of queries for any number of
sites). The rule is the YAML's (data/sites-rules.yaml `recheck`): revoke when the satisfaction
checkpoint's value is below the minimum (the seed's 90%, C18.1); warn when the site is not 六好
(the OrgResult verdict, or no result that year); revoke on the warning that makes `revoke_after_warnings`
in a row. A province officer confirms: only then the sites change (warned, revoked — a revoked site
leaves the public list; its cycle, notice and re-checks stay).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from liuhao.accounts.models import User
from liuhao.core.audit import model_update
from liuhao.notifications.services import Message, notify_each
from liuhao.orgs.services.common import require
from liuhao.sites.choices import RecheckOutcome, SiteStatus
from liuhao.sites.models import Recheck, Site
from liuhao.sites.rules import RecheckRule, sites_rules
from liuhao.sites.services.common import audit_many, path_scope, require_province
from liuhao.sites.services.cycle import _check_period
from liuhao.standards.models import AssessmentRun, OrgResult

R = RecheckOutcome


@dataclass(frozen=True, slots=True)
class RecheckSummary:
    period_code: str
    keep: int
    warn: int
    revoke: int
    confirmed: int  # already confirmed earlier, left as they were


def _satisfaction(checkpoints: list[dict[str, Any]], code: str) -> float | None:
    for cp in checkpoints:
        if cp.get("code") == code:
            value = cp.get("value")
            return float(value) if isinstance(value, int | float) else None
    return None


def decide(
    rule: RecheckRule, verdict: bool | None, satisfaction: float | None, warnings_before: int
) -> tuple[str, str]:
    """The outcome and its Chinese reason from the year's figures (pure; the YAML rule)."""
    if satisfaction is not None and satisfaction < rule.satisfaction_min:
        return R.REVOKE, (
            f"满意度 {satisfaction:.0%} 低于 {rule.satisfaction_min:.0%}（{rule.satisfaction_checkpoint}）"
        )
    if rule.warn_when_not_verdict and not verdict:
        why = "本学年评估运行中没有该组织的结果" if verdict is None else "本学年评估未达到“六好”"
        warnings = warnings_before + 1
        if warnings >= rule.revoke_after_warnings:
            return R.REVOKE, f"{why}，连续 {warnings} 次警告"
        return R.WARN, why
    return R.KEEP, "本学年评估达到“六好”"


def _warnings_in_a_row(site_ids: list[int], period_code: str) -> dict[int, int]:
    """Per site, the confirmed warnings immediately before `period_code` (one query)."""
    rows = (
        Recheck.objects.filter(
            site_id__in=site_ids, period_code__lt=period_code, confirmed_at__isnull=False
        )
        .order_by("site_id", "-period_code")
        .values_list("site_id", "outcome")
    )
    out: dict[int, int] = dict.fromkeys(site_ids, 0)
    stopped: set[int] = set()
    for site_id, outcome in rows:
        if site_id in stopped:
            continue
        if outcome == R.WARN:
            out[site_id] += 1
        else:
            stopped.add(site_id)
    return out


def _latest_results(org_ids: list[int], period_code: str) -> dict[int, OrgResult]:
    """Each org's result in the latest finished year run of `period_code` (one query)."""
    rows = (
        OrgResult.objects.filter(
            org_id__in=org_ids,
            run__period_code=period_code,
            run__status=AssessmentRun.Status.DONE,
        )
        .only("id", "org_id", "run_id", "verdict", "checkpoints")
        .order_by("org_id", "-run__started_at", "-run_id")
    )
    out: dict[int, OrgResult] = {}
    for row in rows:
        out.setdefault(row.org_id, row)
    return out


@transaction.atomic
def recheck_compute(*, actor: Any, period_code: str) -> RecheckSummary:
    """Propose the year's outcome for every site not revoked (unconfirmed proposals are replaced;
    confirmed ones stay). `actor` None is the system (the management command)."""
    if actor is not None:
        require_province(actor, "发起示范点复核")
    _check_period(period_code)
    rule = sites_rules().recheck
    sites = list(
        Site.objects.exclude(status=SiteStatus.REVOKED).filter(cycle__period_code__lt=period_code)
    )
    ids = [s.pk for s in sites]
    confirmed = set(
        Recheck.objects.filter(
            site_id__in=ids, period_code=period_code, confirmed_at__isnull=False
        ).values_list("site_id", flat=True)
    )
    todo = [s for s in sites if s.pk not in confirmed]
    results = _latest_results([s.org_id for s in todo], period_code)
    before = _warnings_in_a_row([s.pk for s in todo], period_code)
    Recheck.objects.filter(
        site_id__in=[s.pk for s in todo], period_code=period_code, confirmed_at__isnull=True
    ).delete()
    rows = []
    counts: dict[str, int] = {R.KEEP: 0, R.WARN: 0, R.REVOKE: 0}
    for site in todo:
        result = results.get(site.org_id)
        verdict = result.verdict if result else None
        satisfaction = (
            _satisfaction(result.checkpoints, rule.satisfaction_checkpoint) if result else None
        )
        outcome, reason = decide(rule, verdict, satisfaction, before[site.pk])
        counts[outcome] += 1
        rows.append(
            Recheck(
                site=site,
                period_code=period_code,
                result=result,
                verdict=verdict,
                satisfaction=satisfaction,
                outcome=outcome,
                reason=reason,
            )
        )
    created = Recheck.objects.bulk_create(rows)
    site_of = {s.pk: s for s in todo}
    audit_many(
        actor,
        "create",
        [
            (
                r,
                path_scope(
                    site_of[r.site_id].org_id,
                    site_of[r.site_id].org_path,
                    site_of[r.site_id].university_id,
                ),
                {"period_code": [None, period_code], "outcome": [None, r.outcome]},
            )
            for r in created
        ],
    )
    return RecheckSummary(
        period_code, counts[R.KEEP], counts[R.WARN], counts[R.REVOKE], len(confirmed)
    )


@transaction.atomic
def recheck_confirm(*, actor: Any, period_code: str, today: dt.date) -> list[Recheck]:
    """A province officer confirms the year's proposed outcomes: sites are kept, warned or revoked
    (revoked on `today`, leaving the public list)."""
    require_province(actor, "确认示范点复核结果")
    rows = list(
        Recheck.objects.select_related("site__org")
        .select_for_update()
        .filter(period_code=period_code, confirmed_at__isnull=True)
    )
    require(bool(rows), f"{period_code} 学年没有待确认的复核结果", "period_code")
    now = timezone.now()
    status_for = {
        R.KEEP: SiteStatus.ACTIVE,
        R.WARN: SiteStatus.WARNED,
        R.REVOKE: SiteStatus.REVOKED,
    }
    audits = []
    sites = []
    for r in rows:
        r.confirmed_at, r.confirmed_by = now, actor
        site = r.site
        values: dict[str, Any] = {"status": status_for[R(r.outcome)]}
        if r.outcome == R.REVOKE:
            values["revoked_on"] = today
        changes = model_update(site, values)
        sites.append(site)
        audits.append(
            (
                r,
                path_scope(site.org_id, site.org_path, site.university_id),
                {"confirmed": [False, True], **changes},
            )
        )
    Recheck.objects.bulk_update(rows, ["confirmed_at", "confirmed_by"])
    Site.objects.bulk_update(sites, ["status", "revoked_on"])
    audit_many(actor, "update", audits)
    _notify_outcomes(rows, period_code)
    return rows


def _notify_outcomes(rows: list[Recheck], period_code: str) -> None:
    """Tell each warned or revoked site's applicant (two queries, one insert)."""
    hit = [r for r in rows if r.outcome != R.KEEP]
    applicants = dict(
        Site.objects.filter(pk__in=[r.site_id for r in hit]).values_list(
            "pk", "application__applied_by_id"
        )
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=set(applicants.values()))}
    url = reverse("sites:recheck") + f"?year={period_code}"
    notify_each(
        Message(
            recipient=users.get(applicants.get(r.site_id) or 0),
            kind="warning",
            title=f"{period_code} 学年示范点复核：{r.site.org}{RecheckOutcome(r.outcome).label}",
            body=r.reason,
            url=url,
            org=r.site.org,
        )
        for r in hit
    )
