"""Every kind of bad input answers a 4xx JSON `{code, message, extra}` in Chinese, never a 500,
and stores nothing. Also: the OpenAPI schema renders, and a quick hypothesis fuzz of the POSTs."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liuhao.api.errors import translate_validation_errors
from liuhao.api.tests.support import assert_error, build_world, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Organization, Person

API = "/api/v1/orgs"


@pytest.fixture
def admin(tree, actors):
    return token_client(actors.university_admin)


def _person(tree, **overrides):
    data = {"unit": tree.branch.pk, "number": "Z0001", "name": "王五", "category": "teacher"}
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"birth_date": "2025-02-30"}, "birth_date", "日期格式不正确"),
        ({"birth_date": "yesterday"}, "birth_date", "日期格式不正确"),
        ({"category": "wizard"}, "category", "取值无效"),
        ({"unit": "abc"}, "unit", "应为整数"),
        ({"unit": -3}, "unit", "不能小于 1"),
        ({"unit": 10**30}, "unit", "不能大于"),
        ({"young_teacher": "perhaps"}, "young_teacher", "true 或 false"),
        ({"name": ""}, "name", "长度不能少于 1"),
        ({"name": "x" * 65}, "name", "长度不能超过 64"),
        ({"name": "王\x00五"}, "name", "控制字符"),
        ({"number": 12}, "number", "应为字符串"),
        ({"surprise": 1}, "surprise", "不支持的字段"),
    ],
)
def test_bad_fields_are_400_naming_the_field(tree, admin, body, field, text):
    response = send(admin, "POST", f"{API}/persons/", _person(tree, **body))
    error = assert_error(response, 400, "validation_failed")
    assert error["message"].startswith("请求参数不正确：")
    assert field in error["message"] and text in error["message"], error["message"]
    assert field in error["extra"]["fields"]
    assert not Person.objects.filter(number="Z0001").exists()


def test_missing_fields_are_listed(tree, admin):
    error = assert_error(send(admin, "POST", f"{API}/persons/", {}), 400, "validation_failed")
    assert {"number", "name", "category"} <= set(error["extra"]["fields"])
    assert "为必填项" in error["message"]


@pytest.mark.parametrize("raw", ["{bad json", "\xff\xfe", "[1, 2", "nul\x00l"])
def test_malformed_json_body_is_400(tree, admin, raw):
    assert_error(send(admin, "POST", f"{API}/persons/", raw), 400)


@pytest.mark.parametrize("raw", ["[1, 2]", '"text"', "42", "null"])
def test_non_object_json_body_is_400(tree, admin, raw):
    assert_error(send(admin, "POST", f"{API}/orgs/", raw), 400, "validation_failed")


def test_domain_validation_is_400_in_chinese(tree, admin):
    # A branch without a branch type passes the schema but not the model rules.
    body = {"code": "X9", "name": "无类型支部", "kind": "branch", "parent": tree.college.pk}
    error = assert_error(send(admin, "POST", f"{API}/orgs/", body), 400, "validation_failed")
    assert "支部类型" in error["message"]
    assert not Organization.objects.filter(code="X9").exists()
    assert not AuditEvent.objects.filter(target_repr="无类型支部").exists()


def test_duplicate_code_is_400(tree, admin):
    body = {
        "code": tree.branch.code,
        "name": "重复",
        "kind": "branch",
        "branch_type": "teacher",
        "parent": tree.college.pk,
    }
    error = assert_error(send(admin, "POST", f"{API}/orgs/", body), 400, "validation_failed")
    assert "组织代码" in error["message"]


def test_cycle_on_move_is_400(tree, admin):
    response = send(
        admin, "POST", f"{API}/orgs/{tree.college.pk}/move/", {"parent": tree.branch.pk}
    )
    error = assert_error(response, 400, "validation_failed")
    assert "循环" in error["message"] and "parent" in error["extra"]["fields"]


def test_dissolving_twice_is_invalid_state(tree, admin):
    url = f"{API}/orgs/{tree.other_branch.pk}/dissolve/"
    assert send(admin, "POST", url, {"on": "2025-06-30", "reason": "合并"}).status_code == 200
    assert_error(send(admin, "POST", url, {"on": "2025-07-01"}), 400, "invalid_state")


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/orgs/?page=0",
        f"{API}/orgs/?page=10001",
        f"{API}/orgs/?page=99999999999999999999999",
        f"{API}/orgs/?page_size=1000",
        f"{API}/orgs/?kind=nonsense",
        f"{API}/orgs/?parent=-1",
        f"{API}/orgs/?include_dissolved=maybe",
        f"{API}/positions/?active_on=2025-02-30",
        f"{API}/persons/?q=" + "x" * 51,
        f"{API}/orgs/1/leadership/?as_of=2025-13-01",
        f"{API}/orgs/abc/",
    ],
)
def test_bad_query_and_path_parameters_are_400(tree, admin, url):
    assert_error(admin.get(url), 400, "validation_failed")


@pytest.mark.parametrize("pk", ["-1", "0", "99999999", "99999999999999999999999999"])
def test_unknown_or_impossible_ids_are_404(tree, admin, pk):
    for entity in ("orgs", "persons", "memberships", "positions"):
        assert_error(admin.get(f"{API}/{entity}/{pk}/"), 404, "not_found")


def test_empty_filter_values_mean_no_filter(tree, admin):
    response = admin.get(f"{API}/orgs/?kind=&q=&parent=&under=")
    assert response.status_code == 200 and response.json()["items"]


def test_unknown_under_code_is_404(tree, admin):
    assert_error(admin.get(f"{API}/orgs/?under=U002"), 404)


def test_forbidden_write_is_403_and_stores_nothing(tree, actors):
    client = token_client(actors.reviewer)
    response = send(client, "PATCH", f"{API}/orgs/{tree.branch.pk}/", {"name": "评审改名"})
    assert_error(response, 403, "not_permitted")
    tree.branch.refresh_from_db()
    assert tree.branch.name != "评审改名"


def test_reference_outside_scope_is_404(tree, actors):
    client = token_client(actors.org_secretary)
    body = {
        "code": "X1",
        "name": "越权",
        "kind": "branch",
        "branch_type": "teacher",
        "parent_code": "U002-C01",
    }
    error = assert_error(send(client, "POST", f"{API}/orgs/", body), 404, "not_found")
    assert "parent" in error["extra"]["fields"]


def test_null_for_a_required_field_in_patch_is_400(tree, admin):
    error = assert_error(send(admin, "PATCH", f"{API}/orgs/{tree.branch.pk}/", {"name": None}), 400)
    assert "name 不能为空" in error["message"]


def test_wrong_method_is_json_405(tree, admin):
    response = admin.put(
        f"{API}/orgs/{tree.branch.pk}/", data="{}", content_type="application/json"
    )
    assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert_error(Client().delete(f"{API}/orgs/"), 405)


def test_unknown_path_is_json_404(tree, admin):
    assert_error(admin.get("/api/v1/nothing/here/"), 404, "not_found")


def test_missing_trailing_slash_redirects_get_and_explains_otherwise(tree, admin):
    response = admin.get(f"{API}/orgs?kind=branch")
    assert response.status_code == 301 and response["Location"] == f"{API}/orgs/?kind=branch"
    error = assert_error(send(admin, "POST", f"{API}/orgs", {}), 404)
    assert "/ 结尾" in error["message"]


def test_openapi_schema_renders_with_chinese_title(tree):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "六好平台接口"
    paths = schema["paths"]
    for path in (
        "/api/v1/orgs/orgs/",
        "/api/v1/orgs/orgs/{org_id}/",
        "/api/v1/orgs/orgs/by-code/{code}/",
        "/api/v1/orgs/orgs/{org_id}/stats/",
        "/api/v1/orgs/orgs/{org_id}/leadership/",
        "/api/v1/orgs/orgs/{org_id}/move/",
        "/api/v1/orgs/orgs/{org_id}/dissolve/",
        "/api/v1/orgs/persons/{person_id}/",
        "/api/v1/orgs/memberships/{membership_id}/",
        "/api/v1/orgs/positions/{position_id}/",
    ):
        assert path in paths, path
    assert "put" not in paths["/api/v1/orgs/orgs/{org_id}/"]  # the 405 fallbacks stay hidden
    assert not any("{rest}" in p for p in paths)
    person = schema["components"]["schemas"]["PersonOut"]["properties"]
    assert "user" not in person and "password" not in json.dumps(schema)
    assert {"TokenAuth", "CsrfSessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_translate_validation_errors_is_total():
    message, fields = translate_validation_errors(
        [
            {"type": "weird_new_type", "loc": ("body", "payload", "x"), "msg": "?"},
            {"type": "enum", "loc": ("query", "kind"), "ctx": {"expected": "'a' or 'b'"}},
            {"type": "value_error", "loc": ("body", "payload"), "ctx": {"error": "请填写 unit"}},
            {"type": "string_too_long", "loc": ("body", "payload", "name"), "ctx": {}},
        ]
    )
    assert fields == {
        "x": ["格式不正确"],
        "kind": ["取值无效，可选值：'a', 'b'"],
        "请求体": ["请填写 unit"],
        "name": ["长度不能超过"],
    }
    assert message.startswith("请求参数不正确：x 格式不正确")


# ---- fuzz: random JSON to every POST/PATCH endpoint never yields a 500 -------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "code", "name", "kind", "branch_type", "parent", "parent_code", "unit", "university", "number",
    "category", "gender", "birth_date", "person", "org", "stage", "applied_on", "started_on", "on",
    "duty", "ended_on", "end_reason", "congress_name", "unit_count",
]  # fmt: skip
VALUES = st.one_of(
    JSON,
    st.sampled_from(
        ["2025-02-30", "2024-02-29", "teacher", "branch", "full", "secretary", "U001", "", "0"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
)
BODIES = st.one_of(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8), JSON)


QUERY_KEYS = [
    "page",
    "page_size",
    "kind",
    "q",
    "parent",
    "under",
    "unit",
    "org",
    "subtree",
    "active_on",
]


@pytest.fixture
def fuzz_targets(tree, actors):
    world = build_world(tree, actors)
    return token_client(actors.province_admin), [
        ("POST", f"{API}/orgs/"),
        ("PATCH", f"{API}/orgs/{tree.branch.pk}/"),
        ("POST", f"{API}/orgs/{tree.other_branch.pk}/move/"),
        ("POST", f"{API}/orgs/{tree.other_college.pk}/dissolve/"),
        ("POST", f"{API}/persons/"),
        ("PATCH", f"{API}/persons/{world.persons['branch'].pk}/"),
        ("POST", f"{API}/memberships/"),
        ("PATCH", f"{API}/memberships/{world.memberships['branch'].pk}/"),
        ("POST", f"{API}/positions/"),
        ("PATCH", f"{API}/positions/{world.positions['branch'].pk}/"),
    ]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, index=st.integers(min_value=0, max_value=9))
def test_fuzzed_bodies_never_500(fuzz_targets, body, index):
    client, targets = fuzz_targets
    method, url = targets[index]
    response = send(client, method, url, body)
    assert response.status_code < 500, (method, url, body, response.content[:300])
    if response.status_code >= 400:
        assert {"code", "message"} <= set(response.json())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.dictionaries(
        st.sampled_from(QUERY_KEYS),
        st.text(max_size=12) | st.integers(min_value=-(2**70), max_value=2**70).map(str),
        max_size=4,
    ),
    entity=st.sampled_from(["orgs", "persons", "memberships", "positions"]),
)
def test_fuzzed_list_queries_never_500(fuzz_targets, query, entity):
    client, _ = fuzz_targets
    response = client.get(f"{API}/{entity}/", query)
    assert response.status_code in {200, 400, 404}, (entity, query, response.content[:300])
