"""The orgs endpoints of /api/v1: filters, detail by code, stats and warnings, leadership as of a
date, create (parent by id or code), edit, move and dissolve — each audited — and constant query
counts on the list."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization
from liuhao.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)

URL = "/api/v1/orgs/orgs/"


@pytest.fixture
def admin(tree, actors):
    return token_client(actors.university_admin)


def _codes(client, query=""):
    response = client.get(f"{URL}?page_size=100&{query}")
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["items"]]


def test_list_is_ordered_by_tree_and_filters_by_kind_type_parent(tree, admin):
    assert _codes(admin) == ["U001", "U001-C01", "U001-C01-B01", "U001-C01-B02", "U001-C02"]
    assert _codes(admin, "kind=branch") == ["U001-C01-B01", "U001-C01-B02"]
    assert _codes(admin, "branch_type=graduate") == ["U001-C01-B02"]
    assert _codes(admin, f"parent={tree.university.pk}") == ["U001-C01", "U001-C02"]


def test_search_by_name_pinyin_and_initials(tree, admin):
    assert _codes(admin, "q=外国语") == ["U001-C02"]
    assert _codes(admin, "q=jsj") == ["U001-C01", "U001-C01-B01", "U001-C01-B02"]
    assert _codes(admin, "q=waiguoyu") == ["U001-C02"]
    assert _codes(admin, "q=u001-c02") == ["U001-C02"]


def test_under_lists_a_subtree_and_dissolved_orgs_are_hidden_by_default(tree, admin):
    assert _codes(admin, "under=U001-C01") == ["U001-C01", "U001-C01-B01", "U001-C01-B02"]
    send(
        admin,
        "POST",
        f"{URL}{tree.other_branch.pk}/dissolve/",
        {"on": "2025-06-30", "reason": "合并"},
    )
    assert _codes(admin, "under=U001-C01") == ["U001-C01", "U001-C01-B01"]
    assert "U001-C01-B02" in _codes(admin, "under=U001-C01&include_dissolved=true")


def test_pagination_reports_has_next_without_a_count(tree, admin):
    page1 = admin.get(f"{URL}?page_size=2").json()
    assert [r["code"] for r in page1["items"]] == ["U001", "U001-C01"]
    assert page1["has_next"] and not page1["has_previous"] and "count" not in page1
    page3 = admin.get(f"{URL}?page_size=2&page=3").json()
    assert [r["code"] for r in page3["items"]] == ["U001-C02"] and not page3["has_next"]
    assert admin.get(f"{URL}?page=10000").json()["items"] == []


def test_detail_by_id_and_by_code_expose_only_listed_fields(tree, admin):
    body = admin.get(f"{URL}{tree.branch.pk}/").json()
    assert body == admin.get(f"{URL}by-code/U001-C01-B01/").json()
    assert body["parent"] == tree.college.pk and body["university"] == tree.university.pk
    assert body["kind"] == "branch" and body["branch_type"] == "teacher"
    assert "path" not in body and "name_pinyin" not in body


def test_stats_count_the_subtree_and_warn(tree, actors, admin):
    for _ in range(2):
        MembershipFactory(org=tree.branch, person=PersonFactory(unit=tree.branch))
    MembershipFactory(org=tree.branch, person=PersonFactory(unit=tree.branch), stage="applicant",
                      activist_on=None, candidate_on=None, admitted_on=None, full_on=None)  # fmt: skip
    body = admin.get(f"{URL}{tree.college.pk}/stats/").json()
    assert body["by_stage"] == {"full": 3, "applicant": 1}
    assert body["full_members"] == 3 and body["all_members"] == 3
    assert body["sub_orgs_by_kind"] == {"branch": 2}
    assert {w["code"] for w in body["warnings"]} == {"no_leadership"}
    branch = admin.get(f"{URL}{tree.branch.pk}/stats/").json()
    assert "no_secretary" in {w["code"] for w in branch["warnings"]}


def test_leadership_as_of_a_date(tree, admin):
    old = PositionFactory(org=tree.branch, person=PersonFactory(unit=tree.branch), started_on=dt.date(2020, 1, 1),
                          ended_on=dt.date(2023, 12, 31))  # fmt: skip
    new = PositionFactory(
        org=tree.branch, person=PersonFactory(unit=tree.branch), started_on=dt.date(2024, 1, 1)
    )
    PositionFactory(
        org=tree.branch, person=new.person, kind="parttime_worker", started_on=dt.date(2024, 1, 1)
    )
    url = f"{URL}{tree.branch.pk}/leadership/"
    assert [m["id"] for m in admin.get(f"{url}?as_of=2022-05-01").json()["members"]] == [old.pk]
    body = admin.get(f"{url}?as_of=2025-05-01").json()
    assert body["as_of"] == "2025-05-01"
    assert [(m["id"], m["kind"], m["person_name"]) for m in body["members"]] == [
        (new.pk, "secretary", new.person.name)
    ]
    assert admin.get(url).status_code == 200  # defaults to today


def test_create_by_parent_code_is_audited(tree, actors):
    client = token_client(actors.org_secretary)
    body = {"code": "U001-C01-B03", "name": "  数据科学党支部 ", "kind": "branch", "branch_type": "research_team",
            "parent_code": "U001-C01", "established_on": "2024-09-01"}  # fmt: skip
    response = send(client, "POST", URL, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "数据科学党支部" and created["parent"] == tree.college.pk
    org = Organization.objects.get(code="U001-C01-B03")
    assert org.path.startswith(tree.college.path)
    event = AuditEvent.objects.get(target_type="orgs.organization", target_id=org.pk, verb="create")
    assert event.actor == actors.org_secretary


def test_create_rejects_both_parent_forms(tree, admin):
    body = {
        "code": "X",
        "name": "X",
        "kind": "group",
        "parent": tree.branch.pk,
        "parent_code": "U001",
    }
    assert_error(send(admin, "POST", URL, body), 400, "validation_failed")


def test_only_the_province_creates_universities(tree, actors, admin):
    body = {"code": "U003", "name": "新大学党委", "kind": "university_committee"}
    assert_error(send(admin, "POST", URL, body), 403, "not_permitted")
    response = send(token_client(actors.province_admin), "POST", URL, body)
    assert response.status_code == 201 and response.json()["parent"] is None


def test_patch_changes_only_the_fields_sent(tree, admin):
    response = send(admin, "PATCH", f"{URL}{tree.branch.pk}/", {"unit_count": 3})
    assert response.status_code == 200
    tree.branch.refresh_from_db()
    assert tree.branch.unit_count == 3 and tree.branch.name == "计算机系教工第一党支部"
    event = AuditEvent.objects.get(target_id=tree.branch.pk, verb="update")
    assert event.changes == {"unit_count": [1, 3]}


def test_move_repaths_and_dissolve_keeps_history(tree, admin):
    group = OrganizationFactory(
        parent=tree.other_branch, kind="group", name="第一党小组", code="G1"
    )
    response = send(
        admin, "POST", f"{URL}{tree.other_branch.pk}/move/", {"parent_code": "U001-C02"}
    )
    assert response.status_code == 200 and response.json()["parent"] == tree.other_college.pk
    group.refresh_from_db()
    assert group.path.startswith(tree.other_college.path)
    response = send(
        admin, "POST", f"{URL}{group.pk}/dissolve/", {"on": "2025-07-01", "reason": "调整"}
    )
    assert response.status_code == 200 and response.json()["dissolved_on"] == "2025-07-01"
    assert Organization.objects.filter(pk=group.pk).exists()
    assert {e.verb for e in AuditEvent.objects.filter(target_type="orgs.organization")} >= {
        "move",
        "dissolve",
    }


def test_list_query_count_is_constant(tree, actors, django_assert_max_num_queries):
    client = token_client(actors.province_admin)
    for i in range(40):
        OrganizationFactory(
            parent=tree.college, kind="branch", name=f"批量支部{i}", code=f"BULK{i:03d}"
        )
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{URL}?page_size=100").json()["items"]) == 48


def test_detail_stats_and_leadership_query_counts(tree, actors, django_assert_max_num_queries):
    client = token_client(actors.org_secretary)
    for _ in range(10):
        MembershipFactory(org=tree.branch, person=PersonFactory(unit=tree.branch))
        PositionFactory(
            org=tree.branch,
            kind="committee_member",
            duty="other",
            person=PersonFactory(unit=tree.branch),
        )
    with django_assert_max_num_queries(4):
        client.get(f"{URL}{tree.branch.pk}/")
    with django_assert_max_num_queries(8):
        client.get(f"{URL}{tree.branch.pk}/stats/")
    with django_assert_max_num_queries(5):
        assert len(client.get(f"{URL}{tree.branch.pk}/leadership/").json()["members"]) == 10
