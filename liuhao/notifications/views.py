"""The notifications page (issue 7 item 6 and 7): 待办 (what waits for me, from the registered
providers, soonest due first) and 通知 (my notifications, newest first, mark read / mark all read).

Only the actor's own notifications are visible: another user's answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from liuhao.core.pagination import paginate
from liuhao.core.roles import Role
from liuhao.notifications.models import Notification
from liuhao.notifications.rules import notification_rules
from liuhao.notifications.selectors import notification_list, notification_unread_count
from liuhao.notifications.services import notification_mark_read
from liuhao.notifications.waiting import waiting_count, waiting_for
from liuhao.orgs.selectors.scope import scope_for


@login_required
@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    """待办 and 通知 of the logged-in user."""
    rules = notification_rules()
    page = paginate(notification_list(request.user), request.GET.get("page"), rules.page_size)
    waiting = waiting_for(request.user)
    scope = scope_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "notifications/notification_list.html",
        {
            "waiting": [
                {
                    "item": item,
                    "label": rules.kind_label(item.kind),
                    "overdue": item.due is not None and item.due < today,
                }
                for item in waiting
            ],
            "rows": [(n, rules.kind_label(n.kind)) for n in page.items],
            "page": page,
            "unread": notification_unread_count(request.user),
            "today": today,
            "can_manage_templates": scope.is_province or Role.UNIVERSITY_ADMIN in scope.roles,
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read."""
    notification_mark_read(actor=request.user, notification_id=pk)
    return _back(request)


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read and go to its page."""
    notification_mark_read(actor=request.user, notification_id=pk)
    url = (
        Notification.objects.filter(pk=pk, recipient_id=request.user.pk)
        .values_list("url", flat=True)
        .first()
    )
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all my notifications read."""
    changed = notification_mark_read(actor=request.user)
    messages.success(request, f"已将 {changed} 条通知标为已读。" if changed else "没有未读通知。")
    return _back(request)


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The navigation badge (unread notifications + waiting items), loaded by HTMX after the page
    so that no page pays for it: one COUNT, the waiting count from the per-user cache."""
    user = request.user
    if not user.is_authenticated:
        return HttpResponse("")
    count = notification_unread_count(user) + waiting_count(user)
    response = render(request, "notifications/badge.html", {"count": count})
    response["Cache-Control"] = "no-store"
    return response
