from typing import Any

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "liuhao.desk"
    label = "desk"
    verbose_name = "诉求受理"

    def ready(self) -> None:
        # Register the desk's metrics (replacing the pending declarations, CONVENTIONS B4) and
        # its seed generator, and its deployment checks.
        from liuhao.desk import (
            checks,  # noqa: F401
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
        from liuhao.notifications.waiting import register_waiting

        register_waiting(desk_waiting)


def desk_waiting(user: Any) -> list[Any]:
    """What waits for a handler on the notifications page (issue 7 item 6; C07.3, C18.2): the
    running requests near breach and overdue, from the home page's one-query summary."""
    from django.urls import reverse
    from django.utils import timezone

    from liuhao.desk.selectors import DeskClock, desk_summary, is_handler
    from liuhao.notifications.waiting import WaitingItem

    if not is_handler(user):
        return []
    desk_clock = DeskClock.load(timezone.localdate())
    summary = desk_summary(user, desk_clock)
    if summary is None:
        return []
    url = reverse("desk:request-overdue")
    items = []
    if summary.overdue:
        items.append(
            WaitingItem(
                "warning",
                f"{summary.overdue} 件诉求已超过办结时限",
                url,
                desk_clock.today,
                summary.overdue,
            )
        )
    if summary.near:
        items.append(
            WaitingItem(
                "deadline",
                f"{summary.near} 件诉求临近办结时限",
                url,
                desk_clock.near_before,
                summary.near,
            )
        )
    return items
