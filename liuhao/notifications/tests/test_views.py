"""The notifications page and the navigation badge (issue 7 items 6, 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.notifications.models import Notification
from liuhao.notifications.services import notify
from liuhao.notifications.waiting import WaitingItem, register_waiting, unregister_waiting

URL = "/notifications/"
BADGE = "/notifications/badge/"


def _waiting(actor):
    return [
        WaitingItem("return", "自评被退回：计算机系教工第一党支部", "/ret/", dt.date(2026, 3, 1))
    ]


@pytest.fixture
def provider():
    register_waiting(_waiting)
    yield
    unregister_waiting(_waiting)


def test_page_lists_waiting_items_and_own_notifications(client, actors, tree, provider):
    me = actors.org_secretary
    notify(
        [me],
        kind="return",
        title="年度自评被退回",
        body="C16 佐证不足",
        url="/x/",
        org=tree.college,
    )
    notify([actors.committee_member], kind="info", title="别人的通知")
    client.force_login(me)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "自评被退回：计算机系教工第一党支部" in html
    assert "年度自评被退回" in html
    assert "C16 佐证不足" in html
    assert tree.college.name in html
    assert "别人的通知" not in html
    assert "退回" in html
    assert "报告模板管理" not in html  # not an administrator


def test_page_costs_a_constant_number_of_queries(
    client, tree, actors, provider, django_assert_max_num_queries
):
    me = actors.org_secretary
    notify([me], kind="info", title="通知")
    client.force_login(me)
    client.get(URL)  # warm the session
    # session, user, scope (2), page, unread COUNT + each registered provider (desk, surveys,
    # assessments: a few each); the bound does not grow with the notifications.
    with django_assert_max_num_queries(16) as few:
        client.get(URL)
    for i in range(30):
        notify([me], kind="info", title=f"通知 {i}", org=tree.branch if i % 2 else tree.college)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200


def test_the_badge_costs_one_query_once_the_waiting_count_is_cached(
    client, actors, provider, django_assert_max_num_queries
):
    me = actors.org_secretary
    notify([me], kind="info", title="一")
    client.force_login(me)
    assert 'title="未读通知与待办">2</span>' in client.get(BADGE).content.decode()
    # session + user + the unread COUNT; the waiting count comes from the cache
    with django_assert_max_num_queries(3):
        response = client.get(BADGE)
    assert response["Cache-Control"] == "no-store"


def test_pages_load_the_badge_and_pay_nothing_for_it(client, actors):
    client.force_login(actors.org_secretary)
    html = client.get(URL).content.decode()
    assert f'hx-get="{BADGE}"' in html


def test_the_badge_is_empty_for_anonymous_visitors(client):
    assert client.get(BADGE).content == b""


def test_badge_shows_unread_plus_waiting(client, actors, provider):
    me = actors.org_secretary
    notify([me], kind="info", title="一")
    notify([me], kind="info", title="二")
    client.force_login(me)
    html = client.get(BADGE).content.decode()
    assert 'title="未读通知与待办">3</span>' in html


def test_mark_read_and_mark_all_read(client, actors):
    me = actors.org_secretary
    first = notify([me], kind="info", title="一")[0]
    notify([me], kind="info", title="二")
    client.force_login(me)
    response = client.post(reverse("notifications:notification-read", args=[first.pk]))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 1
    client.post(reverse("notifications:notification-read-all"))
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()


def test_open_marks_read_and_follows_the_link(client, actors):
    me = actors.org_secretary
    row = notify([me], kind="review", title="待评审", url="/assessment/")[0]
    client.force_login(me)
    response = client.post(reverse("notifications:notification-open", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/assessment/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_another_users_notification_is_404_and_unchanged(client, actors):
    theirs = notify([actors.committee_member], kind="info", title="别人的")[0]
    client.force_login(actors.org_secretary)
    for name in ("notification-read", "notification-open"):
        response = client.post(reverse(f"notifications:{name}", args=[theirs.pk]))
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_page_needs_login_and_post_for_changes(client, actors):
    assert client.get(URL).status_code == 302
    client.force_login(actors.org_secretary)
    assert client.get(reverse("notifications:notification-read-all")).status_code == 405


def test_administrators_get_the_templates_link(client, actors):
    client.force_login(actors.university_admin)
    assert "报告模板管理" in client.get(URL).content.decode()
