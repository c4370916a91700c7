"""The site-cycle pages: scope matrix per role, refused input answers 400 naming the field with
nothing stored, the documents, the public list and the portal hook (issue 7 items 3, 5, 7)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from liuhao.sites.models import Application, Cycle, Site
from liuhao.sites.services.cycle import application_submit, expert_assign, recommendation_set
from liuhao.sites.services.decision import application_decide, notice_publish, sites_name
from liuhao.sites.tests.support import expert_of, open_cycle, reviewed, year_run

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def app(tree, actors):
    run = year_run()
    reviewed(tree.branch, run)
    reviewed(tree.other_univ_branch, run)
    cycle = open_cycle(actors.province_admin)
    return application_submit(
        actor=actors.university_admin, cycle=cycle, org=tree.branch, today=DAY
    )


def _recommend(tree, actors, app):
    recommendation_set(
        actor=actors.university_admin,
        cycle=app.cycle,
        university=tree.university,
        ranking=[app.pk],
        today=DAY,
    )


def _as(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "board", "detail"),
    [
        ("province_admin", 200, 200),
        ("university_admin", 200, 200),
        ("org_secretary", 200, 200),
        ("committee_member", 200, 200),
        ("reviewer", 200, 200),  # a reviewer role on the college views its assessments
        ("party_member", 403, 404),
        ("outsider", 403, 404),
    ],
)
def test_scope_matrix(client, actors, app, who, board, detail):
    c = _as(client, getattr(actors, who))
    assert c.get(f"/sites/{app.cycle_id}/").status_code == board
    assert c.get(f"/sites/applications/{app.pk}/").status_code == detail
    assert c.get("/sites/").status_code == 200


def test_another_university_does_not_see_the_application(client, tree, actors, app):
    from liuhao.core.roles import Role
    from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

    other = UserFactory(username="other-univ")
    RoleAssignmentFactory(user=other, role=Role.UNIVERSITY_ADMIN, org=tree.other_university)
    c = _as(client, other)
    assert c.get(f"/sites/applications/{app.pk}/").status_code == 404
    page = c.get(f"/sites/{app.cycle_id}/").content.decode()
    assert tree.branch.name not in page
    assert c.get(f"/sites/{app.cycle_id}/recommend/{tree.university.pk}/").status_code == 403


def test_only_the_province_opens_and_decides(client, actors, app):
    assert _as(client, actors.university_admin).get("/sites/new/").status_code == 403
    resp = client.post(f"/sites/applications/{app.pk}/decide/", {"verdict": "name"})
    assert resp.status_code == 403
    assert (
        _as(client, actors.org_secretary).get(f"/sites/{app.cycle_id}/notice/").status_code == 403
    )


def test_open_form_refuses_bad_input_naming_the_field(client, actors, tree):
    c = _as(client, actors.province_admin)
    resp = c.post(
        "/sites/new/",
        {
            "period_code": "2025-2027",
            "title": "评选",
            "eligible_levels": ["branch"],
            "opened_on": "2026-03-02",
        },
    )
    assert resp.status_code == 400 and "评选学年" in resp.content.decode()
    assert not Cycle.objects.exists()
    resp = c.post(
        "/sites/new/",
        {
            "period_code": "2025-2026",
            "title": "评选",
            "eligible_levels": ["branch"],
            "opened_on": "2026-03-02",
        },
    )
    assert resp.status_code == 302 and Cycle.objects.get().eligible_levels == ["branch"]


@time_machine.travel(dt.datetime(2026, 5, 1, 10, 0), tick=False)
def test_late_application_page_says_why_and_stores_nothing(client, tree, actors, app):
    Application.objects.all().delete()
    c = _as(client, actors.university_admin)
    resp = c.post(f"/sites/{app.cycle_id}/apply/", {"org": tree.branch.pk})
    assert resp.status_code == 400 and "申报已于" in resp.content.decode()
    assert not Application.objects.exists()


def test_recommend_over_quota_page(client, tree, actors, app):
    run = app.result.run
    reviewed(tree.other_branch, run)
    b = application_submit(
        actor=actors.university_admin, cycle=app.cycle, org=tree.other_branch, today=DAY
    )
    c = _as(client, actors.university_admin)
    url = f"/sites/{app.cycle_id}/recommend/{tree.university.pk}/"
    with time_machine.travel(dt.datetime(2026, 3, 12, 10, 0), tick=False):
        resp = c.post(url, {f"rank_{app.pk}": 1, f"rank_{b.pk}": 2})
        assert resp.status_code == 400 and "超过本校名额 1 个" in resp.content.decode()
        assert set(Application.objects.values_list("status", flat=True)) == {"applied"}
        resp = c.post(url, {f"rank_{b.pk}": 1})
    assert resp.status_code == 302
    b.refresh_from_db()
    assert b.rank == 1


def test_expert_page_and_outsider_scoring(client, tree, actors, app):
    _recommend(tree, actors, app)
    expert = expert_of(tree.other_university)
    assignment = expert_assign(
        actor=actors.province_admin, application=app, expert=expert, kind="files"
    )
    assert _as(client, actors.reviewer).post(
        f"/sites/reviews/{assignment.pk}/",
        {"comment": "好", "score_C16.2": "4", "score_C17.2": "4"},
    ).status_code in (400, 403, 404)
    assert not assignment.scores.exists()
    c = _as(client, expert)
    assert "计算机系教工第一党支部" in c.get("/sites/reviews/").content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 12, 10, 0), tick=False):
        resp = c.post(
            f"/sites/reviews/{assignment.pk}/",
            {"comment": "好", "score_C16.2": "9", "score_C17.2": "4"},
        )
        assert resp.status_code == 400 and "评分应在 0 至 5 之间" in resp.content.decode()
        resp = c.post(
            f"/sites/reviews/{assignment.pk}/",
            {"comment": "成效明显", "score_C16.2": "4", "score_C17.2": "3.5"},
        )
    assert resp.status_code == 302 and assignment.scores.count() == 2


def test_documents_and_public_pages(client, tree, actors, app):
    province = actors.province_admin
    _recommend(tree, actors, app)
    application_decide(actor=province, application=app, verdict="name", today=DAY)
    notice = notice_publish(
        actor=province, cycle=app.cycle, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 5)
    )
    c = _as(client, actors.university_admin)
    resp = c.get(f"/sites/applications/{app.pk}/form.docx")
    assert resp.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    tables = "\n".join(
        cell.text
        for t in Document(io.BytesIO(resp.content)).tables
        for r in t.rows
        for cell in r.cells
    )
    assert "计算机系教工第一党支部" in tables and "南京示范大学党委" in tables
    assert "C16.2" in text and "签字" in tables
    resp = c.get(f"/sites/{app.cycle_id}/export/")
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws.cell(3, 3).value == "计算机系教工第一党支部" and ws.cell(3, 6).value == 1
    summary = load_workbook(io.BytesIO(resp.content))["各高校汇总"]
    assert [c.value for c in summary[2]] == ["南京示范大学党委", 4, 1, 1, 1, 1, 0]
    client.logout()
    with time_machine.travel(dt.datetime(2026, 6, 2, 10, 0), tick=False):
        page = client.get(f"/p/sites/notices/{notice.pk}/").content.decode()
        assert "计算机系教工第一党支部" in page and "公示中" in page
    sites_name(actor=province, cycle=app.cycle, today=dt.date(2026, 6, 8))
    page = client.get("/p/sites/").content.decode()
    assert "计算机系教工第一党支部" in page
    org_page = client.get(f"/p/orgs/{tree.branch.pk}/").content.decode()
    assert "省级示范点（2026 年命名）" in org_page
    Site.objects.update(status="revoked")
    assert "计算机系教工第一党支部" not in client.get("/p/sites/").content.decode()
    assert "尚未评选" in client.get(f"/p/orgs/{tree.branch.pk}/").content.decode()


def test_province_overrides_a_quota_on_the_board(client, tree, actors, app):
    from liuhao.sites.models import Quota

    quota = Quota.objects.get(cycle=app.cycle, university=tree.university)
    assert (
        _as(client, actors.university_admin)
        .post(f"/sites/quotas/{quota.pk}/", {"quota": "2"})
        .status_code
        == 403
    )
    c = _as(client, actors.province_admin)
    resp = c.post(f"/sites/quotas/{quota.pk}/", {"quota": "9"})
    assert resp.status_code == 400 and "名额应在 0 至 4" in resp.content.decode()
    assert c.post(f"/sites/quotas/{quota.pk}/", {"quota": "x"}).status_code == 400
    assert c.post(f"/sites/quotas/{quota.pk}/", {"quota": "2"}).status_code == 302
    quota.refresh_from_db()
    assert quota.quota == 2 and quota.overridden


def test_branch_secretary_and_expert_scope(client, tree, actors, app):
    from liuhao.core.roles import Role
    from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

    branch_secretary = UserFactory(username="bsec")
    RoleAssignmentFactory(user=branch_secretary, role=Role.ORG_SECRETARY, org=tree.branch)
    c = _as(client, branch_secretary)
    assert c.get(f"/sites/applications/{app.pk}/").status_code == 200
    assert c.get(f"/sites/{app.cycle_id}/recommend/{tree.university.pk}/").status_code == 403
    sibling = UserFactory(username="sibling")
    RoleAssignmentFactory(user=sibling, role=Role.ORG_SECRETARY, org=tree.other_branch)
    assert _as(client, sibling).get(f"/sites/applications/{app.pk}/").status_code == 404
    expert = expert_of(tree.other_university)
    c = _as(client, expert)
    assert c.get(f"/sites/applications/{app.pk}/").status_code == 404  # not assigned
    _recommend(tree, actors, app)
    expert_assign(actor=actors.province_admin, application=app, expert=expert, kind="report")
    assert c.get(f"/sites/applications/{app.pk}/").status_code == 200


def test_pages_read_a_constant_number_of_queries(
    client, tree, actors, app, django_assert_max_num_queries
):
    c = _as(client, actors.province_admin)
    c.get(f"/sites/{app.cycle_id}/")
    with django_assert_max_num_queries(15) as few:
        assert c.get(f"/sites/{app.cycle_id}/").status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get(f"/sites/applications/{app.pk}/").status_code == 200
    run = app.result.run
    for org in (tree.other_branch, tree.college, tree.other_college):
        reviewed(org, run)
        application_submit(actor=actors.university_admin, cycle=app.cycle, org=org, today=DAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(f"/sites/{app.cycle_id}/").status_code == 200


def test_province_moves_deadlines(client, tree, actors, app):
    cycle = app.cycle
    url = f"/sites/{cycle.pk}/deadlines/"
    data = {
        "apply_deadline": "2026-05-01",
        "recommend_deadline": "2026-04-01",
        "review_deadline": "2026-06-01",
        "decide_deadline": "2026-06-15",
    }
    assert _as(client, actors.university_admin).post(url, data).status_code == 403
    c = _as(client, actors.province_admin)
    resp = c.post(url, data)
    assert resp.status_code == 400 and "推荐截止不能早于申报截止" in resp.content.decode()
    cycle.refresh_from_db()
    assert cycle.apply_deadline == dt.date(2026, 4, 1)
    assert c.post(url, {**data, "recommend_deadline": "2026-05-10"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.apply_deadline == dt.date(2026, 5, 1)
    from liuhao.core.models import AuditEvent

    assert AuditEvent.objects.filter(
        target_type="sites.cycle", target_id=cycle.pk, verb="update"
    ).exists()


def test_conflicted_experts_are_not_offered_and_refused(client, tree, actors, app):
    _recommend(tree, actors, app)
    outside = expert_of(tree.other_university)
    c = _as(client, actors.province_admin)
    page = c.get(f"/sites/applications/{app.pk}/").content.decode()
    assert f'value="{outside.pk}"' in page and f'value="{actors.reviewer.pk}"' not in page
    resp = c.post(
        f"/sites/applications/{app.pk}/assign/", {"expert": actors.reviewer.pk, "kind": "report"}
    )
    assert resp.status_code == 400 and "应当回避" in resp.content.decode()
    assert not app.assignments.exists()
