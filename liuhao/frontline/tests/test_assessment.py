"""End to end on the shipped jiangsu-2015 package: the service-front checkpoints (C05.2–C05.4,
C10.1, C10.2, C11.1, C11.2, C12.1) are computed from the records, no longer awaiting data."""

from __future__ import annotations

import datetime as dt

from liuhao.frontline.tests.factories import (
    MemberAffairFactory,
    NewsFactory,
    ProposalFactory,
    ReceptionFactory,
    ServiceItemFactory,
    VanguardPostFactory,
    VenueFactory,
)
from liuhao.standards.metrics.registry import get_metric
from liuhao.standards.models import OrgResult
from liuhao.standards.services.loading import BUILTIN_DIR, standard_load
from liuhao.standards.services.runs import assessment_run

KEYS = (
    "ledger.representative_studio_count",
    "ledger.reception_duty_count",
    "ledger.proposals_per_representative",
    "ledger.venue_count",
    "desk.member_affairs_median_days",
    "portal.service_item_count",
    "ledger.vanguard_post_count",
    "portal.news_count",
)


def test_keys_are_implemented():
    assert all(not get_metric(key).is_pending for key in KEYS)


def test_checkpoints_are_computed_from_the_records(tree, crew, rep):
    standard, _ = standard_load(path=BUILTIN_DIR / "jiangsu-2015.yaml")
    VenueFactory(org=tree.college, kind="studio", name="党代表工作室")
    for day in (1, 8, 15, 22):
        ReceptionFactory(org=tree.college, representative=rep, held_on=dt.date(2025, 10, day))
    ProposalFactory(org=tree.college, representative=rep)
    VenueFactory(org=tree.branch)
    ServiceItemFactory(org=tree.branch, responsible=crew.secretary)
    VanguardPostFactory(org=tree.branch, people=[crew.members[0]])
    MemberAffairFactory(org=tree.branch, person=crew.members[0])
    for _ in range(4):
        NewsFactory(org=tree.branch)
    run = assessment_run(standard=standard, period_code="2025-2026-1", today=dt.date(2025, 11, 20))
    results = {r.org_id: r for r in OrgResult.objects.filter(run=run)}

    def status(org, code):
        return {c["code"]: c for c in results[org.pk].checkpoint_list()}[code]["status"]

    assert [status(tree.college, c) for c in ("C05.2", "C05.3", "C05.4")] == ["met"] * 3
    assert status(tree.other_college, "C05.2") == "not_applicable"
    for code in ("C10.1", "C10.2", "C11.1", "C11.2", "C12.1"):
        assert status(tree.branch, code) == "met", code
    assert status(tree.other_branch, "C10.1") == "unmet"
    awaiting = {a["code"] for a in run.awaiting or []}
    assert not awaiting & {"C05.2", "C05.3", "C05.4", "C10.1", "C10.2", "C11.1", "C11.2", "C12.1"}
