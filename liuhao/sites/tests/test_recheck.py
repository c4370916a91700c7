"""The yearly re-check (复核): keep / warn / revoke by the YAML rule, set-based, confirmed by the
province; revoked sites leave the public list and keep their history (issue 7 item 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.notifications.models import Notification
from liuhao.notifications.waiting import waiting_for
from liuhao.orgs.tests.factories import OrganizationFactory
from liuhao.sites.models import Application, Recheck, Site
from liuhao.sites.rules import sites_rules
from liuhao.sites.selectors import public_sites
from liuhao.sites.services.recheck import decide, recheck_compute, recheck_confirm
from liuhao.sites.tests.support import open_cycle, reviewed, year_run
from liuhao.standards.models import OrgResult

NEXT = "2026-2027"
RULE = sites_rules().recheck


@pytest.mark.parametrize(
    ("verdict", "satisfaction", "before", "outcome"),
    [
        (True, 0.95, 0, "keep"),
        (True, None, 0, "keep"),
        (False, 0.95, 0, "warn"),
        (None, None, 0, "warn"),
        (False, 0.95, 1, "revoke"),  # the second warning in a row
        (True, 0.85, 0, "revoke"),  # satisfaction below 90%
    ],
)
def test_rule_from_the_yaml(verdict, satisfaction, before, outcome):
    assert decide(RULE, verdict, satisfaction, before)[0] == outcome


def _site(org, app):
    return Site.objects.create(
        org=org,
        university_id=org.university_id,
        org_path=org.path,
        application=app,
        cycle=app.cycle,
        named_on=dt.date(2026, 6, 8),
    )


@pytest.fixture
def sites(tree, actors):
    run = year_run()
    cycle = open_cycle(actors.province_admin)
    out = []
    for org in (tree.branch, tree.other_branch, tree.other_univ_branch):
        assessment = reviewed(org, run)
        app = Application.objects.create(
            cycle=cycle,
            org=org,
            university_id=org.university_id,
            org_path=org.path,
            assessment=assessment,
            result=assessment.result,
            status="named",
            applied_at=dt.datetime(2026, 3, 10, tzinfo=dt.UTC),
            applied_by=actors.university_admin,
        )
        out.append(_site(org, app))
    return out


def _next_year_run(tree, verdicts, satisfaction=None):
    run = year_run(NEXT, dt.date(2027, 3, 1))
    for org, verdict in verdicts.items():
        result = OrgResult.objects.get(run=run, org=org)
        result.verdict = verdict
        if org in (satisfaction or {}):
            result.checkpoints = [
                *[c for c in result.checkpoints if c["code"] != "C18.1"],
                {"code": "C18.1", "status": "unmet", "value": satisfaction[org]},
            ]
        result.save()
    return run


def test_recheck_keep_warn_revoke_then_confirm(tree, actors, sites):
    _next_year_run(
        tree,
        {tree.branch: True, tree.other_branch: False, tree.other_univ_branch: True},
        satisfaction={tree.other_univ_branch: 0.8},
    )
    with pytest.raises(NotPermitted):
        recheck_compute(actor=actors.university_admin, period_code=NEXT)
    summary = recheck_compute(actor=actors.province_admin, period_code=NEXT)
    assert (summary.keep, summary.warn, summary.revoke) == (1, 1, 1)
    by_org = {r.site.org_id: r for r in Recheck.objects.select_related("site")}
    assert by_org[tree.other_univ_branch.pk].reason.startswith("满意度 80%")
    assert set(Site.objects.values_list("status", flat=True)) == {"active"}  # not confirmed yet
    titles = [i.title for i in waiting_for(actors.province_admin)]
    assert any("复核结果待确认" in t for t in titles)
    recheck_confirm(actor=actors.province_admin, period_code=NEXT, today=dt.date(2027, 4, 1))
    status = dict(Site.objects.values_list("org_id", "status"))
    assert status == {
        tree.branch.pk: "active",
        tree.other_branch.pk: "warned",
        tree.other_univ_branch.pk: "revoked",
    }
    assert tree.other_univ_branch.pk not in {s.org_id for s in public_sites()}
    assert Site.objects.count() == 3  # history stays
    assert Notification.objects.filter(kind="warning").count() == 2
    assert AuditEvent.objects.filter(target_type="sites.recheck", verb="update").count() == 3
    with pytest.raises(ValidationFailed, match="没有待确认"):
        recheck_confirm(actor=actors.province_admin, period_code=NEXT, today=dt.date(2027, 4, 1))


def test_two_warnings_in_a_row_revoke(tree, actors, sites):
    Recheck.objects.create(
        site=sites[0],
        period_code="2025-2026",
        outcome="warn",
        reason="上年警告",
        confirmed_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )
    _next_year_run(tree, {tree.branch: False})
    recheck_compute(actor=None, period_code=NEXT)
    row = Recheck.objects.get(site=sites[0], period_code=NEXT)
    assert row.outcome == "revoke" and "连续 2 次警告" in row.reason


def test_command_and_constant_queries(tree, actors, sites, capsys):
    _next_year_run(tree, {tree.branch: True})
    with CaptureQueriesContext(connection) as few:
        recheck_compute(actor=None, period_code=NEXT)
    for _ in range(5):
        org = OrganizationFactory(parent=tree.college, kind="branch", branch_type="teacher")
        app = Application.objects.create(
            cycle=sites[0].cycle,
            org=org,
            university_id=org.university_id,
            org_path=org.path,
            assessment=sites[0].application.assessment,
            result=sites[0].application.result,
            status="named",
            applied_at=dt.datetime(2026, 3, 10, tzinfo=dt.UTC),
        )
        _site(org, app)
    with CaptureQueriesContext(connection) as many:
        recheck_compute(actor=None, period_code=NEXT)
    assert len(many) == len(few)
    call_command("sites_recheck", "--year", NEXT)
    assert "学年复核：保留" in capsys.readouterr().out


def test_recheck_page_keeps_the_history_of_revoked_sites(client, tree, actors, sites):
    _next_year_run(tree, {tree.branch: True}, satisfaction={tree.branch: 0.5})
    client.force_login(actors.province_admin)
    resp = client.post("/sites/recheck/", {"period_code": NEXT, "action": "compute"})
    assert resp.status_code == 302
    assert client.post("/sites/recheck/", {"period_code": "2026"}).status_code == 400
    client.post("/sites/recheck/", {"period_code": NEXT, "action": "confirm"})
    page = client.get(f"/sites/recheck/?year={NEXT}").content.decode()
    assert "已撤销" in page and f"{NEXT} 撤销" in page
    client.force_login(actors.university_admin)
    assert client.post("/sites/recheck/", {"period_code": NEXT}).status_code == 403
    assert tree.branch.name in client.get("/sites/recheck/").content.decode()
    client.force_login(actors.party_member)
    assert client.get("/sites/recheck/").status_code == 403
