"""The API's scoping matrix (issue 2 items 5 and 11): every role × objects inside and outside its
scope — list contents, detail 200 vs 404, writes 2xx vs 403 (visible, not allowed) vs 404 (unseen).

The expectations below are written out by hand from the role table (core.roles) and the conftest
tree, independently of the selectors they check.
"""

from __future__ import annotations

import pytest

from liuhao.api.tests.support import ROLES, build_world, send, token_client
from liuhao.orgs.tests.factories import PersonFactory

U1, C1, B1, B2, C2 = "U001", "U001-C01", "U001-C01-B01", "U001-C01-B02", "U001-C02"
U2, U2C, U2B = "U002", "U002-C01", "U002-C01-B01"
ALL_ORGS = {U1, C1, B1, B2, C2, U2, U2C, U2B}
UNIV1 = {U1, C1, B1, B2, C2}
COLLEGE1 = {C1, B1, B2}

# Orgs each role sees (VIEW_ORG over its subtree; the party member's grant is not recursive).
SEES_ORGS = {
    "province_admin": ALL_ORGS,
    "university_admin": UNIV1,
    "org_secretary": COLLEGE1,
    "committee_member": {B1},
    "party_member": {B1},
    "reviewer": COLLEGE1,
    "outsider": set(),
}
# Orgs where each role may manage the tree (MANAGE_ORG) or people (MANAGE_PEOPLE).
MANAGES_ORGS = {
    "province_admin": ALL_ORGS,
    "university_admin": UNIV1,
    "org_secretary": COLLEGE1,
}
MANAGES_PEOPLE = {
    "province_admin": ALL_ORGS,
    "university_admin": UNIV1,
    "org_secretary": COLLEGE1,
    "committee_member": {B1},
}
# Persons keyed as in support.build_world, with their unit.
PERSON_UNIT = {
    "branch": B1,
    "other_branch": B2,
    "other_college": C2,
    "other_univ": U2B,
    "member": C1,
}
SEES_PERSONS = {
    "province_admin": set(PERSON_UNIT),
    "university_admin": {"branch", "other_branch", "other_college", "member"},
    "org_secretary": {"branch", "other_branch", "member"},
    "committee_member": {"branch", "member"},  # the member's open membership is in B01
    "party_member": {"member"},  # only themself
    "reviewer": {"branch", "other_branch", "member"},
    "outsider": set(),
}
MEMBERSHIP_ORG = {"branch": B1, "member": B1, "other_branch": B2, "other_univ": U2B}
SEES_MEMBERSHIPS = {
    "province_admin": set(MEMBERSHIP_ORG),
    "university_admin": {"branch", "member", "other_branch"},
    "org_secretary": {"branch", "member", "other_branch"},
    "committee_member": {"branch", "member"},
    "party_member": {"member"},  # own record only: no VIEW_PEOPLE
    "reviewer": {"branch", "member", "other_branch"},
    "outsider": set(),
}
POSITION_ORG = {"branch": B1, "other_branch": B2, "other_college": C2, "other_univ": U2B}
SEES_POSITIONS = {
    role: {k for k, org in POSITION_ORG.items() if org in orgs} for role, orgs in SEES_ORGS.items()
}


def expected_write(visible: bool, allowed: bool, ok: int = 200) -> int:
    if not visible:
        return 404
    return ok if allowed else 403


@pytest.fixture
def world(tree, actors):
    return build_world(tree, actors)


def _items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.mark.parametrize("role", ROLES)
def test_org_list_and_detail_follow_scope(world, role):
    client = token_client(getattr(world.actors, role))
    listed = {row["code"] for row in _items(client, "/api/v1/orgs/orgs/?page_size=100")}
    assert listed == SEES_ORGS[role]
    statuses = {
        code: client.get(f"/api/v1/orgs/orgs/{org.pk}/").status_code
        for code, org in world.orgs.items()
    }
    assert statuses == {code: 200 if code in SEES_ORGS[role] else 404 for code in ALL_ORGS}
    by_code = {
        code: client.get(f"/api/v1/orgs/orgs/by-code/{code}/").status_code for code in ALL_ORGS
    }
    assert by_code == statuses
    for sub in ("stats", "leadership"):
        got = {
            code: client.get(f"/api/v1/orgs/orgs/{o.pk}/{sub}/").status_code
            for code, o in world.orgs.items()
        }
        assert got == statuses, sub


