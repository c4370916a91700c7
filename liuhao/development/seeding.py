"""Generator "development": the development case (发展党员档案) of every pipeline person and every
probationary member the people seed made, and of the full members admitted within the seeded terms
(the C06.1 years they feed).

The people seed leaves stage dates on the memberships (applied → activist → candidate → admitted →
full, DOMAIN-RULES §3); each case copies them and fills the steps between: the talk within a month,
two cultivation contacts and two introducers from the branch's full members, three days of training,
the political review, a public notice of five working days, the pre-review, votes with a quorum and
a majority of the branch's full members, approvals within two months. About `VIOLATION_SHARE` of the
cases past the applicant stage break one rule (a late talk, a missing contact, short training, a
short notice, a vote without majority, a late approval); recent applicants may still await their
talk (overdue on the funnel page). Memberships are read back with one query per university (the
people seed's rows are flushed first); every draw comes from the university's "development" stream.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection

from liuhao.development.models import DevelopmentCase
from liuhao.ledger.seeding.generator import terms_before
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.models import Membership
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import randint
from liuhao.orgs.workdays import WorkdayCalendar

COLUMNS = (
    "id",
    "org_id",
    "university_id",
    "entered_at",
    "entered_by_id",
    "person_id",
    "rule_set",
    "stage",
    "applied_on",
    "talk_on",
    "activist_on",
    "contact_1_id",
    "contact_2_id",
    "candidate_on",
    "introducer_1_id",
    "introducer_2_id",
    "training_days",
    "training_hours",
    "review_on",
    "review_passed",
    "notice_start",
    "notice_end",
    "prereview_on",
    "admitted_on",
    "vote_entitled",
    "vote_present",
    "vote_yes",
    "approved_on",
    "extension_months",
    "extension_reason",
    "extension_approved_on",
    "full_on",
    "full_vote_entitled",
    "full_vote_present",
    "full_vote_yes",
    "full_approved_on",
    "note",
)
VIOLATION_SHARE = 0.07
EMPTY_TAIL: tuple[Any, ...] = (None,) * 13 + ("",) + (None,) * 6  # not admitted yet
FAULTS = ("talk", "contacts", "training", "notice", "vote", "approval")


@register("development", models=(DevelopmentCase,), order=100)
def generate_development(ctx: UniversityContext) -> None:
    """Write the development cases of one university."""
    writer = ctx.writer
    writer.flush()  # the people seed's memberships, read back below
    rng = ctx.rng("development")
    today = ctx.today.toordinal()
    day = writer.date
    table = writer.table(DevelopmentCase, COLUMNS)
    is_workday = _workdays()
    moments = writer.moments
    # Full members get a case when admitted within the seeded terms (the C06.1 years they feed).
    cutoff = terms_before(ctx.today)[-1].start.toordinal()
    rows = [
        r
        for r in _memberships(ctx.university_id, cutoff)
        if r[3] is not None and (r[2] != MembershipStage.FULL or (r[6] or 0) >= cutoff)
    ]
    full_by_branch: dict[int, list[int]] = defaultdict(list)
    for person_id, org_id in (
        Membership.objects.filter(
            university_id=ctx.university_id, ended_on__isnull=True, stage=MembershipStage.FULL
        )
        .order_by("pk")
        .values_list("person_id", "org_id")
    ):
        full_by_branch[org_id].append(person_id)
    next_id = ctx.ids.take(DevelopmentCase, len(rows))
    university_id = ctx.university_id
    random = rng.random
    for person_id, org_id, stage, applied, activist, candidate, admitted, full in rows:
        pool = full_by_branch.get(org_id, ())
        fault = rng.choice(FAULTS) if activist and random() < VIOLATION_SHARE else ""
        talk: int | None = applied + (
            randint(rng, 35, 60) if fault == "talk" else randint(rng, 3, 25)
        )
        if activist is None:
            if talk > today:  # type: ignore[operator]
                talk = None  # still awaiting the talk
            contacts: tuple[int | None, int | None] = (None, None)
        else:
            if talk > activist:  # type: ignore[operator]
                talk = activist
            contacts = _pick(random, pool, person_id, 1 if fault == "contacts" else 2)
        introducers = _pick(random, pool, person_id, 2) if candidate else (None, None)
        last = candidate or activist or talk or applied
        tail: tuple[Any, ...] = EMPTY_TAIL
        if admitted is not None:
            n = len(pool) - (person_id in pool)
            entitled = n + 1 if n >= 2 else 3
            present = entitled - randint(rng, 0, entitled // 4)
            notice_start, notice_end = _notice(rng, is_workday, admitted, fault == "notice")
            approved = admitted + (
                randint(rng, 100, 170) if fault == "approval" else randint(rng, 10, 60)
            )
            approved_on = approved if approved <= today else None
            last = approved_on or admitted
            short = fault == "training"
            head = (
                2 if short else 3,
                16 if short else 24,
                day(admitted - randint(rng, 21, 40)),
                True,
                day(notice_start),
                day(notice_end),
                day(admitted - randint(rng, 3, 12)),
                day(admitted),
                entitled,
                present,
                entitled // 2 if fault == "vote" else present,
                day(approved_on),
                None,
                "",
                None,
            )
            if full is None:
                tail = (*head, None, None, None, None, None)
            else:
                full_present = entitled - randint(rng, 0, entitled // 4)
                full_approved = full + randint(rng, 7, 45)
                last = full
                tail = (
                    *head,
                    day(full),
                    entitled,
                    full_present,
                    full_present,
                    day(full_approved if full_approved <= today else None),
                )
        entered = last + randint(rng, 0, 6)
        if entered > today:
            entered = today
        stamp = moments(entered * 24 + 20)
        table.append(
            (
                next_id,
                org_id,
                university_id,
                stamp,
                None,
                person_id,
                "2014",
                stage,
                day(applied),
                day(talk),
                day(activist),
                *contacts,
                day(candidate),
                *introducers,
                *tail,
                "",
            )
        )
        next_id += 1
    count = len(rows)
    ctx.summary["development_cases"] = count


def _memberships(university_id: int, recent: int) -> list[tuple[Any, ...]]:
    """Open memberships of the pipeline and of members admitted since `recent` (an ordinal), with
    dates as ordinals: one raw query (SQLite gives ISO text, PostgreSQL dates)."""
    sql = (
        "SELECT person_id, org_id, stage, applied_on, activist_on, candidate_on, admitted_on,"
        " full_on FROM orgs_membership WHERE university_id = %s AND ended_on IS NULL"
        " AND (stage <> %s OR admitted_on >= %s) ORDER BY id"
    )
    since = dt.date.fromordinal(recent)
    with connection.cursor() as cursor:
        cursor.execute(sql, [university_id, MembershipStage.FULL.value, since])
        fetched = cursor.fetchall()
    cache: dict[Any, int] = {}

    def ordinal(value: Any) -> int | None:
        if value is None:
            return None
        found = cache.get(value)
        if found is None:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
            found = cache[value] = day.toordinal()
        return found

    return [(p, o, s, *(ordinal(d) for d in dates)) for p, o, s, *dates in fetched]


_WORKDAYS: dict[int, bool] = {}


def _workdays() -> Any:
    """is_workday by ordinal, memoised for the whole seed (the holiday library is slow per call)."""
    calendar = WorkdayCalendar()

    def is_workday(ordinal: int) -> bool:
        found = _WORKDAYS.get(ordinal)
        if found is None:
            found = _WORKDAYS[ordinal] = calendar.is_workday(dt.date.fromordinal(ordinal))
        return found

    return is_workday


def _notice(rng: Any, is_workday: Any, admitted: int, short: bool) -> tuple[int, int]:
    """A 公示 ending a few days before the 大会 and lasting five working days (two when `short`),
    counted back on the holiday calendar (ordinals)."""
    end = admitted - randint(rng, 2, 8)
    start, workdays = end + 1, 0
    while workdays < (2 if short else 5):
        start -= 1
        workdays += is_workday(start)
    return start, end


def _pick(random: Any, pool: Any, person_id: int, k: int) -> tuple[int | None, int | None]:
    """Up to `k` (1 or 2) distinct full members of the branch other than the person."""
    others = [p for p in pool if p != person_id] if person_id in pool else pool
    n = len(others)
    if n == 0:
        return (None, None)
    first = int(random() * n)
    if k == 1 or n == 1:
        return (others[first], None)
    second = (first + 1 + int(random() * (n - 1))) % n
    return (others[first], others[second])
