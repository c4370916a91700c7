"""Placeholder: filled in by the owner of this module."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo", status=501)


org_browser = org_search = org_detail = org_children = org_members = org_members_export = _todo
org_create = org_edit = org_move = org_dissolve = org_audit = _todo
