"""The demonstration-site cycle's writes (issue 7 item 3): open a cycle with quotas, apply,
recommend and rank within the quota, assign experts (conflict of interest excluded), score.

Every write is atomic, checks the actor, refuses bad input with a Chinese message naming the field
(`ValidationFailed`) before storing anything, and is audited. Deadlines, quota share, expert kinds
and the conflict rule come from data/sites-rules.yaml (liuhao.sites.rules).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from liuhao.assessments.selectors import assessment_for, is_reviewed
from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.notifications.services import notify
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.services.common import require
from liuhao.sites.choices import ApplicationStatus, CycleStatus, SiteStatus
from liuhao.sites.models import Application, Cycle, ExpertAssignment, ExpertScore, Quota, Site
from liuhao.sites.permissions import can_apply, can_recommend, expert_universities, is_expert
from liuhao.sites.rules import sites_rules
from liuhao.sites.selectors import open_cycles_changed
from liuhao.sites.services.common import (
    PROVINCE_SCOPE,
    audit_many,
    day,
    org_scope,
    path_scope,
    require_by,
    require_province,
)
from liuhao.standards.engine.types import Method
from liuhao.standards.services.rules import rules_for

A = ApplicationStatus
YEAR = re.compile(r"^(\d{4})-(\d{4})$")
LEVEL_LABELS = {k.value: k.label for k in OrgKind if k != OrgKind.GROUP}
DEADLINES = (
    ("apply_deadline", "申报截止"),
    ("recommend_deadline", "推荐截止"),
    ("review_deadline", "评审截止"),
    ("decide_deadline", "审定截止"),
)


def default_deadlines(opened_on: dt.date) -> dict[str, dt.date]:
    """The YAML's default deadline offsets (calendar days after opening)."""
    d = sites_rules().deadlines
    offsets = {
        "apply_deadline": d.apply,
        "recommend_deadline": d.recommend,
        "review_deadline": d.review,
        "decide_deadline": d.decide,
    }
    return {k: opened_on + dt.timedelta(days=v) for k, v in offsets.items()}


def eligible_counts(levels: Sequence[str]) -> dict[int, int]:
    """Active orgs of the eligible levels per university, from one grouped query."""
    rows = (
        Organization.objects.active()
        .filter(kind__in=list(levels), university__isnull=False)
        .values("university_id")
        .annotate(n=Count("id"))
    )
    return {r["university_id"]: r["n"] for r in rows}


def _check_period(period_code: str) -> None:
    match = YEAR.match(period_code or "")
    require(
        bool(match) and int(match.group(2)) == int(match.group(1)) + 1,  # type: ignore[union-attr]
        "评选学年应为“2025-2026”这样的相邻两个年份",
        "period_code",
    )


@transaction.atomic
def cycle_open(
    *,
    actor: Any,
    period_code: str,
    title: str,
    opened_on: dt.date,
    eligible_levels: Sequence[str] | None = None,
    deadlines: Mapping[str, dt.date] | None = None,
    quota_overrides: Mapping[int, int] | None = None,
) -> Cycle:
    """The province opens a cycle: quotas per university are the YAML share of each university's
    eligible orgs (rounded as the YAML says), unless overridden here (issue 7 item 3)."""
    require_province(actor, "开启示范点评选")
    _check_period(period_code)
    require(bool((title or "").strip()), "请填写评选名称", "title")
    require(
        not Cycle.objects.filter(period_code=period_code).exists(),
        f"{period_code} 学年的示范点评选已经开启",
        "period_code",
    )
    levels = list(eligible_levels or sites_rules().eligible_levels)
    require(
        bool(levels) and all(lv in LEVEL_LABELS for lv in levels),
        "可申报层级只能是院系党委、党总支、党支部或高校党委",
        "eligible_levels",
    )
    dates = {**default_deadlines(opened_on), **(deadlines or {})}
    _check_deadlines(opened_on, dates)
    counts = eligible_counts(levels)
    overrides = dict(quota_overrides or {})
    for university_id, value in overrides.items():
        require(university_id in counts, "名额调整中的高校没有可申报组织", "quota")
        require(
            0 <= value <= counts[university_id],
            f"名额应在 0 至 {counts[university_id]}（可申报组织数）之间",
            "quota",
        )
    cycle = Cycle.objects.create(
        period_code=period_code,
        title=title.strip(),
        eligible_levels=levels,
        opened_on=opened_on,
        opened_by=actor,
        **dates,
    )
    rule = sites_rules().quota
    quotas = [
        Quota(
            cycle=cycle,
            university_id=u,
            eligible_count=n,
            quota=overrides.get(u, rule.quota_for(n)),
            overridden=u in overrides,
        )
        for u, n in sorted(counts.items())
    ]
    Quota.objects.bulk_create(quotas)
    audit_record(
        actor=actor,
        verb="create",
        target=cycle,
        scope=PROVINCE_SCOPE,
        changes={
            **snapshot(cycle, ["period_code", "title", "eligible_levels", *dict(DEADLINES)]),
            "quotas": {str(q.university_id): q.quota for q in quotas},
        },
    )
    open_cycles_changed()
    return cycle


