"""Reads of report templates (issue 7 item 5), limited to what the actor administers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from liuhao.documents.models import ReportTemplate
from liuhao.documents.permissions import admin_universities
from liuhao.orgs.models import Organization


def template_versions(kind: str, university: Organization | None) -> QuerySet[ReportTemplate]:
    """Every uploaded version of `kind` for `university` (None: the province), newest first."""
    return (
        ReportTemplate.objects.filter(kind=kind, university=university)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def visible_templates(actor: Any) -> QuerySet[ReportTemplate]:
    """The versions the actor may download: all for the province; else its universities' and the
    province-wide ones (what its reports are generated from)."""
    managed = admin_universities(actor)
    if managed is None:
        return ReportTemplate.objects.all()
    return ReportTemplate.objects.filter(university_id__in=managed) | ReportTemplate.objects.filter(
        university__isnull=True
    )


def managed_universities(actor: Any) -> QuerySet[Organization]:
    """The university committees whose templates the actor may replace."""
    managed = admin_universities(actor)
    qs = Organization.objects.filter(kind="university_committee", dissolved_on__isnull=True)
    return qs.order_by("name") if managed is None else qs.filter(pk__in=managed).order_by("name")
