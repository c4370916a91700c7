"""Public pages of the demonstration sites (no log-in; linked from the portal's index): the plaque
list (名单) of named sites not revoked, and the public notices (公示) with their objections'
handling (issue 7 items 3, 4, 7)."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liuhao.sites import selectors


@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sites = list(selectors.public_sites())
    groups = [(cycle, list(rows)) for cycle, rows in groupby(sites, key=lambda s: s.cycle)]
    context = {"groups": groups, "notices": list(selectors.public_notices(today)), "today": today}
    return render(request, "sites/public/site_list.html", context)


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    notice, apps = selectors.public_notice_get(pk, today)
    objections = list(notice.objections.select_related("application__org"))
    context = {"notice": notice, "apps": apps, "objections": objections, "today": today}
    return render(request, "sites/public/notice_detail.html", context)
