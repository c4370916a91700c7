"""The SLA clock of a request on working days (Criteria C07.3, C18.2).

Due dates count working days on the foundation's calendar (public holidays and make-up workdays,
`liuhao.orgs.workdays.WorkdayCalendar`) from the day of submission; the clock pauses while the
handler waits for the requester, which pushes both due dates back by the working days paused.
These helpers are pure: the calendar and the day are passed in.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Calendar(Protocol):
    def is_workday(self, day: dt.date) -> bool: ...
    def add_workdays(self, start: dt.date, days: int) -> dt.date: ...
    def workdays_between(self, start: dt.date, end: dt.date) -> int: ...


def due_dates(
    calendar: Calendar, submitted_on: dt.date, first_response: int, resolution: int
) -> tuple[dt.date, dt.date]:
    """(response due, resolution due): `n` working days after the submission day (a request
    submitted on a holiday starts counting on the next working day)."""
    return (
        calendar.add_workdays(submitted_on, first_response),
        calendar.add_workdays(submitted_on, resolution),
    )


def paused_workdays(calendar: Calendar, paused_on: dt.date, resumed_on: dt.date) -> int:
    """Working days in (paused_on, resumed_on]: how far a pause pushes the due dates back."""
    return calendar.workdays_between(paused_on, resumed_on)


def shift(calendar: Calendar, due: dt.date, workdays: int) -> dt.date:
    return calendar.add_workdays(due, workdays) if workdays > 0 else due


def workdays_left(calendar: Calendar, today: dt.date, due: dt.date) -> int:
    """Working days from today to the due date (0 on the due date; negative once overdue)."""
    if due >= today:
        return calendar.workdays_between(today, due)
    return -calendar.workdays_between(due, today)
