"""述职评议 (C09.1), 分类定级 and 民主评议党员 (C09.3), 党性分析."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from liuhao.core.audit import audit_record
from liuhao.governance.models import (
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.governance.rules import governance_rules
from liuhao.governance.selectors import full_member_ids, gradable_sub_orgs
from liuhao.governance.services.common import check_member, not_future, save_record
from liuhao.ledger.selectors import leadership_person_ids
from liuhao.ledger.services.common import require, scope_of
from liuhao.orgs.models import Organization

REPORT_FIELDS = ["reported_on", "reporter", "members_entitled", "raters", "ratings", "summary"]
GRADING_FIELDS = ["year", "graded_on", "note"]
EVALUATION_FIELDS = ["year", "self_review_on", "peer_review_on", "rating_on", "decided_on", "note"]
SPIRIT_FIELDS = ["analyzed_on", "person", "summary"]


def _check_report(org: Organization, v: dict[str, Any]) -> None:
    reported_on: dt.date | None = v.get("reported_on")
    not_future(reported_on, "reported_on", "述职日期")
    reporter = v.get("reporter")
    require(reporter is not None, "请选择述职人", "reporter")
    assert reporter is not None
    if reported_on is not None:
        require(
            reporter.pk in leadership_person_ids(org, reported_on),
            f"述职人：“{reporter.name}”在{reported_on:%Y-%m-%d}不是“{org.name}”的班子成员",
            "reporter",
        )
    scale = governance_rules().report_ratings
    ratings: Mapping[str, Any] = v.get("ratings") or {}
    unknown = sorted(set(ratings) - set(scale))
    require(not unknown, f"评议结果：未知的评价等次“{'、'.join(unknown)}”", "ratings")
    for grade, count in ratings.items():
        require(
            isinstance(count, int) and count >= 0,
            f"评议结果：“{grade}”的人数须为不小于0的整数",
            "ratings",
        )
    raters = v.get("raters")
    entitled = v.get("members_entitled")
    if raters is not None and entitled is not None:
        require(
            raters <= entitled,
            f"参加评议人数（{raters}）不能超过应参加评议党员数（{entitled}）",
            "raters",
        )
    if ratings and raters is not None:
        total = sum(ratings.values())
        require(
            total == raters,
            f"评议结果：各等次人数之和（{total}）应等于参加评议人数（{raters}）",
            "ratings",
        )


@transaction.atomic
def leader_report_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    report: LeaderReport | None = None,
) -> LeaderReport:
    """Record the secretary's annual report and the members' ratings (Criterion C09.1 书记述职并
    接受党员评议). The reporter is in the leadership on the day; counts of each rating add up."""
    values = dict(data)
    if "ratings" in values:
        values["ratings"] = {k: v for k, v in (values["ratings"] or {}).items() if v is not None}
    return save_record(
        actor=actor,
        model=LeaderReport,
        fields=REPORT_FIELDS,
        data=values,
        org=org,
        instance=report,
        check=_check_report,
    )


def _check_round(v: dict[str, Any], day_field: str, label: str) -> None:
    day: dt.date | None = v.get(day_field)
    not_future(day, day_field, label)
    year = v.get("year")
    if day is not None and year is not None:
        require(
            year in (day.year, day.year - 1),
            f"年度：{label}在{day:%Y-%m-%d}，年度应为{day.year - 1}或{day.year}",
            "year",
        )


def _write_rows(
    actor: Any,
    org: Organization,
    parent: Any,
    model: Any,
    link: str,
    key: str,
    value: str,
    rows: dict[int, str],
) -> None:
    """Replace the child rows of `parent` and audit the new set as one change of the round."""
    existing = model.objects.filter(**{link: parent})
    before = {getattr(r, f"{key}_id"): getattr(r, value) for r in existing}
    if before == rows:
        return
    existing.delete()
    model.objects.bulk_create(
        [model(**{link: parent, f"{key}_id": pk, value: v}) for pk, v in rows.items()]
    )
    audit_record(
        actor=actor,
        verb="update",
        target=parent,
        scope=scope_of(org),
        changes={value: [before, rows]},
    )


def _cap_check(counts: Counter[str], total: int, top: str, cap: Any, field: str, what: str) -> None:
    if cap is None or total == 0:
        return
    limit = cap.limit(total)
    require(
        counts[top] <= limit,
        f"{what}：“{top}”不能超过{cap.text}（{total}个中最多{limit}个），当前{counts[top]}个",
        field,
    )


@transaction.atomic
def org_grading_save(
    *,
    actor: Any,
    data: dict[str, Any],
    bands: Mapping[int, str],
    org: Organization | None = None,
    grading: OrgGrading | None = None,
) -> OrgGrading:
    """Record one year's 分类定级 of the org's sub-orgs (Criterion C09.3): each band from the
    configured list, sub-orgs are the org's direct active sub-organizations, and the optional cap
    on the top band (governance-rules.yaml `org_top_cap`) is enforced."""
    rules = governance_rules()
    target = org if org is not None else grading.org if grading is not None else None
    assert target is not None
    allowed = {o.pk for o in gradable_sub_orgs(target)}
    rows = {int(pk): band for pk, band in bands.items() if band}

    def check(o: Organization, v: dict[str, Any]) -> None:
        _check_round(v, "graded_on", "定级日期")
        require(bool(rows), "请至少为一个下级党组织选择等次", "bands")
        outside = sorted(set(rows) - allowed)
        require(not outside, "定级结果：只能为本组织的直属下级党组织定级", "bands")
        bad = sorted({b for b in rows.values() if b not in rules.org_bands})
        require(
            not bad,
            f"定级结果：等次应为{'、'.join(rules.org_bands)}之一（收到“{'、'.join(bad)}”）",
            "bands",
        )
        _cap_check(
            Counter(rows.values()),
            len(rows),
            rules.top_band,
            rules.org_top_cap,
            "bands",
            "定级结果",
        )
        same_year = OrgGrading.objects.filter(org=o, year=v.get("year") or 0)
        if grading is not None:
            same_year = same_year.exclude(pk=grading.pk)
        require(
            not same_year.exists(),
            f"年度：{v.get('year')}年度的分类定级已登记，请修改原记录",
            "year",
        )

    saved = save_record(
        actor=actor,
        model=OrgGrading,
        fields=GRADING_FIELDS,
        data=data,
        org=org,
        instance=grading,
        check=check,
    )
    _write_rows(actor, target, saved, OrgGrade, "grading", "sub_org", "band", rows)
    return saved


@transaction.atomic
def member_evaluation_save(
    *,
    actor: Any,
    data: dict[str, Any],
    grades: Mapping[int, str],
    org: Organization | None = None,
    evaluation: MemberEvaluation | None = None,
) -> MemberEvaluation:
    """Record one year's 民主评议党员 round of a branch (Criterion C09.3): stages in order, one
    grade per full member from the configured four, and at most ⌊N × 1/3⌋ 优秀 (the cap in
    governance-rules.yaml), N the members graded."""
    rules = governance_rules()
    rows = {int(pk): g for pk, g in grades.items() if g}

    def check(o: Organization, v: dict[str, Any]) -> None:
        _check_round(v, "decided_on", "组织评定日期")
        for field, label in (
            ("self_review_on", "个人自评日期"),
            ("peer_review_on", "党员互评日期"),
            ("rating_on", "民主测评日期"),
        ):
            not_future(v.get(field), field, label)
        require(bool(rows), "请至少为一名党员评定等次", "grades")
        decided = v.get("decided_on")
        if decided is not None:
            members = full_member_ids(o, decided)
            outside = sorted(set(rows) - members)
            require(not outside, f"评定等次：有{len(outside)}人不是本支部的正式党员", "grades")
        bad = sorted({g for g in rows.values() if g not in rules.member_grades})
        require(
            not bad,
            f"评定等次：等次应为{'、'.join(rules.member_grades)}之一（收到“{'、'.join(bad)}”）",
            "grades",
        )
        _cap_check(
            Counter(rows.values()),
            len(rows),
            rules.top_grade,
            rules.member_top_cap,
            "grades",
            "评定等次",
        )
        same_year = MemberEvaluation.objects.filter(org=o, year=v.get("year") or 0)
        if evaluation is not None:
            same_year = same_year.exclude(pk=evaluation.pk)
        require(
            not same_year.exists(),
            f"年度：{v.get('year')}年度的民主评议已登记，请修改原记录",
            "year",
        )

    saved = save_record(
        actor=actor,
        model=MemberEvaluation,
        fields=EVALUATION_FIELDS,
        data=data,
        org=org,
        instance=evaluation,
        check=check,
    )
    _write_rows(actor, saved.org, saved, MemberGrade, "evaluation", "person", "grade", rows)
    return saved


def _check_spirit(org: Organization, v: dict[str, Any]) -> None:
    not_future(v.get("analyzed_on"), "analyzed_on", "分析日期")
    require(v.get("person") is not None, "请选择党员", "person")
    check_member(org, v.get("person"), v.get("analyzed_on"), "person")


@transaction.atomic
def spirit_analysis_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    analysis: SpiritAnalysis | None = None,
) -> SpiritAnalysis:
    """Record a member's 党性分析 (Criterion C09.3)."""
    return save_record(
        actor=actor,
        model=SpiritAnalysis,
        fields=SPIRIT_FIELDS,
        data=data,
        org=org,
        instance=analysis,
        check=_check_spirit,
    )
