"""Figures of the trend explorer: the trend radar and the impact × uncertainty matrix.

Both are built with `plotly.graph_objects` straight from the numpy columns of a `TrendTable`
(plotly.express on a DataFrame costs four times as much for 2,000 points). Labels are drawn
only for the few trends the caller names (a meeting's deck, a selection: `labelled`), placed by
`figures.labels` so that none overlaps a marker, a fixed text or another label; a title that
does not fit becomes the trend's number, which the page lists beside the chart. With hundreds of
trends no label is asked for and the figure costs what it did: titles appear on hover. Points are spread inside their
cell by a jitter derived from the trend id (crc32), so the same trend always sits in the same
place and a screenshot is reproducible. Every human text arrives from the page already
translated; trend titles are HTML-escaped because plotly renders a subset of HTML in hover text.
"""

from __future__ import annotations

import html
import textwrap
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from foresight.data.tables import CATEGORIES
from foresight.figures.labels import Box, Placed, place_labels, text_size
from foresight.text import escape_plotly
from foresight.trends import TrendTable

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, dark enough on white.
CATEGORY_COLOURS = {
    "social": "#0072B2",
    "technological": "#D55E00",
    "economic": "#009E73",
    "environmental": "#56B4E9",
    "political": "#CC79A7",
    "values": "#8a6d00",
}
SECTOR_DEGREES = 360 / len(CATEGORIES)
FIRST_HORIZON = 2020
_SECTOR = {category: index for index, category in enumerate(CATEGORIES)}
# Marker shape by level (plotly symbol numbers): megatrend diamond, trend circle, weak signal triangle.
LEVEL_SYMBOLS = {"megatrend": 2, "trend": 0, "weak_signal": 5}
HIGH = 4  # impact or uncertainty of 4 or 5 is "high": the quadrant lines run at 3.5
APP_FONT = '"Source Sans", sans-serif'  # Streamlit's bundled theme font: the charts read like the page
TEXT_PX = 16  # chart text on the page; a projector slide passes 32 (read from the back row)
LABEL_PX = 14  # a point's label on the page (a slide's labels take the slide's text size)
LABEL_LIMIT = 24  # at most this many points are labelled in one chart
# The narrowest plot the labels are placed for: the radar in the page's 3/5 column and the matrix
# in its 2/5 column at a 1280 px window, the slide's half screen at 1280×720. A wider plot only
# moves the labels apart (figures.labels).
RADAR_PLOT_PX = 420
MATRIX_PLOT_PX = 200
SLIDE_PLOT_PX = 440


@dataclass(frozen=True)
class ChartTexts:
    """Translated words the figures need (axis titles, quadrant names, category labels)."""

    categories: Mapping[str, str]
    levels: Mapping[str, str]
    impact: str
    uncertainty: str
    horizon: str
    quadrants: tuple[str, str, str, str]  # top left, top right, bottom left, bottom right


@lru_cache(maxsize=65536)
def _spread(trend_id: str) -> tuple[float, float]:
    """Two stable numbers in [0, 1) for a trend id: where it sits inside its cell."""
    code = zlib.crc32(trend_id.encode())
    return (code & 0xFFFF) / 65536, (code >> 16) / 65536


@lru_cache(maxsize=65536)
def _escaped(text: str) -> str:
    return escape_plotly(text)


@lru_cache(maxsize=1024)
def _meta(level: str, category: str, horizon: int) -> str:
    return f"{level} · {category} · {horizon}"


@dataclass(frozen=True)
class ChartPoints:
    """Per point: id (read back on selection), escaped title, a short hover line, the stable spread.

    Strings are what a figure costs: plotly deep-copies the data twice and JSON-encodes it twice
    on its way to the browser, while numeric arrays travel as base64 blocks. So the points carry
    only three short strings (numbers in the hover come from numeric attributes), as fixed-width
    numpy string arrays that copy in one block; the per-trend pieces are memoised pure functions.
    """

    ids: np.ndarray
    titles: np.ndarray
    meta: np.ndarray
    spread_a: np.ndarray
    spread_b: np.ndarray
    symbols: np.ndarray


def chart_points(table: TrendTable, lang: str, texts: ChartTexts) -> ChartPoints:
    """The per-point data both figures share; build it once per rerun and pass it to both."""
    ids = [str(trend_id) for trend_id in table["id"]]
    levels = {key: _escaped(value) for key, value in texts.levels.items()}
    categories = {key: _escaped(value) for key, value in texts.categories.items()}
    meta = [
        _meta(levels[level], categories[category], int(horizon))
        for level, category, horizon in zip(table["level"], table["category"], table["horizon"], strict=True)
    ]
    spread = np.array([_spread(trend_id) for trend_id in ids], dtype=float).reshape(-1, 2)
    return ChartPoints(
        ids=np.array(ids, dtype=str),
        titles=np.array([_escaped(str(t)) for t in table.titles(lang)], dtype=str),
        meta=np.array(meta, dtype=str),
        spread_a=spread[:, 0],
        spread_b=spread[:, 1],
        symbols=np.array([LEVEL_SYMBOLS[level] for level in table["level"]], dtype=np.int8),
    )


