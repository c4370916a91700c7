"""Generate the default application-form template (申报表) shipped in this folder.

Run `python liuhao/sites/data/make_templates.py` after changing it. The output is a docxtpl template
(Jinja tags in Word paragraphs and table rows); an admin may replace it with their own .docx using
the same tags, without code (see docs/architecture.md, "Demonstration sites").
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).parent / "application-form.docx"


def build() -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    title = doc.add_heading("江苏高校服务型党组织示范点申报表", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "{{ cycle_title }} · 申报编号 {{ number }}"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("一、组织基本情况", level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, tag in [
        ("党组织名称", "{{ org.name }}"),
        ("组织层级", "{{ org.level }}"),
        ("所属高校", "{{ org.university }}"),
        ("书记", "{{ org.secretary }}"),
        ("正式党员", "{{ org.full_members }} 名"),
        ("预备党员", "{{ org.probationary_members }} 名"),
        ("自评学年", "{{ period_code }}"),
        ("评估得分 / 定级", "{{ score }} 分 / {{ band }}（{{ verdict }}）"),
        ("评估数据截至", "{{ as_of }}（评估运行 #{{ run_id }}，已冻结）"),
    ]:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = tag

    doc.add_heading("二、申报说明", level=1)
    doc.add_paragraph("{{ statement }}")

    doc.add_heading("三、逐项自评与佐证材料", level=1)
    doc.add_paragraph("{%p for c in criteria %}")
    doc.add_heading("{{ c.code }} {{ c.title }}（{{ c.status }}）", level=2)
    doc.add_paragraph("自评说明：{{ c.narrative }}")
    doc.add_paragraph("{%p for cp in c.checkpoints %}")
    doc.add_paragraph(
        "{{ cp.code }} {{ cp.title }}：{{ cp.status }}{% if cp.overridden %}"
        "（计算结果：{{ cp.computed }}；调整理由：{{ cp.override_reason }}）{% endif %}"
        "。{{ cp.explanation }}{% if cp.late %} 含补录记录 {{ cp.late }} 条。{% endif %}",
        style="List Bullet",
    )
    doc.add_paragraph("{%p if cp.evidence %}")
    doc.add_paragraph("佐证：{{ cp.evidence }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("四、审核与推荐意见", level=1)
    sign = doc.add_table(rows=0, cols=2)
    sign.style = "Table Grid"
    for label in [
        "申报党组织（盖章）",
        "院系党委意见（盖章）",
        "高校党委组织部意见（盖章）",
        "省委教育工委意见（盖章）",
    ]:
        cells = sign.add_row().cells
        cells[0].text = label
        cells[1].text = "\n\n签字：　　　　　　　日期：　　年　　月　　日"
    doc.add_paragraph("生成时间：{{ generated_at }}")
    doc.save(str(OUT))


if __name__ == "__main__":
    build()
