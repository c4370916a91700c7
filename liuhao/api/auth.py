"""How API callers prove who they are (CONVENTIONS B7).

Integrations send `Authorization: Bearer <token>`: the token is looked up by the sha256 of the raw
key and refused when revoked, expired or its user is inactive. Nothing is written per request.
Browsers use their Django session; unsafe methods then need the CSRF token (header `X-CSRFToken`).
Both resolve to a `User`, after which scoping is exactly the web's (`orgs.selectors.scope.scope_for`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from liuhao.accounts.models import ApiToken, hash_token
from liuhao.core.exceptions import NotPermitted

MAX_TOKEN_LENGTH = 200


def user_for_token(raw: str) -> Any | None:
    """The active user owning a live (not revoked, not expired) token, else None. One query."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or token.revoked or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    return token.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lh_…` for integrations (tokens are issued with `liuhao api_token`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return user_for_token(token)


class CsrfSessionAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods must pass Django's CSRF check.

    Unlike ninja's SessionAuth, the CSRF check runs only once a session user is known, so an
    integration with a bad token gets 401 (not a CSRF 403).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise NotPermitted(
                "CSRF 校验失败：浏览器请求须在 X-CSRFToken 请求头中携带 CSRF 令牌",
                code="csrf_failed",
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


def api_auth() -> list[Any]:
    """Auth callbacks in the order ninja tries them: token first, then the session."""
    return [TokenAuth(), CsrfSessionAuth()]