def _hovertemplate(texts: ChartTexts, impact: str, uncertainty: str) -> str:
    """Title, level · category · horizon, then impact and uncertainty read from numeric attributes."""
    return (
        f"<b>%{{text}}</b><br>%{{hovertext}}<br>{_escaped(texts.impact)} {impact} · "
        f"{_escaped(texts.uncertainty)} {uncertainty}<extra></extra>"
    )


def _font(text_px: int, colour: str = "#111827") -> dict:
    return {"family": APP_FONT, "size": text_px, "color": colour}


def _category_colours(table: TrendTable) -> dict:
    """Marker colours by category, the same in both charts (one colour meaning across the page)."""
    colours = [CATEGORY_COLOURS[category] for category in CATEGORIES]
    steps = len(CATEGORIES)
    return {
        "color": np.array([_SECTOR[c] for c in table["category"]], dtype=np.int8),
        "cmin": -0.5,
        "cmax": steps - 0.5,
        "colorscale": [[edge / steps, colours[index]] for index in range(steps) for edge in (index, index + 1)],
        "showscale": False,
    }


def _layout(height: int, text_px: int = TEXT_PX) -> dict:
    return {
        "height": height,
        "margin": {"l": 50 + 2 * text_px, "r": 20, "t": 20, "b": 30},
        "font": _font(text_px),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "uirevision": "trends",
        "hoverlabel": {"font": _font(max(16, text_px)), "bgcolor": "#ffffff", "bordercolor": "#111827"},
    }


def _selected_points(ids: np.ndarray, selected: Sequence[str]) -> list[int] | None:
    """Indices of the selected trends, so a shared link shows the same points highlighted."""
    if not selected:
        return None
    return np.flatnonzero(np.isin(ids, list(selected))).tolist()