@pytest.mark.parametrize("role", ROLES)
def test_org_writes_follow_scope(world, role):
    client = token_client(getattr(world.actors, role))
    sees, manages = SEES_ORGS[role], MANAGES_ORGS.get(role, set())
    got, want = {}, {}
    for code, org in world.orgs.items():
        response = send(client, "PATCH", f"/api/v1/orgs/orgs/{org.pk}/", {"unit_count": 2})
        got[code] = response.status_code
        want[code] = expected_write(code in sees, code in manages)
    assert got == want
    got, want = {}, {}
    for i, (code, parent) in enumerate(world.orgs.items()):
        child = (
            {"kind": "group"}
            if parent.kind == "branch"
            else {"kind": "branch", "branch_type": "teacher"}
        )
        payload = {"code": f"NEW{i}", "name": f"新组织{i}", "parent": parent.pk, **child}
        got[code] = send(client, "POST", "/api/v1/orgs/orgs/", payload).status_code
        want[code] = expected_write(code in sees, code in manages, ok=201)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_person_list_detail_and_writes_follow_scope(world, role):
    client = token_client(getattr(world.actors, role))
    ids = {p.pk: key for key, p in world.persons.items()}
    listed = {ids[row["id"]] for row in _items(client, "/api/v1/orgs/persons/?page_size=100")}
    assert listed == SEES_PERSONS[role]
    details = {
        key: client.get(f"/api/v1/orgs/persons/{p.pk}/").status_code
        for key, p in world.persons.items()
    }
    assert details == {key: 200 if key in SEES_PERSONS[role] else 404 for key in world.persons}
    got = {
        key: send(client, "PATCH", f"/api/v1/orgs/persons/{p.pk}/", {"returnee": True}).status_code
        for key, p in world.persons.items()
    }
    want = {
        key: expected_write(
            key in SEES_PERSONS[role], PERSON_UNIT[key] in MANAGES_PEOPLE.get(role, set())
        )
        for key in world.persons
    }
    assert got == want
    got, want = {}, {}
    for i, (code, org) in enumerate(world.orgs.items()):
        payload = {"unit": org.pk, "number": f"N{i:04d}", "name": "新人员", "category": "staff"}
        got[code] = send(client, "POST", "/api/v1/orgs/persons/", payload).status_code
        want[code] = expected_write(
            code in SEES_ORGS[role], code in MANAGES_PEOPLE.get(role, set()), ok=201
        )
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_membership_list_detail_and_writes_follow_scope(world, role):
    client = token_client(getattr(world.actors, role))
    ids = {m.pk: key for key, m in world.memberships.items()}
    listed = {ids[row["id"]] for row in _items(client, "/api/v1/orgs/memberships/?page_size=100")}
    assert listed == SEES_MEMBERSHIPS[role]
    details = {
        key: client.get(f"/api/v1/orgs/memberships/{m.pk}/").status_code
        for key, m in world.memberships.items()
    }
    assert details == {
        key: 200 if key in SEES_MEMBERSHIPS[role] else 404 for key in world.memberships
    }
    got = {
        key: send(
            client, "PATCH", f"/api/v1/orgs/memberships/{m.pk}/", {"joined_org_on": "2020-01-01"}
        ).status_code
        for key, m in world.memberships.items()
    }
    want = {
        key: expected_write(
            key in SEES_MEMBERSHIPS[role], MEMBERSHIP_ORG[key] in MANAGES_PEOPLE.get(role, set())
        )
        for key in world.memberships
    }
    assert got == want


# Who sees a new person whose unit is the given branch (VIEW_PEOPLE over the branch).
SEES_PERSON_IN = {
    B1: {"province_admin", "university_admin", "org_secretary", "committee_member", "reviewer"},
    U2B: {"province_admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_membership_create_needs_person_and_branch_in_scope(world, role, tree):
    client = token_client(getattr(world.actors, role))
    got, want = {}, {}
    for branch in (tree.branch, tree.other_univ_branch):
        person = PersonFactory(unit=branch)
        payload = {
            "person": person.pk,
            "org": branch.pk,
            "stage": "applicant",
            "applied_on": "2024-03-01",
        }
        got[branch.code] = send(client, "POST", "/api/v1/orgs/memberships/", payload).status_code
        allowed = branch.code in MANAGES_PEOPLE.get(role, set())
        want[branch.code] = expected_write(role in SEES_PERSON_IN[branch.code], allowed, ok=201)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_position_create_needs_person_and_org_in_scope(world, role, tree):
    client = token_client(getattr(world.actors, role))
    got, want = {}, {}
    for branch in (tree.branch, tree.other_univ_branch):
        person = PersonFactory(unit=branch)
        payload = {
            "person": person.pk,
            "org": branch.pk,
            "kind": "parttime_worker",
            "started_on": "2024-03-01",
        }
        got[branch.code] = send(client, "POST", "/api/v1/orgs/positions/", payload).status_code
        allowed = branch.code in MANAGES_PEOPLE.get(role, set())
        want[branch.code] = expected_write(role in SEES_PERSON_IN[branch.code], allowed, ok=201)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_position_list_detail_writes_and_delete_follow_scope(world, role):
    client = token_client(getattr(world.actors, role))
    ids = {p.pk: key for key, p in world.positions.items()}
    listed = {ids[row["id"]] for row in _items(client, "/api/v1/orgs/positions/?page_size=100")}
    assert listed == SEES_POSITIONS[role]
    details = {
        key: client.get(f"/api/v1/orgs/positions/{p.pk}/").status_code
        for key, p in world.positions.items()
    }
    assert details == {key: 200 if key in SEES_POSITIONS[role] else 404 for key in world.positions}
    manages = MANAGES_PEOPLE.get(role, set())
    got = {
        key: send(
            client, "PATCH", f"/api/v1/orgs/positions/{p.pk}/", {"started_on": "2024-02-01"}
        ).status_code
        for key, p in world.positions.items()
    }
    want = {
        key: expected_write(key in SEES_POSITIONS[role], POSITION_ORG[key] in manages)
        for key in world.positions
    }
    assert got == want
    got = {
        key: client.delete(f"/api/v1/orgs/positions/{p.pk}/").status_code
        for key, p in world.positions.items()
    }
    want = {
        key: expected_write(key in SEES_POSITIONS[role], POSITION_ORG[key] in manages, ok=204)
        for key in world.positions
    }
    assert got == want
