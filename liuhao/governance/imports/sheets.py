"""Validation and writes of the governance sheets, on the ledger import's machinery (LedgerData:
the orgs the actor may record for and the members, preloaded once; SheetHandler: the row loop).

Every check of the services is made per row with the column named (future dates, negative amounts,
term lengths of the rules file, persons outside the org, grades and bands of the rules file, the
1/3 cap on 优秀 per round); validating a row never queries. Writes are bulk statements with one
audit row per created or updated record (CONVENTIONS B5).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.db import models

from liuhao.governance.imports.columns import (
    CARE_SPEC,
    COMMENDATION_SPEC,
    ELECTION_SPEC,
    EVALUATION_SPEC,
    FUNDING_SPEC,
    GRADING_SPEC,
    RATING_FIELD,
    REPORT_SPEC,
    SPIRIT_SPEC,
)
from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.governance.models.support import add_months
from liuhao.governance.rules import governance_rules
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.orgs.choices import MembershipStage, OrgKind
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


class ReportSheet(RecordSheet):
    """The secretary's report and the members' ratings (Criterion C09.1): the reporter is in the
    org's leadership on the day; raters ≤ members entitled; the counts per grade add up to raters."""

    spec = REPORT_SPEC
    model = LeaderReport
    KEY = ("reported_on", "reporter_id")
    VALUES = ("members_entitled", "raters", "ratings", "summary")
    date = ("reported_on", "述职日期")
    field_map: ClassVar[dict[str, str]] = {
        "person": "person_number",
        "reporter": "person_number",
        "ratings": "raters",
    }

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        day = values["reported_on"]
        person = self.person(row, "person_number", values["person_number"])
        if person is None:
            return None
        if not self.data.is_leader(person.pk, org, day):
            self.error(
                row,
                "person_number",
                f"“{person.name}”在{day:%Y-%m-%d}不是“{org.name}”的班子成员（书记、副书记或委员）",
            )
            return None
        entitled, raters = values["members_entitled"], values["raters"]
        if raters > entitled:
            self.error(
                row, "raters", f"参加评议人数（{raters}）不能超过应参加评议党员数（{entitled}）"
            )
            return None
        ratings = {
            grade: values[RATING_FIELD.format(n)]
            for n, grade in enumerate(governance_rules().report_ratings)
            if values.get(RATING_FIELD.format(n)) is not None
        }
        total = sum(ratings.values())
        if ratings and total != raters:
            self.error(
                row,
                "raters",
                f"各等次人数之和（{total}）应等于参加评议人数（{raters}）",
            )
            return None
        return {
            "reported_on": day,
            "reporter_id": person.pk,
            "members_entitled": entitled,
            "raters": raters,
            "ratings": ratings,
            "summary": values.get("summary") or "",
        }


class SpiritSheet(RecordSheet):
    """A member's 党性分析 (Criterion C09.3): the person is a member of the org on the day."""

    spec = SPIRIT_SPEC
    model = SpiritAnalysis
    KEY = ("analyzed_on", "person_id")
    VALUES = ("summary",)
    date = ("analyzed_on", "分析日期")

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        day = values["analyzed_on"]
        found, person_id = self.member(row, values, org, day)
        if not found:
            return None
        return {"analyzed_on": day, "person_id": person_id, "summary": values["summary"]}


# ---- rounds: one row per member or sub-org --------------------------------------------------------


@dataclass(slots=True)
class Round:
    org: OrgRef
    year: int
    day: dt.date
    rows: list[tuple[int, int, str]] = field(default_factory=list)  # (row, target id, value)
    obj: models.Model | None = None


