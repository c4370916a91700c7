"""The registry of "what waits for the actor" (待办, issue 7 item 6).

Apps register a provider from their `ready()`: `register_waiting(provider)`, where
`provider(user) -> list[WaitingItem]` computes, live and set-based (a constant number of queries,
never one per row or org), what the user has to do in that app: assessments returned to redo,
reviews due, application deadlines, re-check warnings. Nothing of this is stored, so an item
disappears as soon as the work is done. The notifications page lists every provider's items sorted
by due date; the navigation badge counts them (cached briefly, see rules.badge_cache_seconds).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from liuhao.notifications.rules import notification_rules

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WaitingItem:
    """One thing waiting for the user: `kind` (a code of notifications-rules.yaml, e.g. return,
    review, deadline, warning), a Chinese `title`, the page to act on (`url`), the date it is due
    (None: no deadline) and how many items it stands for (`count`, e.g. 3 reviews due)."""

    kind: str
    title: str
    url: str
    due: dt.date | None = None
    count: int = 1


WaitingProvider = Callable[[Any], list[WaitingItem]]

_PROVIDERS: list[WaitingProvider] = []


def register_waiting(provider: WaitingProvider) -> WaitingProvider:
    """Add a provider (idempotent; usable as a decorator). Call it from your app's `ready()`."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def unregister_waiting(provider: WaitingProvider) -> None:
    """Remove a provider (tests)."""
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def _sort_key(item: WaitingItem) -> tuple[bool, dt.date, str]:
    return (item.due is None, item.due or dt.date.max, item.title)


def waiting_for(user: Any) -> list[WaitingItem]:
    """Every provider's items for `user`, soonest due first (items without a due date last).

    A failing provider is logged and skipped: one app's bug must not take the page down. The count
    is stored for the badge (`waiting_count`).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[WaitingItem] = []
    for provider in list(_PROVIDERS):
        try:
            items.extend(provider(user))
        except Exception:
            logger.exception("waiting provider %r failed for user %s", provider, user.pk)
    items.sort(key=_sort_key)
    cache.set(
        _cache_key(user.pk), sum(i.count for i in items), notification_rules().badge_cache_seconds
    )
    return items


def _cache_key(user_id: int) -> str:
    return f"notifications:waiting:{user_id}"


def waiting_count(user: Any) -> int:
    """The number of waiting items for the badge: cached per user for `badge_cache_seconds`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    cached = cache.get(_cache_key(user.pk))
    if cached is not None:
        return int(cached)
    return sum(i.count for i in waiting_for(user))


def waiting_changed(user_ids: list[int]) -> None:
    """Forget the cached badge counts of these users (after their waiting items changed)."""
    cache.delete_many([_cache_key(pk) for pk in user_ids])
