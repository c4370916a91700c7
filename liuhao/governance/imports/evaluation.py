"""The governance sheets of criterion C09 (考核评价): 述职 and 党性分析 (one record per row, keyed
like the C08 sheets), 评议 (民主评议党员 grades) and 定级 (分类定级 bands), one row per member or
sub-org grouped into a round per (org code, year), the cap on the top value checked per round."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models

from liuhao.governance.imports.columns import (
    EVALUATION_SPEC,
    GRADING_SPEC,
    RATING_FIELD,
    REPORT_SPEC,
    SPIRIT_SPEC,
)
from liuhao.governance.imports.sheets import GovernanceSheet, RecordSheet, plain
from liuhao.governance.models import (
    LeaderReport,
    MemberEvaluation,
    MemberGrade,
    OrgGrade,
    OrgGrading,
    SpiritAnalysis,
)
from liuhao.governance.rules import governance_rules
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports.context import OrgRef


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
