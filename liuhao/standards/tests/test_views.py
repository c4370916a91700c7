"""Assessment pages: scorecard, heat map, rankings — content, scope per role, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liuhao.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)
from liuhao.standards.models import AssessmentRun
from liuhao.standards.services.runs import assessment_run
from liuhao.standards.tests.support import make_standard

TODAY = dt.date(2026, 3, 10)
PERIOD = "2025-2026-1"


def staff_branch(branch, n_full=3):
    for i in range(n_full):
        person = PersonFactory(university=branch.university, unit=branch)
        MembershipFactory(person=person, org=branch, stage="full")
        if i == 0:
            PositionFactory(
                person=person, org=branch, kind="secretary", started_on=dt.date(2024, 9, 1)
            )


@pytest.fixture
def run(tree):
    staff_branch(tree.branch)
    return assessment_run(standard=make_standard(), period_code=PERIOD, today=TODAY)


def get(client, user, name, org, **params):
    client.force_login(user)
    return client.get(reverse(f"standards:{name}", args=[org.pk]), params)


def test_scorecard_shows_header_radar_checklist_gaps_and_awaiting(client, tree, actors, run):
    response = get(client, actors.university_admin, "org-scorecard", tree.other_branch)
    assert response.status_code == 200
    html = response.content.decode()
    assert "计算机学院研究生第一党支部 · 评估结果" in html
    assert "测试指标体系" in html and "2025—2026学年第一学期" in html
    assert "数据截至：2026-02-14" in html
    assert 'data-plotly="radar-data"' in html and 'id="radar-data"' in html
    assert "/static/vendor/plotly/plotly.min.js" in html
    # checklist: status as text (not colour alone), explanation and threshold
    assert "T01.1" in html and "未达标" in html and "待数据" in html
    assert "要求：" in html
    # gap list: what, by when
    assert "配齐党务工作力量" in html and "期限 2026-02-14" in html
    # awaiting data: the survey checkpoint with its reason
    awaiting = html.split('id="awaiting"')[1]
    assert "T02.1" in awaiting
    assert response.context["card"].result.org_id == tree.other_branch.pk


def test_scorecard_links_evidence_records(client, tree, actors, run):
    response = get(client, actors.university_admin, "org-scorecard", tree.branch)
    html = response.content.decode()
    card = response.context["card"]
    staffing = next(
        cp
        for d in card.dimensions
        for c in d.criteria
        for cp in c.checkpoints
        if cp.code == "T01.1"
    )
    assert staffing.evidence and staffing.evidence[0].url.startswith("/orgs/persons/")
    structure = next(
        cp
        for d in card.dimensions
        for c in d.criteria
        for cp in c.checkpoints
        if cp.code == "T01.2"
    )
    assert structure.evidence[0].url == reverse("orgs:org-detail", args=[tree.branch.pk])
    assert "证据：" in html


def test_scorecard_picks_run_by_period_and_run_id(client, tree, actors, run):
    second = assessment_run(standard=run.standard, period_code=PERIOD, today=TODAY)
    response = get(client, actors.org_secretary, "org-scorecard", tree.college, run=run.pk)
    assert response.context["card"].run.pk == run.pk
    response = get(client, actors.org_secretary, "org-scorecard", tree.college, period=PERIOD)
    assert response.context["card"].run.pk == second.pk
    assert "本评估期共计算 2 次" in response.content.decode()
    response = get(client, actors.org_secretary, "org-scorecard", tree.college, period="2024-2025")
    assert response.context["result"] is None and "暂无评估结果" in response.content.decode()


def test_scorecard_run_not_covering_org_is_404(client, tree, actors):
    standard = make_standard()
    other = assessment_run(
        standard=standard, period_code=PERIOD, root=tree.other_university, today=TODAY
    )
    response = get(client, actors.province_admin, "org-scorecard", tree.branch, run=other.pk)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "org_attr", "status"),
    [
        ("province_admin", "other_univ_branch", 200),
        ("university_admin", "college", 200),
        ("university_admin", "other_univ_branch", 404),
        ("org_secretary", "branch", 200),
        ("org_secretary", "other_college", 404),
        ("committee_member", "branch", 200),
        ("committee_member", "college", 404),
        ("party_member", "branch", 404),  # sees the branch page, not its assessment
        ("reviewer", "other_branch", 200),
        ("reviewer", "university", 404),
        ("outsider", "branch", 404),
    ],
)
@pytest.mark.parametrize("page", ["org-scorecard", "heatmap", "rankings"])
def test_pages_are_scoped_to_view_assessment(
    client, tree, actors, run, role, org_attr, status, page
):
    response = get(client, getattr(actors, role), page, getattr(tree, org_attr))
    assert response.status_code == status
    if status == 404:
        assert "未找到" in response.content.decode()


@pytest.mark.parametrize("export", ["org-scorecard-export", "heatmap-export", "rankings-export"])
def test_exports_are_scoped(client, tree, actors, run, export):
    assert get(client, actors.party_member, export, tree.branch).status_code == 404
    assert get(client, actors.outsider, export, tree.branch).status_code == 404
    assert get(client, actors.committee_member, export, tree.college).status_code == 404
    assert get(client, actors.reviewer, export, tree.college).status_code == 200


def test_anonymous_is_sent_to_login(client, tree, run):
    response = client.get(reverse("standards:org-scorecard", args=[tree.branch.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_empty_state_offers_compute_only_to_assessors(client, tree, actors):
    make_standard()
    html = get(client, actors.org_secretary, "org-scorecard", tree.branch).content.decode()
    assert "暂无评估结果" in html and "计算评估结果" in html
    html = get(client, actors.reviewer, "org-scorecard", tree.branch).content.decode()
    assert "暂无评估结果" in html and "计算评估结果" not in html
    html = get(client, actors.committee_member, "org-scorecard", tree.branch).content.decode()
    assert "计算评估结果" not in html


def test_recompute_button_runs_inline_for_a_small_subtree(client, tree, actors, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC))
    make_standard()
    client.force_login(actors.org_secretary)
    url = reverse("standards:org-recompute", args=[tree.college.pk])
    response = client.post(url, {"period": "2025-2026-1"})
    run = AssessmentRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?run={run.pk}")
    assert run.root_id == tree.college.pk and run.triggered_by == actors.org_secretary
    assert run.results.count() == 3
    page = client.get(response["Location"])
    assert "已完成 3 个组织的评估计算" in page.content.decode()


def test_recompute_refuses_bad_period_and_non_assessors(client, tree, actors, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC))
    make_standard()
    url = reverse("standards:org-recompute", args=[tree.branch.pk])
    client.force_login(actors.org_secretary)
    assert client.post(url, {"period": "2030-2031-1"}).status_code == 400
    client.force_login(actors.reviewer)
    assert client.post(url, {"period": "2025-2026-1"}).status_code == 403
    client.force_login(actors.party_member)
    assert client.post(url, {"period": "2025-2026-1"}).status_code == 404
    client.force_login(actors.committee_member)
    assert client.post(url, {"period": "2025-2026-1"}).status_code == 403
    assert not AssessmentRun.objects.exists()


def test_heatmap_rows_cells_filters_and_htmx_partial(client, tree, actors, run):
    response = get(client, actors.university_admin, "heatmap", tree.university)
    assert response.status_code == 200
    names = [r.name for r in response.context["rows"]]
    assert set(names) == {
        "南京示范大学党委",
        "计算机学院党委",
        "计算机系教工第一党支部",
        "计算机学院研究生第一党支部",
        "外国语学院党委",
    }
    html = response.content.decode()
    assert '<table class="heatmap">' in html and "st-met" in html and "达标" in html
    assert 'id="heatmap-data"' in html
    response = get(
        client, actors.university_admin, "heatmap", tree.university, level="branch", sort="code"
    )
    assert [r.code for r in response.context["rows"]] == ["U001-C01-B01", "U001-C01-B02"]
    client.force_login(actors.university_admin)
    partial = client.get(
        reverse("standards:heatmap", args=[tree.university.pk]),
        {"branch_type": "graduate"},
        HTTP_HX_REQUEST="true",
    )
    body = partial.content.decode()
    assert "<html" not in body and "计算机学院研究生第一党支部" in body
    assert "计算机系教工第一党支部" not in body


def test_heatmap_paginates(client, tree, actors, run, monkeypatch):
    from liuhao.standards.views import tables

    monkeypatch.setattr(tables, "PER_PAGE", 2)
    first = get(client, actors.province_admin, "heatmap", tree.university, sort="code")
    assert [r.code for r in first.context["rows"]] == ["U001", "U001-C01"]
    assert first.context["page"].has_next
    second = get(client, actors.province_admin, "heatmap", tree.university, sort="code", page=2)
    assert [r.code for r in second.context["rows"]] == ["U001-C01-B01", "U001-C01-B02"]


def test_rankings_by_score_only_inside_scope(client, tree, actors, run):
    response = get(client, actors.org_secretary, "rankings", tree.college)
    rows = response.context["rows"]
    assert [r.rank for r in rows] == [1, 2, 3]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert {r.name for r in rows} == {
        "计算机学院党委",
        "计算机系教工第一党支部",
        "计算机学院研究生第一党支部",
    }
    html = response.content.decode()
    assert "不对外公布" in html and "定级" in html
    # a province run ranks only what the actor evaluates: the secretary never sees other colleges
    response = get(client, actors.province_admin, "rankings", tree.university, level="branch")
    assert {r.name for r in response.context["rows"]} == {
        "计算机系教工第一党支部",
        "计算机学院研究生第一党支部",
    }


def _grow(tree, n=25):
    for i in range(n):
        branch = OrganizationFactory(
            parent=tree.other_college,
            kind="branch",
            branch_type="teacher",
            code=f"U001-C02-X{i:02d}",
        )
        staff_branch(branch)


@pytest.mark.parametrize(
    ("page", "org_attr"),
    [
        ("org-scorecard", "university"),
        ("heatmap", "university"),
        ("rankings", "university"),
        ("org-scorecard-export", "university"),
        ("heatmap-export", "university"),
        ("rankings-export", "university"),
    ],
)
def test_query_count_does_not_grow_with_orgs(client, tree, actors, page, org_attr):
    standard = make_standard()
    staff_branch(tree.branch)
    assessment_run(standard=standard, period_code=PERIOD, today=TODAY)
    org = getattr(tree, org_attr)
    client.force_login(actors.university_admin)
    url = reverse(f"standards:{page}", args=[org.pk])
    client.get(url)  # warm caches (rules, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(tree)
    assessment_run(standard=standard, period_code=PERIOD, today=TODAY)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 14


def test_org_page_and_home_link_to_the_assessment(client, tree, actors):
    scorecard = reverse("standards:org-scorecard", args=[tree.branch.pk])
    client.force_login(actors.committee_member)
    assert (
        scorecard in client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    )
    assert scorecard in client.get(reverse("dashboards:home")).content.decode()
    client.force_login(actors.party_member)
    assert (
        scorecard
        not in client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    )
    client.force_login(actors.university_admin)
    home = client.get(reverse("dashboards:home")).content.decode()
    assert reverse("standards:heatmap", args=[tree.university.pk]) in home


def test_rankings_ignore_name_sort(client, tree, actors, run):
    response = get(client, actors.org_secretary, "rankings", tree.college, sort="name")
    assert response.context["filters"].sort == "score"


def _sheet(response):
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_scorecard_export_has_checklist_and_gap_sheets(client, tree, actors, run):
    response = get(client, actors.org_secretary, "org-scorecard-export", tree.other_branch)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "2025" in disposition and "utf-8''" in disposition
    book = _sheet(response)
    assert book.sheetnames == ["概况", "检查点清单", "差距清单"]
    checklist = list(book["检查点清单"].values)
    assert checklist[0][:5] == ("维度", "指标", "检查点代码", "检查点", "状态")
    assert {row[2] for row in checklist[1:]} == {"T01.1", "T01.2", "T02.1", "T02.2"}
    gaps = list(book["差距清单"].values)
    assert gaps[0] == ("检查点代码", "检查点", "状态", "需完成的工作", "完成期限", "说明")
    assert any(row[3] == "配齐党务工作力量" and row[4] == "2026-02-14" for row in gaps[1:])
    head = dict(book["概况"].values)
    assert (
        head["组织"] == "计算机学院研究生第一党支部" and head["评估期"] == "2025—2026学年第一学期"
    )


def test_heatmap_and_rankings_exports_follow_scope_and_filters(client, tree, actors, run):
    response = get(client, actors.org_secretary, "heatmap-export", tree.university)
    assert response.status_code == 404  # the secretary evaluates the college, not the university
    response = get(client, actors.org_secretary, "heatmap-export", tree.college, level="branch")
    rows = list(_sheet(response)["指标热力图"].values)
    assert rows[0][:6] == ("组织代码", "组织名称", "层级", "得分", "定级", "是否六好")
    assert rows[0][6] == "T01 队伍"
    assert sorted(r[0] for r in rows[1:]) == ["U001-C01-B01", "U001-C01-B02"]
    assert {r[6] for r in rows[1:]} <= {"达标", "未达标", "部分达标"}
    response = get(client, actors.province_admin, "rankings-export", tree.university)
    rows = list(_sheet(response)["评估排名"].values)
    assert rows[0] == (
        "名次",
        "组织代码",
        "组织名称",
        "层级",
        "得分",
        "定级",
        "是否六好",
        "差距项数",
    )
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4, 5]
    assert "U002" not in {r[1] for r in rows[1:]}  # only the university's subtree


def test_pages_with_the_jiangsu_package(client, tree, actors):
    from liuhao.standards.services.loading import BUILTIN_DIR, standard_load

    standard, _ = standard_load(path=BUILTIN_DIR / "jiangsu-2015.yaml")
    staff_branch(tree.branch)
    assessment_run(standard=standard, period_code=PERIOD, today=TODAY)
    response = get(client, actors.university_admin, "org-scorecard", tree.college)
    assert response.status_code == 200
    card = response.context["card"]
    assert [d.title for d in card.dimensions] == [
        "班子建设好",
        "服务队伍好",
        "服务机制好",
        "服务阵地好",
        "服务载体好",
        "服务业绩好",
    ]
    assert sum(len(d.criteria) for d in card.dimensions) == 18
    assert len(response.context["radar"]["data"][0]["theta"]) == 7  # closed polygon
    heat = get(client, actors.university_admin, "heatmap", tree.university)
    assert len(heat.context["criteria"]) == 18
    assert all(len(row.cells) == 18 for row in heat.context["rows"])


def test_party_group_is_not_assessed(client, tree, actors, run):
    group = OrganizationFactory(parent=tree.branch, kind="group", code="U001-C01-B01-G1")
    html = get(client, actors.org_secretary, "org-scorecard", group).content.decode()
    assert "党小组不单独参加评估" in html and "计算评估结果" not in html
    assert reverse("standards:heatmap", args=[group.pk]) not in html


def test_evidence_urls_by_record_type():
    from liuhao.standards.reports import evidence_url

    assert evidence_url("orgs.organization", 5, 5) == reverse("orgs:org-detail", args=[5])
    assert evidence_url("orgs.position", 7, 3) == reverse("orgs:person-detail", args=[3])
    assert evidence_url("orgs.membership", 7, None) is None
    assert evidence_url("ledger.activity", 9, None) == reverse("ledger:activity-detail", args=[9])
    assert evidence_url("ledger.contactvisit", 9, None) is None  # its org page: org not given
