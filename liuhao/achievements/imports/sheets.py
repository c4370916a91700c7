"""Validation and writes of the achievements sheets, on the ledger import's machinery (LedgerData:
the orgs the actor may record for; LedgerSheet: the roster import's row loop).

Every rule of the services is checked per row with the column named: dates not after today, a
commitment's member in the org on the day (filed under the member's branch), scores in the range of
achievement-rules.yaml, the models' own checks (践诺/评议 not before 承诺, scores need an evaluation
day, a brand not retired before it was founded), brand events inside the brand's life. Everything a
row is checked against is preloaded once (one query per table), so validating a row never queries;
writes are bulk statements with one audit row per created or updated record (CONVENTIONS B5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models

from liuhao.achievements.imports.columns import (
    ACHIEVEMENT_SPEC,
    BRAND_SPEC,
    COMMITMENT_SPEC,
    EVENT_SPEC,
    OUTPUT_SPEC,
)
from liuhao.achievements.models import Achievement, BrandEvent, Commitment, Output, ServiceBrand
from liuhao.achievements.rules import achievement_rules
from liuhao.core.roles import Capability, role_can
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.ledger.selectors import MEMBER_STAGES
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports.context import OrgRef
from liuhao.orgs.imports.sheets.base import plain
from liuhao.orgs.models import Membership
from liuhao.orgs.periods import period_containing
from liuhao.orgs.selectors.scope import scope_for

SCORES = {
    "leader_score": "领导点评得分",
    "peer_score": "党员互评得分",
    "masses_score": "群众评议得分",
}


@dataclass(slots=True)
class BrandRef:
    """A brand known to this import: stored (pk) or new in the 服务品牌 sheet (obj, saved on write)."""

    founded_on: dt.date | None
    retired_on: dt.date | None
    pk: int | None = None
    obj: ServiceBrand | None = None
    broken: bool = False  # its row had errors: events naming it are not checked further


@dataclass(slots=True)
class AchievementData(LedgerData):
    """What the achievements sheets check rows against: the orgs the actor may record for, the
    members' memberships (person → (org id, org path, ended on)) and the brands of the university."""

    branches: dict[int, list[tuple[int, str, dt.date | None]]] = field(default_factory=dict)
    brands: dict[tuple[int, str], BrandRef] = field(default_factory=dict)

    def load(self) -> None:
        ctx = self.ctx
        grants = [
            g for g in scope_for(ctx.actor).grants if role_can(g.role, Capability.RECORD_LEDGER)
        ]
        for code, ref in ctx.orgs.items():
            if self.system or any(g.covers(ref.path) for g in grants):
                self.recordable.add(code)
        university_id = ctx.university.pk
        branches: dict[int, list[tuple[int, str, dt.date | None]]] = defaultdict(list)
        for person_id, org_id, path, ended_on in (
            Membership.objects.filter(university_id=university_id, stage__in=MEMBER_STAGES)
            .order_by("pk")
            .values_list("person_id", "org_id", "org__path", "ended_on")
        ):
            branches[person_id].append((org_id, path, ended_on))
        self.branches = dict(branches)
        for pk, org_id, name, founded_on, retired_on in (
            ServiceBrand.objects.filter(university_id=university_id)
            .order_by("pk")
            .values_list("pk", "org_id", "name", "founded_on", "retired_on")
        ):
            self.brands.setdefault((org_id, name), BrandRef(founded_on, retired_on, pk))

    def branch_of(self, person_id: int, org: OrgRef, day: dt.date) -> OrgRef | None:
        """The org holding the person's full or probationary membership on `day` inside `org`'s
        subtree (a Party group reads its branch), as services._member_branch."""
        base = org
        if org.kind == OrgKind.GROUP and org.parent_code in self.ctx.orgs:
            base = self.ctx.orgs[org.parent_code]
        for org_id, path, ended_on in self.branches.get(person_id, []):
            if path.startswith(base.path) and (ended_on is None or ended_on >= day):
                return self.ctx.orgs.get(self.ctx.org_code_by_id.get(org_id, ""))
        return None


