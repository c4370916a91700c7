"""Writes of the achievements app (CONVENTIONS B1): atomic, permission-checked, validated with
Chinese field messages, audited in the same transaction.

Criteria C14.2 (承诺践诺), C16.1 (工作成果), C17.1 (研究与实践成果、服务品牌), C16.2 / C17.2
(评审专家评分).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ReviewRating,
    ServiceBrand,
)
from liuhao.achievements.rules import achievement_rules
from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.roles import Role
from liuhao.ledger.selectors import MEMBER_STAGES
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Membership, Organization, Person, subtree_q
from liuhao.orgs.periods import parse_period_code, period_containing
from liuhao.orgs.selectors.scope import scope_for
from liuhao.standards.engine.types import Method
from liuhao.standards.selectors import standard_latest
from liuhao.standards.services.rules import rules_for

COMMITMENT_FIELDS = [
    "person",
    "committed_on",
    "content",
    "fulfilled_on",
    "fulfilment",
    "evaluated_on",
    "leader_score",
    "peer_score",
    "masses_score",
]
ACHIEVEMENT_FIELDS = ["category", "title", "achieved_on", "description"]
OUTPUT_FIELDS = ["kind", "title", "published_on", "description"]
BRAND_FIELDS = ["name", "founded_on", "description", "retired_on"]
BRAND_EVENT_FIELDS = ["happened_on", "summary"]
DATE_LABELS = {
    "committed_on": "承诺日期",
    "fulfilled_on": "践诺报告日期",
    "evaluated_on": "评议日期",
    "achieved_on": "取得日期",
    "published_on": "形成日期",
    "founded_on": "创立日期",
    "retired_on": "停用日期",
    "happened_on": "日期",
}
SCORE_LABELS = {
    "leader_score": "领导点评得分",
    "peer_score": "党员互评得分",
    "masses_score": "群众评议得分",
}


# ---- shared --------------------------------------------------------------------------------------


def _not_future(values: dict[str, Any]) -> None:
    today = timezone.localdate()
    for field, label in DATE_LABELS.items():
        value = values.get(field)
        if isinstance(value, dt.date) and value > today:
            require(False, f"{label}不能晚于今天：只登记已经发生的事项", field)


def _create(
    actor: Any,
    model: type[models.Model],
    org: Organization,
    values: dict[str, Any],
    fields: list[str],
) -> Any:
    _not_future(values)
    record = model(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )
    validate(record)
    record.save()
    audit_record(
        actor=actor,
        verb="create",
        target=record,
        scope=scope_of(org),
        changes=snapshot(record, fields),
    )
    return record


def _update(actor: Any, record: Any, values: dict[str, Any], fields: list[str]) -> Any:
    check_can_record(actor, record.org, "您无权修改该记录")
    _not_future(values)
    changes = model_update(record, {k: v for k, v in values.items() if k in fields})
    if not changes:
        return record
    validate(record)
    record.save()
    audit_record(
        actor=actor, verb="update", target=record, scope=scope_of(record.org), changes=changes
    )
    return record


def _delete(actor: Any, record: Any, fields: list[str]) -> None:
    check_can_record(actor, record.org, "您无权删除该记录")
    org = record.org
    before = snapshot(record, fields)
    audit_record(actor=actor, verb="delete", target=record, scope=scope_of(org), changes=before)
    record.delete()


# ---- commitments (C14.2) -------------------------------------------------------------------------


def _member_branch(org: Organization, person: Person | None, on: dt.date | None) -> Organization:
    """The org holding `person`'s full or probationary membership on `on`, inside `org`'s subtree
    (a Party group reads its branch); refuses a person who is not a member."""
    require(person is not None, "请选择党员", "person")
    assert person is not None
    base = org
    if org.kind == OrgKind.GROUP and org.parent_id:
        base = Organization.objects.get(pk=org.parent_id)
    qs = Membership.objects.filter(
        subtree_q(base.path, "org__path"), person=person, stage__in=MEMBER_STAGES
    ).select_related("org")
    qs = qs.active_on(on) if on is not None else qs.filter(ended_on__isnull=True)
    membership = qs.first()
    require(
        membership is not None,
        f"党员：“{person.name}”不是“{org.name}”的正式党员或预备党员",
        "person",
    )
    assert membership is not None
    return membership.org


def _check_scores(values: dict[str, Any]) -> None:
    rules = achievement_rules()
    low, high = rules.evaluation_score_min, rules.evaluation_score_max
    for field, label in SCORE_LABELS.items():
        value = values.get(field)
        if value is not None:
            require(low <= int(value) <= high, f"{label}应在 {low} 到 {high} 之间", field)


def _check_one_per_year(commitment: Commitment) -> None:
    year = period_containing(commitment.committed_on, "year")
    rules = achievement_rules()
    others = (
        Commitment.objects.filter(
            org_id=commitment.org_id,
            person_id=commitment.person_id,
            committed_on__range=(year.start, year.end),
        )
        .exclude(pk=commitment.pk)
        .count()
    )
    require(
        others < rules.commitments_per_year,
        f"党员：“{commitment.person.name}”在{year.label}已有承诺，请修改原有记录",
        "person",
    )


@transaction.atomic
def commitment_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> Commitment:
    """Record a member's yearly commitment (承诺), optionally with the fulfilment report (践诺) and
    the 三评 evaluation. Criterion C14.2. The person must be a full or probationary member of `org`
    (or its subtree) on the commitment day; the record is filed under the member's branch."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in COMMITMENT_FIELDS}
    _not_future(values)
    branch = _member_branch(org, values.get("person"), values.get("committed_on"))
    check_can_record(actor, branch)
    _check_scores(values)
    record = Commitment(
        org=branch,
        university_id=university_id_of(branch),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )
    validate(record)
    _check_one_per_year(record)
    record.save()
    audit_record(
        actor=actor,
        verb="create",
        target=record,
        scope=scope_of(branch),
        changes=snapshot(record, COMMITMENT_FIELDS),
    )
    return record


