"""Log-in: Argon2 hashing in production settings, throttling of repeated failures (django-axes)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from liuhao.orgs.tests.factories import UserFactory


def test_production_hasher_is_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_stored_as_argon2():
    user = UserFactory(username="argon")
    user.set_password("a-very-long-pass-phrase")
    user.save()
    assert user.password.startswith("argon2$")


@pytest.mark.django_db
def test_repeated_failed_logins_are_throttled(client):
    UserFactory(username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "target", "password": "pass-word-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_good_login_reaches_home(client):
    UserFactory(username="good")
    response = client.post("/accounts/login/", {"username": "good", "password": "pass-word-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
