"""Log-in (Chinese messages), log-out, and the lockout page after repeated failures (django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html


def test_good_login_goes_home(client, tree, actors):
    response = client.post(
        reverse("accounts:login"), {"username": "univ", "password": "pass-word-123"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:home")
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_bad_password_shows_clear_message(client, tree, actors):
    response = client.post(reverse("accounts:login"), {"username": "univ", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_next_parameter_is_honoured(client, tree, actors):
    target = reverse("orgs:org-detail", args=[tree.branch.pk])
    response = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": "secretary", "password": "pass-word-123", "next": target},
    )
    assert response["Location"] == target


def test_logout_by_post(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_repeated_failures_lock_out_with_chinese_page(client, tree, actors):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "univ", "password": "wrong"})
    response = client.post(url, {"username": "univ", "password": "pass-word-123"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "暂时锁定" in html and "分钟" in html
    assert client.get(reverse("dashboards:home")).status_code == 302
