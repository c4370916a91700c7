"""The 规划, 结对 and 走访 sheets: plan documents (Criterion C02.1), contact pairs (C03.1) and contact
visits (C03.2)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError

from liuhao.ledger.imports.columns import PAIR_SPEC, PLAN_SPEC, VISIT_SPEC
from liuhao.ledger.imports.sheets.base import LedgerSheet
from liuhao.ledger.imports.sheets.work import _KeyedSheet
from liuhao.ledger.models import ContactPair, ContactVisit, PlanDocument
from liuhao.orgs.imports.context import OrgRef
from liuhao.orgs.imports.sheets.base import plain

# ---- 规划 -------------------------------------------------------------------------------------


class PlanSheet(LedgerSheet):
    """Plans keyed by (org code, kind, title, valid from); re-import updates the validity end and
    the approval date."""

    spec = PLAN_SPEC
    VALUES = ("valid_until", "approved_on")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.compared = [f for f in self.VALUES if f in self.present]
        self.stored: dict[tuple[int, str, str, dt.date], tuple[Any, ...]] = {}
        self.planned: list[tuple[PlanDocument, OrgRef, dict[str, Any] | None, list[str]]] = []

    def prepare(self) -> None:
        for row in (
            PlanDocument.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", "kind", "title", "valid_from", *self.VALUES)
        ):
            self.stored.setdefault((row[1], row[2], row[3], row[4]), row)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        key = (code, values["kind"], values["title"], values["valid_from"])
        if self.duplicate(row, key, "title", "同一文件（组织代码、文件类型、标题、生效日期）"):
            return
        org = self.data.org(self, row, code)
        if org is None:
            return
        approved_on = values.get("approved_on")
        if approved_on is not None and approved_on > self.data.today:
            self.error(row, "approved_on", "审定日期不能晚于今天：只登记已经审定的文件")
            return
        stored = self.stored.get(
            (org.pk or 0, values["kind"], values["title"], values["valid_from"])
        )
        common = {
            "org_id": org.pk,
            "university_id": self.ctx.university.pk,
            "kind": values["kind"],
            "title": values["title"],
            "valid_from": values["valid_from"],
        }
        if stored is None:
            merged = {"valid_until": None, "approved_on": None}
            merged.update({f: values[f] for f in self.compared})
            plan = PlanDocument(
                **common,
                **merged,
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before = None
            changed = list(self.VALUES)
        else:
            before = dict(zip(self.VALUES, stored[5:], strict=True))
            merged = {**before, **{f: values[f] for f in self.compared}}
            changed = [f for f in self.compared if merged[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
            plan = PlanDocument(pk=stored[0], **common, **merged)
        if not self.clean(row, plan):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((plan, org, before, changed))

    def write(self) -> None:
        PlanDocument.objects.bulk_create(
            [p for p, _o, before, _c in self.planned if before is None]
        )
        updates = [p for p, _o, before, _c in self.planned if before is not None]
        if updates:
            PlanDocument.objects.bulk_update(updates, list(self.compared))
        for plan, org, before, changed in self.planned:
            if before is None:
                fields = ("kind", "title", "valid_from", *self.VALUES)
                self.ctx.audit("create", plan, org, {f: plain(getattr(plan, f)) for f in fields})
            else:
                diff = {f: [plain(before[f]), plain(getattr(plan, f))] for f in changed}
                self.ctx.audit("update", plan, org, diff)


# ---- 结对 -------------------------------------------------------------------------------------


class PairSheet(LedgerSheet):
    """Contact pairs keyed by (org code, leader, target, start); re-import updates end and note."""

    spec = PAIR_SPEC
    VALUES = ("ended_on", "note")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.compared = [f for f in self.VALUES if f in self.present]
        self.stored: dict[tuple[int, int, int, dt.date], tuple[Any, ...]] = {}
        self.planned: list[tuple[ContactPair, OrgRef, dict[str, Any] | None, list[str]]] = []

    def prepare(self) -> None:
        for row in (
            ContactPair.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", "leader_id", "target_id", "started_on", *self.VALUES)
        ):
            self.stored.setdefault((row[1], row[2], row[3], row[4]), row)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        leader_no, target_no = values["leader_number"], values["target_number"]
        key = (code, leader_no, target_no, values["started_on"])
        if self.duplicate(
            row, key, "leader_number", "同一结对（组织、班子成员、服务对象、开始日期）"
        ):
            return
        org = self.data.org(self, row, code)
        leader = self.person(row, "leader_number", leader_no)
        target = self.person(row, "target_number", target_no)
        if org is None or leader is None or target is None:
            return
        started_on = values["started_on"]
        if not self.data.is_leader(leader.pk, org, started_on):
            self.error(
                row,
                "leader_number",
                f"“{leader.name}”在{started_on:%Y-%m-%d}不是“{org.name}”的领导班子成员",
            )
            return
        assert org.pk is not None and leader.pk is not None and target.pk is not None
        stored = self.stored.get((org.pk, leader.pk, target.pk, started_on))
        common = {
            "org_id": org.pk,
            "university_id": self.ctx.university.pk,
            "leader_id": leader.pk,
            "target_id": target.pk,
            "started_on": started_on,
        }
        if stored is None:
            merged: dict[str, Any] = {"ended_on": None, "note": ""}
            merged.update({f: values[f] for f in self.compared})
            pair = ContactPair(
                **common,
                **merged,
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before = None
            changed = list(self.VALUES)
        else:
            before = dict(zip(self.VALUES, stored[5:], strict=True))
            merged = {**before, **{f: values[f] for f in self.compared}}
            changed = [f for f in self.compared if merged[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
            pair = ContactPair(pk=stored[0], **common, **merged)
        try:
            pair.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = {"target": "target_number", "leader": "leader_number"}.get(name, name)
                self.error(row, column, "；".join(str(m) for m in messages))
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((pair, org, before, changed))

    def write(self) -> None:
        ContactPair.objects.bulk_create([p for p, _o, before, _c in self.planned if before is None])
        updates = [p for p, _o, before, _c in self.planned if before is not None]
        if updates:
            ContactPair.objects.bulk_update(updates, list(self.compared))
        for pair, org, before, changed in self.planned:
            if before is None:
                changes = {
                    "leader": pair.leader_id,
                    "target": pair.target_id,
                    "started_on": plain(pair.started_on),
                    "ended_on": plain(pair.ended_on),
                    "note": pair.note,
                }
                self.ctx.audit("create", pair, org, changes)
            else:
                diff = {f: [plain(before[f]), plain(getattr(pair, f))] for f in changed}
                self.ctx.audit("update", pair, org, diff)


# ---- 走访 -------------------------------------------------------------------------------------


class VisitSheet(_KeyedSheet):
    """Contact visits keyed by (org code, leader, visited on, topic); re-import updates the target,
    the place and the findings (Criterion C03.2)."""

    spec = VISIT_SPEC
    model = ContactVisit
    KEY = ("leader_id", "visited_on", "topic")
    VALUES = ("target_id", "place", "findings")
    field_map: ClassVar[dict[str, str]] = {
        "leader": "leader_number",
        "target": "target_number",
    }

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code, leader_no = values["org_code"], values["leader_number"]
        key = (code, leader_no, values["visited_on"], values["topic"])
        if self.duplicate(row, key, "topic", "同一走访（组织、班子成员、走访日期、主题）"):
            return
        org = self.data.org(self, row, code)
        leader = self.person(row, "leader_number", leader_no)
        target_no = values.get("target_number")
        target = self.person(row, "target_number", target_no) if target_no else None
        if org is None or leader is None or (target_no and target is None):
            return
        visited_on = values["visited_on"]
        if not self.not_future(
            row, "visited_on", visited_on, "走访日期不能晚于今天：台账只登记已经开展的走访"
        ):
            return
        if not self.data.is_leader(leader.pk, org, visited_on):
            self.error(
                row,
                "leader_number",
                f"“{leader.name}”在{visited_on:%Y-%m-%d}不是“{org.name}”的领导班子成员",
            )
            return
        self.plan(
            row,
            org,
            {"leader_id": leader.pk, "visited_on": visited_on, "topic": values["topic"]},
            {
                "target_id": target.pk if target is not None else None,
                "place": values.get("place") or "",
                "findings": values.get("findings") or "",
            },
        )