@transaction.atomic
def commitment_update(*, actor: Any, commitment: Commitment, data: dict[str, Any]) -> Commitment:
    """Edit a commitment: add the fulfilment report or the evaluation (Criterion C14.2)."""
    values = {k: v for k, v in data.items() if k in COMMITMENT_FIELDS and k != "person"}
    _check_scores(values)
    record = _update(actor, commitment, values, COMMITMENT_FIELDS)
    _check_one_per_year(record)
    return record  # type: ignore[no-any-return]


@transaction.atomic
def commitment_delete(*, actor: Any, commitment: Commitment) -> None:
    _delete(actor, commitment, COMMITMENT_FIELDS)


@transaction.atomic
def commitment_save(
    *, actor: Any, org: Organization, data: dict[str, Any]
) -> tuple[Commitment, str]:
    """Create the member's commitment of the year, or update the one on file (found by branch,
    person and academic year; it keeps its date). Returns the record and "created", "updated" or
    "unchanged" (Criterion C14.2; the bulk form and the Excel import)."""
    check_can_record(actor, org)
    person = data.get("person")
    committed_on = data.get("committed_on")
    existing = None
    if person is not None and isinstance(committed_on, dt.date):
        _not_future({"committed_on": committed_on})
        branch = _member_branch(org, person, committed_on)
        year = period_containing(committed_on, "year")
        existing = (
            Commitment.objects.filter(
                org=branch, person=person, committed_on__range=(year.start, year.end)
            )
            .select_related("org", "person")
            .first()
        )
    if existing is None:
        return commitment_create(actor=actor, org=org, data=data), "created"
    check_can_record(actor, existing.org)
    before = existing.updated_at
    update = {k: v for k, v in data.items() if k not in ("committed_on", "person")}
    record = commitment_update(actor=actor, commitment=existing, data=update)
    return record, "unchanged" if record.updated_at == before else "updated"


@transaction.atomic
def commitment_bulk_save(
    *, actor: Any, org: Organization, rows: list[dict[str, Any]]
) -> list[Commitment]:
    """One form for a whole branch (DESIGN §8: a secretary records the branch in a minute): each
    row is a member's commitment, created or updated (by person and academic year). All or nothing:
    the first refused row aborts the batch with its row named."""
    check_can_record(actor, org)
    saved = []
    for index, row in enumerate(rows, start=1):
        try:
            saved.append(commitment_save(actor=actor, org=org, data=row)[0])
        except ValidationFailed as exc:
            name = getattr(row.get("person"), "name", "")
            raise ValidationFailed(
                f"第{index}行（{name}）：{exc.message}", extra=exc.extra
            ) from exc
    return saved


