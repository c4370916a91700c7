"""Plotly figures of a survey's results page, built server-side as JSON (ADR 0008; C18.1, C01.2).

Two charts, each beside a table with the same numbers: the distribution of the levels per question
(horizontal stacked bars, shares of the question's answers) and the satisfaction per audience with
its Wilson 95% interval as error bars. Groups hidden under the minimum group size are never charted.
"""

from __future__ import annotations

from typing import Any

from liuhao.standards.charts import FONT
from liuhao.surveys.selectors import Rate, SurveyResults

# Best level first: greens for satisfied levels, warm colours for the rest (up to 10 levels).
LEVEL_COLOURS = (
    "#1b7f3b",
    "#52a865",
    "#a7d49b",
    "#f4a259",
    "#d92d20",
    "#8c1c13",
    "#6b6b6b",
    "#9a9a9a",
    "#bdbdbd",
    "#dedede",
)


def _layout(**extra: Any) -> dict[str, Any]:
    return {
        "template": "none",
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        **extra,
    }


def _pct(value: float) -> float:
    return round(value * 100, 1)


def levels_chart(results: SurveyResults) -> dict[str, Any] | None:
    """Per shown Likert question (第N题), the share of each level among its answers; None when no
    question may be shown."""
    shown = [q for q in results.questions if q.shown and any(q.counts)]
    if not shown:
        return None
    labels = [f"第{q.order}题" for q in shown]
    data = []
    for i, level in enumerate(shown[0].levels):
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": level,
                "y": labels,
                "x": [_pct(q.counts[i] / sum(q.counts)) if i < len(q.counts) else 0 for q in shown],
                "customdata": [q.counts[i] if i < len(q.counts) else 0 for q in shown],
                "marker": {"color": LEVEL_COLOURS[i % len(LEVEL_COLOURS)]},
                "hovertemplate": f"%{{y}} {level}：%{{x}}%（%{{customdata}} 人）<extra></extra>",
            }
        )
    layout = _layout(
        barmode="stack",
        height=90 + 34 * len(shown),
        xaxis={"range": [0, 100], "ticksuffix": "%"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.25, "x": 0},
        margin={"l": 50, "r": 10, "t": 10, "b": 70},
    )
    return {"data": data, "layout": layout}


def audience_chart(results: SurveyResults) -> dict[str, Any] | None:
    """The overall satisfaction and each shown audience's, with the Wilson 95% interval as error
    bars; None when no group may be shown."""
    groups: list[tuple[str, Rate]] = [("总体", results.overall)]
    groups += [(a.label, a.rate) for a in results.audiences]
    shown = [
        (label, rate, rate.value, rate.interval)
        for label, rate in groups
        if rate.value is not None and rate.interval is not None
    ]
    if not shown:
        return None
    values = [_pct(v) for _, _, v, _ in shown]
    plus = [round(_pct(i[1]) - _pct(v), 1) for _, _, v, i in shown]
    minus = [round(_pct(v) - _pct(i[0]), 1) for _, _, v, i in shown]
    bar = {
        "type": "bar",
        "x": [label for label, *_ in shown],
        "y": values,
        "customdata": [[_pct(i[0]), _pct(i[1]), r.total] for _, r, _, i in shown],
        "marker": {"color": "#a61b1b"},
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": plus,
            "arrayminus": minus,
            "color": "#333",
        },
        "hovertemplate": (
            "%{x}：%{y}%<br>95% 置信区间 %{customdata[0]}%–%{customdata[1]}%"
            "<br>答卷 %{customdata[2]} 份<extra></extra>"
        ),
    }
    layout = _layout(
        height=260,
        showlegend=False,
        yaxis={"range": [0, 100], "ticksuffix": "%"},
        xaxis={"type": "category"},
    )
    return {"data": [bar], "layout": layout}
