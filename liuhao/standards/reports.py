"""What the assessment pages and exports show, built from stored results (issue 3 items 8, 9).

A scorecard is one `OrgResult` read against its standard's rules: the checklist grouped by dimension
and criterion, each dimension's share of points (the radar), the gap list (差距清单), the checkpoints
awaiting data, and links to the records that prove each checkpoint. Everything is read with a fixed
number of queries: evidence of every checkpoint is resolved with one query per record type, never
one per record. Tables (heat map, rankings) read result rows without the large checkpoint JSON.

DESIGN §8 (减负): rankings are built only for a subtree the actor evaluates; no page publishes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from liuhao.orgs.periods import period_from_code
from liuhao.standards.engine.explain import BRANCH_TYPE_NAMES, LEVEL_NAMES, number
from liuhao.standards.engine.types import STATUS_LABELS, StandardRules
from liuhao.standards.evidence import evidence_labels, evidence_type, evidence_url
from liuhao.standards.models import AssessmentRun, OrgResult
from liuhao.standards.services.rules import rules_for

EVIDENCE_SHOWN = 12  # links per checkpoint on the page; the export lists the count
METHOD_LABELS = {
    "metric": "台账统计",
    "survey": "满意度测评",
    "evidence": "材料在案",
    "review": "专家评审",
}
FREQUENCY_LABELS = {"term": "每学期", "year": "每学年", "standing": "常态（期末状态）"}
# Status → CSS class suffix; the text label is always shown next to the colour.
STATUS_CLASSES = {
    "met": "met",
    "partly_met": "partly",
    "unmet": "unmet",
    "not_applicable": "na",
    "awaiting_data": "awaiting",
    "in_progress": "progress",
}
# Numeric scale of the heat map's colours (None = no colour: not applicable or awaiting data).
STATUS_LEVEL = {"met": 3.0, "partly_met": 2.0, "in_progress": 1.0, "unmet": 0.0}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def period_label(code: str) -> str:
    try:
        return period_from_code(code).label
    except Exception:  # stored codes are valid; a foreign one is shown as is
        return code


def level_label(level: str, branch_type: str = "") -> str:
    if branch_type:
        return f"{BRANCH_TYPE_NAMES.get(branch_type, branch_type)}党支部"
    return LEVEL_NAMES.get(level, level)


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    label: str
    url: str | None
    late: bool


@dataclass(slots=True)
class CheckpointRow:
    code: str
    title: str
    method: str
    frequency: str
    status: str
    value: str
    threshold: str
    explanation: str
    points: float
    possible: float
    gap: str
    due: dt.date | None
    evidence: list[EvidenceLink] = field(default_factory=list)
    evidence_total: int = 0
    late_total: int = 0
    reason: str = ""  # why it awaits data

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.status, "na")

    @property
    def more_evidence(self) -> int:
        return max(0, self.evidence_total - len(self.evidence))


@dataclass(slots=True)
class CriterionRow:
    code: str
    title: str
    status: str
    checkpoints: list[CheckpointRow]

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.status, "na")


@dataclass(slots=True)
class DimensionBlock:
    code: str
    title: str
    good: bool
    status: str
    points: float
    possible: float
    criteria: list[CriterionRow]

    @property
    def share(self) -> float | None:
        """Share of the points counted in this dimension that were earned (the radar's radius)."""
        return self.points / self.possible if self.possible else None

    @property
    def share_text(self) -> str:
        share = self.share
        return "—" if share is None else f"{share * 100:.0f}%"

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.status, "na")


@dataclass(slots=True)
class Scorecard:
    result: OrgResult
    run: AssessmentRun
    rules: StandardRules
    dimensions: list[DimensionBlock]
    gaps: list[CheckpointRow]
    awaiting: list[CheckpointRow]
    late_total: int

    @property
    def band_label(self) -> str:
        return band_labels(self.rules).get(self.result.band, self.result.band)

    @property
    def period_label(self) -> str:
        return period_label(self.run.period_code)


def band_labels(rules: StandardRules) -> dict[str, str]:
    return {b.code: b.label for b in rules.bands}


