"""The pure rule checker (Criterion C06.1): every rule of the 2014 rule set, overdue steps."""

from __future__ import annotations

import datetime as dt

from liuhao.development.checker import Facts, add_months, check, overdue, stage_of
from liuhao.development.rules import known_versions, rule_set

D = dt.date
AS_OF = D(2025, 11, 20)
RULES = rule_set("2014")


def good(**over: object) -> Facts:
    facts = Facts(
        applied_on=D(2023, 3, 1),
        birth_date=D(2000, 1, 1),
        talk_on=D(2023, 3, 15),
        activist_on=D(2023, 9, 1),
        contacts=2,
        candidate_on=D(2024, 9, 10),
        introducers=2,
        training_days=3,
        training_hours=0,
        review_on=D(2024, 10, 1),
        review_passed=True,
        notice_start=D(2024, 10, 14),
        notice_end=D(2024, 10, 18),
        prereview_on=D(2024, 10, 20),
        admitted_on=D(2024, 11, 1),
        vote_entitled=10,
        vote_present=6,
        vote_yes=6,
        approved_on=D(2024, 12, 1),
        full_on=D(2025, 11, 5),
        full_vote_entitled=10,
        full_vote_present=8,
        full_vote_yes=8,
        full_approved_on=D(2025, 11, 20),
    )
    for k, v in over.items():
        setattr(facts, k, v)
    return facts


def rules_of(facts: Facts) -> list[str]:
    return [v.rule for v in check(facts, RULES, AS_OF)]


def test_a_compliant_case_has_no_violation_and_is_full():
    assert check(good(), RULES, AS_OF) == []
    assert stage_of(good()) == "full"
    assert stage_of(Facts(applied_on=D(2024, 1, 1))) == "applicant"


def test_versions_and_rule_set_numbers_are_data():
    assert "2014" in known_versions()
    assert RULES.rules.candidate_after_activist.min_years == 1
    assert RULES.rules.vote.has_majority(6, 10) and not RULES.rules.vote.has_majority(5, 10)


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)


def test_each_rule_is_detected_with_a_chinese_message():
    cases = {
        "min_age": good(birth_date=D(2005, 6, 1)),
        "talk": good(talk_on=D(2023, 4, 2)),
        "contacts": good(contacts=1),
        "candidate_after_activist": good(candidate_on=D(2024, 8, 31)),
        "introducers": good(introducers=1),
        "training": good(training_days=2, training_hours=23),
        "political_review": good(review_on=D(2024, 11, 2)),
        "notice": good(notice_start=D(2024, 10, 14), notice_end=D(2024, 10, 17)),
        "vote": good(vote_yes=5),
        "vote_after_prereview": good(prereview_on=D(2024, 9, 30)),
        "approval": good(approved_on=D(2025, 2, 2)),
        "probation": good(full_on=D(2025, 10, 31)),
        "full_approval": good(full_approved_on=D(2026, 2, 6)),
    }
    for rule, facts in cases.items():
        found = check(facts, RULES, D(2026, 3, 1))
        assert [v.rule for v in found] == [rule], rule
        assert all("\u4e00" <= ch <= "\u9fff" for ch in found[0].text[:1]), found[0].text


def test_training_hours_alone_suffice_and_vote_counts_entitled_not_present():
    assert rules_of(good(training_days=0, training_hours=24)) == []
    # 6 of 10 present, all 6 yes: > half of entitled → valid; 5 yes of 6 present is not.
    assert rules_of(good(vote_present=6, vote_yes=5)) == ["vote"]


def test_notice_counts_working_days_with_the_calendar():
    # 2024-10-08 .. 2024-10-14: with the calendar, 10-12 (Saturday) is a working day.
    facts = good(notice_start=D(2024, 10, 8), notice_end=D(2024, 10, 12))
    assert rules_of(facts) == ["notice"]  # weekdays only: 8,9,10,11 = 4
    assert check(facts, RULES, AS_OF, lambda d: d.weekday() < 6) == []


def test_missing_steps_are_violations_once_the_case_moved_on():
    facts = good(talk_on=None, review_on=None, notice_start=None, vote_entitled=None)
    assert rules_of(facts) == ["talk", "political_review", "notice", "vote"]


def test_approval_pending_beyond_six_months_must_be_redone():
    facts = good(approved_on=None, full_on=None, full_approved_on=None)
    assert rules_of(facts) == ["approval"]
    assert check(facts, RULES, D(2025, 4, 30)) == []


def test_extension_moves_the_probation_end_and_is_capped():
    facts = good(extension_months=6, full_on=D(2025, 11, 5))
    assert rules_of(facts) == ["probation"]  # full before 2025-05-01 + 6 months
    assert rules_of(
        good(extension_months=13, full_on=D(2026, 12, 1), full_approved_on=D(2026, 12, 5))
    ) == ["probation"]


def test_overdue_lists_steps_past_their_deadline():
    applicant = Facts(applied_on=D(2025, 9, 1))
    steps = overdue(applicant, RULES, AS_OF)
    assert [(s.label, s.due, s.days_overdue) for s in steps] == [
        ("入党申请后谈话", D(2025, 10, 1), 50)
    ]
    probationary = good(full_on=None, full_approved_on=None, approved_on=None)
    labels = [s.label for s in overdue(probationary, RULES, AS_OF)]
    assert labels == ["上级党委审批接收", "预备期满讨论转正"]
    assert overdue(good(), RULES, AS_OF) == []
