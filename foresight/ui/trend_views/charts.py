"""The radar and the 2×2 matrix (clicking a point selects or opens a trend), and the trend cards."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from foresight.data.tables import CATEGORIES, TREND_LEVELS
from foresight.figures.trends import (
    LABEL_LIMIT,
    ChartTexts,
    chart_points,
    matrix_figure,
    quadrant_counts,
    radar_figure,
)
from foresight.i18n import enum_label
from foresight.text import escape_markdown
from foresight.trends import TrendTable
from foresight.ui.state import tr
from foresight.ui.trend_views.state import MAX_SELECTED, PER_PAGE, set_view

CHART_PX = 620  # the radar about 600 px across on a 1080p projector (it was 300)
LABEL_SCAN_LIMIT = 200  # with more trends in view no labels are placed (the selection is highlighted)

# -- charts -----------------------------------------------------------------------------------


def chart_texts(lang: str) -> ChartTexts:
    return ChartTexts(
        categories={value: enum_label("category", value, lang) for value in CATEGORIES},
        levels={value: enum_label("level", value, lang) for value in TREND_LEVELS},
        impact=tr("trends.impact"),
        uncertainty=tr("trends.uncertainty"),
        horizon=tr("trends.horizon"),
        quadrants=(tr("trends.q_plan"), tr("trends.q_critical"), tr("trends.q_low"), tr("trends.q_watch")),
    )


def _on_select(key: str) -> None:
    """A click or box selection in a chart: remember the chosen ids in the URL, open a single one."""
    points = st.session_state[key]["selection"]["points"]
    ids = []
    for point in points:
        value = point.get("customdata")
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, str):
            ids.append(value)
    ids = list(dict.fromkeys(ids))[:MAX_SELECTED]
    set_view(sel=ids, p=None, trend=ids[0] if len(ids) == 1 else None)


def labelled_trends(table: TrendTable, selected: list[str]) -> list[tuple[str, int]]:
    """The trends to label in the charts, numbered in the table's order: all of a small table (a
    meeting's deck: the numbers are the slide numbers), else the selected ones if few, else none."""
    if len(table) <= LABEL_LIMIT:
        return [(trend_id, number) for number, trend_id in enumerate(table.ids, start=1)]
    if not selected or len(selected) > LABEL_LIMIT or len(table) > LABEL_SCAN_LIMIT:
        return []
    chosen = set(selected)
    in_order = [trend_id for trend_id in table.ids if trend_id in chosen]
    return [(trend_id, number) for number, trend_id in enumerate(in_order, start=1)]


def label_list(table: TrendTable, labelled: list[tuple[str, int]], lang: str) -> None:
    """The numbered trends of the charts as a list: the numbers' key, and the charts' text alternative."""
    titles = table.titles(lang)
    lines = []
    for trend_id, number in labelled:
        row = table.position(trend_id)
        lines.append(
            tr(
                "trends.label_item",
                number=number,
                title=escape_markdown(str(titles[row])),
                impact=int(table["impact"][row]),
                uncertainty=int(table["uncertainty"][row]),
                horizon=int(table["horizon"][row]),
            )
        )
    with st.container(key="trend-label-list"):
        st.markdown(f"**{tr('trends.label_list')}**")
        st.markdown("\n".join(f"{number}. {line}" for (_, number), line in zip(labelled, lines, strict=True)))


def charts(table: TrendTable, lang: str, selected: list[str]) -> None:
    """Radar and matrix side by side, each with a caption (and alt text) that says what it shows."""
    texts = chart_texts(lang)
    points = chart_points(table, lang, texts)
    labelled = labelled_trends(table, selected)
    per_category = ", ".join(f"{texts.categories[c]} {int((table['category'] == c).sum())}" for c in CATEGORIES)
    radar_text = tr("trends.radar_caption", counts=per_category)
    plan, critical, low, watch = quadrant_counts(table)
    matrix_text = tr("trends.matrix_caption", critical=critical, plan=plan, watch=watch, low=low)
    options = {"selection_mode": ("points", "box"), "config": {"displaylogo": False}, "width": "stretch"}
    panels = (
        ("trend_radar", "trends.radar", radar_figure, radar_text),
        ("trend_matrix", "trends.matrix", matrix_figure, matrix_text),
    )
    # The radar gets the wider column and both the height of a projector's view: read across a room.
    for column, (key, title, figure, text) in zip(st.columns([3, 2]), panels, strict=True):
        with column:
            st.header(tr(title), anchor=False)
            st.plotly_chart(
                figure(table, lang, texts, selected, points=points, height=CHART_PX, labelled=labelled),
                key=key,
                on_select=_select(key),
                alt=text,
                **options,
            )
            st.caption(text)
    if labelled:
        label_list(table, labelled, lang)


def _select(key: str) -> Callable[[], None]:
    return lambda: _on_select(key)


# -- cards ------------------------------------------------------------------------------------


def _meta(level: str, category: str, horizon: int, impact: int, uncertainty: int, lang: str) -> str:
    return tr(
        "trends.card_meta",
        level=enum_label("level", level, lang),
        category=enum_label("category", category, lang),
        horizon=horizon,
        impact=impact,
        uncertainty=uncertainty,
    )


def cards(table: TrendTable, lang: str, page: int, relevant: set[str]) -> None:
    """A page of trend cards; the title is the button that opens the trend."""
    pages = max(1, -(-len(table) // PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PER_PAGE
    ids = table["id"][start : start + PER_PAGE]
    titles = table.titles(lang)
    columns = st.columns(3)
    for offset, trend_id in enumerate(ids):
        index = start + offset
        with columns[offset % 3].container(border=True, key=f"trend-card-{trend_id}"):
            st.button(
                escape_markdown(titles[index]),
                key=f"card-{trend_id}",
                on_click=set_view,
                kwargs={"trend": trend_id},
                type="tertiary",
            )
            meta = _meta(
                table["level"][index],
                table["category"][index],
                table["horizon"][index],
                table["impact"][index],
                table["uncertainty"][index],
                lang,
            )
            badge = f" · ★ {tr('trends.relevant_badge')}" if trend_id in relevant else ""
            st.caption(meta + badge)
    if pages > 1:
        back, where, forward = st.columns([1, 2, 1])
        back.button(
            tr("trends.previous_page"),
            key="cards-previous",
            disabled=page <= 1,
            on_click=set_view,
            kwargs={"p": page - 1 if page > 2 else None},
        )
        where.caption(tr("trends.page", page=page, pages=pages))
        forward.button(
            tr("trends.next_page"), key="cards-next", disabled=page >= pages, on_click=set_view, kwargs={"p": page + 1}
        )
