"""Shared state of the ledger sheets: the data rows are checked against, and the base handler (the
roster import's row loop, SheetHandler, with the ledger's data).

Everything a row is checked against is preloaded once per import (`LedgerData.load`: the orgs the
actor may record for, memberships and leadership posts, stored activities, attendance, plans and
pairs of the university), so validating a row never queries. Writes are ORM bulk statements, with
one audit row per created or updated record (CONVENTIONS B5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from liuhao.core.roles import Capability, role_can
from liuhao.ledger.models import Activity, Decision
from liuhao.ledger.selectors import MEMBER_STAGES
from liuhao.orgs.choices import LEADERSHIP_KINDS, OrgKind
from liuhao.orgs.imports.context import ImportContext, OrgRef, PersonRef
from liuhao.orgs.imports.reader import Header
from liuhao.orgs.imports.sheets.base import UNKNOWN_ORG, SheetHandler
from liuhao.orgs.models import Membership, Position
from liuhao.orgs.selectors.scope import scope_for

ActivityKey = tuple[str, dt.date, str, str]  # org code, date, kind, topic
FUTURE = "活动日期不能晚于今天：台账只登记已经开展的活动"


def _open_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or end >= day)


@dataclass(slots=True)
class ActivityRef:
    """An activity known to this import: stored (pk) or new in the 活动 sheet (obj saved on write)."""

    org: OrgRef
    key: ActivityKey
    pk: int | None = None
    obj: Activity | None = None
    broken: bool = False
    decision_meeting: bool = False  # after this import (the 决议 sheet names decision meetings)

    @property
    def id(self) -> int | None:
        return self.obj.pk if self.obj is not None else self.pk

    @property
    def held_on(self) -> dt.date:
        return self.key[1]

    def target(self) -> Activity:
        """The activity as an audit target (the unsaved-in-this-import instance, or a stand-in)."""
        if self.obj is not None:
            return self.obj
        _code, held_on, kind, topic = self.key
        return Activity(
            pk=self.pk, org_id=self.org.pk or 0, held_on=held_on, kind=kind, topic=topic
        )


@dataclass(slots=True)
class LedgerData:
    """What the ledger sheets check rows against, loaded with one query per table."""

    ctx: ImportContext
    system: bool
    today: dt.date
    recordable: set[str] = field(default_factory=set)
    memberships: dict[int, list[tuple[str, dt.date | None]]] = field(default_factory=dict)
    leaders: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = field(
        default_factory=dict
    )
    activities: dict[ActivityKey, ActivityRef] = field(default_factory=dict)
    decided: set[int] = field(default_factory=set)  # stored activities that have decisions

    def load(self) -> None:
        self.load_recordable()
        self.load_members()
        self.load_leaders()
        self.load_activities()

    def load_recordable(self) -> None:
        """The codes of the orgs the actor may record for (RECORD_LEDGER over them)."""
        scope = scope_for(self.ctx.actor)
        grants = [g for g in scope.grants if role_can(g.role, Capability.RECORD_LEDGER)]
        for code, ref in self.ctx.orgs.items():
            if self.system or any(g.covers(ref.path) for g in grants):
                self.recordable.add(code)

    def load_members(self) -> None:
        """Full and probationary memberships of the university: person → [(org path, ended on)]."""
        members: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
        for person_id, path, ended_on in Membership.objects.filter(
            university_id=self.ctx.university.pk, stage__in=MEMBER_STAGES
        ).values_list("person_id", "org__path", "ended_on"):
            members[person_id].append((path, ended_on))
        self.memberships = dict(members)

    def load_leaders(self) -> None:
        """Leadership posts of the university: (person, org) → [(started on, ended on)]."""
        leaders: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for person_id, org_id, started_on, ended_on in Position.objects.filter(
            university_id=self.ctx.university.pk, kind__in=LEADERSHIP_KINDS
        ).values_list("person_id", "org_id", "started_on", "ended_on"):
            leaders[(person_id, org_id)].append((started_on, ended_on))
        self.leaders = dict(leaders)

    def load_activities(self) -> None:
        """The stored activities of the university by key (the 出勤 and 决议 sheets name them)."""
        ctx = self.ctx
        code_of: dict[int, str] = ctx.org_code_by_id
        for pk, org_id, held_on, kind, topic, decision_meeting in (
            Activity.objects.filter(university_id=ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", "held_on", "kind", "topic", "is_decision_meeting")
        ):
            org_code = code_of.get(org_id)
            if org_code:
                key = (org_code, held_on, kind, topic)
                ref = ActivityRef(ctx.orgs[org_code], key, pk, decision_meeting=decision_meeting)
                self.activities.setdefault(key, ref)
        self.decided = set(
            Decision.objects.filter(activity__university_id=ctx.university.pk)
            .values_list("activity_id", flat=True)
            .distinct()
        )

    def org(self, handler: SheetHandler, row: int, code: str) -> OrgRef | None:
        """The org of a row if the actor may record for it; else an error (never a scope leak)."""
        ref = self.ctx.orgs.get(code)
        if ref is None or code not in self.recordable:
            handler.error(row, "org_code", UNKNOWN_ORG.format(code=code))
            return None
        return ref

    def is_leader(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        if person_id is None or org.pk is None:
            return False
        spans = self.leaders.get((person_id, org.pk), [])
        return any(_open_on(start, end, day) for start, end in spans)

    def is_member(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        """A full or probationary member of the org's subtree on `day` (a Party group reads its
        branch), as ledger.selectors.member_person_ids."""
        if person_id is None:
            return False
        base = org
        if org.kind == OrgKind.GROUP and org.parent_code in self.ctx.orgs:
            base = self.ctx.orgs[org.parent_code]
        return any(
            path.startswith(base.path) and (ended is None or ended >= day)
            for path, ended in self.memberships.get(person_id, [])
        )

    def entered_by_id(self) -> int | None:
        actor = self.ctx.actor
        return actor.pk if getattr(actor, "is_authenticated", False) else None


class LedgerSheet(SheetHandler):
    """A ledger sheet: the roster import's row loop with the ledger's preloaded data."""

    def __init__(self, ctx: ImportContext, header: Header, data: LedgerData):
        super().__init__(ctx, header)
        self.data = data

    def person(self, row: int, field_name: str, number: str) -> PersonRef | None:
        ref = self.ctx.persons.get(number)
        if ref is None:
            self.error(row, field_name, f"工号/学号“{number}”不存在：本校人员中没有该号码")
            return None
        return ref

    def model_clean(self, row: int, instance: models.Model) -> bool:
        return self.clean(row, instance)

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        code = values.get("org_code")
        if code and code not in self.data.recordable:
            self.error(row, "org_code", UNKNOWN_ORG.format(code=code))
