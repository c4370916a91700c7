"""Pages of the public portal (公开门户), open without log-in (DESIGN §1: public pages show only
what is marked public): the province index of universities, a university's index of the orgs that
publish anything, and an org's public page (C07.2 党务公开, C11 服务事项公开, C12 网上服务,
C18 诉求办理). Views only parse the query string and call `portal.selectors`; a dissolved or
unknown org answers 404 (`NotFound`, mapped by the core middleware).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from liuhao.portal import selectors

MAX_QUERY = 50


def _query(request: HttpRequest) -> str:
    return (request.GET.get("q") or "").strip()[:MAX_QUERY]


@require_GET
def university_list(request: HttpRequest) -> HttpResponse:
    """The province index: universities with a public page, searchable by name."""
    query = _query(request)
    page = selectors.public_university_list(query, request.GET.get("page"))
    return render(request, "portal/university_list.html", {"page": page, "query": query})


@require_GET
def org_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A university's index: its colleges, general branches and branches that publish anything."""
    university = selectors.public_university_get(pk)
    query = _query(request)
    page = selectors.public_org_list(
        university, query, request.GET.get("page"), timezone.localdate()
    )
    context = {"university": university, "page": page, "query": query}
    return render(request, "portal/org_list.html", context)


@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An org's public page: service items, public disclosures, news, vanguard posts, the
    demonstration-site status, request statistics of its subtree and the request button."""
    org = selectors.public_org_get(pk)
    data = selectors.public_org_page(org, timezone.localdate())
    context = {
        "org": org,
        "data": data,
        # The request desk's public form; `?org=<id>` preselects the org.
        "request_url": f"{reverse('desk_public:request-new')}?{urlencode({'org': org.pk})}",
    }
    return render(request, "portal/org_detail.html", context)
