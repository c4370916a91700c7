"""Plotly figures of the assessment pages, built server-side as JSON (ADR 0008).

The page embeds the figure with `json_script` (a `<script type="application/json">` block) and static/js/charts.js draws
it with the plotly.min.js served from the installed package. The tables next to each chart carry the
same numbers, so the pages work without JavaScript.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from liuhao.standards.reports import STATUS_LEVEL, DimensionBlock, TableRow

FONT = {
    "family": "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    "size": 13,
}
RED = "#a61b1b"
# Discrete status colours on the 0–3 scale of STATUS_LEVEL: unmet, in progress, partly met, met.
STATUS_COLOURS = [
    [0.0, "#d92d20"],
    [0.25, "#d92d20"],
    [0.25, "#f5c04a"],
    [0.5, "#f5c04a"],
    [0.5, "#f79e4f"],
    [0.75, "#f79e4f"],
    [0.75, "#2f9e44"],
    [1.0, "#2f9e44"],
]


def _layout(**extra: Any) -> dict[str, Any]:
    return {
        "template": "none",
        "font": FONT,
        "margin": {"l": 40, "r": 40, "t": 30, "b": 30},
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        **extra,
    }


def _plain(figure: Any) -> dict[str, Any]:
    """The figure as plain JSON data (plotly's encoder turns numpy and dates into JSON types)."""
    data: dict[str, Any] = json.loads(figure.to_json())
    return data


def radar_json(dimensions: Sequence[DimensionBlock]) -> dict[str, Any]:
    """Share of points earned per dimension (0–100%); dimensions without counted points show 0."""
    import plotly.graph_objects as go

    titles = [d.title for d in dimensions]
    values = [round((d.share or 0.0) * 100, 1) for d in dimensions]
    figure = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]] if values else [],
            theta=[*titles, titles[0]] if titles else [],
            fill="toself",
            line={"color": RED},
            fillcolor="rgba(166,27,27,0.25)",
            hovertemplate="%{theta}：%{r}%<extra></extra>",
        ),
        layout=_layout(
            polar={
                "radialaxis": {"range": [0, 100], "ticksuffix": "%", "angle": 90},
                "angularaxis": {"tickfont": {"size": 12}},
            },
            height=320,
            margin={"l": 72, "r": 72, "t": 30, "b": 30},  # room for the dimension names
        ),
    )
    return _plain(figure)


def trend_json(points: Sequence[tuple[str, float]]) -> dict[str, Any]:
    """Score per term, oldest first."""
    import plotly.graph_objects as go

    figure = go.Figure(
        go.Scatter(
            x=[label for label, _ in points],
            y=[score for _, score in points],
            mode="lines+markers",
            line={"color": RED},
            hovertemplate="%{x}：%{y} 分<extra></extra>",
        ),
        layout=_layout(
            yaxis={"range": [0, 100], "title": {"text": "得分"}},
            xaxis={"type": "category"},
            height=260,
            margin={"l": 50, "r": 20, "t": 20, "b": 60},
        ),
    )
    return _plain(figure)


def heatmap_json(rows: Sequence[TableRow], criteria: Sequence[str]) -> dict[str, Any]:
    """Orgs × criteria coloured by status (not applicable and awaiting data stay blank)."""
    import plotly.graph_objects as go

    z = [[STATUS_LEVEL.get(c.status) for c in row.cells] for row in rows]
    text = [[c.label for c in row.cells] for row in rows]
    names = [f"{row.name}" for row in rows]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(criteria),
            y=names,
            text=text,
            zmin=0,
            zmax=3,
            colorscale=STATUS_COLOURS,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}：%{text}<extra></extra>",
        ),
        layout=_layout(
            height=max(220, 28 * len(rows) + 80),
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"side": "top"},
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
        ),
    )
    return _plain(figure)
