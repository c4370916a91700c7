"""State shared by the sheets of one import: the target university, its orgs and persons by key.

Everything is preloaded with one query per table, so validating a row never queries (set-based rule,
common brief). Later sheets see the rows of earlier sheets through the same dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from liuhao.core.audit import AuditScope, audit_fields
from liuhao.core.models import AuditEvent
from liuhao.orgs.imports.bulk import BATCH_SIZE, insert_rows
from liuhao.orgs.imports.errors import IssueList
from liuhao.orgs.models import Organization, Person

__all__ = ["BATCH_SIZE", "ImportContext", "OrgRef", "PersonRef"]

AUDIT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "university_id",
    "org_id",
    "org_path",
    "verb",
    "target_type",
    "target_id",
    "target_repr",
    "changes",
)

PERSON_FIELDS = (
    "name",
    "category",
    "gender",
    "birth_date",
    "unit_id",
    "young_teacher",
    "academic_leader",
    "returnee",
    "left_on",
)


@dataclass(slots=True)
class OrgRef:
    """An org known to this import: stored (pk set) or new in the file (pk set after its insert)."""

    code: str
    pk: int | None
    kind: str
    name: str
    parent_code: str  # the parent after this import ("" for the university committee)
    path: str = ""
    depth: int = 0
    active: bool = True
    row: int | None = None  # its row in the 组织 sheet, if any
    broken: bool = False  # its row had errors: references to it are not checked further


@dataclass(slots=True)
class PersonRef:
    """A person known to this import. New persons carry the unsaved instance until it is written."""

    pk: int | None
    name: str
    obj: Person | None = None
    broken: bool = False  # its row had errors: references to it are not checked further

    @property
    def id(self) -> int | None:
        return self.obj.pk if self.obj is not None else self.pk


@dataclass(slots=True)
class ImportContext:
    """The actor, the university, the issues found so far, and every key the sheets resolve."""

    actor: Any
    university: Organization
    issues: IssueList
    orgs: dict[str, OrgRef] = field(default_factory=dict)
    org_code_by_id: dict[int, str] = field(default_factory=dict)
    persons: dict[str, PersonRef] = field(default_factory=dict)
    person_rows: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    audit_rows: list[tuple[Any, ...]] = field(default_factory=list)
    now: dt.datetime = field(default_factory=timezone.now)

    def load_orgs(self) -> None:
        """Every org of the university (one query). The actor holds IMPORT on the whole university,
        so all of them are in scope; orgs of other universities stay unknown (never leaked)."""
        rows = Organization.objects.filter(university_id=self.university.pk).values_list(
            "pk", "code", "kind", "name", "parent_id", "path", "depth", "dissolved_on"
        )
        parents: dict[str, int | None] = {}
        for pk, code, kind, name, parent_id, path, depth, dissolved_on in rows:
            self.orgs[code] = OrgRef(code, pk, kind, name, "", path, depth, dissolved_on is None)
            self.org_code_by_id[pk] = code
            parents[code] = parent_id
        for code, parent in parents.items():
            self.orgs[code].parent_code = self.org_code_by_id.get(parent, "") if parent else ""

    def load_persons(self) -> None:
        """Every person of the university by number (one query): (pk, *PERSON_FIELDS)."""
        rows = Person.objects.filter(university_id=self.university.pk).values_list(
            "number", "pk", *PERSON_FIELDS
        )
        for number, *rest in rows:
            self.person_rows[number] = tuple(rest)
            self.persons[number] = PersonRef(rest[0], rest[1])

    def scope_of(self, ref: OrgRef | None) -> AuditScope:
        """Where an audit row belongs: the given org, or the university itself."""
        if ref is None or ref.pk is None:
            return AuditScope(self.university.pk, self.university.path, self.university.pk)
        return AuditScope(ref.pk, ref.path, self.university.pk)

    def audit(
        self, verb: str, target: models.Model, ref: OrgRef | None, changes: dict[str, Any]
    ) -> None:
        """Queue one audit row (built by core.audit.audit_fields); `write_audit()` inserts them all."""
        row = audit_fields(
            actor=self.actor, verb=verb, target=target, scope=self.scope_of(ref), changes=changes
        )
        actor = row["actor"]
        self.audit_rows.append(
            (
                self.now,
                actor.pk if actor is not None else None,
                row["actor_name"],
                row["university_id"],
                row["org_id"],
                row["org_path"],
                row["verb"],
                row["target_type"],
                row["target_id"],
                row["target_repr"],
                row["changes"],
            )
        )

    def write_audit(self) -> None:
        """Insert the queued audit rows in bulk, inside the import's transaction."""
        insert_rows(AuditEvent, AUDIT_COLUMNS, self.audit_rows)
        self.audit_rows.clear()
