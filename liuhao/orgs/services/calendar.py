"""Writes to the calendar: a university's term starts and the working-day overrides (调休).

Term starts default to DESIGN §2 (term 1 from 1 Sep, term 2 from 15 Feb). Working-day overrides let
admins enter the State Council's holiday arrangement for years chinese-calendar does not know yet
(issue 2 item 4). Each service is atomic, permission-checked, validated and audited (CONVENTIONS B3).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import NotPermitted
from liuhao.core.roles import Role
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import AcademicCalendar, Organization, WorkdayOverride
from liuhao.orgs.selectors.scope import scope_for
from liuhao.orgs.services.common import require, scope_of, validate

CALENDAR_FIELDS = ["term1_start_month", "term1_start_day", "term2_start_month", "term2_start_day"]
OVERRIDE_FIELDS = ["date", "is_workday", "note"]


def can_edit_calendar(actor: Any, university: Organization) -> bool:
    """Province admins, and university admins of `university`, may edit its calendar.

    Working-day overrides are province-wide data (the State Council's arrangement is the same for
    every university), so any of these admins may enter them; each change is audited under the
    university whose calendar page it was made on.
    """
    scope = scope_for(actor)
    if scope.is_province:
        return True
    return any(g.role == Role.UNIVERSITY_ADMIN and g.covers(university.path) for g in scope.grants)


def _check(actor: Any, university: Organization) -> None:
    if not can_edit_calendar(actor, university):
        raise NotPermitted("只有省级管理员或本校管理员可以修改校历")
    require(university.kind == OrgKind.UNIVERSITY_COMMITTEE, "校历只能属于高校党委", "university")


@transaction.atomic
def academic_calendar_update(
    *, actor: Any, university: Organization, data: dict[str, Any]
) -> AcademicCalendar:
    """Set the term start days of `university` (created with the defaults when missing)."""
    _check(actor, university)
    calendar = AcademicCalendar.objects.select_for_update().filter(university=university).first()
    created = calendar is None
    if calendar is None:
        calendar = AcademicCalendar(university=university)
    changes = model_update(calendar, {k: v for k, v in data.items() if k in CALENDAR_FIELDS})
    if not changes and not created:
        return calendar
    validate(calendar)
    calendar.save()
    audit_record(
        actor=actor,
        verb="create" if created else "update",
        target=calendar,
        scope=scope_of(university),
        changes=snapshot(calendar, CALENDAR_FIELDS) if created else changes,
    )
    return calendar


@transaction.atomic
def workday_override_create(
    *, actor: Any, university: Organization, data: dict[str, Any]
) -> WorkdayOverride:
    """Record one date as a holiday or a make-up workday; an override wins over the library."""
    _check(actor, university)
    day = data.get("date")
    require(day is not None, "请填写日期", "date")
    assert day is not None
    require(
        not WorkdayOverride.objects.filter(date=day).exists(),
        f"{day} 已有调整记录，请先删除原记录",
        "date",
    )
    override = WorkdayOverride(**{k: v for k, v in data.items() if k in OVERRIDE_FIELDS})
    validate(override)
    try:
        with transaction.atomic():
            override.save()
    except IntegrityError as exc:  # a concurrent request entered the same date first
        require(False, f"{day} 已有调整记录", "date")
        raise AssertionError from exc
    audit_record(
        actor=actor,
        verb="create",
        target=override,
        scope=scope_of(university),
        changes=snapshot(override, OVERRIDE_FIELDS),
    )
    return override


@transaction.atomic
def workday_override_delete(
    *, actor: Any, university: Organization, override: WorkdayOverride
) -> None:
    """Delete an override entered by mistake; the library's ruling applies again for that date."""
    _check(actor, university)
    before = snapshot(override, OVERRIDE_FIELDS)
    audit_record(
        actor=actor, verb="delete", target=override, scope=scope_of(university), changes=before
    )
    override.delete()
