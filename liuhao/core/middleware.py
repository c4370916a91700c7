"""Map ApplicationError raised in web views to a Chinese error page with the right status."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from liuhao.core.exceptions import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            if request.path.startswith("/api/"):
                return None
            return render(
                request,
                "core/error.html",
                {"code": exception.code, "message": exception.message},
                status=exception.status,
            )
        return None
