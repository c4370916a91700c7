"""The minimal endpoint of the benchmark: the same server, middleware and database as the public
form, and one INSERT. It writes the model directly on purpose (no service layer): it measures the
floor every real write pays, nothing more."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from liuhao.bench.models import BenchPing


@csrf_exempt
@require_POST
def ping(request: HttpRequest) -> HttpResponse:
    row = BenchPing.objects.create(at=timezone.now())
    return HttpResponse(str(row.pk), status=201, content_type="text/plain")
