"""Validation and writes of the governance sheets, on the ledger import's machinery (LedgerData:
the orgs the actor may record for and the members, preloaded once; SheetHandler: the row loop).
This module holds the shared base and the sheets of criterion C08 (经费, 换届, 关怀帮扶, 表彰);
evaluation.py those of criterion C09 (述职, 党性分析, 评议, 定级).

Every check of the services is made per row with the column named (future dates, negative amounts,
term lengths of the rules file, persons outside the org, grades and bands of the rules file, the
1/3 cap on 优秀 per round); validating a row never queries. Writes are bulk statements with one
audit row per created or updated record (CONVENTIONS B5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.db import models

from liuhao.governance.imports.columns import (
    CARE_SPEC,
    COMMENDATION_SPEC,
    ELECTION_SPEC,
    FUNDING_SPEC,
)
from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
)
from liuhao.governance.models.support import add_months
from liuhao.governance.rules import governance_rules
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.imports.context import OrgRef
from liuhao.orgs.imports.sheets.base import plain as _plain
from liuhao.orgs.models import Membership


def plain(value: Any) -> Any:
    """A JSON-ready audit value (amounts as text, as core.audit stores them)."""
    return str(value) if isinstance(value, Decimal) else _plain(value)


@dataclass(slots=True)
class GovernanceData(LedgerData):
    """LedgerData plus the full members (正式党员) of the university, for the 评议 sheet."""

    full: dict[int, list[tuple[str, dt.date | None]]] = field(default_factory=dict)

    def load(self) -> None:
        LedgerData.load(self)
        full: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
        for person_id, path, ended_on in Membership.objects.filter(
            university_id=self.ctx.university.pk, stage=MembershipStage.FULL
        ).values_list("person_id", "org__path", "ended_on"):
            full[person_id].append((path, ended_on))
        self.full = dict(full)

    def is_full_member(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        return person_id is not None and any(
            path.startswith(org.path) and (ended is None or ended >= day)
            for path, ended in self.full.get(person_id, [])
        )


class GovernanceSheet(LedgerSheet):
    data: GovernanceData
    field_map: ClassVar[dict[str, str]] = {"person": "person_number"}

    def not_future(self, row: int, values: dict[str, Any], name: str, label: str) -> bool:
        day = values.get(name)
        if day is not None and day > self.data.today:
            self.error(row, name, f"{label}不能晚于今天：台账只登记已经发生的事项")
            return False
        return True

    def amount(self, row: int, values: dict[str, Any]) -> tuple[bool, Decimal | None]:
        raw = values.get("amount")
        if raw in (None, ""):
            return True, None
        try:
            amount = Decimal(str(raw).replace(",", "").strip())
        except InvalidOperation:
            self.error(row, "amount", "金额须为数字")
            return False, None
        if amount < 0:
            self.error(row, "amount", "金额不能为负数")
            return False, None
        if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e10"):
            self.error(row, "amount", "金额最多两位小数，且不超过100亿元")
            return False, None
        return True, amount.quantize(Decimal("0.01"))

    def member(self, row: int, values: dict[str, Any], org: OrgRef, day: dt.date) -> Any:
        """(ok, person id or None) of the optional person column, a member of the org on day."""
        number = values.get("person_number")
        if not number:
            return True, None
        person = self.person(row, "person_number", number)
        if person is None:
            return False, None
        if not self.data.is_member(person.pk, org, day):
            self.error(
                row, "person_number", f"“{person.name}”在{day:%Y-%m-%d}不是“{org.name}”的党员"
            )
            return False, None
        return True, person.pk


# ---- one record per row -------------------------------------------------------------------------


class RecordSheet(GovernanceSheet):
    """A sheet of one record per row, keyed by (org, *KEY); other fields are VALUES (updated on
    re-import). `fields()` turns a parsed row into model values, or None after reporting."""

    model: ClassVar[type[models.Model]]
    KEY: ClassVar[tuple[str, ...]]
    VALUES: ClassVar[tuple[str, ...]]
    date: ClassVar[tuple[str, str]]  # (field, Chinese label) of the event date

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.planned: list[tuple[models.Model, OrgRef, dict[str, Any] | None, list[str]]] = []

    def prepare(self) -> None:
        for row in (
            self.model._default_manager.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", *self.KEY, *self.VALUES)
        ):
            self.stored.setdefault(tuple(row[1 : 2 + len(self.KEY)]), row)

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        raise NotImplementedError

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        name, label = self.date
        if not self.not_future(row, values, name, label):
            return
        org = self.data.org(self, row, code)
        if org is None:
            return
        data = self.fields(row, values, org)
        if data is None:
            return
        key = (org.pk, *(data[k] for k in self.KEY))
        if self.duplicate(row, key, name, "同一记录"):
            return
        common = {"org_id": org.pk, "university_id": self.ctx.university.pk}
        common |= {k: data[k] for k in self.KEY}
        stored = self.stored.get(key)
        if stored is None:
            instance = self.model(
                **common,
                **{v: data[v] for v in self.VALUES},
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before, changed = None, list(self.VALUES)
        else:
            before = dict(zip(self.VALUES, stored[2 + len(self.KEY) :], strict=True))
            merged = {**before, **{v: data[v] for v in self.VALUES}}
            changed = [v for v in self.VALUES if plain(merged[v]) != plain(before[v])]
            if not changed:
                self.summary.unchanged += 1
                return
            instance = self.model(pk=stored[0], **common, **merged)
        if not self.clean(row, instance):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((instance, org, before, changed))

    def write(self) -> None:
        model = self.model._default_manager
        model.bulk_create([i for i, _o, before, _c in self.planned if before is None])
        updates = [i for i, _o, before, _c in self.planned if before is not None]
        if updates:
            model.bulk_update(updates, list(self.VALUES))
        for instance, org, before, changed in self.planned:
            if before is None:
                fields = (*self.KEY, *self.VALUES)
                self.ctx.audit(
                    "create", instance, org, {f: plain(getattr(instance, f)) for f in fields}
                )
            else:
                diff = {f: [plain(before[f]), plain(getattr(instance, f))] for f in changed}
                self.ctx.audit("update", instance, org, diff)


class FundingSheet(RecordSheet):
    """Funding (Criterion C08.1)."""

    spec = FUNDING_SPEC
    model = Funding
    KEY = ("allocated_on", "source")
    VALUES = ("amount", "purpose")
    date = ("allocated_on", "拨付日期")

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        ok, amount = self.amount(row, values)
        if not ok:
            return None
        return {
            "allocated_on": values["allocated_on"],
            "source": values["source"],
            "amount": amount,
            "purpose": values.get("purpose") or "",
        }


class ElectionSheet(RecordSheet):
    """Elections and approved extensions (Criterion C08.2); term lengths from the rules file."""

    spec = ELECTION_SPEC
    model = Election
    KEY = ("elected_on",)
    VALUES = (
        "term_years",
        "members_elected",
        "extended_until",
        "extension_approved_on",
        "extension_approved_by",
        "note",
    )
    date = ("elected_on", "选举日期")

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        rules = governance_rules()
        allowed = rules.terms_for(org.kind)
        years = values["term_years"]
        if years not in allowed:
            shown = "或".join(str(y) for y in allowed) or "—"
            self.error(row, "term_years", f"“{org.name}”的任期应为{shown}年")
            return None
        extended = values.get("extended_until")
        if extended is not None:
            latest = add_months(
                add_months(values["elected_on"], 12 * years), rules.max_extension_months
            )
            if extended > latest:
                self.error(
                    row,
                    "extended_until",
                    f"延期换届最长{rules.max_extension_months}个月（至{latest:%Y-%m-%d}）",
                )
                return None
        if not self.not_future(row, values, "extension_approved_on", "延期批准日期"):
            return None
        approved = values.get("extension_approved_on")
        if approved is not None and approved < values["elected_on"]:
            self.error(row, "extension_approved_on", "延期批准日期不能早于选举日期")
            return None
        return {
            "elected_on": values["elected_on"],
            "term_years": years,
            "members_elected": values.get("members_elected"),
            "extended_until": extended,
            "extension_approved_on": values.get("extension_approved_on"),
            "extension_approved_by": values.get("extension_approved_by") or "",
            "note": values.get("note") or "",
        }


class CareSheet(RecordSheet):
    """Care and assistance (Criterion C08.3)."""

    spec = CARE_SPEC
    model = CareRecord
    KEY = ("cared_on", "summary")
    VALUES = ("kind", "person_id", "amount", "from_care_fund")
    date = ("cared_on", "帮扶日期")

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        ok, amount = self.amount(row, values)
        found, person_id = self.member(row, values, org, values["cared_on"])
        if not ok or not found:
            return None
        return {
            "cared_on": values["cared_on"],
            "summary": values["summary"],
            "kind": values["kind"],
            "person_id": person_id,
            "amount": amount,
            "from_care_fund": bool(values.get("from_care_fund")),
        }


class CommendationSheet(RecordSheet):
    """Commendations and typical cases (Criterion C08.4)."""

    spec = COMMENDATION_SPEC
    model = Commendation
    KEY = ("awarded_on", "title")
    VALUES = ("kind", "level", "person_id", "summary")
    date = ("awarded_on", "表彰日期")

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        found, person_id = self.member(row, values, org, values["awarded_on"])
        if not found:
            return None
        return {
            "awarded_on": values["awarded_on"],
            "title": values["title"],
            "kind": values["kind"],
            "level": values["level"],
            "person_id": person_id,
            "summary": values.get("summary") or "",
        }
