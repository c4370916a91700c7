"""Visibility matrix: every role against orgs and persons inside and outside its scope (CONVENTIONS B9.3)."""

from __future__ import annotations

import pytest

from liuhao.core.exceptions import NotFound
from liuhao.orgs.selectors.orgs import org_get, org_member_list, org_roots, org_search
from liuhao.orgs.selectors.scope import scope_for, visible_orgs, visible_persons
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory

ORG_NAMES = [
    "university",
    "college",
    "branch",
    "other_branch",
    "other_college",
    "other_university",
    "other_univ_branch",
]

# role → orgs of the `tree` fixture it may see
EXPECTED_ORGS = {
    "province_admin": set(ORG_NAMES),
    "university_admin": {"university", "college", "branch", "other_branch", "other_college"},
    "org_secretary": {"college", "branch", "other_branch"},
    "committee_member": {"branch"},
    "party_member": {"branch"},
    "reviewer": {"college", "branch", "other_branch"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", list(EXPECTED_ORGS))
@pytest.mark.parametrize("org_name", ORG_NAMES)
def test_org_visibility_matrix(tree, actors, role, org_name):
    actor = getattr(actors, role)
    org = getattr(tree, org_name)
    visible = org_name in EXPECTED_ORGS[role]
    assert visible_orgs(actor).filter(pk=org.pk).exists() is visible
    if visible:
        assert org_get(actor, org.pk) == org
    else:
        with pytest.raises(NotFound):
            org_get(actor, org.pk)


@pytest.fixture
def people(tree):
    """One member in each of: branch, other_branch, other_college (unit only), other university."""
    out = {}
    for name, org, unit in [
        ("in_branch", tree.branch, tree.college),
        ("in_other_branch", tree.other_branch, tree.college),
        ("in_other_college", None, tree.other_college),
        ("in_other_university", tree.other_univ_branch, tree.other_univ_branch.parent),
    ]:
        person = PersonFactory(unit=unit, name=f"人员{name}")
        if org is not None:
            MembershipFactory(person=person, org=org)
        out[name] = person
    return out


EXPECTED_PEOPLE = {
    "province_admin": {"in_branch", "in_other_branch", "in_other_college", "in_other_university"},
    "university_admin": {"in_branch", "in_other_branch", "in_other_college"},
    "org_secretary": {"in_branch", "in_other_branch"},
    # the committee member's branch: in_branch only (unit is the college, membership is in the branch)
    "committee_member": {"in_branch"},
    "party_member": set(),  # sees only themself
    "reviewer": {"in_branch", "in_other_branch"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", list(EXPECTED_PEOPLE))
def test_person_visibility_matrix(tree, actors, people, role):
    actor = getattr(actors, role)
    seen = set(
        visible_persons(actor)
        .filter(pk__in=[p.pk for p in people.values()])
        .values_list("pk", flat=True)
    )
    expected = {people[name].pk for name in EXPECTED_PEOPLE[role]}
    assert seen == expected


def test_party_member_sees_only_themself(actors):
    mine = list(visible_persons(actors.party_member))
    assert [p.user for p in mine] == [actors.party_member]


@pytest.mark.parametrize("role", ["party_member", "outsider"])
def test_roles_without_people_capability_get_no_member_list(tree, actors, role):
    assert not org_member_list(getattr(actors, role), tree.branch).exists()


def test_member_list_is_scoped_to_subtree(tree, actors, people):
    listed = {m.person_id for m in org_member_list(actors.university_admin, tree.college)}
    assert people["in_branch"].pk in listed and people["in_other_branch"].pk in listed
    assert people["in_other_university"].pk not in listed


def test_search_never_leaves_scope(tree, actors):
    assert [o.code for o in org_search(actors.org_secretary, "jsj")]  # 计算机… found by initials
    assert not org_search(actors.org_secretary, "外国语")  # other college: outside scope
    assert not org_search(actors.org_secretary, "jixie")  # other university by pinyin


def test_roots_collapse_nested_grants(tree, actors):
    from liuhao.core.roles import Role
    from liuhao.orgs.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=actors.org_secretary, role=Role.REVIEWER, org=tree.branch)
    scope_for(actors.org_secretary)  # cached before the new grant: refetch a fresh user
    actors.org_secretary._liuhao_scope = None
    assert [o.pk for o in org_roots(actors.org_secretary)] == [tree.college.pk]
    assert [o.pk for o in org_roots(actors.province_admin)] == sorted(
        [tree.university.pk, tree.other_university.pk],
        key=lambda pk: (
            [tree.university, tree.other_university][
                [tree.university.pk, tree.other_university.pk].index(pk)
            ].name_pinyin
        ),
    )


def test_capabilities_follow_role_and_subtree(tree, actors):
    from liuhao.orgs import permissions

    assert permissions.can_manage_org(actors.org_secretary, tree.branch)
    assert not permissions.can_manage_org(actors.org_secretary, tree.other_college)
    assert not permissions.can_manage_org(actors.committee_member, tree.branch)
    assert permissions.can_manage_people(actors.committee_member, tree.branch)
    assert not permissions.can_manage_people(actors.party_member, tree.branch)
    assert not permissions.can_import(actors.org_secretary, tree.college)
    assert permissions.can_import(actors.university_admin, tree.college)
    assert not permissions.can_view_people(actors.outsider, tree.branch)


def test_university_ids_are_the_universities_of_the_grants(tree, actors):
    assert scope_for(actors.province_admin).university_ids() is None
    assert scope_for(actors.university_admin).university_ids() == [tree.university.pk]
    # A secretary's grant is on a branch, but the university it lies in is the university's id.
    assert scope_for(actors.org_secretary).university_ids() == [tree.university.pk]
