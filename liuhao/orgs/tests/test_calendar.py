"""Period codes and the working-day calendar (holidays, make-up workdays, admin overrides)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuhao.core.exceptions import ValidationFailed
from liuhao.orgs.models import WorkdayOverride
from liuhao.orgs.periods import DefaultTermStarts, make_period, period_containing, period_from_code
from liuhao.orgs.workdays import WorkdayCalendar


def test_default_terms_follow_design():
    t1 = period_from_code("2025-2026-1")
    t2 = period_from_code("2025-2026-2")
    year = period_from_code("2025-2026")
    assert (t1.start, t1.end) == (dt.date(2025, 9, 1), dt.date(2026, 2, 14))
    assert (t2.start, t2.end) == (dt.date(2026, 2, 15), dt.date(2026, 8, 31))
    assert (year.start, year.end) == (t1.start, t2.end)
    assert year.terms() == [t1, t2]
    assert t1.label == "2025—2026学年第一学期"


@pytest.mark.parametrize(
    "code", ["2025", "2025-2027", "2025-2026-3", "abcd-efgh", "", "2025-2026-1-1"]
)
def test_bad_period_codes_are_refused_in_chinese(code):
    with pytest.raises(ValidationFailed) as exc:
        period_from_code(code)
    assert "学期/学年代码" in exc.value.message


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_every_day_falls_in_exactly_one_term(day):
    term = period_containing(day)
    assert term.contains(day)
    other = make_period(term.start_year, 2 if term.term == 1 else 1)
    assert not other.contains(day)
    assert period_containing(day, "year").contains(day)


def test_custom_term_starts():
    class Starts(DefaultTermStarts):
        pass

    starts = DefaultTermStarts(
        term1_start_month=8, term1_start_day=25, term2_start_month=2, term2_start_day=20
    )
    t1 = period_from_code("2025-2026-1", starts)
    assert (t1.start, t1.end) == (dt.date(2025, 8, 25), dt.date(2026, 2, 19))


def test_holidays_and_makeup_workdays():
    cal = WorkdayCalendar()
    assert not cal.is_workday(dt.date(2025, 10, 1))  # National Day
    assert cal.is_workday(dt.date(2025, 9, 28))  # Sunday made a workday (调休)
    assert not cal.is_workday(dt.date(2025, 11, 22))  # an ordinary Saturday
    # 30 Sep 2025 (Tue) + 1 working day skips the 1–8 Oct holiday → 9 Oct
    assert cal.add_workdays(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    assert cal.workdays_between(dt.date(2025, 9, 30), dt.date(2025, 10, 9)) == 1


@pytest.mark.django_db
def test_admin_overrides_cover_unknown_years():
    cal = WorkdayCalendar.load()
    assert not cal.year_is_known(2030)
    assert cal.is_workday(dt.date(2030, 1, 1))  # unknown year: Monday–Friday fallback
    WorkdayOverride.objects.create(date=dt.date(2030, 1, 1), is_workday=False, note="元旦")
    WorkdayOverride.objects.create(date=dt.date(2030, 1, 5), is_workday=True, note="调休上班")
    cal = WorkdayCalendar.load()
    assert cal.year_is_known(2030)
    assert not cal.is_workday(dt.date(2030, 1, 1))
    assert cal.is_workday(dt.date(2030, 1, 5))  # a Saturday made a workday
