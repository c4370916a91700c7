"""Persons, memberships and positions through /api/v1: filters, create/edit through the services
(audited), Chinese validation messages, and constant query counts on the lists."""

from __future__ import annotations

import pytest

from liuhao.api.tests.support import assert_error, build_world, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory

API = "/api/v1/orgs"


@pytest.fixture
def world(tree, actors):
    return build_world(tree, actors)


@pytest.fixture
def admin(world):
    return token_client(world.actors.university_admin)


def _ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def test_person_filters(world, admin, tree):
    p = world.persons
    assert _ids(admin, f"{API}/persons/?unit={tree.branch.pk}") == [p["branch"].pk]
    assert _ids(admin, f"{API}/persons/?number=B0002") == [p["other_branch"].pk]
    assert _ids(admin, f"{API}/persons/?q=外语") == [p["other_college"].pk]
    assert _ids(admin, f"{API}/persons/?q=zbj") == [p["branch"].pk]  # initials of 支部甲
    assert _ids(admin, f"{API}/persons/?q=B0001") == [p["branch"].pk]
    assert _ids(admin, f"{API}/persons/?category=student") == []
    assert (
        _ids(admin, f"{API}/persons/?university={tree.other_university.pk}") == []
    )  # out of scope


def test_person_output_hides_account_data(world, admin):
    body = admin.get(f"{API}/persons/{world.persons['member'].pk}/").json()
    assert set(body) == {
        "id", "university", "unit", "number", "name", "category", "gender", "birth_date",
        "young_teacher", "academic_leader", "returnee", "left_on",
    }  # fmt: skip


def test_person_create_with_unit_implies_university_and_is_audited(world, admin, tree):
    body = {"unit": tree.branch.pk, "number": "T9", "name": "新教师", "category": "teacher", "gender": "female",
            "birth_date": "1990-05-01", "young_teacher": True}  # fmt: skip
    response = send(admin, "POST", f"{API}/persons/", body)
    assert response.status_code == 201, response.content
    person = Person.objects.get(number="T9")
    assert person.university_id == tree.university.pk and person.name_initials == "xjs"
    assert response.json()["gender"] == "female"
    assert AuditEvent.objects.filter(
        target_type="orgs.person", target_id=person.pk, verb="create"
    ).exists()


def test_person_create_at_university_level_and_model_rules(world, admin, tree):
    body = {"university": tree.university.pk, "number": "S1", "name": "学生", "category": "student"}
    assert send(admin, "POST", f"{API}/persons/", body).status_code == 201
    body = {
        "university": tree.university.pk,
        "number": "S2",
        "name": "学生",
        "category": "student",
        "young_teacher": True,
    }
    error = assert_error(send(admin, "POST", f"{API}/persons/", body), 400, "validation_failed")
    assert "青年教师" in error["message"]
    body = {"university": tree.college.pk, "number": "S3", "name": "学生", "category": "student"}
    assert "所属高校" in assert_error(send(admin, "POST", f"{API}/persons/", body), 400)["message"]
    body = {"number": "S4", "name": "学生", "category": "student"}
    assert (
        "university 或 unit"
        in assert_error(send(admin, "POST", f"{API}/persons/", body), 400)["message"]
    )


def test_person_duplicate_number_is_400(world, admin, tree):
    body = {"unit": tree.branch.pk, "number": "B0001", "name": "重号", "category": "teacher"}
    assert_error(send(admin, "POST", f"{API}/persons/", body), 400, "validation_failed")


