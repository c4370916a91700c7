"""Academic years and terms with period codes `2025-2026` (year) and `2025-2026-1` / `-2` (terms).

Pure date arithmetic over an `AcademicCalendar`-like object; the DB lookup is in `period_for_university`.
Criterion frequencies "per term" / "per academic year" (DESIGN §3) are evaluated over these ranges.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from liuhao.core.exceptions import ValidationFailed

PERIOD_RE = re.compile(r"^(\d{4})-(\d{4})(?:-([12]))?$")


class TermStarts(Protocol):
    @property
    def term1_start_month(self) -> int: ...
    @property
    def term1_start_day(self) -> int: ...
    @property
    def term2_start_month(self) -> int: ...
    @property
    def term2_start_day(self) -> int: ...


@dataclass(frozen=True, slots=True)
class DefaultTermStarts:
    term1_start_month: int = 9
    term1_start_day: int = 1
    term2_start_month: int = 2
    term2_start_day: int = 15


@dataclass(frozen=True, slots=True)
class Period:
    """A closed date range [start, end] with its code and kind (`year` or `term`)."""

    code: str
    kind: str
    start_year: int
    term: int | None
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        base = f"{self.start_year}—{self.start_year + 1}学年"
        return base if self.term is None else f"{base}第{'一' if self.term == 1 else '二'}学期"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def terms(self, starts: TermStarts | None = None) -> list[Period]:
        if self.term is not None:
            return [self]
        return [make_period(self.start_year, 1, starts), make_period(self.start_year, 2, starts)]


def parse_period_code(code: str) -> tuple[int, int | None]:
    """Validate a period code and return (start year, term or None); Chinese error when malformed."""
    match = PERIOD_RE.match((code or "").strip())
    if not match:
        raise ValidationFailed(
            f"学期/学年代码“{code}”格式不正确，应为 2025-2026（学年）或 2025-2026-1（学期）",
            extra={"fields": {"period": ["格式不正确"]}},
        )
    first, second, term = int(match.group(1)), int(match.group(2)), match.group(3)
    if second != first + 1:
        raise ValidationFailed(
            f"学期/学年代码“{code}”的两个年份必须相邻",
            extra={"fields": {"period": ["年份不相邻"]}},
        )
    return first, int(term) if term else None


def make_period(start_year: int, term: int | None, starts: TermStarts | None = None) -> Period:
    s = starts or DefaultTermStarts()
    t1 = dt.date(start_year, s.term1_start_month, s.term1_start_day)
    t2 = dt.date(start_year + 1, s.term2_start_month, s.term2_start_day)
    next_t1 = dt.date(start_year + 1, s.term1_start_month, s.term1_start_day)
    one = dt.timedelta(days=1)
    year_code = f"{start_year}-{start_year + 1}"
    if term is None:
        return Period(year_code, "year", start_year, None, t1, next_t1 - one)
    if term == 1:
        return Period(f"{year_code}-1", "term", start_year, 1, t1, t2 - one)
    return Period(f"{year_code}-2", "term", start_year, 2, t2, next_t1 - one)


def period_from_code(code: str, starts: TermStarts | None = None) -> Period:
    start_year, term = parse_period_code(code)
    return make_period(start_year, term, starts)


def period_containing(day: dt.date, kind: str = "term", starts: TermStarts | None = None) -> Period:
    """The term (or academic year) that contains `day`."""
    s = starts or DefaultTermStarts()
    t1_this = dt.date(day.year, s.term1_start_month, s.term1_start_day)
    start_year = day.year if day >= t1_this else day.year - 1
    if kind == "year":
        return make_period(start_year, None, s)
    term2 = make_period(start_year, 2, s)
    return term2 if day >= term2.start else make_period(start_year, 1, s)