def radar_figure(
    table: TrendTable,
    lang: str,
    texts: ChartTexts,
    selected: Sequence[str] = (),
    height: int = 460,
    points: ChartPoints | None = None,
    text_px: int = TEXT_PX,
    labelled: Sequence[tuple[str, int]] = (),
    plot_px: int = RADAR_PLOT_PX,
) -> go.Figure:
    """Sectors are categories, rings the time horizon (near years inside), size impact, colour category.

    Colour means category here as in the matrix (uncertainty is the matrix's horizontal axis), so
    one legend reads for both charts.

    Drawn on cartesian axes (points placed by their polar coordinates, rings and sector lines as
    shapes) because Streamlit's click selection works on cartesian plots but not on polar ones.
    """
    points = points or chart_points(table, lang, texts)
    sector = np.array([_SECTOR[value] for value in table["category"]], dtype=float)
    degrees = sector * SECTOR_DEGREES + 5 + points.spread_a * (SECTOR_DEGREES - 10)
    radius = table["horizon"].astype(float) - FIRST_HORIZON + (points.spread_b - 0.5) * 3
    outer = max(int(table["horizon"].max()) if len(table) else 2060, 2050) - FIRST_HORIZON + 4
    angle = np.radians(90 + degrees)  # the first sector starts at the top, counter-clockwise
    trace = {
        "type": "scatter",
        "x": radius * np.cos(angle),
        "y": radius * np.sin(angle),
        "mode": "markers",
        "customdata": points.ids,
        "text": points.titles,
        "hovertext": points.meta,
        # Impact from the marker size; uncertainty is the matrix's axis, not repeated here.
        "hovertemplate": (
            f"<b>%{{text}}</b><br>%{{hovertext}}<br>{_escaped(texts.impact)} %{{marker.size}}<extra></extra>"
        ),
        "marker": {
            "size": table["impact"],
            "sizemode": "diameter",
            "sizeref": 1 / 4.5 / (text_px / TEXT_PX) ** 0.5,
            "sizemin": 4,
            "symbol": points.symbols,
            **_category_colours(table),
            "opacity": 0.85,
            "line": {"width": 1, "color": "#111827"},
        },
        "selected": {"marker": {"opacity": 1}},
        "unselected": {"marker": {"opacity": 0.35}},
        "showlegend": False,
        "selectedpoints": _selected_points(points.ids, selected),
    }
    line = {"color": "#9aa5b1", "width": 1}
    shapes = [
        {"type": "circle", "x0": -ring, "y0": -ring, "x1": ring, "y1": ring, "line": line, "layer": "below"}
        for ring in [*range(10, outer, 10), outer]
    ]
    annotations = [
        {
            "x": 0,
            "y": ring,
            "text": str(FIRST_HORIZON + ring),
            "showarrow": False,
            "yanchor": "bottom",
            "font": _font(max(12, text_px - 3), "#374151"),
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        for ring in range(10, outer, 10)
    ]
    for index, category in enumerate(CATEGORIES):
        boundary = np.radians(90 + index * SECTOR_DEGREES)
        shapes.append(
            {
                "type": "line",
                "x0": 0,
                "y0": 0,
                "x1": outer * np.cos(boundary),
                "y1": outer * np.sin(boundary),
                "line": line,
                "layer": "below",
            }
        )
        centre = np.radians(90 + (index + 0.5) * SECTOR_DEGREES)
        annotations.append(
            {
                "x": (outer + 2) * np.cos(centre),
                "y": (outer + 2) * np.sin(centre),
                "text": escape_plotly(texts.categories[category]),
                "showarrow": False,
                "xanchor": "center",
                "yanchor": "middle",
                "font": _font(text_px),
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    hidden = {"visible": False, "range": [-(outer + 6), outer + 6], "fixedrange": True}
    if labelled:
        span = (-(outer + 6), outer + 6)
        side = min(plot_px, height - 50)  # square: the axes are tied (scaleanchor)
        marker_px = np.maximum(table["impact"].astype(float) * 4.5 * (text_px / TEXT_PX) ** 0.5, 4)  # as drawn
        annotations += _labels(
            trace["x"], trace["y"], (span, span), (side, side), table, lang, labelled, text_px, marker_px, annotations
        )
    layout = {
        **_layout(height, text_px),
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": hidden,
        "yaxis": {**hidden, "scaleanchor": "x", "scaleratio": 1},
    }
    return _figure([trace], layout)


def matrix_figure(
    table: TrendTable,
    lang: str,
    texts: ChartTexts,
    selected: Sequence[str] = (),
    height: int = 460,
    points: ChartPoints | None = None,
    text_px: int = TEXT_PX,
    labelled: Sequence[tuple[str, int]] = (),
    plot_px: int = MATRIX_PLOT_PX,
    numbers_only: bool = False,
) -> go.Figure:
    """The 2×2: uncertainty to the right, impact upward; critical uncertainties top right."""
    points = points or chart_points(table, lang, texts)
    x = table["uncertainty"].astype(float) + (points.spread_a - 0.5) * 0.6
    y = table["impact"].astype(float) + (points.spread_b - 0.5) * 0.6
    marker_px = round(11 * (text_px / TEXT_PX) ** 0.5)
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": y,
            "mode": "markers",
            "showlegend": False,
            "customdata": points.ids,
            "text": points.titles,
            "hovertext": points.meta,
            "hovertemplate": _hovertemplate(texts, "%{y:.0f}", "%{x:.0f}"),
            "marker": {
                "size": marker_px,
                "symbol": points.symbols,
                **_category_colours(table),
                "opacity": 0.85,
                "line": {"width": 1, "color": "#111827"},
            },
            "selected": {"marker": {"opacity": 1, **({"size": marker_px * 2} if text_px > TEXT_PX else {})}},
            "unselected": {"marker": {"opacity": 0.3}},
            "selectedpoints": _selected_points(points.ids, selected),
        }
    ]
    for category in CATEGORIES:  # legend entries only: one empty trace per category
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "name": escape_plotly(texts.categories[category]),
                "marker": {
                    "size": marker_px,
                    "color": CATEGORY_COLOURS[category],
                    "line": {"width": 1, "color": "#111827"},
                },
                "hoverinfo": "skip",
                "showlegend": True,
            }
        )
    axis = {
        "range": [0.5, 5.5],
        "tickvals": [1, 2, 3, 4, 5],
        "zeroline": False,
        "showgrid": False,
        "linecolor": "#6b7280",
        "mirror": True,
        "fixedrange": True,
        "tickfont": _font(text_px),
    }
    middle = HIGH - 0.5
    # Large text (a slide) wraps the quadrant names and gives them a band above and below the points.
    big = text_px > TEXT_PX
    top_edge, top_label, low_edge, low_label = (6.9, 6.2, -0.6, 0.0) if big else (6.0, 5.75, 0.1, 0.3)
    dotted = {"color": "#6b7280", "dash": "dot"}
    layout = {
        **_layout(height, text_px),
        "xaxis": {**axis, "title": {"text": escape_plotly(texts.uncertainty), "font": _font(text_px)}},
        "yaxis": {
            **axis,
            "title": {"text": escape_plotly(texts.impact), "font": _font(text_px)},
            "range": [low_edge, top_edge],
        },
        "legend": {
            "orientation": "h",
            "y": -0.12 - 0.006 * text_px,
            "x": 0,
            "font": _font(text_px),
            "itemclick": False,
            "itemdoubleclick": False,
        },
        "shapes": [
            {"type": "line", "x0": middle, "x1": middle, "y0": low_edge, "y1": top_edge, "line": dotted},
            {"type": "line", "x0": 0.5, "x1": 5.5, "y0": middle, "y1": middle, "line": dotted},
            {
                "type": "rect",
                "x0": middle,
                "x1": 5.5,
                "y0": middle,
                "y1": top_edge,
                "fillcolor": "#fde68a",
                "opacity": 0.25,
                "line": {"width": 0},
                "layer": "below",
            },
        ],
        "annotations": [
            {
                "x": x_pos,
                "y": y_pos,
                "text": "<br>".join(html.escape(line) for line in _label_lines(label, text_px)),
                "showarrow": False,
                "font": _font(text_px, "#1f2937"),
            }
            for (x_pos, y_pos), label in zip(
                [(2.0, top_label), (4.5, top_label), (2.0, low_label), (4.5, low_label)], texts.quadrants, strict=True
            )
        ],
    }
    if labelled:
        # The plot's height without the margins, the tick labels, the axis title and a legend of three rows.
        legend_px = 0 if numbers_only else 5 * text_px
        plot_height = height - 50 - 4 * text_px - legend_px
        sizes = np.full(len(table), float(marker_px))
        if big and selected:  # a slide draws its trend's marker twice as large
            sizes[np.isin(points.ids, list(selected))] *= 2
        layout["annotations"] += _labels(
            x,
            y,
            ((0.5, 5.5), (low_edge, top_edge)),
            (plot_px, plot_height),
            table,
            lang,
            labelled,
            text_px,
            sizes,
            layout["annotations"],
            numbers_only=numbers_only,
        )
    return _figure(traces, layout)


