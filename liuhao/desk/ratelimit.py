"""The public form's rate limit: submissions per client per window, counted in the database
(issue 5 item 8; limits from desk-rules.yaml `rate_limit`, never in code).

A client is its IP address (an IPv6 client by its /64 network, which one household or phone gets
whole), or the account when signed in, so a campus behind one NAT address is not throttled by the
signed-in users' requests. The key is a salted hash: no address is stored. Behind a reverse proxy,
settings.TRUSTED_PROXY_COUNT says how many X-Forwarded-For hops to trust.

The window is fixed (the clock's current `window_minutes` slot): one row per client and window, at
most twice the limit across a slot boundary, which is enough to stop a flood. A submission takes
its count with one upsert in the transaction that stores it (`Throttle.take`): exact across worker
processes, atomic for concurrent submissions of one client, undone with a refused or failed
submission, and no cache entry per client (ADR 0013). Rows of past windows are deleted at the first
submission of a new window in each process, and by the daily sweep.

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
from django.db import connection
from django.http import HttpRequest

from liuhao.desk.models import SubmissionCount
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


def _client_key(request: HttpRequest, slot: int) -> str:
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
    return hashlib.sha256(f"{settings.SECRET_KEY}|{raw}|{slot}".encode()).hexdigest()[:40]


# The counter's upsert: PostgreSQL and SQLite (3.35+) both take ON CONFLICT … RETURNING.
_TAKE = (
    "INSERT INTO {table} (client, slot, n) VALUES (%s, %s, 1) "
    "ON CONFLICT (client) DO UPDATE SET n = {table}.n + 1 RETURNING n"
)
# The newest window whose older rows this process has deleted (one DELETE per window per process).
_purged_slot = -1


@dataclass(frozen=True, slots=True)
class Throttle:
    key: str
    slot: int
    limit: int
    window_seconds: int
    retry_after: int

    enabled: bool = True

    def take(self) -> bool:
        """Count one submission; False when that goes over the limit. Call it inside the
        transaction that stores the submission, so a refused or failed one counts nothing."""
        if not self.enabled:
            return True
        global _purged_slot
        table = SubmissionCount._meta.db_table
        with connection.cursor() as cursor:
            if self.slot != _purged_slot:
                cursor.execute(f"DELETE FROM {table} WHERE slot < %s", [self.slot])  # noqa: S608
                _purged_slot = self.slot
            cursor.execute(_TAKE.format(table=table), [self.key, self.slot])
            (taken,) = cursor.fetchone()
        return int(taken) <= self.limit


def counts_purge(now: Any = None) -> int:
    """Delete the counts of past windows (the daily sweep); returns how many."""
    slot = int((time.time() if now is None else float(now)) // _window_seconds())
    deleted, _ = SubmissionCount.objects.filter(slot__lt=slot).delete()
    return deleted


def _window_seconds() -> int:
    return desk_rules().rate_limit.window_minutes * 60


def submission_throttle(request: HttpRequest, now: Any = None) -> Throttle:
    """The throttle of this client's submissions in the current window."""
    rules = desk_rules().rate_limit
    window = _window_seconds()
    moment = time.time() if now is None else float(now)
    slot = int(moment // window)
    return Throttle(
        key=_client_key(request, slot),
        slot=slot,
        limit=rules.submissions,
        window_seconds=window,
        retry_after=max(1, int((slot + 1) * window - moment)),
        enabled=rate_limit_enabled(),
    )


def rate_limit_enabled() -> bool:
    """The limit is on unless settings.DESK_RATE_LIMIT is explicitly False (benchmark only)."""
    return getattr(settings, "DESK_RATE_LIMIT", True) is not False