class RoundSheet(GovernanceSheet):
    """Rows grouped into one round per (org code, year); the cap on the top value is checked per
    round once the sheet is read; a round already stored for (org, year) is refused."""

    round_model: ClassVar[type[models.Model]]
    date_field: ClassVar[str]
    date_label: ClassVar[str]
    value_field: ClassVar[str]
    target_field: ClassVar[str]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stored: set[tuple[int, int]] = set()
        self.rounds: dict[tuple[str, int], Round] = {}

    def options(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cap(self) -> Any:
        raise NotImplementedError

    def target(self, row: int, values: dict[str, Any], rnd: Round) -> int | None:
        raise NotImplementedError

    def prepare(self) -> None:
        self.stored = set(
            self.round_model._default_manager.filter(
                university_id=self.ctx.university.pk
            ).values_list("org_id", "year")
        )

    def handle(self, row: int, values: dict[str, Any]) -> None:
        if not self.not_future(row, values, self.date_field, self.date_label):
            return
        org = self.data.org(self, row, values["org_code"])
        if org is None:
            return
        year, day = values["year"], values[self.date_field]
        if year not in (day.year, day.year - 1):
            self.error(row, "year", f"年度应为{day.year - 1}或{day.year}")
            return
        if (org.pk or 0, year) in self.stored:
            self.error(row, "year", f"“{org.name}”{year}年度的记录已登记，请在网页上修改")
            return
        rnd = self.rounds.setdefault((org.code, year), Round(org, year, day))
        if rnd.day != day:
            self.error(
                row, self.date_field, f"同一轮的{self.date_label}应一致（{rnd.day:%Y-%m-%d}）"
            )
            return
        value = values[self.value_field]
        if value not in self.options():
            shown = "、".join(self.options())
            self.error(row, self.value_field, f"等次应为{shown}之一")
            return
        target = self.target(row, values, rnd)
        if target is None:
            return
        if self.duplicate(row, (org.code, year, target), self.target_field, "同一对象"):
            return
        rnd.rows.append((row, target, value))
        self.summary.created += 1

    def finish(self) -> None:
        cap = self.cap()
        if cap is None:
            return
        top = self.options()[0]
        for rnd in self.rounds.values():
            counts = Counter(v for _r, _t, v in rnd.rows)
            limit = cap.limit(len(rnd.rows))
            if counts[top] > limit:
                last = max(r for r, _t, v in rnd.rows if v == top)
                self.error(
                    last,
                    self.value_field,
                    f"“{rnd.org.name}”{rnd.year}年度“{top}”{counts[top]}个，超过{cap.text}"
                    f"（{len(rnd.rows)}个中最多{limit}个）",
                )

    def child(self, parent: models.Model, target: int, value: str) -> models.Model:
        raise NotImplementedError

    def write(self) -> None:
        rounds = list(self.rounds.values())
        for rnd in rounds:
            rnd.obj = self.round_model(
                org_id=rnd.org.pk,
                university_id=self.ctx.university.pk,
                year=rnd.year,
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
                **{self.date_field: rnd.day},
            )
        self.round_model._default_manager.bulk_create([r.obj for r in rounds if r.obj])
        children = [
            self.child(rnd.obj, target, value)
            for rnd in rounds
            if rnd.obj is not None
            for _row, target, value in rnd.rows
        ]
        if children:
            type(children[0])._default_manager.bulk_create(children)
        for rnd in rounds:
            assert rnd.obj is not None
            changes = {
                "year": rnd.year,
                self.date_field: plain(rnd.day),
                self.value_field: {str(t): v for _r, t, v in rnd.rows},
            }
            self.ctx.audit("create", rnd.obj, rnd.org, changes)


class EvaluationSheet(RoundSheet):
    """民主评议党员 grades (Criterion C09.3): full members of the branch, ≤ 1/3 优秀."""

    spec = EVALUATION_SPEC
    round_model = MemberEvaluation
    date_field = "decided_on"
    date_label = "组织评定日期"
    value_field = "grade"
    target_field = "person_number"

    def options(self) -> tuple[str, ...]:
        return governance_rules().member_grades

    def cap(self) -> Any:
        return governance_rules().member_top_cap

    def target(self, row: int, values: dict[str, Any], rnd: Round) -> int | None:
        person = self.person(row, "person_number", values["person_number"])
        if person is None:
            return None
        if not self.data.is_full_member(person.pk, rnd.org, rnd.day):
            self.error(
                row,
                "person_number",
                f"“{person.name}”在{rnd.day:%Y-%m-%d}不是“{rnd.org.name}”的正式党员",
            )
            return None
        return person.pk

    def child(self, parent: models.Model, target: int, value: str) -> models.Model:
        assert isinstance(parent, MemberEvaluation)
        return MemberGrade(evaluation=parent, person_id=target, grade=value)


class GradingSheet(RoundSheet):
    """分类定级 bands (Criterion C09.3): direct active sub-orgs, the optional top-band cap."""

    spec = GRADING_SPEC
    round_model = OrgGrading
    date_field = "graded_on"
    date_label = "定级日期"
    value_field = "band"
    target_field = "sub_org_code"

    def options(self) -> tuple[str, ...]:
        return governance_rules().org_bands

    def cap(self) -> Any:
        return governance_rules().org_top_cap

    def target(self, row: int, values: dict[str, Any], rnd: Round) -> int | None:
        sub = self.ctx.orgs.get(values["sub_org_code"])
        if (
            sub is None
            or sub.parent_code != rnd.org.code
            or not sub.active
            or sub.kind == OrgKind.GROUP
            or sub.pk is None
        ):
            self.error(
                row,
                "sub_org_code",
                f"“{values['sub_org_code']}”不是“{rnd.org.name}”的直属下级党组织",
            )
            return None
        return sub.pk

    def child(self, parent: models.Model, target: int, value: str) -> models.Model:
        assert isinstance(parent, OrgGrading)
        return OrgGrade(grading=parent, sub_org_id=target, band=value)


HANDLERS: dict[str, type[GovernanceSheet]] = {
    h.spec.name: h
    for h in (
        FundingSheet,
        ElectionSheet,
        CareSheet,
        CommendationSheet,
        EvaluationSheet,
        GradingSheet,
        ReportSheet,
        SpiritSheet,
    )
}