def _labels(
    x: np.ndarray,
    y: np.ndarray,
    ranges: tuple[tuple[float, float], tuple[float, float]],
    plot: tuple[float, float],
    table: TrendTable,
    lang: str,
    labelled: Sequence[tuple[str, int]],
    text_px: int,
    marker_px: float | np.ndarray,
    fixed_texts: list[dict],
    numbers_only: bool = False,
) -> list[dict]:
    """Annotations that label the `labelled` trends (id, number) without overlaps (figures.labels)."""
    (x0, x1), (y0, y1) = ranges
    width, height = plot
    px = (np.asarray(x, dtype=float) - x0) / (x1 - x0) * width
    py = (y1 - np.asarray(y, dtype=float)) / (y1 - y0) * height
    label_px = text_px if text_px > TEXT_PX else LABEL_PX
    fixed = []
    for text in fixed_texts:  # the chart's own words (quadrant names, rings, sectors) are obstacles
        lines = str(text["text"]).split("<br>")
        w, h = text_size(lines, text["font"]["size"])
        cx = (text["x"] - x0) / (x1 - x0) * width
        cy = (y1 - text["y"]) / (y1 - y0) * height
        top = cy - h if text.get("yanchor") == "bottom" else cy - h / 2
        fixed.append(Box(cx - w / 2, top, cx + w / 2, top + h, cx, cy))
    index = {trend_id: n for n, trend_id in enumerate(table["id"])}
    titles = table.titles(lang)
    wanted = [(index[trend_id], str(titles[index[trend_id]]), str(number)) for trend_id, number in labelled]
    sizes = marker_px.tolist() if isinstance(marker_px, np.ndarray) else marker_px
    placed = place_labels(list(zip(px, py, strict=True)), wanted, plot, label_px, sizes, fixed, numbers_only)
    return [_annotation(label, float(x[label.index]), float(y[label.index]), label_px) for label in placed]


def _annotation(label: Placed, x: float, y: float, text_px: int) -> dict:
    return {
        "x": x,
        "y": y,
        "text": "<br>".join(_escaped(line) for line in label.lines),
        "showarrow": False,
        "xanchor": label.side_x,
        "yanchor": label.side_y,
        "xshift": label.dx,
        "yshift": -label.dy,  # plotly's shift is upward
        "align": "left" if label.side_x == "left" else "right" if label.side_x == "right" else "center",
        "font": _font(text_px, "#111827"),
        "bgcolor": "rgba(255,255,255,0.85)",
        "borderpad": 1,
    }


def _label_lines(label: str, text_px: int) -> list[str]:
    """A quadrant name in lines: as written on the page, wrapped to ~12 characters when the text is large."""
    lines = label.split("\n")
    if text_px > TEXT_PX:
        lines = [part for line in lines for part in (textwrap.wrap(line, 12) or [""])]
    return lines


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts, skipping plotly's per-attribute validation (most of the build cost).

    The dicts are written here with known-good attribute names, and a test renders them through
    a validating `go.Figure` to catch a typo.
    """
    return go.Figure(data=traces, layout=layout, _validate=False)


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