def scorecard_build(result: OrgResult) -> Scorecard:
    """The scorecard of one stored result (run and standard select_related by the selector)."""
    run = result.run
    rules = rules_for(run.standard)
    rule_of = {cp.code: cp for cp in rules.checkpoints}
    awaiting_reason = {a["code"]: a.get("reason", "") for a in run.awaiting or []}
    shown: dict[str, set[int]] = defaultdict(set)
    checkpoints = result.checkpoint_list()
    for c in checkpoints:
        if c.get("records"):
            shown[c["records"]].update(c["evidence"][:EVIDENCE_SHOWN])
    names = evidence_labels(shown)

    rows_by_criterion: dict[str, list[CheckpointRow]] = defaultdict(list)
    all_rows: list[CheckpointRow] = []
    for c in checkpoints:
        rule = rule_of.get(c["code"])
        unit = rule.unit if rule else ""
        late = set(c.get("late") or ())
        links = []
        declared = evidence_type(c["records"]) if c.get("records") else None
        noun = declared.noun if declared else "记录"
        for pk in c["evidence"][:EVIDENCE_SHOWN]:
            text, target = names.get((c["records"], pk), ("", None))
            if not text:
                text = f"{noun or '记录'} #{pk}"  # unregistered type, or a record since deleted
            elif noun:
                text = f"{noun}：{text}"
            links.append(
                EvidenceLink(
                    label=text,
                    url=evidence_url(c["records"], pk, target, run.period_code),
                    late=pk in late,
                )
            )
        row = CheckpointRow(
            code=c["code"],
            title=rule.title if rule else c["code"],
            method=METHOD_LABELS.get(str(rule.method), "") if rule else "",
            frequency=FREQUENCY_LABELS.get(str(rule.frequency), "") if rule else "",
            status=c["status"],
            value="—" if c["value"] is None else number(float(c["value"]), unit),
            threshold=c["threshold"],
            explanation=c["explanation"],
            points=c["points"],
            possible=c["possible"],
            gap=c.get("gap") or "",
            due=dt.date.fromisoformat(c["due"]) if c.get("due") else None,
            evidence=links,
            evidence_total=c.get("evidence_total", len(c["evidence"])),
            late_total=len(late),
            reason=awaiting_reason.get(c["code"], ""),
        )
        all_rows.append(row)
        rows_by_criterion[rule.criterion if rule else c["code"].split(".")[0]].append(row)

    criteria_by_dimension: dict[str, list[CriterionRow]] = defaultdict(list)
    for criterion in rules.criteria:
        criteria_by_dimension[criterion.dimension].append(
            CriterionRow(
                code=criterion.code,
                title=criterion.title,
                status=result.criteria.get(criterion.code, "awaiting_data"),
                checkpoints=rows_by_criterion.get(criterion.code, []),
            )
        )
    stored = {d[0]: (bool(d[1]), str(d[2])) for d in result.dimensions}
    dimensions = []
    for dim in rules.dimensions:
        criteria = criteria_by_dimension.get(dim.code, [])
        rows = [r for cr in criteria for r in cr.checkpoints]
        good, status = stored.get(dim.code, (False, "awaiting_data"))
        dimensions.append(
            DimensionBlock(
                code=dim.code,
                title=dim.short or dim.title,
                good=good,
                status=status,
                points=sum(r.points for r in rows),
                possible=sum(r.possible for r in rows),
                criteria=criteria,
            )
        )
    return Scorecard(
        result=result,
        run=run,
        rules=rules,
        dimensions=dimensions,
        gaps=[r for r in all_rows if r.gap],
        awaiting=[r for r in all_rows if r.status == "awaiting_data"],
        late_total=sum(r.late_total for r in all_rows),
    )


# ------------------------------------------------------------------------------------------
# Tables: heat map and rankings
# ------------------------------------------------------------------------------------------

TABLE_FIELDS = (
    "id",
    "org_id",
    "org_path",
    "level",
    "branch_type",
    "score",
    "band",
    "verdict",
    "coverage",
    "criteria",
    "gap_count",
    "org__name",
    "org__code",
)
SORTS = {
    "score": ("-score", "org_path"),
    "score_asc": ("score", "org_path"),
    "name": ("org__name", "org_path"),
    "code": ("org__code", "org_path"),
}
SORT_LABELS = {
    "score": "得分从高到低",
    "score_asc": "得分从低到高",
    "name": "按组织名称",
    "code": "按组织代码",
}


@dataclass(frozen=True, slots=True)
class Cell:
    code: str
    status: str

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def css(self) -> str:
        return STATUS_CLASSES.get(self.status, "na")

    @property
    def short(self) -> str:
        """One character for the narrow heat-map cell; the full label is in its title."""
        return {
            "met": "✓",
            "partly_met": "◐",
            "unmet": "✗",
            "in_progress": "…",
            "awaiting_data": "?",
        }.get(self.status, "—")


@dataclass(frozen=True, slots=True)
class TableRow:
    rank: int
    org_id: int
    name: str
    code: str
    level: str
    score: float
    band: str
    verdict: bool
    gap_count: int
    cells: tuple[Cell, ...]


def table_rows(
    results: QuerySet[OrgResult],
    criteria: Sequence[str],
    band_of: Mapping[str, str],
    *,
    sort: str = "score",
    offset: int = 0,
    limit: int | None = None,
) -> list[TableRow]:
    """One row per org (without the checkpoint JSON), in the requested order, `limit` rows from
    `offset` (all when None)."""
    qs = results.order_by(*SORTS.get(sort, SORTS["score"])).values_list(*TABLE_FIELDS)
    if limit is not None:
        qs = qs[offset : offset + limit]
    return list(_rows(qs, criteria, band_of, offset))


def _rows(
    values: Iterable[tuple[Any, ...]],
    criteria: Sequence[str],
    band_of: Mapping[str, str],
    offset: int,
) -> Iterable[TableRow]:
    for i, row in enumerate(values):
        (_, org_id, _, level, branch_type, score, band, verdict, _, crit, gaps, name, code) = row
        yield TableRow(
            rank=offset + i + 1,
            org_id=org_id,
            name=name,
            code=code,
            level=level_label(level, branch_type),
            score=score,
            band=band_of.get(band, band),
            verdict=verdict,
            gap_count=gaps,
            cells=tuple(Cell(c, crit.get(c, "not_applicable")) for c in criteria),
        )


def table_rows_iter(
    results: QuerySet[OrgResult],
    criteria: Sequence[str],
    band_of: Mapping[str, str],
    sort: str = "score",
) -> Iterable[TableRow]:
    """All rows, streamed in chunks (exports)."""
    qs = results.order_by(*SORTS.get(sort, SORTS["score"])).values_list(*TABLE_FIELDS)
    return _rows(qs.iterator(chunk_size=2000), criteria, band_of, 0)
