"""The 人员 sheet: create or update persons of the university by staff/student number.

Rules per row: the number is unique in the file; the unit (所在单位代码) is an org of the university
(stored or in the 组织 sheet) and active when newly assigned; Person.clean() (only teachers are young
teachers; no birth date in the future). This is the hot path of a roster import (100,000 rows), so
each row does dict work only: no query, no full_clean().
"""

from __future__ import annotations

from typing import Any

from liuhao.orgs.imports.bulk import insert_rows, update_rows
from liuhao.orgs.imports.columns import PERSON_SPEC
from liuhao.orgs.imports.context import PERSON_FIELDS, OrgRef, PersonRef
from liuhao.orgs.imports.sheets.base import UNKNOWN_ORG, InstanceBuilder, SheetHandler, plain
from liuhao.orgs.models import Person
from liuhao.orgs.pinyin import pinyin_keys

# The sheet's value fields; "unit_code" stands for the unit foreign key.
FIELDS = tuple("unit_code" if f == "unit_id" else f for f in PERSON_FIELDS)
DEFAULTS: dict[str, Any] = {
    "gender": "",
    "birth_date": None,
    "unit_code": "",
    "young_teacher": False,
    "academic_leader": False,
    "returnee": False,
    "left_on": None,
}
VALUE_COLUMNS = (
    "name",
    "name_pinyin",
    "name_initials",
    "category",
    "gender",
    "birth_date",
    "young_teacher",
    "academic_leader",
    "returnee",
    "left_on",
)
INSERT_COLUMNS = ("created_at", "updated_at", "university_id", "number", "unit_id", *VALUE_COLUMNS)
AUDIT_FIELDS = ("number", "name", "category", "gender", "birth_date")
FLAG_FIELDS = ("young_teacher", "academic_leader", "returnee", "left_on")
build_person = InstanceBuilder(Person)


class PersonSheet(SheetHandler):
    """Validate and write the 人员 sheet."""

    spec = PERSON_SPEC
    field_map = {"unit": "unit_code"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.creates: list[tuple[Person, str]] = []
        self.updates: list[tuple[Person, str, dict[str, Any], list[str]]] = []
        self.compared = [f for f in FIELDS if f in self.present]

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        number = values.get("number")
        if number and number not in self.ctx.persons:
            self.ctx.persons[number] = PersonRef(None, values.get("name", ""), broken=True)
        unit_code = values.get("unit_code")
        if unit_code and unit_code not in self.ctx.orgs:
            self.error(row, "unit_code", UNKNOWN_ORG.format(code=unit_code))

    def _stored(self, stored: tuple[Any, ...]) -> dict[str, Any]:
        before = dict(zip(FIELDS, stored[1:], strict=True))
        unit_id = before["unit_code"]
        before["unit_code"] = self.ctx.org_code_by_id.get(unit_id, "") if unit_id else ""
        return before

    def handle(self, row: int, values: dict[str, Any]) -> None:
        ctx = self.ctx
        number = values["number"]
        if self.duplicate(row, number, "number", f"工号/学号“{number}”"):
            return
        unit_code = values.get("unit_code")
        unit: OrgRef | None = None
        if unit_code:
            unit = ctx.orgs.get(unit_code)
            if unit is None:
                self.handle_broken(row, values)
                return
        stored = ctx.person_rows.get(number)
        if stored is None:
            before = None
            merged = {**DEFAULTS, **values}
            changed = self.compared
        else:
            before = self._stored(stored)
            merged = {**before, **values}
            changed = [f for f in self.compared if merged[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
            merged["id"] = stored[0]
        if unit is not None and not unit.active and (before is None or "unit_code" in changed):
            self.error(row, "unit_code", f"“{unit.name}”已撤销，不能作为所在单位")
            return
        merged["university_id"] = ctx.university.pk
        person: Person = build_person(merged)
        if not self.clean(row, person):
            return
        if before is None or "name" in changed:
            person.name_pinyin, person.name_initials = pinyin_keys(person.name)
        if before is None:
            self.summary.created += 1
            self.creates.append((person, merged["unit_code"]))
            ctx.persons[number] = PersonRef(None, person.name, obj=person)
        else:
            self.summary.updated += 1
            self.updates.append((person, merged["unit_code"], before, changed))
            ctx.persons[number].name = person.name

    # ---- writing ---------------------------------------------------------------------------

    def write(self) -> None:
        ctx = self.ctx
        orgs = ctx.orgs
        now = ctx.now
        university_id = ctx.university.pk
        rows = []
        for person, unit_code in self.creates:
            person.unit_id = orgs[unit_code].pk if unit_code else None
            person.created_at = person.updated_at = now
            rows.append(
                (
                    now,
                    now,
                    university_id,
                    person.number,
                    person.unit_id,
                    *(getattr(person, f) for f in VALUE_COLUMNS),
                )
            )
        if rows:
            insert_rows(Person, INSERT_COLUMNS, rows)
            ids = dict(
                Person.objects.filter(university_id=university_id, created_at=now).values_list(
                    "number", "pk"
                )
            )
            audit = ctx.audit
            for person, unit_code in self.creates:
                person.pk = ids[person.number]
                changes = {f: plain(getattr(person, f)) for f in AUDIT_FIELDS}
                changes["unit"] = person.unit_id
                for f in FLAG_FIELDS:
                    changes[f] = plain(getattr(person, f))
                audit("create", person, orgs[unit_code] if unit_code else None, changes)
        if self.updates:
            self._write_updates()

    def _write_updates(self) -> None:
        ctx = self.ctx
        orgs = ctx.orgs
        columns = ["unit_id" if f == "unit_code" else f for f in self.compared]
        if "name" in columns:
            columns += ["name_pinyin", "name_initials"]
        columns.append("updated_at")
        rows = []
        for person, unit_code, _before, _changed in self.updates:
            person.unit_id = orgs[unit_code].pk if unit_code else None
            person.updated_at = ctx.now
            rows.append((*(getattr(person, f) for f in columns), person.pk))
        update_rows(Person, columns, rows)
        for person, unit_code, before, changed in self.updates:
            changes: dict[str, list[Any]] = {}
            for f in changed:
                if f == "unit_code":
                    old = orgs.get(before[f])
                    changes["unit"] = [old.pk if old else None, person.unit_id]
                else:
                    changes[f] = [plain(before[f]), plain(getattr(person, f))]
            ctx.audit("update", person, orgs[unit_code] if unit_code else None, changes)
