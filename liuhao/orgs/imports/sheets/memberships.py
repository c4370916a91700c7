"""The 党员身份 sheet: each person's membership record, keyed by the person.

A person has at most one open membership (DESIGN §2; the model's unique constraint), so a row
updates that open record — a new branch means a transfer, a 转出/终止日期 closes it. Without an open
record, a row with an end date matches the closed record of the same branch and end date; otherwise
it opens a new record. Rules per row: the person exists (stored, or in the 人员 sheet); the optional
姓名 matches; the org is an active branch of the university (as `membership_create` requires);
Membership.clean() — stage dates present, later-stage dates empty, dates in pipeline order
(DOMAIN-RULES §3).
"""

from __future__ import annotations

from typing import Any

from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports.bulk import insert_rows, update_rows
from liuhao.orgs.imports.columns import MEMBERSHIP_SPEC
from liuhao.orgs.imports.context import OrgRef, PersonRef
from liuhao.orgs.imports.sheets.base import (
    UNKNOWN_ORG,
    UNKNOWN_PERSON,
    InstanceBuilder,
    SheetHandler,
    plain,
)
from liuhao.orgs.models import Membership

DATE_FIELDS = (
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "full_on",
    "joined_org_on",
    "ended_on",
)
FIELDS = ("org_code", "stage", *DATE_FIELDS, "end_reason")
DEFAULTS: dict[str, Any] = dict.fromkeys(DATE_FIELDS) | {"end_reason": ""}
INSERT_COLUMNS = (
    "created_at",
    "updated_at",
    "person_id",
    "org_id",
    "university_id",
    "stage",
    *DATE_FIELDS,
    "end_reason",
)
build_membership = InstanceBuilder(Membership)

Planned = tuple[Membership, PersonRef, OrgRef, dict[str, Any] | None, list[str]]


class MembershipSheet(SheetHandler):
    """Validate and write the 党员身份 sheet."""

    spec = MEMBERSHIP_SPEC
    field_map = {"org": "org_code", "person": "person_number"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.open: dict[int, tuple[Any, ...]] = {}
        self.closed: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.planned: list[Planned] = []
        self.compared = [f for f in FIELDS if f in self.present]

    def prepare(self) -> None:
        """Every membership of the university (one query), indexed by person and by closed key."""
        rows = (
            Membership.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "person_id", "org_id", "stage", *DATE_FIELDS, "end_reason")
        )
        for row in rows:
            person_id, org_id, ended_on = row[1], row[2], row[10]
            if ended_on is None:
                self.open[person_id] = row
            else:
                self.closed.setdefault((person_id, org_id, ended_on), row)

    def _stored(self, stored: tuple[Any, ...]) -> dict[str, Any]:
        before = dict(zip(("stage", *DATE_FIELDS, "end_reason"), stored[3:], strict=True))
        before["org_code"] = self.ctx.org_code_by_id.get(stored[2], "")
        return before

    def handle(self, row: int, values: dict[str, Any]) -> None:
        ctx = self.ctx
        number = values.pop("person_number")
        name_check = values.pop("person_name", "")
        person = ctx.persons.get(number)
        if person is None:
            self.error(row, "person_number", UNKNOWN_PERSON.format(number=number))
            return
        if self.duplicate(row, number, "person_number", f"工号/学号“{number}”") or person.broken:
            return
        if name_check and name_check != person.name:
            self.error(
                row,
                "person_name",
                f"姓名“{name_check}”与工号/学号 {number} 的人员“{person.name}”不一致",
            )
            return
        org = ctx.orgs.get(values["org_code"])
        if org is None:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=values["org_code"]))
            return
        if org.broken:
            return
        stored = None
        if person.pk is not None:
            stored = self.open.get(person.pk)
            if stored is None and values.get("ended_on") and org.pk is not None:
                stored = self.closed.get((person.pk, org.pk, values["ended_on"]))
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
        if before is None or "org_code" in changed:
            if org.kind != OrgKind.BRANCH:
                kind = OrgKind(org.kind).label if org.kind in OrgKind.values else org.kind
                self.error(row, "org_code", f"党员组织关系只能落在党支部，“{org.name}”是{kind}")
                return
            if not org.active:
                self.error(row, "org_code", f"“{org.name}”已撤销")
                return
        merged["id"] = stored[0] if stored is not None else None
        membership: Membership = build_membership(merged)
        if not self.clean(row, membership):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((membership, person, org, before, changed))

    def write(self) -> None:
        ctx = self.ctx
        now = ctx.now
        university_id = ctx.university.pk
        creates = []
        updates = []
        update_columns = ["org_id" if f == "org_code" else f for f in self.compared]
        update_columns.append("updated_at")
        for membership, person, org, before, _changed in self.planned:
            membership.person_id = person.id  # type: ignore[assignment]
            membership.org_id = org.pk  # type: ignore[assignment]
            membership.university_id = university_id
            membership.updated_at = now
            if before is None:
                membership.created_at = now
                creates.append(tuple(getattr(membership, f) for f in INSERT_COLUMNS))
            else:
                updates.append((*(getattr(membership, f) for f in update_columns), membership.pk))
        if creates:
            insert_rows(Membership, INSERT_COLUMNS, creates)
            ids = dict(
                Membership.objects.filter(university_id=university_id, created_at=now).values_list(
                    "person_id", "pk"
                )
            )
        if updates:
            update_rows(Membership, update_columns, updates)
        for membership, _person, org, before, changed in self.planned:
            if before is None:
                membership.pk = ids[membership.person_id]
                changes: dict[str, Any] = {"person": membership.person_id, "org": membership.org_id}
                changes.update({f: plain(getattr(membership, f)) for f in FIELDS[1:]})
                ctx.audit("create", membership, org, changes)
                continue
            diff: dict[str, list[Any]] = {}
            for f in changed:
                if f == "org_code":
                    old = ctx.orgs.get(before[f])
                    diff["org"] = [old.pk if old else None, membership.org_id]
                else:
                    diff[f] = [plain(before[f]), plain(getattr(membership, f))]
            ctx.audit("update", membership, org, diff)
