"""The 任务, 党务公开 and 服务记录 sheets: tasks (Criterion C07.1), party-affairs disclosures (C07.2)
and member service records (C06.3).

Each sheet keys its rows (see imports/columns.py), creates new records and updates the value columns
of stored ones; rows are checked against preloaded data only, and every refusal names the sheet,
row and column in Chinese.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from liuhao.ledger.choices import DisclosureScope
from liuhao.ledger.imports.columns import DISCLOSURE_SPEC, SERVICE_SPEC, TASK_SPEC
from liuhao.ledger.imports.sheets.base import LedgerSheet
from liuhao.ledger.models import Disclosure, ServiceRecord, Task
from liuhao.orgs.imports.context import OrgRef
from liuhao.orgs.imports.sheets.base import plain as plain_value


def plain(value: Any) -> Any:
    """An audit-ready value (decimals as text)."""
    return str(value) if isinstance(value, Decimal) else plain_value(value)


class _KeyedSheet(LedgerSheet):
    """Create-or-update by a key; subclasses give the model, key and value fields."""

    model: type[Any]
    KEY: tuple[str, ...] = ()
    VALUES: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.planned: list[tuple[Any, OrgRef, dict[str, Any] | None, list[str]]] = []

    def prepare(self) -> None:
        for row in (
            self.model.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", *self.KEY, *self.VALUES)
        ):
            self.stored.setdefault(tuple(row[1 : 2 + len(self.KEY)]), row)

    def plan(self, row: int, org: OrgRef, key: dict[str, Any], values: dict[str, Any]) -> None:
        stored = self.stored.get((org.pk, *key.values()))
        common = {"org_id": org.pk, "university_id": self.ctx.university.pk, **key}
        if stored is None:
            record = self.model(
                **common,
                **values,
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before, changed = None, list(self.VALUES)
        else:
            before = dict(zip(self.VALUES, stored[2 + len(self.KEY) :], strict=True))
            changed = [f for f in self.VALUES if values[f] != before[f]]
            if not changed:
                self.summary.unchanged += 1
                return
            record = self.model(pk=stored[0], **common, **values)
        if not self.clean(row, record):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((record, org, before, changed))

    def write(self) -> None:
        self.model.objects.bulk_create([r for r, _o, before, _c in self.planned if before is None])
        updates = [r for r, _o, before, _c in self.planned if before is not None]
        if updates:
            self.model.objects.bulk_update(updates, list(self.VALUES))
        for record, org, before, changed in self.planned:
            if before is None:
                fields = (*self.KEY, *self.VALUES)
                self.ctx.audit(
                    "create", record, org, {f: plain(getattr(record, f)) for f in fields}
                )
            else:
                diff = {f: [plain(before[f]), plain(getattr(record, f))] for f in changed}
                self.ctx.audit("update", record, org, diff)

    def not_future(self, row: int, field: str, value: Any, message: str) -> bool:
        if value is not None and value > self.data.today:
            self.error(row, field, message)
            return False
        return True


class TaskSheet(_KeyedSheet):
    """Tasks keyed by (org code, title, assigned on)."""

    spec = TASK_SPEC
    model = Task
    KEY = ("title", "assigned_on")
    VALUES = ("owner_id", "due_on", "steps", "completed_on", "completion_note")

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        if self.duplicate(
            row,
            (code, values["title"], values["assigned_on"]),
            "title",
            "同一任务（组织、任务名称、布置日期）",
        ):
            return
        org = self.data.org(self, row, code)
        owner = self.person(row, "owner_number", values["owner_number"])
        if org is None or owner is None:
            return
        ok = self.not_future(row, "assigned_on", values["assigned_on"], "布置日期不能晚于今天")
        ok = (
            self.not_future(row, "completed_on", values.get("completed_on"), "完成日期不能晚于今天")
            and ok
        )
        if not ok:
            return
        steps = "\n".join(s.strip() for s in (values.get("steps") or "").split("；") if s.strip())
        self.plan(
            row,
            org,
            {"title": values["title"], "assigned_on": values["assigned_on"]},
            {
                "owner_id": owner.pk,
                "due_on": values["due_on"],
                "steps": steps,
                "completed_on": values.get("completed_on"),
                "completion_note": values.get("completion_note") or "",
            },
        )


class DisclosureSheet(_KeyedSheet):
    """Disclosures keyed by (org code, title, published on)."""

    spec = DISCLOSURE_SPEC
    model = Disclosure
    KEY = ("title", "published_on")
    VALUES = ("scope", "channel")

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code = values["org_code"]
        key = (code, values["title"], values["published_on"])
        if self.duplicate(row, key, "title", "同一公开事项（组织、公开事项、公开日期）"):
            return
        org = self.data.org(self, row, code)
        if org is None:
            return
        if not self.not_future(row, "published_on", values["published_on"], "公开日期不能晚于今天"):
            return
        self.plan(
            row,
            org,
            {"title": values["title"], "published_on": values["published_on"]},
            {
                "scope": values.get("scope") or DisclosureScope.PUBLIC,
                "channel": values.get("channel") or "",
            },
        )


class ServiceSheet(_KeyedSheet):
    """Service records keyed by (org code, person, served on, kind)."""

    spec = SERVICE_SPEC
    model = ServiceRecord
    KEY = ("person_id", "served_on", "kind")
    VALUES = ("hours", "description")

    def handle(self, row: int, values: dict[str, Any]) -> None:
        code, number = values["org_code"], values["person_number"]
        key = (code, number, values["served_on"], values["kind"])
        if self.duplicate(
            row, key, "person_number", "同一服务记录（组织、工号/学号、服务日期、服务类型）"
        ):
            return
        org = self.data.org(self, row, code)
        person = self.person(row, "person_number", number)
        if org is None or person is None:
            return
        served_on = values["served_on"]
        if not self.not_future(
            row, "served_on", served_on, "服务日期不能晚于今天：台账只登记已经开展的服务"
        ):
            return
        if not (
            self.data.is_member(person.pk, org, served_on)
            or self.data.is_leader(person.pk, org, served_on)
        ):
            self.error(
                row,
                "person_number",
                f"“{person.name}”在{served_on:%Y-%m-%d}不是“{org.name}”的党员",
            )
            return
        raw = str(values.get("hours") or "0").strip()
        try:
            hours = Decimal(raw).quantize(Decimal("0.1"))
        except InvalidOperation:
            self.error(row, "hours", f"时长“{raw}”不是数字")
            return
        if not Decimal("0") <= hours <= Decimal("24"):
            self.error(row, "hours", "时长应在 0 到 24 小时之间")
            return
        self.plan(
            row,
            org,
            {"person_id": person.pk, "served_on": served_on, "kind": values["kind"]},
            {"hours": hours, "description": values.get("description") or ""},
        )
