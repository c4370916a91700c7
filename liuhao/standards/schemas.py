"""API schemas of assessment results (CONVENTIONS B6: <Entity>In/Out)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class AwaitingOut(Schema):
    code: str = Field(description="检查点代码")
    title: str = Field(description="检查点")
    reason: str = Field(description="待数据原因")


class AssessmentRunOut(Schema):
    id: int
    standard: str = Field(description="指标体系代码")
    standard_version: int = Field(description="指标体系版本")
    standard_title: str = Field(description="指标体系名称")
    period_code: str = Field(description="评估期代码，如 2025-2026-1（学期）或 2025-2026（学年）")
    period_kind: str = Field(description="term（学期）或 year（学年）")
    as_of: dt.date = Field(description="数据截至日期")
    status: str = Field(description="running 计算中 / done 已完成 / failed 失败")
    root: int | None = Field(description="计算范围的组织 id；为空表示全省")
    started_at: dt.datetime
    finished_at: dt.datetime | None
    org_count: int = Field(description="参评组织数")
    engine_version: str
    awaiting: list[AwaitingOut] = Field(description="整次计算中待数据的检查点")

    @staticmethod
    def resolve_standard(obj: Any) -> str:
        return str(obj.standard.code)

    @staticmethod
    def resolve_standard_version(obj: Any) -> int:
        return int(obj.standard.version)

    @staticmethod
    def resolve_standard_title(obj: Any) -> str:
        return str(obj.standard.title)

    @staticmethod
    def resolve_root(obj: Any) -> int | None:
        return obj.root_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_awaiting(obj: Any) -> list[dict[str, str]]:
        return list(obj.awaiting or [])


class EvidenceOut(Schema):
    type: str = Field(description="记录类型，如 orgs.position、ledger.activity")
    id: int


class CheckpointOut(Schema):
    code: str
    status: str = Field(description="met/partly_met/unmet/not_applicable/awaiting_data/in_progress")
    status_label: str = Field(description="状态（中文）")
    value: float | None
    threshold: str = Field(description="要求")
    explanation: str = Field(description="说明（中文）")
    evidence: list[EvidenceOut] = Field(description="证据记录（最多 200 条）")
    evidence_total: int
    late: list[int] = Field(description="补录的证据记录 id")
    points: float
    possible: float
    gap: str = Field(description="差距（需完成的工作）；达标时为空")
    due: dt.date | None = Field(description="完成期限")


class DimensionOut(Schema):
    code: str
    good: bool
    status: str


class CriterionStatusOut(Schema):
    code: str
    status: str


class OrgResultOut(Schema):
    org: int
    org_code: str
    org_name: str
    run: int
    standard: str
    period_code: str
    as_of: dt.date
    level: str
    branch_type: str
    verdict: bool = Field(description="是否“六好”（按指标体系的总体结论）")
    score: float
    band: str
    band_label: str
    coverage: float = Field(description="有数据的分值占比（0–1）")
    dimensions: list[DimensionOut]
    criteria: list[CriterionStatusOut]
    checkpoints: list[CheckpointOut]
    gap_count: int
    late_count: int


class GapItemOut(Schema):
    code: str = Field(description="检查点代码")
    title: str = Field(description="检查点")
    status: str
    status_label: str
    gap: str = Field(description="需完成的工作")
    due: dt.date | None = Field(description="完成期限")
    explanation: str


class GapListOut(Schema):
    org: int
    run: int
    period_code: str
    items: list[GapItemOut]


class RecomputeIn(Schema):
    period: str = Field(max_length=16, description="评估期代码，如 2025-2026-1 或 2025-2026")
    standard: str | None = Field(
        None, max_length=32, description="指标体系代码；为空时取最先导入的指标体系的最新版本"
    )
    root: int | None = Field(None, ge=1, description="计算范围（组织 id）；为空表示全省（仅省级）")


class RecomputeOut(Schema):
    inline: bool = Field(description="true：已在请求内完成计算；false：已提交后台任务")
    org_count: int = Field(description="参评组织数")
    run_id: int | None = Field(description="已完成的评估运行 id（inline 时）")
    task_id: str | None = Field(description="后台任务 id（提交后台时）")
