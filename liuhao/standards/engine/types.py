"""Frozen inputs and outputs of the pure assessment engine (CONVENTIONS B4; issue 3 item 4).

No Django here: the engine maps rules, metric values and reviewer ratings to statuses, verdicts, a
score and explanations, so it is tested with golden YAML cases and can be replayed from a run's
stored input snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    UNMET = "unmet"
    NOT_APPLICABLE = "not_applicable"
    AWAITING_DATA = "awaiting_data"
    IN_PROGRESS = "in_progress"


STATUS_LABELS: dict[str, str] = {
    Status.MET: "达标",
    Status.PARTLY_MET: "部分达标",
    Status.UNMET: "未达标",
    Status.NOT_APPLICABLE: "不适用",
    Status.AWAITING_DATA: "待数据",
    Status.IN_PROGRESS: "进行中",
}


class Frequency(StrEnum):
    TERM = "term"
    YEAR = "year"
    STANDING = "standing"


class Method(StrEnum):
    METRIC = "metric"
    SURVEY = "survey"
    EVIDENCE = "evidence"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class MetricValue:
    """A metric's value for one org, with the ids of the records that prove it.

    `value` None means "no data" (the checkpoint awaits data). `records` names the record type of
    `evidence` ("ledger.activity", "orgs.position", …) so pages can link to them. `late` lists the
    evidence ids entered more than the package's `late_entry_days` after their event (补录): they
    count, and the explanation says so. `detail` carries small extra figures for the explanation,
    such as {"total": 12, "ok": 9} behind a share.
    """

    value: float | None
    evidence: tuple[int, ...] = ()
    records: str = ""
    late: tuple[int, ...] = ()
    detail: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """One metric value over one period window (a term, a year, or the state at `as_of`)."""

    period_code: str
    period_label: str  # "2025—2026学年第一学期"
    end: dt.date
    closed: bool  # the window has ended on or before the run's as_of
    value: MetricValue


@dataclass(frozen=True, slots=True)
class Rule:
    """A threshold: the value compared with `target` by `op`; `partial` gives partly-met credit."""

    op: str = ">="  # ">=", "<=", "==", ">"
    target: float = 1.0
    partial: float | None = None


@dataclass(frozen=True, slots=True)
class Applicability:
    levels: frozenset[str] = frozenset()  # org kinds; empty = all
    branch_types: frozenset[str] = frozenset()  # empty = any (only checked for branches)
    na_metric: str | None = None  # not applicable when this metric's value is 0 / None
    na_label: str = ""  # Chinese reason shown when not applicable by na_metric


@dataclass(frozen=True, slots=True)
class CheckpointRule:
    code: str  # "C01.1"
    criterion: str  # "C01"
    title: str  # Chinese, shown in the checklist
    label: str  # what is measured, for explanations: "理论学习研讨会"
    unit: str  # "次", "%", "人", "天", "" (boolean)
    todo: str  # the gap list's verb phrase: "组织理论学习研讨会"
    method: Method
    frequency: Frequency
    rule: Rule
    points: float
    metric: str | None = None  # registry key (metric, survey, evidence)
    params: tuple[tuple[str, str], ...] = ()
    applies: Applicability = field(default_factory=Applicability)
    source: str = ""  # the seed sentence it comes from
    count_unit: str = ""  # measure word of the items a share counts: "名" → "（5 名中 3 名）"


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    dimension: str
    title: str
    weight: float


@dataclass(frozen=True, slots=True)
class Dimension:
    code: str
    title: str
    short: str  # "班子建设好"


@dataclass(frozen=True, slots=True)
class Band:
    code: str
    label: str
    min_score: float


@dataclass(frozen=True, slots=True)
class StandardRules:
    """Everything the engine needs from a standard package."""

    code: str
    version: int
    title: str
    dimensions: tuple[Dimension, ...]
    criteria: tuple[Criterion, ...]
    checkpoints: tuple[CheckpointRule, ...]
    bands: tuple[Band, ...]  # highest min_score first
    partial_credit: float = 0.5
    late_entry_days: int = 30
    review_scale_max: float = 5.0
    verdict_label: str = "六好"  # the org-level verdict's name


@dataclass(frozen=True, slots=True)
class OrgFacts:
    """What the engine knows about one org besides metric values."""

    org_id: int
    kind: str
    branch_type: str = ""


@dataclass(frozen=True, slots=True)
class CheckpointOutcome:
    code: str
    status: Status
    value: float | None
    threshold: str  # "≥1 次"
    explanation: str  # Chinese
    evidence: tuple[int, ...]
    records: str
    late: tuple[int, ...]
    points: float  # earned
    possible: float  # counted in the denominator (0 when not applicable / excluded)
    gap: str = ""  # the to-do for unmet / partly met: "组织理论学习研讨会 1 次"
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CriterionOutcome:
    code: str
    status: Status


@dataclass(frozen=True, slots=True)
class DimensionOutcome:
    code: str
    good: bool
    status: Status


@dataclass(frozen=True, slots=True)
class OrgOutcome:
    org_id: int
    checkpoints: tuple[CheckpointOutcome, ...]
    criteria: tuple[CriterionOutcome, ...]
    dimensions: tuple[DimensionOutcome, ...]
    verdict: bool  # 六好: every dimension good
    score: float  # 0–100, one decimal
    band: str  # band code
    coverage: float  # share of applicable points that had data (0–1)
