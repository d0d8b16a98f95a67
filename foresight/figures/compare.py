"""The comparison view's figure: a slope chart of the drivers' ranks last time and this time."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from foresight.figures.report import FALL, INK, RISE, SAME
from foresight.text import escape_plotly


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slope_figure(
    rows: Sequence[tuple[str, int | None, int | None]], left_title: str, right_title: str, *, font_size: int = 18
) -> go.Figure:
    """One line per option from its rank before (left) to after (right): green rose, red fell, grey kept."""
    figure = go.Figure()
    count = max([rank for _, before, after in rows for rank in (before, after) if rank is not None], default=1)
    for label, before, after in rows:
        colour = (
            SAME if before is None or after is None else RISE if after < before else FALL if after > before else SAME
        )
        xs, ys, texts, positions = [], [], [], []
        if before is not None:
            xs.append(0)
            ys.append(before)
            texts.append(f"{before}. {escape_plotly(_short(label))}")
            positions.append("middle left")
        if after is not None:
            xs.append(1)
            ys.append(after)
            texts.append(f"{after}. {escape_plotly(_short(label))}")
            positions.append("middle right")
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers+text",
                text=texts,
                textposition=positions,
                line={"color": colour, "width": max(3, font_size // 6)},
                marker={"size": font_size // 2, "color": INK},
                textfont={"size": font_size, "color": INK},
                hoverinfo="skip",
                showlegend=False,
                cliponaxis=False,
            )
        )
    figure.update_layout(
        height=int(font_size * 2.1 * count + font_size * 5),
        margin={"l": font_size * 15, "r": font_size * 15, "t": font_size * 3, "b": 10},
        font={"size": font_size, "color": INK},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        xaxis={
            "range": [-0.05, 1.05],
            "tickvals": [0, 1],
            "ticktext": [escape_plotly(_short(left_title, 30)), escape_plotly(_short(right_title, 30))],
            "side": "top",
            "showgrid": False,
            "zeroline": False,
            "tickfont": {"size": font_size, "color": INK},
        },
        yaxis={"autorange": "reversed", "visible": False, "range": [count + 0.5, 0.5]},
    )
    return figure
