"""The backcasting timeline: today on the left, the horizon on the right, milestones in between.

Made for the shared screen: in presentation size every text is at least 32 px at 1920×1080 and
set in the app's font (Streamlit's bundled Source Sans, so nothing is fetched). Milestone labels
alternate above and below the line so neighbouring years do not overwrite each other; titles are
user text, escaped for plotly's label markup and wrapped by words.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from foresight.plans.backcasting import Backcast
from foresight.text import escape_plotly

APP_FONT = '"Source Sans", "Source Sans Pro", "Source Sans 3", sans-serif'
INK = "#111827"
ACCENT = "#0b4f8a"
MUTED = "#4b5563"


@dataclass(frozen=True)
class TimelineTexts:
    today: str
    horizon: str
    actions: str  # "{count} actions"


def _wrapped(text: str, width: int) -> str:
    lines = textwrap.wrap(text, width=width, max_lines=3, placeholder=" …") or [""]
    return "<br>".join(escape_plotly(line) for line in lines)


def timeline(backcast: Backcast, texts: TimelineTexts, *, large: bool = False) -> go.Figure:
    """A horizontal timeline from the start year to the horizon with every milestone placed on it."""
    size = 34 if large else 17
    width = 22 if large else 26
    start, end = backcast.start_year, backcast.horizon
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[start, end],
            y=[0, 0],
            mode="lines+markers",
            line={"color": INK, "width": 6 if large else 3},
            marker={"size": 26 if large else 14, "color": [MUTED, ACCENT], "symbol": ["circle", "star"]},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    years = [milestone.year for milestone in backcast.milestones]
    figure.add_trace(
        go.Scatter(
            x=years,
            y=[0] * len(years),
            mode="markers",
            marker={"size": 22 if large else 12, "color": ACCENT, "line": {"color": "#ffffff", "width": 2}},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    ordered = sorted(backcast.milestones, key=lambda milestone: (milestone.year, milestone.id))
    for index, milestone in enumerate(ordered):
        above = index % 2 == 0
        label = f"<b>{milestone.year}</b><br>{_wrapped(milestone.title, width)}"
        if milestone.actions:
            label += f"<br><i>{escape_plotly(texts.actions.format(count=len(milestone.actions)))}</i>"
        figure.add_annotation(
            x=milestone.year,
            y=0,
            text=label,
            showarrow=True,
            arrowhead=0,
            arrowwidth=2,
            arrowcolor=MUTED,
            ax=0,
            ay=-(110 if large else 70) if above else (110 if large else 70),
            yanchor="bottom" if above else "top",
            font={"size": size, "color": INK, "family": APP_FONT},
            align="center",
        )
    for year, label, anchor in ((start, texts.today, "left"), (end, texts.horizon, "right")):
        figure.add_annotation(
            x=year,
            y=0,
            text=f"<b>{escape_plotly(label)}</b><br>{year}",
            showarrow=False,
            xanchor=anchor,
            yanchor="top",
            yshift=-(30 if large else 16),
            font={"size": size, "color": MUTED if year == start else ACCENT, "family": APP_FONT},
        )
    pad = max(1.0, (end - start) * 0.08)
    figure.update_layout(
        height=640 if large else 420,  # large: fits under the title on a 1080-pixel screen
        margin={"l": 40, "r": 40, "t": 20, "b": 20},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        font={"family": APP_FONT, "size": size, "color": INK},
        xaxis={"range": [start - pad, end + pad], "visible": False, "fixedrange": True},
        yaxis={"range": [-1, 1], "visible": False, "fixedrange": True},
        dragmode=False,
    )
    return figure
