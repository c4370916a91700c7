"""Writes for accounts: issuing and revoking API tokens (atomic, permission-checked, audited).

Only the sha256 of a token is stored (`ApiToken.key_hash`); the raw key is returned once by
`api_token_create` and never again. Tokens belong to no org, so their audit rows carry an empty scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from liuhao.accounts.models import ApiToken, User, hash_token
from liuhao.core.audit import AuditScope, audit_record, snapshot
from liuhao.core.exceptions import InvalidState, NotFound, NotPermitted, ValidationFailed

TOKEN_AUDIT_FIELDS = ["user", "name", "prefix", "expires_at", "revoked"]
MAX_TOKEN_DAYS = 3650
NO_ORG = AuditScope(org_id=None, org_path="", university_id=None)
RAW_PREFIX = "lh_"
PREFIX_LENGTH = 8


def _may_manage_tokens_of(actor: Any, user: User) -> bool:
    """The command line (actor None), a superuser, or the token's own user may manage a token."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.pk == user.pk)


def token_prefix(raw: str) -> str:
    """The displayable, non-secret start of a raw key (the characters after `lh_`)."""
    body = raw[len(RAW_PREFIX) :] if raw.startswith(RAW_PREFIX) else raw
    return body[:PREFIX_LENGTH]


@transaction.atomic
def api_token_create(
    *,
    actor: Any,
    user: User,
    name: str,
    days: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a bearer token for `user`; returns (token, raw key). The raw key is shown only once.

    `days` limits its life (1–3650 days); None means it lasts until revoked.
    """
    if not _may_manage_tokens_of(actor, user):
        raise NotPermitted("您无权为该用户签发访问令牌")
    name = (name or "").strip()
    fields: dict[str, list[str]] = {}
    if not name:
        fields["name"] = ["请填写令牌用途"]
    elif len(name) > 100:
        fields["name"] = ["令牌用途不能超过 100 个字符"]
    if days is not None and not 1 <= days <= MAX_TOKEN_DAYS:
        fields["days"] = [f"有效天数应在 1 到 {MAX_TOKEN_DAYS} 之间"]
    if not user.is_active:
        fields["user"] = ["该用户已停用"]
    if fields:
        labels = {"name": "用途", "days": "有效天数", "user": "用户"}
        message = "；".join(f"{labels[k]}：{'；'.join(v)}" for k, v in fields.items())
        raise ValidationFailed(message, extra={"fields": fields})
    raw = ApiToken.generate()
    now = now or timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_token(raw),
        prefix=token_prefix(raw),
        expires_at=now + dt.timedelta(days=days) if days else None,
    )
    audit_record(
        actor=actor,
        verb="create",
        target=token,
        scope=NO_ORG,
        changes=snapshot(token, TOKEN_AUDIT_FIELDS),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Any, prefix: str) -> ApiToken:
    """Revoke the token whose prefix is `prefix` (with or without `lh_`); it stops working at once.

    Refuses an unknown or ambiguous prefix rather than guessing.
    """
    key = token_prefix((prefix or "").strip())
    rows = list(ApiToken.objects.select_for_update().select_related("user").filter(prefix=key)[:2])
    if not key or not rows:
        raise NotFound(f"未找到前缀为“{prefix}”的访问令牌")
    if len(rows) > 1:
        raise ValidationFailed(
            f"前缀“{prefix}”对应多个访问令牌，请在管理后台吊销",
            extra={"fields": {"prefix": ["前缀不唯一"]}},
        )
    token = rows[0]
    if not _may_manage_tokens_of(actor, token.user):
        raise NotPermitted("您无权吊销该访问令牌")
    if token.revoked:
        raise InvalidState("该访问令牌已被吊销")
    token.revoked = True
    token.save(update_fields=["revoked", "updated_at"])
    audit_record(
        actor=actor, verb="update", target=token, scope=NO_ORG, changes={"revoked": [False, True]}
    )
    return token
