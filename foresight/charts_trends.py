"""Figures of the trend explorer: the trend radar and the impact × uncertainty matrix.

Both are built with `plotly.graph_objects` straight from the numpy columns of a `TrendTable`
(plotly.express on a DataFrame costs four times as much for 2,000 points). Neither prints a
label per point: with 200 trends on a projector the labels would pile into a block, so titles
appear on hover and the chosen trends open below the charts. Points are spread inside their
cell by a jitter derived from the trend id (crc32), so the same trend always sits in the same
place and a screenshot is reproducible. Every human text arrives from the page already
translated; trend titles are HTML-escaped because plotly renders a subset of HTML in hover text.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from foresight.tables import CATEGORIES
from foresight.trends import TrendTable

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, dark enough on white.
CATEGORY_COLOURS = {
    "social": "#0072B2", "technological": "#D55E00", "economic": "#009E73",
    "environmental": "#56B4E9", "political": "#CC79A7", "values": "#8a6d00",
}  # fmt: skip
UNCERTAINTY_SCALE = "Cividis"
SECTOR_DEGREES = 360 / len(CATEGORIES)
FIRST_HORIZON = 2020
HIGH = 4  # impact or uncertainty of 4 or 5 is "high": the quadrant lines run at 3.5
FONT = {"size": 15, "color": "#111827"}


@dataclass(frozen=True)
class ChartTexts:
    """Translated words the figures need (axis titles, quadrant names, category labels)."""

    categories: Mapping[str, str]
    levels: Mapping[str, str]
    impact: str
    uncertainty: str
    horizon: str
    quadrants: tuple[str, str, str, str]  # top left, top right, bottom left, bottom right


def _jitter(ids: Sequence[str], salt: str) -> np.ndarray:
    """A stable number in [0, 1) per id."""
    return np.fromiter((zlib.crc32((salt + trend_id).encode()) / 2**32 for trend_id in ids), float, len(ids))


def _hover(table: TrendTable, lang: str, texts: ChartTexts) -> list[str]:
    titles = table.titles(lang)
    return [
        f"<b>{html.escape(str(title))}</b><br>{texts.levels.get(level, level)} · {texts.categories.get(cat, cat)}"
        f"<br>{texts.horizon} {horizon} · {texts.impact} {impact} · {texts.uncertainty} {uncertainty}"
        for title, level, cat, horizon, impact, uncertainty in zip(
            titles,
            table["level"],
            table["category"],
            table["horizon"],
            table["impact"],
            table["uncertainty"],
            strict=True,
        )
    ]


def _layout(height: int) -> dict:
    return {
        "height": height, "margin": {"l": 50, "r": 20, "t": 20, "b": 30}, "font": FONT,
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "uirevision": "trends",
        "hoverlabel": {"font": {"size": 16, "color": "#111827"}, "bgcolor": "#ffffff", "bordercolor": "#111827"},
    }  # fmt: skip


def _selected_points(ids: Sequence[str], selected: Sequence[str]) -> list[int] | None:
    """Indices of the selected trends, so a shared link shows the same points highlighted."""
    if not selected:
        return None
    wanted = set(selected)
    return [index for index, trend_id in enumerate(ids) if trend_id in wanted]


def radar_figure(table: TrendTable, lang: str, texts: ChartTexts, selected: Sequence[str] = (),
                 height: int = 460) -> go.Figure:  # fmt: skip
    """Sectors are categories, rings the time horizon (near years inside), size impact, colour uncertainty.

    Drawn on cartesian axes (points placed by their polar coordinates, rings and sector lines as
    shapes) because Streamlit's click selection works on cartesian plots but not on polar ones.
    """
    ids = table.ids
    sector = np.fromiter((CATEGORIES.index(value) for value in table["category"]), float, len(ids))
    degrees = sector * SECTOR_DEGREES + 5 + _jitter(ids, "theta") * (SECTOR_DEGREES - 10)
    radius = table["horizon"].astype(float) - FIRST_HORIZON + (_jitter(ids, "r") - 0.5) * 3
    outer = max(int(table["horizon"].max()) if len(ids) else 2060, 2050) - FIRST_HORIZON + 4
    angle = np.radians(90 + degrees)  # the first sector starts at the top, counter-clockwise
    points = go.Scatter(
        x=radius * np.cos(angle), y=radius * np.sin(angle), mode="markers", customdata=ids,
        hovertext=_hover(table, lang, texts), hovertemplate="%{hovertext}<extra></extra>",
        marker={"size": 5 + 3.5 * table["impact"].astype(float), "color": table["uncertainty"], "cmin": 1, "cmax": 5,
                "colorscale": UNCERTAINTY_SCALE, "opacity": 0.85, "line": {"width": 1, "color": "#111827"},
                "colorbar": {"title": {"text": texts.uncertainty, "side": "top"}, "thickness": 12, "len": 0.6,
                             "orientation": "h", "y": -0.02, "yanchor": "top", "tickvals": [1, 2, 3, 4, 5]}},
        selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 0.35}}, showlegend=False,
        selectedpoints=_selected_points(ids, selected),
    )  # fmt: skip
    line = {"color": "#9aa5b1", "width": 1}
    shapes = [
        {"type": "circle", "x0": -ring, "y0": -ring, "x1": ring, "y1": ring, "line": line, "layer": "below"}
        for ring in [*range(10, outer, 10), outer]
    ]
    annotations = [
        {"x": 0, "y": ring, "text": str(FIRST_HORIZON + ring), "showarrow": False, "yanchor": "bottom",
         "font": {"size": 11, "color": "#374151"}}
        for ring in range(10, outer, 10)
    ]  # fmt: skip
    for index, category in enumerate(CATEGORIES):
        boundary = np.radians(90 + index * SECTOR_DEGREES)
        shapes.append({"type": "line", "x0": 0, "y0": 0, "x1": outer * np.cos(boundary),
                       "y1": outer * np.sin(boundary), "line": line, "layer": "below"})  # fmt: skip
        centre = np.radians(90 + (index + 0.5) * SECTOR_DEGREES)
        annotations.append({"x": (outer + 2) * np.cos(centre), "y": (outer + 2) * np.sin(centre),
                            "text": html.escape(texts.categories[category]), "showarrow": False,
                            "xanchor": "center", "yanchor": "middle", "font": {"size": 14, "color": "#111827"},
                            "bgcolor": "rgba(255,255,255,0.85)"})  # fmt: skip
    hidden = {"visible": False, "range": [-(outer + 6), outer + 6], "fixedrange": True}
    figure = go.Figure([points])
    figure.update_layout(**_layout(height), shapes=shapes, annotations=annotations, xaxis=hidden,
                         yaxis={**hidden, "scaleanchor": "x", "scaleratio": 1})  # fmt: skip
    return figure


def matrix_figure(table: TrendTable, lang: str, texts: ChartTexts, selected: Sequence[str] = (),
                  height: int = 460) -> go.Figure:  # fmt: skip
    """The 2×2: uncertainty to the right, impact upward; critical uncertainties top right."""
    ids = np.asarray(table.ids, dtype=object)
    x = table["uncertainty"].astype(float) + (_jitter(ids, "x") - 0.5) * 0.6
    y = table["impact"].astype(float) + (_jitter(ids, "y") - 0.5) * 0.6
    hover = np.asarray(_hover(table, lang, texts), dtype=object)
    traces = []
    for category in CATEGORIES:
        mask = table["category"] == category
        if not mask.any():
            continue
        traces.append(go.Scatter(
            x=x[mask], y=y[mask], mode="markers", name=texts.categories[category], customdata=ids[mask],
            hovertext=hover[mask], hovertemplate="%{hovertext}<extra></extra>",
            marker={"size": 11, "color": CATEGORY_COLOURS[category], "line": {"width": 1, "color": "#111827"},
                    "opacity": 0.85},
            selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 0.3}},
            selectedpoints=_selected_points(ids[mask], selected),
        ))  # fmt: skip
    figure = go.Figure(traces)
    axis = {"range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5], "zeroline": False, "showgrid": False,
            "linecolor": "#6b7280", "mirror": True, "fixedrange": True}  # fmt: skip
    figure.update_layout(
        **_layout(height),
        xaxis={**axis, "title": {"text": texts.uncertainty}},
        yaxis={**axis, "title": {"text": texts.impact}, "range": [0.1, 6.0]},
        legend={"orientation": "h", "y": -0.18, "x": 0, "font": {"size": 13}},
        shapes=[
            {
                "type": "line",
                "x0": HIGH - 0.5,
                "x1": HIGH - 0.5,
                "y0": 0.5,
                "y1": 5.5,
                "line": {"color": "#6b7280", "dash": "dot"},
            },
            {
                "type": "line",
                "x0": 0.5,
                "x1": 5.5,
                "y0": HIGH - 0.5,
                "y1": HIGH - 0.5,
                "line": {"color": "#6b7280", "dash": "dot"},
            },
            {
                "type": "rect",
                "x0": HIGH - 0.5,
                "x1": 5.5,
                "y0": HIGH - 0.5,
                "y1": 5.5,
                "fillcolor": "#fde68a",
                "opacity": 0.25,
                "line": {"width": 0},
                "layer": "below",
            },
        ],  # fmt: skip
        annotations=[
            {
                "x": x_pos,
                "y": y_pos,
                "text": html.escape(label),
                "showarrow": False,
                "xanchor": anchor,
                "font": {"size": 14, "color": "#374151"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
            for (x_pos, y_pos, anchor), label in zip(
                [(0.55, 5.45, "left"), (5.45, 5.45, "right"), (0.55, 0.55, "left"), (5.45, 0.55, "right")],
                texts.quadrants,
                strict=True,
            )
        ],  # fmt: skip
    )
    return figure


def quadrant_counts(table: TrendTable) -> tuple[int, int, int, int]:
    """Trends per quadrant (top left, top right, bottom left, bottom right)."""
    high_impact = table["impact"] >= HIGH
    high_uncertainty = table["uncertainty"] >= HIGH
    return (
        int((high_impact & ~high_uncertainty).sum()),
        int((high_impact & high_uncertainty).sum()),
        int((~high_impact & ~high_uncertainty).sum()),
        int((~high_impact & high_uncertainty).sum()),
    )
