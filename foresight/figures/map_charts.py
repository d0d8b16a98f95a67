"""The map page's plotly charts: the regions side by side, and activities per year."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from foresight.data.tables import ACTIVITY_TYPES
from foresight.figures.map import AreaValue
from foresight.i18n import enum_label, t
from foresight.text import escape_plotly


def separators(lang: str) -> str:
    """plotly's decimal and thousands marks: 1 234,5 in Swedish, 1,234.5 in English."""
    return ", " if lang == "sv" else ".,"


def _count_axis(top: float) -> dict:
    """An axis of counts: whole-number ticks only (never 0,5 activities)."""
    axis: dict = {"tickformat": ",d", "hoverformat": ",d", "rangemode": "tozero"}
    if top <= 10:
        axis |= {"tick0": 0, "dtick": 1}
    return axis


def comparison_chart(region_rows: Sequence[AreaValue], per_capita: bool, selected: str | None, lang: str) -> go.Figure:
    """Horizontal bars, one per region, largest on top; the selected region dark."""
    ordered = sorted(
        ((row.value, row.name, row.code) for row in region_rows),
        key=lambda row: (row[0], [-ord(char) for char in row[1]]),
    )
    axis = t("map.axis_per_capita" if per_capita else "map.axis_count", lang)
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": [row[0] for row in ordered],
        "y": [escape_plotly(row[1]) for row in ordered],  # a region name from an import is shown as text
        "marker": {"color": ["#111827" if row[2] == selected else "#3182bd" for row in ordered]},
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>" if per_capita else "%{y}: %{x:,d}<extra></extra>",
    }
    top = max([row[0] for row in ordered] + [0])
    x_axis = {
        "title": {"text": axis},
        **({"hoverformat": ",.1f", "rangemode": "tozero"} if per_capita else _count_axis(top)),
    }
    layout = {
        "height": 560,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "xaxis": x_axis,
        "separators": separators(lang),
    }
    return go.Figure({"data": [bar], "layout": layout})


def timeline_chart(yearly: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars: activities per year, one colour per activity type."""
    by_type: dict[str, tuple[list[int], list[int]]] = {}
    for year, kind, count in yearly[["year", "activity_type", "count"]].itertuples(index=False):
        years, counts = by_type.setdefault(kind, ([], []))
        years.append(int(year))
        counts.append(int(count))
    traces = [
        {
            "type": "bar",
            "name": enum_label("activity_type", kind, lang),
            "x": by_type[kind][0],
            "y": by_type[kind][1],
            "hovertemplate": "%{fullData.name}: %{y:,d}<extra>%{x:d}</extra>",
            "width": 0.8,  # one year wide at most, also when the years with activities lie far apart
        }
        for kind in ACTIVITY_TYPES
        if kind in by_type
    ]
    per_year: dict[int, int] = {}
    for years, counts in by_type.values():
        for year, count in zip(years, counts, strict=True):
            per_year[year] = per_year.get(year, 0) + count
    layout = {
        "barmode": "stack",
        "height": 360,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        # A year is written without a thousands mark (2 023 in Swedish would be wrong).
        "xaxis": {"title": {"text": t("map.axis_year", lang)}, "dtick": 1, "tickformat": "d", "hoverformat": "d"},
        "yaxis": {"title": {"text": t("map.axis_count", lang)}, **_count_axis(max(per_year.values(), default=0))},
        "separators": separators(lang),
    }
    return go.Figure({"data": traces, "layout": layout})