def _check_deadlines(opened_on: dt.date, dates: Mapping[str, dt.date | None]) -> None:
    previous, previous_label = opened_on, "开始日期"
    for field, label in DEADLINES:
        value = dates.get(field)
        require(value is not None, f"请填写{label}", field)
        assert value is not None
        require(value >= previous, f"{label}不能早于{previous_label}", field)
        previous, previous_label = value, label


@transaction.atomic
def cycle_deadlines_set(*, actor: Any, cycle: Cycle, deadlines: Mapping[str, dt.date]) -> Cycle:
    """The province moves a cycle's deadlines (e.g. extends applying); order is kept, audited."""
    require_province(actor, "调整评选截止日期")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    require(cycle.status == CycleStatus.OPEN, "本次评选已命名，不能再调整截止日期", "cycle")
    dates = {f: deadlines.get(f) or getattr(cycle, f) for f, _ in DEADLINES}
    _check_deadlines(cycle.opened_on, dates)
    changes = model_update(cycle, dates)
    cycle.save()
    audit_record(actor=actor, verb="update", target=cycle, scope=PROVINCE_SCOPE, changes=changes)
    open_cycles_changed()
    return cycle


@transaction.atomic
def quota_set(*, actor: Any, quota: Quota, value: int) -> Quota:
    """The province overrides one university's quota; never below what it has recommended."""
    require_province(actor, "调整推荐名额")
    quota = Quota.objects.select_for_update().get(pk=quota.pk)
    require(
        0 <= value <= quota.eligible_count,
        f"名额应在 0 至 {quota.eligible_count}（可申报组织数）之间",
        "quota",
    )
    used = Application.objects.filter(
        cycle_id=quota.cycle_id, university_id=quota.university_id, rank__isnull=False
    ).count()
    require(value >= used, f"该校已推荐 {used} 个，名额不能少于已推荐数", "quota")
    changes = model_update(quota, {"quota": value, "overridden": True})
    quota.save()
    audit_record(
        actor=actor,
        verb="update",
        target=quota,
        scope=PROVINCE_SCOPE,
        changes=changes,
    )
    return quota