def test_person_patch_moves_unit_and_clears_gender(world, admin, tree):
    person = world.persons["branch"]
    response = send(
        admin,
        "PATCH",
        f"{API}/persons/{person.pk}/",
        {"unit": tree.other_college.pk, "gender": None},
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.unit_id == tree.other_college.pk and person.gender == ""
    event = AuditEvent.objects.get(target_type="orgs.person", target_id=person.pk, verb="update")
    assert event.changes["unit"] == [tree.branch.pk, tree.other_college.pk]


def test_membership_filters(world, admin, tree):
    m = world.memberships
    assert _ids(admin, f"{API}/memberships/?org={tree.branch.pk}") == sorted(
        [m["branch"].pk, m["member"].pk]
    )
    assert _ids(admin, f"{API}/memberships/?org={tree.college.pk}") == []
    assert len(_ids(admin, f"{API}/memberships/?org={tree.college.pk}&subtree=true")) == 3
    assert _ids(admin, f"{API}/memberships/?person={world.persons['other_branch'].pk}") == [
        m["other_branch"].pk
    ]
    assert _ids(admin, f"{API}/memberships/?stage=applicant") == []


def test_membership_create_update_and_end(world, admin, tree):
    person = PersonFactory(unit=tree.branch)
    body = {"person": person.pk, "org": tree.branch.pk, "stage": "activist", "applied_on": "2024-03-01",
            "activist_on": "2024-09-01"}  # fmt: skip
    response = send(admin, "POST", f"{API}/memberships/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["person_name"] == person.name
    error = assert_error(send(admin, "POST", f"{API}/memberships/", body), 400)
    assert "已有在册" in error["message"]
    error = assert_error(
        send(admin, "PATCH", f"{API}/memberships/{pk}/", {"stage": "candidate"}), 400
    )
    assert "确定发展对象日期" in error["message"]
    patch = {"stage": "candidate", "candidate_on": "2025-03-01", "org": tree.other_branch.pk}
    assert send(admin, "PATCH", f"{API}/memberships/{pk}/", patch).status_code == 200
    ended = send(
        admin,
        "PATCH",
        f"{API}/memberships/{pk}/",
        {"ended_on": "2025-06-30", "end_reason": "graduated"},
    )
    assert ended.json()["end_reason"] == "graduated"
    assert pk not in _ids(admin, f"{API}/memberships/")
    assert pk in _ids(admin, f"{API}/memberships/?include_ended=true")
    assert AuditEvent.objects.filter(target_type="orgs.membership", target_id=pk).count() == 3


def test_membership_must_be_in_a_branch(world, admin, tree):
    person = PersonFactory(unit=tree.college)
    body = {
        "person": person.pk,
        "org": tree.college.pk,
        "stage": "applicant",
        "applied_on": "2024-03-01",
    }
    assert (
        "党支部" in assert_error(send(admin, "POST", f"{API}/memberships/", body), 400)["message"]
    )
    assert not Membership.objects.filter(person=person).exists()


def test_position_filters_and_active_on(world, admin, tree):
    p = world.positions
    ended = PositionFactory(org=tree.branch, person=world.persons["branch"], kind="deputy_secretary",
                            started_on="2020-01-01", ended_on="2022-12-31")  # fmt: skip
    assert _ids(admin, f"{API}/positions/?org={tree.branch.pk}") == [p["branch"].pk, ended.pk]
    assert _ids(admin, f"{API}/positions/?org={tree.branch.pk}&active_on=2021-06-01") == [ended.pk]
    assert _ids(admin, f"{API}/positions/?kind=deputy_secretary") == [ended.pk]
    assert _ids(admin, f"{API}/positions/?person={world.persons['other_college'].pk}") == [
        p["other_college"].pk
    ]


def test_position_create_patch_delete_are_audited(world, admin, tree):
    person = world.persons["branch"]
    body = {
        "person": person.pk,
        "org": tree.branch.pk,
        "kind": "committee_member",
        "started_on": "2024-01-01",
    }
    error = assert_error(send(admin, "POST", f"{API}/positions/", body), 400)
    assert "分工" in error["message"]
    response = send(admin, "POST", f"{API}/positions/", {**body, "duty": "propaganda"})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = send(admin, "PATCH", f"{API}/positions/{pk}/", {"ended_on": "2025-01-31"})
    assert response.json()["ended_on"] == "2025-01-31"
    assert admin.delete(f"{API}/positions/{pk}/").status_code == 204
    assert not Position.objects.filter(pk=pk).exists()
    verbs = set(
        AuditEvent.objects.filter(target_type="orgs.position", target_id=pk).values_list(
            "verb", flat=True
        )
    )
    assert verbs == {"create", "update", "delete"}


def test_representative_needs_its_congress_term(world, admin, tree):
    body = {"person": world.persons["branch"].pk, "org": tree.branch.pk, "kind": "representative",
            "started_on": "2024-01-01"}  # fmt: skip
    assert "党代会" in assert_error(send(admin, "POST", f"{API}/positions/", body), 400)["message"]
    body.update(
        congress_name="第十四次党代会",
        congress_term_start="2024-01-01",
        congress_term_end="2028-12-31",
    )
    assert send(admin, "POST", f"{API}/positions/", body).status_code == 201


@pytest.mark.parametrize(
    ("entity", "make"),
    [
        ("persons", lambda tree: PersonFactory(unit=tree.branch)),
        (
            "memberships",
            lambda tree: MembershipFactory(org=tree.branch, person=PersonFactory(unit=tree.branch)),
        ),
        (
            "positions",
            lambda tree: PositionFactory(org=tree.branch, person=PersonFactory(unit=tree.branch)),
        ),
    ],
)
@pytest.mark.parametrize("role", ["province_admin", "org_secretary", "committee_member"])
def test_list_query_counts_are_constant(
    tree, actors, django_assert_max_num_queries, entity, make, role
):
    client = token_client(getattr(actors, role))
    for _ in range(30):
        make(tree)
    with django_assert_max_num_queries(4):  # token+user, role assignments, own person, one page
        assert len(client.get(f"{API}/{entity}/?page_size=50").json()["items"]) >= 30


def test_own_person_in_another_university_stays_visible(world, tree):
    # A reviewer of U001's college whose own person record belongs to U002: the list narrowing by
    # the grants' universities must still include themself.
    from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

    user = UserFactory(username="cross")
    RoleAssignmentFactory(user=user, role="reviewer", org=tree.college)
    me = PersonFactory(unit=tree.other_univ_branch, user=user)
    ids = _ids(token_client(user), f"{API}/persons/?page_size=100")
    assert me.pk in ids and world.persons["branch"].pk in ids
    assert world.persons["other_univ"].pk not in ids