# ---- achievements, outputs, brands (C16.1, C17.1) ------------------------------------------------


@transaction.atomic
def achievement_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> Achievement:
    """Record a work result in talent cultivation, research, social service or culture (C16.1)."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in ACHIEVEMENT_FIELDS}
    return _create(actor, Achievement, org, values, ACHIEVEMENT_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def achievement_update(
    *, actor: Any, achievement: Achievement, data: dict[str, Any]
) -> Achievement:
    return _update(actor, achievement, data, ACHIEVEMENT_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def achievement_delete(*, actor: Any, achievement: Achievement) -> None:
    _delete(actor, achievement, ACHIEVEMENT_FIELDS)


@transaction.atomic
def output_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> Output:
    """Record a theory-research or practice-exploration output (C17.1)."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in OUTPUT_FIELDS}
    return _create(actor, Output, org, values, OUTPUT_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def output_update(*, actor: Any, output: Output, data: dict[str, Any]) -> Output:
    return _update(actor, output, data, OUTPUT_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def output_delete(*, actor: Any, output: Output) -> None:
    _delete(actor, output, OUTPUT_FIELDS)


@transaction.atomic
def brand_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> ServiceBrand:
    """Register a named service brand of the org (C17.1 逐步创立服务品牌)."""
    check_can_record(actor, org)
    values = {k: v for k, v in data.items() if k in BRAND_FIELDS}
    return _create(actor, ServiceBrand, org, values, BRAND_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def brand_update(*, actor: Any, brand: ServiceBrand, data: dict[str, Any]) -> ServiceBrand:
    """Edit a brand (C17.1). Its history must stay inside its life: not founded after its first
    event, not retired before its last one."""
    check_can_record(actor, brand.org, "您无权修改该记录")
    founded = data.get("founded_on", brand.founded_on)
    retired = data.get("retired_on", brand.retired_on)
    span = BrandEvent.objects.filter(brand=brand).aggregate(
        first=models.Min("happened_on"), last=models.Max("happened_on")
    )
    if founded is not None and span["first"] is not None:
        require(
            founded <= span["first"],
            f"创立日期不能晚于品牌历程中最早的日期（{span['first']:%Y-%m-%d}）",
            "founded_on",
        )
    if retired is not None and span["last"] is not None:
        require(
            retired >= span["last"],
            f"停用日期不能早于品牌历程中最晚的日期（{span['last']:%Y-%m-%d}）",
            "retired_on",
        )
    return _update(actor, brand, data, BRAND_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def brand_delete(*, actor: Any, brand: ServiceBrand) -> None:
    """Delete a brand registered by mistake and its history; each deleted row is audited."""
    check_can_record(actor, brand.org, "您无权删除该记录")
    for event in BrandEvent.objects.filter(brand=brand).select_related("org").order_by("pk"):
        _delete(actor, event, BRAND_EVENT_FIELDS)
    _delete(actor, brand, BRAND_FIELDS)


def _check_event_day(brand: ServiceBrand, happened: dt.date | None) -> None:
    require(
        happened is None or happened >= brand.founded_on,
        f"日期不能早于品牌创立日期（{brand.founded_on:%Y-%m-%d}）",
        "happened_on",
    )
    require(
        happened is None or brand.retired_on is None or happened <= brand.retired_on,
        f"日期不能晚于品牌停用日期（{brand.retired_on:%Y-%m-%d}）" if brand.retired_on else "",
        "happened_on",
    )


@transaction.atomic
def brand_event_create(*, actor: Any, brand: ServiceBrand, data: dict[str, Any]) -> BrandEvent:
    """Add an entry to a brand's history (an activity under the brand, an award, coverage): what
    makes the brand count in that year for C17.1. Not before the brand was founded, not after it
    was retired."""
    check_can_record(actor, brand.org)
    values = {k: v for k, v in data.items() if k in BRAND_EVENT_FIELDS}
    _check_event_day(brand, values.get("happened_on"))
    return _create(actor, BrandEvent, brand.org, {**values, "brand": brand}, BRAND_EVENT_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def brand_event_update(*, actor: Any, event: BrandEvent, data: dict[str, Any]) -> BrandEvent:
    """Correct an entry of a brand's history (C17.1), still inside the brand's life."""
    check_can_record(actor, event.org, "您无权修改该记录")
    _check_event_day(event.brand, data.get("happened_on", event.happened_on))
    return _update(actor, event, data, BRAND_EVENT_FIELDS)  # type: ignore[no-any-return]


@transaction.atomic
def brand_event_delete(*, actor: Any, event: BrandEvent) -> None:
    _delete(actor, event, BRAND_EVENT_FIELDS)


# ---- reviewer ratings (C16.2, C17.2) -------------------------------------------------------------


def is_reviewer_of(actor: Any, org: Organization) -> bool:
    """The actor holds the reviewer role (评审专家) over a subtree containing `org`."""
    scope = scope_for(actor)
    return any(g.role == Role.REVIEWER and g.covers(org.path) for g in scope.grants)


def review_checkpoints() -> tuple[dict[str, str], float]:
    """The review checkpoints (code → title) of the current standard and its score maximum."""
    rules = rules_for(standard_latest())
    codes = {cp.code: cp.title for cp in rules.checkpoints if cp.method == Method.REVIEW}
    return codes, rules.review_scale_max


@transaction.atomic
def review_rating_save(
    *,
    actor: Any,
    org: Organization,
    period_code: str,
    checkpoint_code: str,
    score: Any,
    comment: str = "",
    rated_on: dt.date | None = None,
) -> ReviewRating:
    """A reviewer scores a review checkpoint of `org` for a period (C16.2 推动事业发展的成效,
    C17.2 工作特色和示范性); rating again replaces the reviewer's earlier score. The score lies in
    [0, the package's review_max]; only reviewers whose scope covers the org may rate."""
    if not is_reviewer_of(actor, org):
        raise NotPermitted("只有负责该组织的评审专家可以评分")
    codes, review_max = review_checkpoints()
    require(checkpoint_code in codes, "考察点不是需要评审打分的考察点", "checkpoint_code")
    try:
        parse_period_code(period_code)
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.message, extra={"fields": {"period_code": [exc.message]}}
        ) from exc
    try:
        value = Decimal(str(score))
    except (InvalidOperation, ValueError):
        value = Decimal("-1")
    require(
        value.is_finite() and Decimal(0) <= value <= Decimal(str(review_max)),
        f"评分应在 0 到 {review_max:g} 之间",
        "score",
    )
    today = timezone.localdate()
    rated_on = rated_on or today
    require(rated_on <= today, "评审日期不能晚于今天", "rated_on")
    rating = ReviewRating.objects.filter(
        reviewer=actor, org=org, period_code=period_code, checkpoint_code=checkpoint_code
    ).first()
    fields = ["org", "period_code", "checkpoint_code", "score", "comment", "rated_on"]
    if rating is None:
        rating = ReviewRating(
            reviewer=actor,
            org=org,
            period_code=period_code,
            checkpoint_code=checkpoint_code,
            score=value,
            comment=comment,
            rated_on=rated_on,
        )
        validate(rating)
        rating.save()
        audit_record(
            actor=actor,
            verb="create",
            target=rating,
            scope=scope_of(org),
            changes=snapshot(rating, fields),
        )
        return rating
    changes = model_update(rating, {"score": value, "comment": comment, "rated_on": rated_on})
    if changes:
        validate(rating)
        rating.save()
        audit_record(
            actor=actor, verb="update", target=rating, scope=scope_of(org), changes=changes
        )
    return rating


@transaction.atomic
def review_rating_delete(*, actor: Any, rating: ReviewRating) -> None:
    """A reviewer withdraws one of their own scores (C16.2, C17.2); audited."""
    if rating.reviewer_id != actor.pk or not is_reviewer_of(actor, rating.org):
        raise NotPermitted("只能撤回您本人给出的评分")
    fields = ["org", "period_code", "checkpoint_code", "score", "comment", "rated_on"]
    audit_record(
        actor=actor,
        verb="delete",
        target=rating,
        scope=scope_of(rating.org),
        changes=snapshot(rating, fields),
    )
    rating.delete()