@transaction.atomic
def application_submit(
    *, actor: Any, cycle: Cycle, org: Organization, statement: str = "", today: dt.date
) -> Application:
    """An org applies with its reviewed self-assessment of the cycle's year; extra materials are
    the assessment's evidence, so nothing is filled in again (DESIGN §8 减负). Refused after the
    apply deadline, for a level the cycle does not admit, or without a reviewed assessment."""
    if not can_apply(actor, org):
        raise NotPermitted("您无权为该党组织申报示范点")
    require(cycle.status == CycleStatus.OPEN, "该评选已结束，不能再申报", "cycle")
    require_by(today, cycle.apply_deadline, "申报", "cycle")
    require(org.is_active, "该党组织已撤销，不能申报", "org")
    require(
        org.kind in cycle.eligible_levels,
        f"本次评选不接受{org.get_kind_display()}申报",
        "org",
    )
    require(
        not Application.objects.filter(cycle=cycle, org=org).exists(),
        "该党组织已在本次评选中申报",
        "org",
    )
    require(
        not Site.objects.exclude(status=SiteStatus.REVOKED).filter(org=org).exists(),
        "该党组织已是示范点，无需再次申报",
        "org",
    )
    assessment = assessment_for(org.pk, cycle.period_code)
    require(
        assessment is not None and is_reviewed(assessment),
        f"该党组织 {cycle.period_code} 学年的自评尚未审核通过，不能申报",
        "assessment",
    )
    assert assessment is not None
    require(len(statement or "") <= 2000, "申报说明不能超过 2000 字", "statement")
    try:
        # A savepoint: two submissions racing for the same org meet the unique constraint.
        with transaction.atomic():
            application = Application.objects.create(
                cycle=cycle,
                org=org,
                university_id=org.university_id or org.pk,
                org_path=org.path,
                assessment=assessment,
                result_id=assessment.result_id,
                statement=(statement or "").strip(),
                applied_at=timezone.now(),
                applied_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            "该党组织已在本次评选中申报", extra={"fields": {"org": ["已申报"]}}
        ) from exc
    audit_record(
        actor=actor,
        verb="create",
        target=application,
        scope=org_scope(org),
        changes=snapshot(application, ["cycle", "org", "assessment", "result", "status"]),
    )
    return application


@transaction.atomic
def recommendation_set(
    *,
    actor: Any,
    cycle: Cycle,
    university: Organization,
    ranking: Sequence[int],
    today: dt.date,
) -> list[Application]:
    """The university recommends its applications in rank order (first = strongest), within its
    quota; applications left out go back to "applied". Refused over the quota or after the
    recommend deadline, and then nothing changes."""
    if not can_recommend(actor, university.pk):
        raise NotPermitted("只有本校党委组织部可以推荐本校的申报")
    require(cycle.status == CycleStatus.OPEN, "该评选已结束，不能再推荐", "ranking")
    require_by(today, cycle.recommend_deadline, "推荐", "ranking")
    ids = list(ranking)
    require(len(set(ids)) == len(ids), "推荐名单中有重复的申报", "ranking")
    quota = Quota.objects.filter(cycle=cycle, university=university).first()
    allowed = quota.quota if quota else 0
    require(
        len(ids) <= allowed,
        f"推荐 {len(ids)} 个，超过本校名额 {allowed} 个",
        "ranking",
    )
    apps = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            cycle=cycle, university=university, status__in=[A.APPLIED, A.RECOMMENDED]
        )
    }
    require(all(i in apps for i in ids), "推荐名单中有不属于本校或已审定的申报", "ranking")
    now = timezone.now()
    rank_of = {pk: i + 1 for i, pk in enumerate(ids)}
    changed = []
    for pk, app in apps.items():
        if pk in rank_of:
            values = {"status": A.RECOMMENDED, "rank": rank_of[pk]}
        else:
            values = {"status": A.APPLIED, "rank": None}
        changes = model_update(app, values)
        if changes:
            app.recommended_at = now if pk in rank_of else None
            changed.append((app, changes))
    Application.objects.bulk_update(
        [a for a, _ in changed], ["status", "rank", "recommended_at", "updated_at"]
    )
    audit_many(
        actor,
        "update",
        [(a, path_scope(a.org_id, a.org_path, a.university_id), c) for a, c in changed],
    )
    return sorted((a for a in apps.values() if a.pk in rank_of), key=lambda a: rank_of[a.pk])


