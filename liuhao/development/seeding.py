"""Generator "development": the development case (发展党员档案) of every pipeline person and every
probationary or recently admitted full member the people seed made (Criterion C06.1).

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
from django.utils import timezone

from liuhao.development.models import DevelopmentCase
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
FAULTS = ("talk", "contacts", "training", "notice", "vote", "approval")
RECENT_FULL_DAYS = 3 * 365  # full members admitted within three years get a case
PIPELINE = {
    MembershipStage.APPLICANT,
    MembershipStage.ACTIVIST,
    MembershipStage.CANDIDATE,
    MembershipStage.PROBATIONARY,
}


@register("development", models=(DevelopmentCase,), order=100)
def generate_development(ctx: UniversityContext) -> None:
    """Write the development cases of one university."""
    writer = ctx.writer
    writer.flush()  # the people seed's memberships, read back below
    rng = ctx.rng("development")
    today = ctx.today.toordinal()
    day = writer.date
    tz = timezone.get_default_timezone()
    table = writer.table(DevelopmentCase, COLUMNS)
    calendar = WorkdayCalendar()
    rows = list(
        Membership.objects.filter(university_id=ctx.university_id, ended_on__isnull=True)
        .order_by("pk")
        .values_list(
            "person_id",
            "org_id",
            "stage",
            "applied_on",
            "activist_on",
            "candidate_on",
            "admitted_on",
            "full_on",
        )
    )
    full_by_branch: dict[int, list[int]] = defaultdict(list)
    for person_id, org_id, stage, *_ in rows:
        if stage == MembershipStage.FULL:
            full_by_branch[org_id].append(person_id)
    count = 0
    for person_id, org_id, stage, *dates in rows:
        applied, activist, candidate, admitted, full = (
            d.toordinal() if d is not None else None for d in dates
        )
        if applied is None:
            continue
        if stage == MembershipStage.FULL:
            if admitted is None or admitted < today - RECENT_FULL_DAYS:
                continue
        elif stage not in PIPELINE:
            continue
        pool = [p for p in full_by_branch.get(org_id, ()) if p != person_id]
        fault = rng.choice(FAULTS) if activist and rng.random() < VIOLATION_SHARE else ""
        talk: int | None = applied + randint(rng, 3, 25)
        if fault == "talk":
            talk = applied + randint(rng, 35, 60)
        if activist is None and talk is not None and talk > today:
            talk = None  # still awaiting the talk
        elif talk is not None and activist is not None:
            talk = min(talk, activist)
        contacts = _pick(rng, pool, 1 if fault == "contacts" else 2) if activist else [None, None]
        introducers = _pick(rng, pool, 2) if candidate else [None, None]
        row: dict[str, Any] = {}
        if admitted is not None:
            full_members = max(len(pool) + 1, 3)
            present = full_members - randint(rng, 0, full_members // 4)
            notice_start, notice_end = _notice(rng, calendar, admitted, fault == "notice")
            approved = admitted + randint(rng, 10, 60)
            if fault == "approval":
                approved = admitted + randint(rng, 100, 170)
            row = {
                "training_days": 2 if fault == "training" else 3,
                "training_hours": 16 if fault == "training" else 24,
                "review_on": admitted - randint(rng, 21, 40),
                "review_passed": True,
                "notice_start": notice_start,
                "notice_end": notice_end,
                "prereview_on": admitted - randint(rng, 3, 12),
                "vote_entitled": full_members,
                "vote_present": present,
                "vote_yes": full_members // 2 if fault == "vote" else present,
                "approved_on": approved if approved <= today else None,
            }
            if full is not None:
                full_present = full_members - randint(rng, 0, full_members // 4)
                full_approved = full + randint(rng, 7, 45)
                row |= {
                    "full_vote_entitled": full_members,
                    "full_vote_present": full_present,
                    "full_vote_yes": full_present,
                    "full_approved_on": full_approved if full_approved <= today else None,
                }
        last = max(
            d
            for d in (applied, talk, activist, candidate, admitted, full, row.get("approved_on"))
            if d is not None
        )
        entered = min(last + randint(rng, 0, 6), today)
        stamp = dt.datetime.combine(dt.date.fromordinal(entered), dt.time(20), tzinfo=tz)
        vote_present = row.get("vote_present")
        table.append(
            (
                ctx.ids.take(DevelopmentCase),
                org_id,
                ctx.university_id,
                connection.ops.adapt_datetimefield_value(stamp),
                None,
                person_id,
                "2014",
                stage,
                day(applied),
                day(talk),
                day(activist),
                contacts[0],
                contacts[1],
                day(candidate),
                introducers[0],
                introducers[1],
                row.get("training_days"),
                row.get("training_hours"),
                day(row.get("review_on")),
                row.get("review_passed"),
                day(row.get("notice_start")),
                day(row.get("notice_end")),
                day(row.get("prereview_on")),
                day(admitted),
                row.get("vote_entitled"),
                vote_present,
                row.get("vote_yes"),
                day(row.get("approved_on")),
                None,
                "",
                None,
                day(full),
                row.get("full_vote_entitled"),
                row.get("full_vote_present"),
                row.get("full_vote_yes"),
                day(row.get("full_approved_on")),
                "",
            )
        )
        count += 1
    ctx.summary["development_cases"] = count


def _notice(rng: Any, calendar: WorkdayCalendar, admitted: int, short: bool) -> tuple[int, int]:
    """A 公示 ending a few days before the 大会 and lasting five working days (two when `short`),
    counted back on the holiday calendar (ordinals)."""
    end = admitted - randint(rng, 2, 8)
    start, workdays = end + 1, 0
    while workdays < (2 if short else 5):
        start -= 1
        workdays += calendar.is_workday(dt.date.fromordinal(start))
    return start, end


def _pick(rng: Any, pool: list[int], k: int) -> list[int | None]:
    chosen: list[int | None] = list(rng.sample(pool, min(k, len(pool))))
    return chosen + [None] * (2 - len(chosen))
