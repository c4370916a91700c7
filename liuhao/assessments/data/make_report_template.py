"""Write the default assessment-report template (issue 7 item 5): `python make_report_template.py`.

The template is a plain Word file with docxtpl placeholders ({{ org_name }}, {%tr for r in rows %}
…); an admin may edit it in Word and put it in MEDIA_ROOT/document-templates/ to replace it.
Placeholders: org_name, period, standard, status, score, band, verdict, verdict_label, generated,
radar (image), dimensions[title, share, status], narratives[code, title, text],
rows[code, title, computed, status, changed, reason, score, value, explanation, late],
gaps[code, title, gap, status, due], steps[level, reviewer, office, decision, reason, at].
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

OUT = Path(__file__).with_name("assessment-report.docx")


def _loop_table(doc: DocumentObject, headers: list[str], loop: str, cells: list[str]) -> None:
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for i, text in enumerate(headers):
        table.rows[0].cells[i].text = text
    table.rows[1].cells[0].text = f"{{%tr for r in {loop} %}}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"


def main() -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    doc.add_heading("{{ org_name }} 自评报告", level=0)
    doc.add_paragraph("评估学年：{{ period }}　指标体系：{{ standard }}")
    doc.add_paragraph("自评状态：{{ status }}　生成时间：{{ generated }}")
    doc.add_heading("一、总体结论", level=1)
    doc.add_paragraph(
        "得分 {{ score }} 分（满分 100），定级：{{ band }}，是否{{ verdict_label }}：{{ verdict }}。"
    )
    doc.add_paragraph("{{ radar }}")
    _loop_table(
        doc,
        ["维度", "得分率", "结论"],
        "dimensions",
        ["{{ r.title }}", "{{ r.share }}", "{{ r.status }}"],
    )
    doc.add_heading("二、指标自评说明", level=1)
    doc.add_paragraph("{%p for n in narratives %}")
    doc.add_paragraph("{{ n.code }} {{ n.title }}：{{ n.text }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("三、检查点清单", level=1)
    _loop_table(
        doc,
        ["检查点", "计算结果", "审核结果", "评审评分", "实际值", "说明"],
        "rows",
        [
            "{{ r.code }} {{ r.title }}",
            "{{ r.computed }}",
            "{{ r.status }}{% if r.changed %}（{{ r.reason }}）{% endif %}",
            "{{ r.score }}",
            "{{ r.value }}",
            "{{ r.explanation }}{% if r.late %}（补录 {{ r.late }} 条）{% endif %}",
        ],
    )
    doc.add_heading("四、差距清单", level=1)
    _loop_table(
        doc,
        ["检查点", "差距", "状态", "期限"],
        "gaps",
        ["{{ r.code }} {{ r.title }}", "{{ r.gap }}", "{{ r.status }}", "{{ r.due }}"],
    )
    doc.add_heading("五、审核记录", level=1)
    _loop_table(
        doc,
        ["层级", "审核人", "结论", "意见", "时间"],
        "steps",
        [
            "{{ r.level }}",
            "{{ r.reviewer }}（{{ r.office }}）",
            "{{ r.decision }}",
            "{{ r.reason }}",
            "{{ r.at }}",
        ],
    )
    doc.add_paragraph("")
    doc.add_paragraph("党组织书记（签字）：　　　　　　　　上级党组织（盖章）：")
    doc.add_paragraph("日期：　　　年　　月　　日")
    doc.save(str(OUT))


if __name__ == "__main__":
    main()
