"""The YAML format of a standard package, validated strictly (issue 3 item 1; docs/standards-format.md).

Every model forbids unknown keys and coerces nothing: a threshold given as a string, a criterion
without checkpoints, a duplicate code or a metric the registry does not know is an error with its
path in the file ("dimensions[0].criteria[1].checkpoints[2].rule.target"). `to_rules()` turns a
validated package into the engine's frozen `StandardRules`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from liuhao.standards.engine.types import (
    Applicability,
    Band,
    CheckpointRule,
    Criterion,
    Dimension,
    Frequency,
    Method,
    Rule,
    StandardRules,
)

Number = StrictInt | StrictFloat
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.\-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=500)]
# A metric registry key: "<source>.<name>", e.g. "ledger.activity_count".
MetricKey = Annotated[
    str, Field(min_length=3, max_length=64, pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
]
ORG_LEVELS = ("university_committee", "college_committee", "general_branch", "branch", "group")
BRANCH_TYPES = (
    "teacher",
    "undergraduate",
    "graduate",
    "joint",
    "retired",
    "admin",
    "research_team",
    "project_team",
    "dorm_community",
)
OrgLevel = Literal["university_committee", "college_committee", "general_branch", "branch", "group"]
BranchTypeName = Literal[
    "teacher",
    "undergraduate",
    "graduate",
    "joint",
    "retired",
    "admin",
    "research_team",
    "project_team",
    "dorm_community",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class RuleSpec(Strict):
    """Compare the metric value with `target`; `partial` (same comparison) earns partial credit."""

    op: Literal[">=", "<=", "==", ">"] = ">="
    target: Number
    partial: Number | None = None


class AppliesSpec(Strict):
    levels: list[OrgLevel] = Field(default_factory=list)
    branch_types: list[BranchTypeName] = Field(default_factory=list)


class NotApplicableSpec(Strict):
    """Not applicable when `metric` is 0 or has no value (e.g. an org without representatives)."""

    metric: MetricKey
    reason: Text


class CheckpointSpec(Strict):
    code: Code
    title: Text
    label: Text
    todo: Text
    method: Literal["metric", "survey", "evidence", "review"]
    frequency: Literal["term", "year", "standing"]
    metric: MetricKey | None = None
    params: dict[str, str] = Field(default_factory=dict)
    rule: RuleSpec
    points: Number | None = None
    applies_to: AppliesSpec = Field(default_factory=AppliesSpec)
    na_when: NotApplicableSpec | None = None
    evidence_required: bool = False
    # The measure word of what a share's detail counts, for explanations: "名" → "（5 名中 3 名）".
    count_unit: Annotated[str, Field(min_length=1, max_length=8)] | None = None
    source: Text

    @model_validator(mode="after")
    def _metric_matches_method(self) -> CheckpointSpec:
        if self.method == "review":
            if self.metric is not None:
                raise ValueError("review 类检查点由评审打分，不能指定 metric")
        elif self.metric is None:
            raise ValueError(f"{self.method} 类检查点必须指定 metric")
        return self


class CriterionSpec(Strict):
    code: Code
    title: Text
    weight: Number = Field(gt=0)
    checkpoints: list[CheckpointSpec] = Field(min_length=1)


class DimensionSpec(Strict):
    code: Code
    title: Text
    short: Text
    criteria: list[CriterionSpec] = Field(min_length=1)


class BandSpec(Strict):
    code: Code
    label: Text
    min_score: Number = Field(ge=0, le=100)


class ScaleSpec(Strict):
    bands: list[BandSpec] = Field(min_length=1)
    partial_credit: Number = Field(default=0.5, ge=0, le=1)
    review_max: Number = Field(default=5, gt=0)


class StandardPackage(Strict):
    code: Code
    version: StrictInt = Field(ge=1)
    title: Text
    effective_from: dt.date
    source: Text
    verdict_label: Text = "六好"
    late_entry_days: StrictInt = Field(default=30, ge=1, le=365)
    scale: ScaleSpec
    dimensions: list[DimensionSpec] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @model_validator(mode="after")
    def _codes_unique(self) -> StandardPackage:
        seen: dict[str, str] = {}

        def claim(code: str, where: str) -> None:
            if code in seen:
                # ctx["path"] lets the loader report the duplicate's own path in the file.
                raise PydanticCustomError(
                    "duplicate_code",
                    "代码“{code}”重复：{first} 已使用该代码",
                    {"code": code, "first": f"{seen[code]}.code", "path": f"{where}.code"},
                )
            seen[code] = where

        for i, dim in enumerate(self.dimensions):
            claim(dim.code, f"dimensions[{i}]")
            for j, crit in enumerate(dim.criteria):
                claim(crit.code, f"dimensions[{i}].criteria[{j}]")
                for k, cp in enumerate(crit.checkpoints):
                    claim(cp.code, f"dimensions[{i}].criteria[{j}].checkpoints[{k}]")
        bands = {b.code for b in self.scale.bands}
        if len(bands) != len(self.scale.bands):
            raise PydanticCustomError("duplicate_code", "等级代码重复", {"path": "scale.bands"})
        if min(b.min_score for b in self.scale.bands) != 0:
            raise PydanticCustomError(
                "lowest_band", "必须有一个 min_score 为 0 的最低等级", {"path": "scale.bands"}
            )
        return self

    def metric_keys(self) -> Iterable[tuple[str, str]]:
        """(path, key) of every metric named in the package, for the registry check."""
        for i, dim in enumerate(self.dimensions):
            for j, crit in enumerate(dim.criteria):
                for k, cp in enumerate(crit.checkpoints):
                    path = f"dimensions[{i}].criteria[{j}].checkpoints[{k}]"
                    if cp.metric:
                        yield f"{path}.metric", cp.metric
                    if cp.na_when:
                        yield f"{path}.na_when.metric", cp.na_when.metric


def to_rules(package: StandardPackage) -> StandardRules:
    """The engine's view of a validated package. Checkpoint points split the criterion weight
    evenly unless a checkpoint gives its own `points`."""
    dimensions, criteria, checkpoints = [], [], []
    for dim in package.dimensions:
        dimensions.append(Dimension(code=dim.code, title=dim.title, short=dim.short))
        for crit in dim.criteria:
            criteria.append(
                Criterion(
                    code=crit.code, dimension=dim.code, title=crit.title, weight=float(crit.weight)
                )
            )
            explicit = sum(float(cp.points) for cp in crit.checkpoints if cp.points is not None)
            implicit = [cp for cp in crit.checkpoints if cp.points is None]
            share = (float(crit.weight) - explicit) / len(implicit) if implicit else 0.0
            for cp in crit.checkpoints:
                checkpoints.append(
                    CheckpointRule(
                        code=cp.code,
                        criterion=crit.code,
                        title=cp.title,
                        label=cp.label,
                        unit=_unit_hint(cp),
                        todo=cp.todo,
                        method=Method(cp.method),
                        frequency=Frequency(cp.frequency),
                        rule=Rule(
                            op=cp.rule.op,
                            target=float(cp.rule.target),
                            partial=None if cp.rule.partial is None else float(cp.rule.partial),
                        ),
                        points=float(cp.points) if cp.points is not None else max(share, 0.0),
                        metric=cp.metric,
                        params=tuple(sorted(cp.params.items())),
                        applies=Applicability(
                            levels=frozenset(cp.applies_to.levels),
                            branch_types=frozenset(cp.applies_to.branch_types),
                            na_metric=cp.na_when.metric if cp.na_when else None,
                            na_label=cp.na_when.reason if cp.na_when else "",
                        ),
                        source=cp.source,
                        count_unit=cp.count_unit or "",
                    )
                )
    bands = sorted(
        (
            Band(code=b.code, label=b.label, min_score=float(b.min_score))
            for b in package.scale.bands
        ),
        key=lambda b: -b.min_score,
    )
    return StandardRules(
        code=package.code,
        version=package.version,
        title=package.title,
        dimensions=tuple(dimensions),
        criteria=tuple(criteria),
        checkpoints=tuple(checkpoints),
        bands=tuple(bands),
        partial_credit=float(package.scale.partial_credit),
        late_entry_days=package.late_entry_days,
        review_scale_max=float(package.scale.review_max),
        verdict_label=package.verdict_label,
    )


def with_units(rules: StandardRules, units: Mapping[str, str]) -> StandardRules:
    """`rules` with each metric checkpoint's unit taken from `units` (metric key → unit, the
    registry's); review checkpoints and metrics not in `units` keep theirs."""
    checkpoints = tuple(
        dataclasses.replace(cp, unit=units[cp.metric]) if cp.metric and cp.metric in units else cp
        for cp in rules.checkpoints
    )
    return dataclasses.replace(rules, checkpoints=checkpoints)


def _unit_hint(cp: CheckpointSpec) -> str:
    """The unit is the metric's (filled in by the loader from the registry); review: points."""
    return "分" if cp.method == "review" else ""
