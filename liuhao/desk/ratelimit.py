"""The public form's rate limit: submissions per client per window, counted in Django's cache
(issue 5 item 8; limits from desk-rules.yaml `rate_limit`, never in code).

A client is its IP address (an IPv6 client by its /64 network, which one household or phone gets
whole), or the account when signed in, so a campus behind one NAT address is not throttled by the
signed-in users' requests. The key is a hash: the cache never holds an address. Behind a reverse
proxy, settings.TRUSTED_PROXY_COUNT says how many X-Forwarded-For hops to trust.

The window is fixed (the clock's current `window_minutes` slot): simple, one cache key per client,
and at most twice the limit across a slot boundary, which is enough to stop a flood.

settings.DESK_RATE_LIMIT (env DESK_RATE_LIMIT, default on) switches the limit off for the load
benchmark only, where every simulated client shares the loopback address; nothing is then read or
counted. `manage.py check --deploy` warns while it is off (liuhao.desk.checks).
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from liuhao.desk.rules import desk_rules


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    return remote


def _client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    else:
        address = client_ip(request)
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            raw = f"ip:{address}"
        else:
            raw = (
                f"net:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
                if ip.version == 6
                else f"ip:{ip}"
            )
    return hashlib.sha256(f"{settings.SECRET_KEY}|{raw}".encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Throttle:
    key: str
    limit: int
    window_seconds: int
    retry_after: int

    enabled: bool = True

    def exceeded(self) -> bool:
        if not self.enabled:
            return False
        return int(cache.get(self.key, 0) or 0) >= self.limit

    def count(self) -> None:
        """Count one stored submission."""
        if not self.enabled:
            return
        if not cache.add(self.key, 1, timeout=self.window_seconds + 60):
            try:
                cache.incr(self.key)
            except ValueError:  # expired between add and incr
                cache.add(self.key, 1, timeout=self.window_seconds + 60)


def submission_throttle(request: HttpRequest, now: Any = None) -> Throttle:
    """The throttle of this client's submissions in the current window."""
    rules = desk_rules().rate_limit
    window = rules.window_minutes * 60
    moment = time.time() if now is None else float(now)
    slot = int(moment // window)
    return Throttle(
        key=f"desk:submit:{_client_key(request)}:{slot}",
        limit=rules.submissions,
        window_seconds=window,
        retry_after=max(1, int((slot + 1) * window - moment)),
        enabled=rate_limit_enabled(),
    )


def rate_limit_enabled() -> bool:
    """The limit is on unless settings.DESK_RATE_LIMIT is explicitly False (benchmark only)."""
    return getattr(settings, "DESK_RATE_LIMIT", True) is not False
