"""Excel workbooks of the assessment pages (.xlsx, openpyxl write-only mode, Chinese headers).

Each export holds exactly what the actor's page shows (same scope, same filters), all pages of it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook

from liuhao.orgs.models import Organization
from liuhao.standards.engine.types import StandardRules
from liuhao.standards.reports import Scorecard, TableRow


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def scorecard_workbook(org: Organization, card: Scorecard) -> bytes:
    """Three sheets: 概况 (header), 检查点清单 (the checklist), 差距清单 (the gap list)."""
    workbook = Workbook(write_only=True)
    result, run, rules = card.result, card.run, card.rules
    head = workbook.create_sheet("概况")
    for label, value in [
        ("组织", org.name),
        ("组织代码", org.code),
        ("指标体系", f"{run.standard.title}（{run.standard.code} 第{run.standard.version}版）"),
        ("评估期", card.period_label),
        ("计算时间", run.finished_at.strftime("%Y-%m-%d %H:%M") if run.finished_at else ""),
        ("数据截至", run.as_of.isoformat()),
        (f"是否{rules.verdict_label}", _yes_no(result.verdict)),
        ("得分", result.score),
        ("定级", card.band_label),
        ("差距项数", len(card.gaps)),
        ("补录记录数", card.late_total),
    ]:
        head.append([label, value])
    checklist = workbook.create_sheet("检查点清单")
    checklist.append(
        [
            "维度",
            "指标",
            "检查点代码",
            "检查点",
            "状态",
            "实际值",
            "要求",
            "说明",
            "得分",
            "满分",
            "证据记录数",
            "补录记录数",
        ]
    )
    for dim in card.dimensions:
        for criterion in dim.criteria:
            for cp in criterion.checkpoints:
                checklist.append(
                    [
                        dim.title,
                        f"{criterion.code} {criterion.title}",
                        cp.code,
                        cp.title,
                        cp.status_label,
                        cp.value,
                        cp.threshold,
                        cp.explanation,
                        cp.points,
                        cp.possible,
                        cp.evidence_total,
                        cp.late_total,
                    ]
                )
    gaps = workbook.create_sheet("差距清单")
    gaps.append(["检查点代码", "检查点", "状态", "需完成的工作", "完成期限", "说明"])
    for cp in card.gaps:
        gaps.append(
            [
                cp.code,
                cp.title,
                cp.status_label,
                cp.gap,
                cp.due.isoformat() if cp.due else "",
                cp.explanation,
            ]
        )
    return _save(workbook)


def heatmap_workbook(rows: Iterable[TableRow], rules: StandardRules) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("指标热力图")
    sheet.append(
        ["组织代码", "组织名称", "层级", "得分", "定级", f"是否{rules.verdict_label}"]
        + [f"{c.code} {c.title}" for c in rules.criteria]
    )
    for row in rows:
        sheet.append(
            [row.code, row.name, row.level, row.score, row.band, _yes_no(row.verdict)]
            + [cell.label for cell in row.cells]
        )
    return _save(workbook)


def rankings_workbook(rows: Iterable[TableRow], rules: StandardRules) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("评估排名")
    verdict = f"是否{rules.verdict_label}"
    sheet.append(["名次", "组织代码", "组织名称", "层级", "得分", "定级", verdict, "差距项数"])
    for row in rows:
        sheet.append(
            [
                row.rank,
                row.code,
                row.name,
                row.level,
                row.score,
                row.band,
                _yes_no(row.verdict),
                row.gap_count,
            ]
        )
    return _save(workbook)
