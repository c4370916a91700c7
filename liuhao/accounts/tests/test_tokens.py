"""API tokens: issuing (raw key once, only its sha256 stored), revoking, audit rows, the command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from liuhao.accounts.models import ApiToken, hash_token
from liuhao.accounts.services import api_token_create, api_token_revoke
from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="hr-sync")


def test_create_stores_only_the_hash_and_audits(user):
    now = timezone.now()
    token, raw = api_token_create(actor=None, user=user, name=" 人事系统同步 ", days=30, now=now)
    assert raw.startswith("lh_") and len(raw) > 40
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.prefix == raw[3:11] and token.name == "人事系统同步"
    assert token.expires_at == now + dt.timedelta(days=30)
    event = AuditEvent.objects.get(target_type="accounts.apitoken", target_id=token.pk)
    assert event.verb == "create" and event.org_id is None
    assert raw not in str(event.changes) and event.changes["prefix"] == token.prefix


def test_create_without_days_never_expires(user):
    token, _ = api_token_create(actor=user, user=user, name="自用")
    assert token.expires_at is None


@pytest.mark.parametrize(
    ("name", "days"), [("", None), ("x" * 101, None), ("ok", 0), ("ok", 99999)]
)
def test_create_rejects_bad_input_in_chinese(user, name, days):
    with pytest.raises(ValidationFailed) as exc:
        api_token_create(actor=None, user=user, name=name, days=days)
    assert "用途" in exc.value.message or "有效天数" in exc.value.message
    assert not ApiToken.objects.exists()


def test_only_self_superuser_or_command_line_may_issue(user):
    other = UserFactory(username="other")
    with pytest.raises(NotPermitted):
        api_token_create(actor=other, user=user, name="越权")
    other.is_superuser = True
    assert api_token_create(actor=other, user=user, name="管理员签发")[0].user == user


def test_revoke_by_prefix_with_or_without_lh(user):
    token, raw = api_token_create(actor=None, user=user, name="对接")
    api_token_revoke(actor=user, prefix=raw[:11])
    token.refresh_from_db()
    assert token.revoked
    assert AuditEvent.objects.filter(
        target_id=token.pk, verb="update", changes={"revoked": [False, True]}
    ).exists()
    with pytest.raises(InvalidState):
        api_token_revoke(actor=None, prefix=token.prefix)
    with pytest.raises(NotFound):
        api_token_revoke(actor=None, prefix="zzzzzzzz")
    with pytest.raises(NotFound):
        api_token_revoke(actor=None, prefix="")


def test_revoke_refuses_strangers(user):
    token, _ = api_token_create(actor=None, user=user, name="对接")
    with pytest.raises(NotPermitted):
        api_token_revoke(actor=UserFactory(username="stranger"), prefix=token.prefix)


def test_command_create_prints_the_raw_key_once_then_revoke(user):
    out, err = StringIO(), StringIO()
    call_command(
        "api_token",
        "create",
        "--user",
        "hr-sync",
        "--name",
        "人事同步",
        "--days",
        "90",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and "只显示这一次" in err.getvalue()
    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert f"lh_{token.prefix}" in listing.getvalue() and raw not in listing.getvalue()
    out = StringIO()
    call_command("api_token", "revoke", f"lh_{token.prefix}", stdout=out)
    assert "已吊销" in out.getvalue()
    token.refresh_from_db()
    assert token.revoked


def test_command_errors_are_chinese(user):
    with pytest.raises(CommandError, match="不存在"):
        call_command("api_token", "create", "--user", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="有效天数"):
        call_command("api_token", "create", "--user", "hr-sync", "--name", "x", "--days", "0")
    with pytest.raises(CommandError, match="未找到"):
        call_command("api_token", "revoke", "lh_nothing")
