"""The pure rule checker of member development cases (no Django): Criterion C06.1 发展党员程序规范.

`check(facts, rules, as_of, is_workday)` lists every violation of a case's recorded steps in Chinese
(DOMAIN-RULES §3, rules 15–21); `overdue(facts, rules, today)` lists the steps whose deadline has
passed without being recorded. Only steps the case has reached are judged. All durations come from
the rule set (data/rules-<version>.yaml). Callers (services, selectors, the metric) build `Facts`
from rows and run the checker over many cases at once.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from liuhao.development.rules import RuleSet, Vote

STAGES = ("applicant", "activist", "candidate", "probationary", "full")
STAGE_DATES = ("applied_on", "activist_on", "candidate_on", "admitted_on", "full_on")


@dataclass(slots=True)
class Facts:
    """What a case records (dates, counts); counts of named contacts and introducers."""

    applied_on: dt.date | None = None
    birth_date: dt.date | None = None
    talk_on: dt.date | None = None
    activist_on: dt.date | None = None
    contacts: int = 0
    candidate_on: dt.date | None = None
    introducers: int = 0
    training_days: int | None = None
    training_hours: int | None = None
    review_on: dt.date | None = None
    review_passed: bool | None = None
    notice_start: dt.date | None = None
    notice_end: dt.date | None = None
    prereview_on: dt.date | None = None
    admitted_on: dt.date | None = None
    vote_entitled: int | None = None
    vote_present: int | None = None
    vote_yes: int | None = None
    approved_on: dt.date | None = None
    extension_months: int | None = None
    full_on: dt.date | None = None
    full_vote_entitled: int | None = None
    full_vote_present: int | None = None
    full_vote_yes: int | None = None
    full_approved_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str  # the rule's name in the rule set ("talk", "vote" …)
    field: str  # the case field it concerns
    text: str  # Chinese


@dataclass(frozen=True, slots=True)
class DueStep:
    label: str  # Chinese: "上级党委审批"
    due: dt.date
    days_overdue: int


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _DAYS_IN_MONTH[month - 1]
    if month == 2 and calendar.isleap(year):
        last = 29
    return dt.date(year, month, day.day if day.day <= last else last)


def stage_of(facts: Facts) -> str:
    """The furthest stage whose date is recorded (the stage is never entered separately)."""
    stage = STAGES[0]
    for name, field in zip(STAGES, STAGE_DATES, strict=True):
        if getattr(facts, field) is not None:
            stage = name
    return stage


def probation_end(facts: Facts, rules: RuleSet) -> dt.date | None:
    """One year (rule set) from the 大会 date, plus any extension."""
    if facts.admitted_on is None:
        return None
    months = 12 * rules.rules.probation.years + (facts.extension_months or 0)
    return add_months(facts.admitted_on, months)


def _d(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}"


def _workdays(start: dt.date, end: dt.date, is_workday: Callable[[dt.date], bool]) -> int:
    count, day = 0, start
    while day <= end:
        count += is_workday(day)
        day += dt.timedelta(days=1)
    return count


def _weekday(day: dt.date) -> bool:
    return day.weekday() < 5


def check(
    facts: Facts,
    rules: RuleSet,
    as_of: dt.date,
    is_workday: Callable[[dt.date], bool] = _weekday,
) -> list[Violation]:
    """Every violation of the rule set in the steps the case has reached, in pipeline order."""
    r = rules.rules
    out: list[Violation] = []

    def add(rule: str, field: str, text: str) -> None:
        out.append(Violation(rule, field, text))

    f = facts
    if (
        f.applied_on
        and f.birth_date
        and add_months(f.birth_date, 12 * r.min_age.years) > f.applied_on
    ):
        add("min_age", "applied_on", f"递交入党申请时未满{r.min_age.years}周岁")
    if f.applied_on:
        due = add_months(f.applied_on, r.talk.within_months)
        if f.talk_on is None and f.activist_on is not None:
            add("talk", "talk_on", "未记录收到入党申请后的谈话")
        elif f.talk_on is not None and f.talk_on > due:
            add(
                "talk",
                "talk_on",
                f"谈话应在收到入党申请后{r.talk.within_months}个月内（{_d(due)}前）进行，"
                f"实际为{_d(f.talk_on)}",
            )
    if f.activist_on and f.contacts < r.contacts.min:
        add(
            "contacts",
            "contact_1",
            f"培养联系人不足{r.contacts.min}名正式党员（现有{f.contacts}名）",
        )
    if f.candidate_on and f.activist_on:
        earliest = add_months(f.activist_on, 12 * r.candidate_after_activist.min_years)
        if f.candidate_on < earliest:
            add(
                "candidate_after_activist",
                "candidate_on",
                f"确定为发展对象时培养考察不满{r.candidate_after_activist.min_years}年"
                f"（积极分子{_d(f.activist_on)}，最早{_d(earliest)}）",
            )
    if f.admitted_on is None:
        return out
    # ---- admission (预备党员): introducers, training, review, notice, vote, approval
    if f.introducers < r.introducers.min:
        add(
            "introducers",
            "introducer_1",
            f"入党介绍人不足{r.introducers.min}名正式党员（现有{f.introducers}名）",
        )
    t = r.training
    if (f.training_days or 0) < t.min_days and (f.training_hours or 0) < t.min_hours:
        add(
            "training",
            "training_days",
            f"集中培训不足{t.min_days}天或{t.min_hours}学时"
            f"（记录{f.training_days or 0}天、{f.training_hours or 0}学时）",
        )
    if f.review_on is None:
        add("political_review", "review_on", "未记录政治审查，未经政审不能发展入党")
    elif f.review_on > f.admitted_on:
        add("political_review", "review_on", "政治审查应在支部大会讨论接收前完成")
    elif f.review_passed is False:
        add("political_review", "review_passed", "政治审查结论不合格")
    if f.notice_start is None or f.notice_end is None:
        add("notice", "notice_start", "未记录发展对象公示")
    else:
        days = _workdays(f.notice_start, f.notice_end, is_workday)
        if days < r.notice.min_workdays:
            add(
                "notice",
                "notice_end",
                f"公示不足{r.notice.min_workdays}个工作日（实际{days}个工作日）",
            )
        if f.notice_end >= f.admitted_on:
            add("notice", "notice_end", "公示应在支部大会讨论接收前结束")
    _check_vote(add, r.vote, "", "接收预备党员", f.vote_entitled, f.vote_present, f.vote_yes)
    if f.prereview_on is None:
        add("vote_after_prereview", "prereview_on", "未记录基层党委预审")
    else:
        due = add_months(f.prereview_on, r.vote_after_prereview.within_months)
        if f.admitted_on > due:
            add(
                "vote_after_prereview",
                "admitted_on",
                f"支部大会应在预审通过后{r.vote_after_prereview.within_months}个月内召开"
                f"（{_d(due)}前）",
            )
    a = r.approval
    soft, hard = add_months(f.admitted_on, a.within_months), add_months(f.admitted_on, a.max_months)
    if f.approved_on is None:
        if as_of > hard:
            add(
                "approval",
                "approved_on",
                f"支部大会后超过{a.max_months}个月未经上级党委审批，应重新履行接收手续",
            )
    elif f.approved_on > hard:
        add(
            "approval",
            "approved_on",
            f"上级党委审批超过{a.max_months}个月（{_d(f.approved_on)}），应重新履行接收手续",
        )
    elif f.approved_on > soft:
        add("approval", "approved_on", f"上级党委审批超过{a.within_months}个月（{_d(soft)}前）")
    p = r.probation
    if (f.extension_months or 0) > p.max_extension_months:
        add("probation", "extension_months", f"延长预备期不能超过{p.max_extension_months}个月")
    if f.full_on is None:
        return out
    # ---- 转正
    end = probation_end(f, rules)
    if end is not None and f.full_on < end:
        add("probation", "full_on", f"转正早于预备期满（{_d(end)}）")
    _check_vote(
        add, r.vote, "full_", "转正", f.full_vote_entitled, f.full_vote_present, f.full_vote_yes
    )
    due = add_months(f.full_on, r.full_approval.within_months)
    late = f.full_approved_on > due if f.full_approved_on else as_of > due
    if late:
        add(
            "full_approval",
            "full_approved_on",
            f"转正应在支部大会后{r.full_approval.within_months}个月内（{_d(due)}前）经上级党委审批",
        )
    return out


def _check_vote(
    add: Callable[[str, str, str], None],
    rule: Vote,
    prefix: str,
    what: str,
    entitled: int | None,
    present: int | None,
    yes: int | None,
) -> None:
    if entitled is None or present is None or yes is None:
        add("vote", f"{prefix}vote_entitled", f"未记录{what}表决的应到、实到和赞成人数")
        return
    if not rule.has_quorum(present, entitled):
        add(
            "vote",
            f"{prefix}vote_present",
            f"{what}表决实到{present}人，未超过应到有表决权正式党员{entitled}人的半数",
        )
    if not rule.has_majority(yes, entitled):
        add(
            "vote",
            f"{prefix}vote_yes",
            f"{what}赞成{yes}票，未超过应到有表决权正式党员{entitled}人的半数",
        )


def overdue(facts: Facts, rules: RuleSet, today: dt.date) -> list[DueStep]:
    """Steps whose deadline passed without being recorded (the funnel page's 逾期 list)."""
    r = rules.rules
    f = facts
    steps: list[tuple[str, dt.date]] = []
    if f.applied_on and f.talk_on is None and f.activist_on is None:
        steps.append(("入党申请后谈话", add_months(f.applied_on, r.talk.within_months)))
    if f.prereview_on and f.admitted_on is None:
        steps.append(
            ("支部大会讨论接收", add_months(f.prereview_on, r.vote_after_prereview.within_months))
        )
    if f.admitted_on and f.approved_on is None:
        steps.append(("上级党委审批接收", add_months(f.admitted_on, r.approval.within_months)))
    end = probation_end(f, rules)
    if end is not None and f.full_on is None:
        steps.append(("预备期满讨论转正", end))
    if f.full_on and f.full_approved_on is None:
        steps.append(("上级党委审批转正", add_months(f.full_on, r.full_approval.within_months)))
    return [DueStep(label, due, (today - due).days) for label, due in steps if due < today]
