"""The 职务 sheet: posts keyed by (person, org, post, start date).

Rules per row: the person exists (stored or in the 人员 sheet) and the optional 姓名 matches; the org
is an org of the university, active when the post is new (as `position_create` requires); the key is
unique in the file; Position.clean() — end not before start, committee members have a duty and only
they do, representatives carry their congress term (Criteria C03–C05).
"""

from __future__ import annotations

from typing import Any

from liuhao.orgs.imports.bulk import insert_rows, update_rows
from liuhao.orgs.imports.columns import POSITION_SPEC
from liuhao.orgs.imports.context import OrgRef, PersonRef
from liuhao.orgs.imports.sheets.base import (
    UNKNOWN_ORG,
    UNKNOWN_PERSON,
    InstanceBuilder,
    SheetHandler,
    plain,
)
from liuhao.orgs.models import Position

VALUE_FIELDS = ("duty", "ended_on", "congress_name", "congress_term_start", "congress_term_end")
DEFAULTS: dict[str, Any] = {
    "duty": "",
    "ended_on": None,
    "congress_name": "",
    "congress_term_start": None,
    "congress_term_end": None,
}

INSERT_COLUMNS = (
    "created_at",
    "updated_at",
    "person_id",
    "org_id",
    "university_id",
    "kind",
    "started_on",
    *VALUE_FIELDS,
)
build_position = InstanceBuilder(Position)

Planned = tuple[Position, PersonRef, OrgRef, dict[str, Any] | None, list[str]]


class PositionSheet(SheetHandler):
    """Validate and write the 职务 sheet."""

    spec = POSITION_SPEC
    field_map = {"org": "org_code", "person": "person_number"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.planned: list[Planned] = []
        self.compared = [f for f in VALUE_FIELDS if f in self.present]

    def prepare(self) -> None:
        """Every position of the university (one query) by (person, org, post, start date)."""
        rows = (
            Position.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "person_id", "org_id", "kind", "started_on", *VALUE_FIELDS)
        )
        for row in rows:
            self.stored.setdefault(row[1:5], row)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        ctx = self.ctx
        number = values.pop("person_number")
        name_check = values.pop("person_name", "")
        org_code = values.pop("org_code")
        person = ctx.persons.get(number)
        if person is None:
            self.error(row, "person_number", UNKNOWN_PERSON.format(number=number))
            return
        key = (number, org_code, values["kind"], values["started_on"])
        shown = f"（工号/学号 {number}、组织 {org_code}、职务、任职开始日期）"
        if self.duplicate(row, key, "person_number", f"同一职务{shown}") or person.broken:
            return
        if name_check and name_check != person.name:
            self.error(
                row,
                "person_name",
                f"姓名“{name_check}”与工号/学号 {number} 的人员“{person.name}”不一致",
            )
            return
        org = ctx.orgs.get(org_code)
        if org is None:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=org_code))
            return
        if org.broken:
            return
        stored = None
        if person.pk is not None and org.pk is not None:
            stored = self.stored.get((person.pk, org.pk, values["kind"], values["started_on"]))
        if stored is None:
            before = None
            merged = {**DEFAULTS, **values}
            changed = self.compared
            if not org.active:
                self.error(row, "org_code", f"“{org.name}”已撤销，不能任命新职务")
                return
        else:
            before = dict(zip(VALUE_FIELDS, stored[5:], strict=True))
            merged = {**before, **values}
            changed = [f for f in self.compared if merged[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
        merged["id"] = stored[0] if stored is not None else None
        position: Position = build_position(merged)
        if not self.clean(row, position):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((position, person, org, before, changed))

    def write(self) -> None:
        ctx = self.ctx
        now = ctx.now
        university_id = ctx.university.pk
        creates = []
        updates = []
        update_columns = [*self.compared, "updated_at"]
        for position, person, org, before, _changed in self.planned:
            position.person_id = person.id  # type: ignore[assignment]
            position.org_id = org.pk  # type: ignore[assignment]
            position.university_id = university_id
            position.updated_at = now
            if before is None:
                position.created_at = now
                creates.append(tuple(getattr(position, f) for f in INSERT_COLUMNS))
            else:
                updates.append((*(getattr(position, f) for f in update_columns), position.pk))
        if creates:
            insert_rows(Position, INSERT_COLUMNS, creates)
            ids = {
                tuple(key): pk
                for pk, *key in Position.objects.filter(
                    university_id=university_id, created_at=now
                ).values_list("pk", "person_id", "org_id", "kind", "started_on")
            }
        if updates:
            update_rows(Position, update_columns, updates)
        for position, _person, org, before, changed in self.planned:
            if before is None:
                key = (position.person_id, position.org_id, position.kind, position.started_on)
                position.pk = ids[key]
                changes: dict[str, Any] = {
                    "person": position.person_id,
                    "org": position.org_id,
                    "kind": position.kind,
                    "started_on": plain(position.started_on),
                }
                changes.update({f: plain(getattr(position, f)) for f in VALUE_FIELDS})
                ctx.audit("create", position, org, changes)
            else:
                diff = {f: [plain(before[f]), plain(getattr(position, f))] for f in changed}
                ctx.audit("update", position, org, diff)
