"""The assessment report as Word (issue 7 item 5): the six-dimension radar, the checklist
(checkpoint, computed status, reviewed status, value, explanation) and the gap list.

Rendered by `liuhao.documents.render_docx` from the template kind `assessment_report`: the shipped
default is `data/assessment-report.docx` (made by `data/make_report_template.py` with python-docx),
and an admin replaces it without code on the documents page (province-wide or per university). The
radar is drawn offline with Pillow (labels in Chinese with the Noto CJK font when installed).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from liuhao.assessments.models import CriterionNarrative, ReviewStep, SelfAssessment
from liuhao.assessments.selectors import effective_checkpoints
from liuhao.documents.registry import register_template
from liuhao.documents.rendering import image, render_docx
from liuhao.standards.reports import period_label, scorecard_build

DEFAULT_TEMPLATE = Path(__file__).parent / "data" / "assessment-report.docx"
KIND = "assessment_report"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SIZE = 640


def radar_png(axes: Sequence[tuple[str, float]]) -> bytes:
    """A radar of shares in 0…1, one axis per dimension, as PNG bytes."""
    img = Image.new("RGB", (SIZE, SIZE), "white")
    draw = ImageDraw.Draw(img)
    cx = cy = SIZE / 2
    radius = SIZE * 0.32
    n = max(len(axes), 3)
    font = ImageFont.truetype(str(FONT), 22) if FONT.is_file() else None

    def point(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in (0.25, 0.5, 0.75, 1.0):
        draw.polygon([point(i, radius * ring) for i in range(n)], outline="#c8cdd4")
    for i in range(n):
        draw.line([(cx, cy), point(i, radius)], fill="#c8cdd4")
    shape = [point(i, radius * max(0.0, min(1.0, share))) for i, (_, share) in enumerate(axes)]
    if len(shape) >= 3:
        draw.polygon(shape, fill="#f3c6c2", outline="#b3261e")
        for x, y in shape:
            draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill="#b3261e")
    if font is not None:
        for i, (label, share) in enumerate(axes):
            x, y = point(i, radius + 48)
            text = f"{label} {share * 100:.0f}%"
            box = draw.textbbox((0, 0), text, font=font)
            w, h = box[2] - box[0], box[3] - box[1]
            draw.text((x - w / 2, y - h / 2), text, fill="#222222", font=font)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def report_context(a: SelfAssessment) -> dict[str, Any]:
    """Everything the report template reads (plain values; `radar_png` is PNG bytes)."""
    result = a.result
    card = scorecard_build(result)
    checkpoints = effective_checkpoints(a)
    narratives = {n.criterion_code: n.text for n in CriterionNarrative.objects.filter(assessment=a)}
    titles = {c.code: c.title for c in card.rules.criteria}
    rows = [
        {
            "code": cp.code,
            "title": cp.row.title,
            "computed": cp.computed_label,
            "status": cp.status_label,
            "changed": cp.status != cp.computed_status,
            "reason": cp.override.reason if cp.override is not None else "",
            "score": "" if cp.score is None else f"{cp.score:g}",
            "value": cp.row.value,
            "explanation": cp.row.explanation,
            "late": cp.late_total,
        }
        for cp in checkpoints
    ]
    gaps = [
        {
            "code": g.code,
            "title": g.title,
            "gap": g.gap,
            "status": g.status_label,
            "due": g.due.isoformat() if g.due else "",
        }
        for g in card.gaps
    ]
    steps = [
        {
            "level": s.get_level_display(),
            "reviewer": s.reviewer_name,
            "office": s.reviewer_office,
            "decision": s.get_decision_display(),
            "reason": s.reason,
            "at": timezone.localtime(s.decided_at).strftime("%Y-%m-%d %H:%M"),
        }
        for s in ReviewStep.objects.filter(assessment=a).order_by("decided_at", "pk")
    ]
    return {
        "org_name": a.org.name,
        "period": period_label(a.period_code),
        "standard": f"{card.rules.title}（第{card.rules.version}版）",
        "status": a.get_status_display(),
        "score": f"{result.score:.1f}",
        "band": card.band_label,
        "verdict": "是" if result.verdict else "否",
        "verdict_label": card.rules.verdict_label,
        "dimensions": [
            {"title": d.title, "share": d.share_text, "status": "好" if d.good else d.status_label}
            for d in card.dimensions
        ],
        "narratives": [
            {"code": code, "title": titles.get(code, ""), "text": text}
            for code, text in sorted(narratives.items())
        ],
        "rows": rows,
        "gaps": gaps,
        "steps": steps,
        "generated": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "radar_png": radar_png([(d.title, d.share or 0.0) for d in card.dimensions]),
    }


def report_docx(a: SelfAssessment) -> bytes:
    """The report from the template in force (a broken template: Chinese InvalidState)."""
    context = report_context(a)
    context["radar"] = image(context.pop("radar_png"), 110)
    return render_docx(KIND, context, university_id=a.university_id)


FIELDS_HELP = {
    "org_name": "党组织名称",
    "period": "评估学年",
    "standard": "指标体系",
    "status": "自评状态",
    "score": "得分",
    "band": "定级",
    "verdict": "是否六好（是/否）",
    "verdict_label": "总体结论名称（六好）",
    "generated": "生成时间",
    "radar": "六个维度雷达图（图片）",
    "dimensions": "维度列表：title 名称、share 得分率、status 结论",
    "narratives": "自评说明列表：code、title、text",
    "rows": "检查点清单：code、title、computed 计算结果、status 审核结果、changed、reason 调整理由、"
    "score 评审评分、value 实际值、explanation 说明、late 补录条数",
    "gaps": "差距清单：code、title、gap、status、due 期限",
    "steps": "审核记录：level、reviewer、office、decision、reason、at",
}


def _sample_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def register() -> None:
    """Register the report's template kind with the documents app (from `ready()`)."""
    row = {
        "code": "C01.1",
        "title": "示例检查点",
        "computed": "未达标",
        "status": "达标",
        "changed": True,
        "reason": "示例理由",
        "score": "4",
        "value": "1 次",
        "explanation": "示例说明",
        "late": 1,
    }
    register_template(
        KIND,
        label="自评报告",
        default_path=DEFAULT_TEMPLATE,
        fields_help=FIELDS_HELP,
        sample_context={
            "radar": image(_sample_png(), 20),
            "dimensions": [{"title": "班子建设好", "share": "80%", "status": "好"}],
            "narratives": [{"code": "C01", "title": "理想信念坚定", "text": "示例"}],
            "rows": [row],
            "gaps": [
                {"code": "C01.1", "title": "示例", "gap": "示例", "status": "未达标", "due": ""}
            ],
            "steps": [
                {
                    "level": "院系党委",
                    "reviewer": "示例",
                    "office": "示例",
                    "decision": "通过",
                    "reason": "",
                    "at": "2025-01-01 00:00",
                }
            ],
        },
    )
