"""Placeholder: filled in by the owner of this module."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo", status=501)


calendar_edit = _todo
