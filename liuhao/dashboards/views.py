"""The home page: one section per role of the actor (issue 2 item 7)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liuhao.dashboards.selectors import home_sections
from liuhao.desk.selectors import DeskClock, desk_summary, is_handler


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Province overview, university summary, managed orgs, own record, reviewed orgs, and for
    those who handle requests the desk's counts (诉求：待办、超期、临期, C07.3)."""
    today = timezone.localdate()
    actor = request.user
    desk = desk_summary(actor, DeskClock.load(today)) if is_handler(actor) else None
    return render(
        request,
        "dashboards/home.html",
        {"sections": home_sections(actor, today), "today": today, "desk": desk},
    )
