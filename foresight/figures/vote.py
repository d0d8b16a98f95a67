"""The vote's figure: the live tally as large horizontal bars for the shared screen."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from foresight.text import escape_plotly


def tally_figure(result: pd.DataFrame) -> go.Figure:
    """A horizontal bar per option, the most dots on top, large enough for the back of the room."""
    ordered = result.iloc[::-1]
    # Plotly reads a few HTML tags in text: labels go in escaped, so a typed-in name stays text.
    labels = [escape_plotly(label if len(label) <= 40 else label[:39] + "…") for label in ordered["label"]]
    dots = [int(value) for value in ordered["dots"]]
    figure = go.Figure(
        go.Bar(
            x=dots,
            y=labels,
            orientation="h",
            marker_color="#0b4f8a",
            text=dots,
            textposition="outside",
            textfont_size=22,
            cliponaxis=False,
        )
    )
    figure.update_layout(
        height=max(320, 64 * len(result)),
        margin={"l": 10, "r": 40, "t": 10, "b": 10},
        font={"size": 22, "color": "#111827"},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        xaxis={"visible": False, "rangemode": "tozero"},
        yaxis={"automargin": True, "tickfont": {"size": 22, "color": "#111827"}},
    )
    return figure
