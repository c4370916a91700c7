"""Stage dates of a generated membership, consistent with the development pipeline.

DOMAIN-RULES §3 and §7 rules 15–21: application at 18 or older, 积极分子 a few months after the
application, 发展对象 at least one year after 积极分子, admission (预备党员) a few months later, and
转正 one year after admission. Dates are drawn backwards from the current stage so every chain is
ordered (what `Membership.clean` checks) and ends no later than the reference date.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from liuhao.orgs.choices import STAGE_DATE_FIELDS

STAGES: tuple[str, ...] = tuple(STAGE_DATE_FIELDS)
# Days between consecutive stages: applied→activist, activist→candidate, candidate→admitted,
# admitted→full (probation of one year, the 转正 meeting up to three weeks later). 366 days is at
# least one calendar year even across 29 February (the development rule checker counts years).
STEP_DAYS: tuple[tuple[int, int], ...] = ((30, 240), (366, 640), (60, 240), (366, 385))
EIGHTEEN_YEARS = 6575  # days from birth to the earliest application (18 × 365.25)


def randint(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high] from one `random()` call: several times faster than
    `Random.randint`, which matters at a million persons (and is just as deterministic)."""
    return low + int(rng.random() * (high - low + 1))


def chooser(rng: random.Random) -> Callable[[Sequence[Any]], Any]:
    """`rng.choice` in one Python call instead of three (~1M picks a province generator).

    The same draws as `Random.choice` (CPython 3.11–3.13: `getrandbits` of the length's bit count,
    drawn again while out of range), so the picks and the rest of the stream are unchanged."""
    getrandbits = rng.getrandbits

    def choice(seq: Sequence[Any]) -> Any:
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return seq[r]

    return choice


def stage_dates(
    rng: random.Random, stage: str, earliest: int, today: int, latest: int | None = None
) -> list[int | None]:
    """Ordinals of (applied, activist, candidate, admitted, full) for a member now in `stage`.

    `earliest` is the first day an application is possible (18th birthday, enrolment); `latest` caps
    the date of the current stage (used to make most teachers join young). A member still in a stage
    entered it recently enough not to have moved on. If the window is empty (someone too young for
    the stage), the chain is squeezed to minimal steps and ends on `today`: still ordered.
    """
    k = STAGES.index(stage)
    steps = [randint(rng, lo, hi) for lo, hi in STEP_DAYS[:k]]
    high = today if latest is None else max(min(latest, today), earliest)
    floor = today - STEP_DAYS[k][1] + 1 if k < len(STEP_DAYS) else earliest
    low = max(earliest + sum(steps), floor)
    if low > high:
        steps = [lo for lo, _ in STEP_DAYS[:k]]
        low = max(earliest + sum(steps), floor)
        high = max(high, min(today, low))
    current = randint(rng, low, high) if low <= high else high
    dates: list[int | None] = [None] * len(STAGES)
    dates[k] = current
    for i in range(k - 1, -1, -1):
        dates[i] = current = current - steps[i]
    return dates
