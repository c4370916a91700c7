"""The home page: one section per role of the actor (issue 2 item 7)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liuhao.dashboards.selectors import home_sections


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Province overview, university summary, managed orgs, own record, reviewed orgs."""
    today = timezone.localdate()
    return render(
        request,
        "dashboards/home.html",
        {"sections": home_sections(request.user, today), "today": today},
    )