class RecordSheet(LedgerSheet):
    """A sheet of one record per row. A record is identified by `key_of(org id, fields)` (by
    default the org and the KEY fields); the VALUES fields are updated on re-import, those whose
    column is left out of the sheet keep their stored value (a new record takes DEFAULTS)."""

    data: AchievementData
    model: ClassVar[type[models.Model]]
    KEY: ClassVar[tuple[str, ...]]
    VALUES: ClassVar[tuple[str, ...]]
    DATES: ClassVar[tuple[tuple[str, str], ...]]  # (field, label): not after today
    DEFAULTS: ClassVar[dict[str, Any]] = {}
    key_column: ClassVar[str]  # where a duplicate key is reported

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
        self.planned: list[tuple[models.Model, OrgRef, dict[str, Any] | None, list[str]]] = []

    def key_of(self, org_id: int | None, fields: dict[str, Any]) -> tuple[Any, ...]:
        return (org_id, *(fields[k] for k in self.KEY))

    def prepare(self) -> None:
        names = (*self.KEY, *self.VALUES)
        for pk, org_id, *rest in (
            self.model._default_manager.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", *names)
        ):
            fields = dict(zip(names, rest, strict=True))
            self.stored.setdefault(self.key_of(org_id, fields), (pk, fields))

    def fields(
        self, row: int, values: dict[str, Any], org: OrgRef
    ) -> tuple[OrgRef, dict[str, Any]] | None:
        """The org the record is filed under and its KEY and VALUES fields (a VALUES field whose
        column is absent is left out), or None after reporting the problem."""
        raise NotImplementedError

    def check(self, row: int, instance: Any, org: OrgRef) -> bool:
        """Rules beyond the model's clean() (e.g. a brand event inside the brand's life)."""
        return True

    def planned_record(self, instance: Any, org: OrgRef, key: tuple[Any, ...]) -> None:
        """A row was accepted (created or updated): later sheets may refer to it."""

    def handle(self, row: int, values: dict[str, Any]) -> None:
        today = self.data.today
        for name, label in self.DATES:
            day = values.get(name)
            if day is not None and day > today:
                self.error(row, name, f"{label}不能晚于今天：只登记已经发生的事项")
                return
        org = self.data.org(self, row, values["org_code"])
        if org is None:
            return
        found = self.fields(row, values, org)
        if found is None:
            return
        target, data = found
        key = self.key_of(target.pk, data)
        if self.duplicate(row, key, self.key_column, "同一记录"):
            return
        common = {"org_id": target.pk, "university_id": self.ctx.university.pk}
        stored = self.stored.get(key)
        before: dict[str, Any] | None
        if stored is None:
            instance = self.model(
                **common,
                **(self.DEFAULTS | data),
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before, changed = None, list(self.VALUES)
        else:
            pk, before = stored
            merged = before | {k: v for k, v in data.items() if k in self.VALUES}
            changed = [v for v in self.VALUES if plain(merged[v]) != plain(before[v])]
            if not changed:
                self.summary.unchanged += 1
                return
            instance = self.model(pk=pk, **common, **merged)
        if not self.clean(row, instance) or not self.check(row, instance, target):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((instance, target, before, changed))
        self.planned_record(instance, target, key)

    def write(self) -> None:
        manager = self.model._default_manager
        manager.bulk_create([i for i, _o, before, _c in self.planned if before is None])
        updates = [i for i, _o, before, _c in self.planned if before is not None]
        if updates:
            manager.bulk_update(updates, list(self.VALUES))
        names = (*self.KEY, *self.VALUES)
        for instance, org, before, changed in self.planned:
            if before is None:
                fields = {f: plain(getattr(instance, f)) for f in names}
                self.ctx.audit("create", instance, org, fields)
            else:
                diff = {f: [plain(before[f]), plain(getattr(instance, f))] for f in changed}
                self.ctx.audit("update", instance, org, diff)


def _present(sheet: RecordSheet, values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The parsed values of the columns the sheet has (an empty text cell is "")."""
    return {
        n: values.get(n) if values.get(n) is not None else "" for n in names if n in sheet.present
    }


class CommitmentSheet(RecordSheet):
    """Members' yearly commitments, fulfilment and 三评 (Criterion C14.2). A record is filed under
    the member's branch and identified by (branch, member, academic year); its date is kept."""

    spec = COMMITMENT_SPEC
    model = Commitment
    KEY = ("person_id", "committed_on")
    VALUES = (
        "content",
        "fulfilled_on",
        "fulfilment",
        "evaluated_on",
        "leader_score",
        "peer_score",
        "masses_score",
    )
    DATES = (
        ("committed_on", "承诺日期"),
        ("fulfilled_on", "践诺报告日期"),
        ("evaluated_on", "评议日期"),
    )
    DEFAULTS: ClassVar[dict[str, Any]] = {"fulfilment": ""}
    key_column = "person_number"
    field_map: ClassVar[dict[str, str]] = {"person": "person_number", "person_id": "person_number"}

    def key_of(self, org_id: int | None, fields: dict[str, Any]) -> tuple[Any, ...]:
        year = period_containing(fields["committed_on"], "year")
        return (org_id, fields["person_id"], year.code)

    def fields(
        self, row: int, values: dict[str, Any], org: OrgRef
    ) -> tuple[OrgRef, dict[str, Any]] | None:
        day = values["committed_on"]
        person = self.person(row, "person_number", values["person_number"])
        if person is None or person.pk is None:
            return None
        branch = self.data.branch_of(person.pk, org, day)
        if branch is None:
            self.error(
                row,
                "person_number",
                f"“{person.name}”在{day:%Y-%m-%d}不是“{org.name}”的正式党员或预备党员",
            )
            return None
        if branch.code not in self.data.recordable:
            self.error(row, "org_code", f"您无权登记“{branch.name}”的承诺践诺")
            return None
        rules = achievement_rules()
        low, high = rules.evaluation_score_min, rules.evaluation_score_max
        for name, label in SCORES.items():
            score = values.get(name)
            if score is not None and not low <= score <= high:
                self.error(row, name, f"{label}应在 {low} 到 {high} 之间")
                return None
        data: dict[str, Any] = {"person_id": person.pk, "committed_on": day}
        texts = _present(self, values, ("content", "fulfilment"))
        others = {
            n: values.get(n) for n in ("fulfilled_on", "evaluated_on", *SCORES) if n in self.present
        }
        return branch, data | texts | others


class AchievementSheet(RecordSheet):
    """Work results (Criterion C16.1)."""

    spec = ACHIEVEMENT_SPEC
    model = Achievement
    KEY = ("category", "title", "achieved_on")
    VALUES = ("description",)
    DATES = (("achieved_on", "取得日期"),)
    DEFAULTS: ClassVar[dict[str, Any]] = {"description": ""}
    key_column = "title"

    def fields(
        self, row: int, values: dict[str, Any], org: OrgRef
    ) -> tuple[OrgRef, dict[str, Any]] | None:
        data = {k: values[k] for k in self.KEY}
        return org, data | _present(self, values, self.VALUES)


class OutputSheet(RecordSheet):
    """Theory-research and practice-exploration outputs (Criterion C17.1)."""

    spec = OUTPUT_SPEC
    model = Output
    KEY = ("kind", "title", "published_on")
    VALUES = ("description",)
    DATES = (("published_on", "形成日期"),)
    DEFAULTS: ClassVar[dict[str, Any]] = {"description": ""}
    key_column = "title"

    def fields(
        self, row: int, values: dict[str, Any], org: OrgRef
    ) -> tuple[OrgRef, dict[str, Any]] | None:
        data = {k: values[k] for k in self.KEY}
        return org, data | _present(self, values, self.VALUES)


class BrandSheet(RecordSheet):
    """Service brands (Criterion C17.1), identified by (org, name); the 品牌历程 sheet that follows
    may name the brands of this sheet."""

    spec = BRAND_SPEC
    model = ServiceBrand
    KEY = ("name",)
    VALUES = ("founded_on", "description", "retired_on")
    DATES = (("founded_on", "创立日期"), ("retired_on", "停用日期"))
    DEFAULTS: ClassVar[dict[str, Any]] = {"description": "", "retired_on": None}
    key_column = "name"

    def fields(
        self, row: int, values: dict[str, Any], org: OrgRef
    ) -> tuple[OrgRef, dict[str, Any]] | None:
        data = {"name": values["name"], "founded_on": values["founded_on"]}
        data |= _present(self, values, ("description",))
        if "retired_on" in self.present:
            data["retired_on"] = values.get("retired_on")
        return org, data

    def handle(self, row: int, values: dict[str, Any]) -> None:
        planned, total = len(self.planned), self.ctx.issues.total
        super().handle(row, values)
        if self.ctx.issues.total > total and len(self.planned) == planned:
            self.mark_broken(values)

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        super().handle_broken(row, values)
        self.mark_broken(values)

    def mark_broken(self, values: dict[str, Any]) -> None:
        """A brand whose row has errors: events naming it are not reported as unknown."""
        org = self.ctx.orgs.get(values.get("org_code") or "")
        name = values.get("name")
        if org is not None and org.pk is not None and name:
            ref = self.data.brands.setdefault((org.pk, name), BrandRef(None, None))
            ref.broken = True

    def planned_record(self, instance: Any, org: OrgRef, key: tuple[Any, ...]) -> None:
        ref = self.data.brands.get(key)
        if ref is None:
            ref = self.data.brands[key] = BrandRef(None, None)
        ref.founded_on, ref.retired_on = instance.founded_on, instance.retired_on
        if instance.pk is None:
            ref.obj = instance


class EventSheet(RecordSheet):
    """Entries of a brand's history (Criterion C17.1): the brand is stored or in the 服务品牌 sheet,
    the day inside the brand's life. An identical stored entry is left unchanged."""

    spec = EVENT_SPEC
    model = BrandEvent
    KEY = ("brand_id", "happened_on", "summary")
    VALUES = ()
    DATES = (("happened_on", "日期"),)
    key_column = "summary"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.current: tuple[BrandRef, str] | None = None  # the brand of the row being handled
        self.pending: dict[int, BrandRef] = {}  # id(event) → its brand new in this file

    def key_of(self, org_id: int | None, fields: dict[str, Any]) -> tuple[Any, ...]:
        brand: Any = fields["brand_id"]
        if brand is None and self.current is not None:  # a brand new in this file: by its name
            brand = ("new", self.current[1])
        return (org_id, brand, fields["happened_on"], fields["summary"])

    def fields(
        self, row: int, values: dict[str, Any], org: OrgRef
    ) -> tuple[OrgRef, dict[str, Any]] | None:
        name = values["brand_name"]
        ref = self.data.brands.get((org.pk or 0, name))
        if ref is None:
            self.error(
                row,
                "brand_name",
                f"“{org.name}”没有名为“{name}”的服务品牌（请先登记，或填写在“服务品牌”表中）",
            )
            return None
        if ref.broken:
            return None
        day = values["happened_on"]
        if ref.founded_on is not None and day < ref.founded_on:
            self.error(row, "happened_on", f"日期不能早于品牌创立日期（{ref.founded_on:%Y-%m-%d}）")
            return None
        if ref.retired_on is not None and day > ref.retired_on:
            self.error(row, "happened_on", f"日期不能晚于品牌停用日期（{ref.retired_on:%Y-%m-%d}）")
            return None
        self.current = (ref, name)
        return org, {"brand_id": ref.pk, "happened_on": day, "summary": values["summary"]}

    def planned_record(self, instance: Any, org: OrgRef, key: tuple[Any, ...]) -> None:
        if self.current is not None and self.current[0].pk is None:
            self.pending[id(instance)] = self.current[0]

    def write(self) -> None:
        """Brands new in this file were inserted by the 服务品牌 sheet just before: link to them."""
        for instance, _org, _before, _changed in self.planned:
            ref = self.pending.get(id(instance))
            if ref is not None:
                assert ref.obj is not None and ref.obj.pk is not None
                instance.brand_id = ref.obj.pk  # type: ignore[attr-defined]
        super().write()


HANDLERS: dict[str, type[RecordSheet]] = {
    h.spec.name: h for h in (CommitmentSheet, AchievementSheet, OutputSheet, BrandSheet, EventSheet)
}