@transaction.atomic
def expert_assign(
    *, actor: Any, application: Application, expert: Any, kind: str
) -> ExpertAssignment:
    """The province assigns an expert to a recommended application for one kind of review. An
    expert of the applicant's university is refused (conflict of interest, YAML rule)."""
    require_province(actor, "分配评审专家")
    rules = sites_rules()
    application = Application.objects.select_related("university", "org", "cycle").get(
        pk=application.pk
    )
    require(application.status == A.RECOMMENDED, "只能为已推荐、尚未审定的申报分配专家", "expert")
    require(kind in dict(rules.kind_choices), "请选择评审方式", "kind")
    require(expert is not None and is_expert(expert.pk), "所选用户不是评审专家", "expert")
    if rules.experts.exclude_same_university:
        universities = expert_universities([expert.pk])[expert.pk]
        require(
            application.university_id not in universities,
            f"专家 {expert} 与申报组织同属 {application.university}，应当回避",
            "expert",
        )
    require(
        not ExpertAssignment.objects.filter(
            application=application, expert=expert, kind=kind
        ).exists(),
        "该专家已分配此项评审",
        "expert",
    )
    assignment = ExpertAssignment.objects.create(
        application=application,
        expert=expert,
        expert_name=expert.get_full_name() or expert.get_username(),
        kind=kind,
        assigned_by=actor,
    )
    audit_record(
        actor=actor,
        verb="create",
        target=assignment,
        scope=path_scope(application.org_id, application.org_path, application.university_id),
        changes=snapshot(assignment, ["application", "expert", "kind"]),
    )
    notify(
        [expert],
        kind="review",
        title=f"请评审示范点申报：{application.org}（{rules.kind_label(kind)}）",
        body=f"评审截止：{day(application.cycle.review_deadline)}",
        url=reverse("sites:assignment-score", args=[assignment.pk]),
        org=application.org,
    )
    return assignment


def review_codes(application: Application) -> list[tuple[str, str]]:
    """The package's `review` checkpoints (code, title) the experts score."""
    rules = rules_for(application.result.run.standard)
    return [(cp.code, cp.title) for cp in rules.checkpoints if cp.method == Method.REVIEW]


def review_max(application: Application) -> Decimal:
    return Decimal(str(rules_for(application.result.run.standard).review_scale_max))


@transaction.atomic
def expert_score_submit(
    *,
    actor: Any,
    assignment: ExpertAssignment,
    scores: Mapping[str, Any],
    comment: str,
    today: dt.date,
) -> ExpertAssignment:
    """The assigned expert scores every `review` checkpoint on 0…scale.review_max and writes a
    comment. Refused for anyone not assigned, after the review deadline, after the decision, or
    with a score outside the scale."""
    if assignment.expert_id != getattr(actor, "pk", None):
        raise NotPermitted("您未被分配评审该申报，不能评分")
    application = assignment.application
    cycle = application.cycle
    if application.status != A.RECOMMENDED:
        raise InvalidState("该申报已审定，不能再评分")
    require_by(today, cycle.review_deadline, "专家评审", "comment")
    top = review_max(application)
    parsed: dict[str, Decimal] = {}
    for code, title in review_codes(application):
        raw = scores.get(code)
        field = f"score_{code}"
        require(raw not in (None, ""), f"请为“{code} {title}”评分", field)
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = Decimal(-1)
        require(
            value.is_finite() and Decimal(0) <= value <= top,
            f"“{code} {title}”的评分应在 0 至 {float(top):g} 之间",
            field,
        )
        parsed[code] = value.quantize(Decimal("0.01"))
    text = (comment or "").strip()
    require(bool(text), "请填写评审意见", "comment")
    require(len(text) <= 2000, "评审意见不能超过 2000 字", "comment")
    existing = {s.checkpoint_code: s for s in assignment.scores.all()}
    changes: dict[str, Any] = {}
    for code, value in parsed.items():
        row = existing.get(code)
        if row is None:
            ExpertScore.objects.create(assignment=assignment, checkpoint_code=code, score=value)
            changes[code] = [None, str(value)]
        elif row.score != value:
            changes[code] = [str(row.score), str(value)]
            row.score = value
            row.save(update_fields=["score", "updated_at"])
    changes.update(model_update(assignment, {"comment": text, "submitted_at": timezone.now()}))
    assignment.save()
    audit_record(
        actor=actor,
        verb="update",
        target=assignment,
        scope=path_scope(application.org_id, application.org_path, application.university_id),
        changes=changes,
    )
    return assignment
