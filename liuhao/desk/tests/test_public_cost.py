"""What the public form costs (issue 5's load benchmark, bench/desk_submit.py): the org select
rendered in Python is Django's own Select HTML; the form page and a submission take a bounded number
of queries; due dates are computed once a day and follow an admin's calendar change at once; the
rate limit can be lifted only through settings.DESK_RATE_LIMIT, and check --deploy says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liuhao.desk.checks import rate_limit_on
from liuhao.desk.models import ServiceRequest
from liuhao.desk.public_forms import OrgSelect
from liuhao.desk.tests.public_support import form_data, submitted
from liuhao.orgs.models import WorkdayOverride

pytestmark = pytest.mark.django_db

NEW = reverse("desk_public:request-new")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.parametrize("value", [None, "", 2, "3", 99])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_org", "required": True},
        {"id": "id_org", "aria-invalid": "true", "aria-describedby": "id_org_error"},
        {"id": "id_org", "disabled": False, "data-x": 'a "b" <c>'},
    ],
)
def test_org_select_renders_the_html_of_djangos_select(value, attrs):
    choices = [
        ("", "请选择党组织"),
        ("校级党委", [(1, "党委 <A&B>")]),
        ('学院 "X" & Y', [(2, "支部一"), (3, "支部'二'")]),
    ]
    ours = OrgSelect(choices=choices).render("org", value, dict(attrs))
    django = forms.Select(choices=choices).render("org", value, dict(attrs))
    assert ours == django


def test_form_page_and_submission_take_few_queries(
    client, tree, django_assert_max_num_queries, time_machine
):
    time_machine.move_to(dt.datetime(2025, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    # the org and its university, the universities, the university's orgs
    with django_assert_max_num_queries(3):
        assert client.get(NEW, {"org": tree.branch.pk}).status_code == 200
    # the day's due dates are computed once; the first submission of a rate-limit window in a
    # process also deletes the past windows' counts
    assert client.post(NEW, form_data(tree.branch)).status_code == 200
    # the org; then the rate-limit count (one upsert), the request, its event and the audit row,
    # in one transaction (a savepoint pair here, inside the test's own transaction); no query for
    # the uniqueness of the reference, the tracking hash or the one-time code
    with django_assert_max_num_queries(7):
        assert client.post(NEW, form_data(tree.branch)).status_code == 200
    assert ServiceRequest.objects.count() == 2


def test_due_dates_are_computed_once_a_day_and_follow_a_calendar_change(tree, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False)  # a Monday
    first = submitted(tree.branch).request  # study_life, normal: 2 and 10 working days
    with CaptureQueriesContext(connection) as queries:
        second = submitted(tree.branch).request
    assert not [q for q in queries.captured_queries if "workdayoverride" in q["sql"]]
    assert (second.response_due, second.resolution_due) == (
        first.response_due,
        first.resolution_due,
    )
    WorkdayOverride.objects.create(date=first.response_due, is_workday=False, note="校运会")
    third = submitted(tree.branch).request
    assert third.response_due == first.response_due + dt.timedelta(days=1)
    assert third.resolution_due == first.resolution_due + dt.timedelta(days=1)


def test_the_rate_limit_is_lifted_only_by_the_setting_and_check_deploy_warns(
    client, tree, settings
):
    assert rate_limit_on() == []
    settings.DESK_RATE_LIMIT = False
    for _ in range(7):  # over the limit of 5, and nothing is counted
        assert client.post(NEW, form_data(tree.branch)).status_code == 200
    assert [m.id for m in rate_limit_on()] == ["desk.W001"]
    settings.DESK_RATE_LIMIT = True
    for _ in range(5):
        assert client.post(NEW, form_data(tree.branch)).status_code == 200
    assert client.post(NEW, form_data(tree.branch)).status_code == 429
