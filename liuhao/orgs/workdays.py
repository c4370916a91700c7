"""Working days on the Chinese official calendar: public holidays and make-up workdays (调休).

Order of authority: an admin's `WorkdayOverride` for the date, then the chinese-calendar library, then —
for years the library does not know yet — Monday to Friday, reported through `year_is_known()` so the
UI can ask an admin to enter that year's arrangement. Used by SLA clocks and 公示 durations (≥5 working
days, DOMAIN-RULES §3).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping

import chinese_calendar
from django.core.cache import cache

from liuhao.orgs.models import WorkdayOverride

VERSION_KEY = "orgs:workdays:version"


def _library_is_workday(day: dt.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class WorkdayCalendar:
    """A calendar snapshot: overrides are loaded once (one query) for the whole computation."""

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None):
        self.overrides = dict(overrides or {})

    @classmethod
    def load(cls, start: dt.date | None = None, end: dt.date | None = None) -> WorkdayCalendar:
        qs = WorkdayOverride.objects.all()
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return cls(dict(qs.values_list("date", "is_workday")))

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        known = _library_is_workday(day)
        if known is not None:
            return known
        return day.weekday() < 5

    def year_is_known(self, year: int) -> bool:
        """True when the library covers the year or an admin has entered overrides for it."""
        if _library_is_workday(dt.date(year, 6, 1)) is not None:
            return True
        return any(d.year == year for d in self.overrides)

    def add_workdays(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must be ≥ 0")
        current = start
        remaining = days
        while remaining:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days have elapsed from start to end."""
        if end <= start:
            return 0
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


def calendar_version() -> str:
    """A token that changes whenever an override is saved or deleted (liuhao.orgs.apps), so that
    a figure derived from the calendar can be kept in Django's cache under it.

    Random, not a counter: a token lost from the cache (evicted, cleared) is replaced by a new one
    that matches no entry written before.
    """
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(VERSION_KEY)
    return str(token)


def calendar_changed() -> None:
    """Make every figure cached under the current calendar_version() unreachable."""
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
