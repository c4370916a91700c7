"""Service-front metrics (C05.2–C05.4, C10.1, C10.2, C11.1, C11.2, C12.1): exact values for every
org in scope, windows, as_of, 补录 flags, subtree roll-up, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.frontline.tests.factories import (
    MemberAffairFactory,
    NewsFactory,
    ProposalFactory,
    ReceptionFactory,
    ServiceItemFactory,
    VanguardPostFactory,
    VenueFactory,
)
from liuhao.ledger.tests.factories import entered
from liuhao.orgs.models import WorkdayOverride
from liuhao.orgs.tests.factories import OrganizationFactory, PersonFactory
from liuhao.standards.metrics.registry import MetricContext, PeriodWindow, get_metric

TERM = PeriodWindow("2025-2026-1", "term", dt.date(2025, 9, 1), dt.date(2026, 2, 14))
YEAR = PeriodWindow("2025-2026", "year", dt.date(2025, 9, 1), dt.date(2026, 8, 31))
AS_OF = dt.date(2025, 11, 20)


def run(key: str, orgs: list[Any], as_of: dt.date = AS_OF, window: PeriodWindow = TERM) -> Any:
    ids = frozenset(o.pk for o in orgs)
    ctx = MetricContext(org_ids=ids, windows={window: ids}, as_of=as_of, params={})
    fn = get_metric(key).fn
    assert fn is not None, f"{key} is still pending"
    return fn(ctx)


def values(result: dict[int, Any], orgs: list[Any]) -> list[float | None]:
    return [result[o.pk].value for o in orgs]


def test_studio_count_rolls_up_open_studios(tree, rep):
    studio = VenueFactory(org=tree.college, kind="studio", name="党代表工作室")
    VenueFactory(org=tree.college, kind="studio", closed_on=dt.date(2025, 1, 1))  # closed
    VenueFactory(org=tree.college, kind="studio", opened_on=dt.date(2025, 12, 1))  # later
    VenueFactory(org=tree.college)  # an activity room
    orgs = [tree.university, tree.college, tree.branch, tree.other_college]
    result = run("ledger.representative_studio_count", orgs)
    assert values(result, orgs) == [1.0, 1.0, 0.0, 0.0]
    assert result[tree.college.pk].evidence == (studio.pk,)
    assert result[tree.college.pk].records == "frontline.venue"


def test_reception_count_counts_the_term_up_to_as_of_with_late_flags(tree, rep):
    held = [
        ReceptionFactory(org=tree.college, representative=rep, held_on=dt.date(2025, 9, 1)),
        ReceptionFactory(
            org=tree.college,
            representative=rep,
            held_on=dt.date(2025, 9, 10),
            entered_at=entered(dt.date(2025, 9, 10), 40),
        ),
    ]
    ReceptionFactory(org=tree.college, representative=rep, held_on=dt.date(2025, 8, 31))
    ReceptionFactory(org=tree.college, representative=rep, held_on=dt.date(2025, 12, 1))
    orgs = [tree.college, tree.other_college]
    result = run("ledger.reception_duty_count", orgs)
    assert values(result, orgs) == [2.0, 0.0]
    assert result[tree.college.pk].evidence == tuple(sorted(r.pk for r in held))
    assert result[tree.college.pk].late == (held[1].pk,)


def test_proposals_per_representative(tree, rep):
    ProposalFactory(org=tree.college, representative=rep)
    ProposalFactory(org=tree.college, representative=rep, kind="research")
    ProposalFactory(org=tree.college, representative=rep, submitted_on=dt.date(2025, 8, 1))
    orgs = [tree.college, tree.branch, tree.other_college]
    result = run("ledger.proposals_per_representative", orgs, window=YEAR)
    # two in the year, one representative; no representative in the others: not computable
    assert values(result, orgs) == [2.0, None, None]
    assert dict(result[tree.college.pk].detail) == {"proposals": 2.0, "representatives": 1.0}


def test_venue_count_needs_fixed_and_equipped_open_venues(tree):
    ok = VenueFactory(org=tree.branch)
    VenueFactory(org=tree.branch, is_fixed=False)
    VenueFactory(org=tree.branch, equipment="")
    VenueFactory(org=tree.other_branch, closed_on=dt.date(2025, 11, 1))
    orgs = [tree.branch, tree.other_branch, tree.college]
    result = run("ledger.venue_count", orgs)
    assert values(result, orgs) == [1.0, 0.0, 0.0]
    assert result[tree.branch.pk].evidence == (ok.pk,)


def test_member_affairs_median_counts_working_days_on_the_official_calendar(tree, crew):
    person = crew.members[0]
    # 2025-09-30 → 2025-10-09: National Day holiday (Oct 1–8), one working day.
    across = MemberAffairFactory(
        org=tree.branch,
        person=person,
        received_on=dt.date(2025, 9, 30),
        completed_on=dt.date(2025, 10, 9),
    )
    MemberAffairFactory(org=tree.branch, person=person)  # Mon → Wed: 2
    MemberAffairFactory(
        org=tree.branch,
        person=person,
        received_on=dt.date(2025, 10, 13),
        completed_on=dt.date(2025, 10, 20),
    )  # 5
    MemberAffairFactory(org=tree.branch, person=person, completed_on=None)  # still open
    MemberAffairFactory(  # completed before the term
        org=tree.branch,
        person=person,
        received_on=dt.date(2025, 6, 2),
        completed_on=dt.date(2025, 8, 29),
    )
    orgs = [tree.branch, tree.other_branch]
    result = run("desk.member_affairs_median_days", orgs)
    assert values(result, orgs) == [2.0, None]
    assert across.pk in result[tree.branch.pk].evidence
    assert dict(result[tree.branch.pk].detail) == {"completed": 3.0, "requests": 0.0}


def test_member_affairs_median_honours_admin_overrides(tree, crew):
    WorkdayOverride.objects.create(date=dt.date(2025, 10, 14), is_workday=False, note="校运会")
    MemberAffairFactory(org=tree.branch, person=crew.members[0])  # Mon → Wed, Tue is off: 1
    assert values(run("desk.member_affairs_median_days", [tree.branch]), [tree.branch]) == [1.0]


def test_service_items_posts_and_news(tree, crew):
    item = ServiceItemFactory(org=tree.branch, responsible=crew.secretary)
    ServiceItemFactory(org=tree.branch, responsible=crew.secretary, withdrawn_on=AS_OF)
    ServiceItemFactory(org=tree.branch, responsible=crew.secretary, process="")
    post = VanguardPostFactory(org=tree.branch, people=[crew.members[0], crew.members[1]])
    VanguardPostFactory(org=tree.branch)  # no member named
    VanguardPostFactory(org=tree.branch, people=[crew.members[2]], ended_on=dt.date(2025, 3, 1))
    news = [NewsFactory(org=tree.branch), NewsFactory(org=tree.branch, kind="notice")]
    NewsFactory(org=tree.branch, published_on=dt.date(2025, 11, 21))
    orgs = [tree.branch, tree.other_branch]
    items = run("portal.service_item_count", orgs)
    assert values(items, orgs) == [1.0, 0.0] and items[tree.branch.pk].evidence == (item.pk,)
    posts = run("ledger.vanguard_post_count", orgs)
    assert values(posts, orgs) == [1.0, 0.0] and posts[tree.branch.pk].evidence == (post.pk,)
    counted = run("portal.news_count", orgs)
    assert values(counted, orgs) == [2.0, 0.0]
    assert counted[tree.branch.pk].evidence == tuple(sorted(n.pk for n in news))


KEYS = [
    ("ledger.representative_studio_count", TERM),
    ("ledger.reception_duty_count", TERM),
    ("ledger.proposals_per_representative", YEAR),
    ("ledger.venue_count", TERM),
    ("desk.member_affairs_median_days", TERM),
    ("portal.service_item_count", TERM),
    ("ledger.vanguard_post_count", TERM),
    ("portal.news_count", TERM),
]


def test_query_count_does_not_grow_with_orgs(tree, crew, rep):
    def queries(orgs: list[Any]) -> list[int]:
        counts = []
        for key, window in KEYS:
            with CaptureQueriesContext(connection) as captured:
                run(key, orgs, window=window)
            counts.append(len(captured))
        return counts

    MemberAffairFactory(org=tree.branch, person=crew.members[0])
    few = queries([tree.branch])
    more = []
    for _ in range(5):
        org = OrganizationFactory(parent=tree.college, kind="branch", branch_type="teacher")
        person = PersonFactory(university=tree.university, unit=tree.college)
        VenueFactory(org=org)
        NewsFactory(org=org)
        MemberAffairFactory(org=org, person=person)
        ServiceItemFactory(org=org, responsible=person)
        VanguardPostFactory(org=org, people=[person])
        more.append(org)
    assert queries([tree.branch, tree.college, *more]) == few
