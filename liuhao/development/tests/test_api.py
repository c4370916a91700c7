"""The development API: list/detail/create/patch/delete, scoping, errors {code, message} 4xx."""

from __future__ import annotations

import pytest

from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.development.models import DevelopmentCase
from liuhao.development.tests.conftest import full_case

pytestmark = pytest.mark.django_db
URL = "/api/v1/development/cases/"


def body(tree, dev, **over):
    data = full_case(dev, **over)
    out = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    out["org"] = tree.branch.pk
    return out


def test_create_detail_list_patch_delete(tree, dev, actors):
    client = token_client(actors.committee_member)
    response = send(client, "POST", URL, body(tree, dev, candidate_on="2024-06-01"))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["stage"] == "full"
    assert [v["rule"] for v in created["violations"]] == ["candidate_after_activist"]
    pk = created["id"]
    assert send(client, "GET", f"{URL}{pk}/").json()["person"] == dev.applicant.pk
    listed = send(client, "GET", f"{URL}?org={tree.branch.pk}&stage=full").json()
    assert [c["id"] for c in listed["items"]] == [pk]
    patched = send(client, "PATCH", f"{URL}{pk}/", {"candidate_on": "2024-09-10"}).json()
    assert patched["violations"] == []
    assert send(client, "DELETE", f"{URL}{pk}/").status_code == 204
    assert not DevelopmentCase.objects.exists()


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"vote_yes": 11}, "vote_yes"),
        ({"vote_present": 12}, "vote_present"),
        ({"notice_end": "2024-10-01"}, "notice_end"),
        ({"applied_on": "2099-01-01"}, "applied_on"),
    ],
)
def test_bad_input_is_400_naming_the_field(tree, dev, actors, over, field):
    client = token_client(actors.committee_member)
    error = assert_error(
        send(client, "POST", URL, body(tree, dev, **over)), 400, "validation_failed"
    )
    assert field in error["extra"]["fields"]
    assert not DevelopmentCase.objects.exists()


def test_scope_and_permissions(tree, dev, actors):
    assert_error(
        send(token_client(actors.party_member), "POST", URL, body(tree, dev)), 403, "not_permitted"
    )
    assert_error(
        send(token_client(actors.outsider), "POST", URL, body(tree, dev)), 404, "not_found"
    )
    other = body(tree, dev)
    other["org"] = tree.other_univ_branch.pk
    assert_error(send(token_client(actors.university_admin), "POST", URL, other), 404)
    assert_error(send(token_client(actors.committee_member), "GET", f"{URL}999999/"), 404)
    unknown = body(tree, dev)
    unknown["introducer_1"] = 987654
    assert_error(send(token_client(actors.committee_member), "POST", URL, unknown), 404)
