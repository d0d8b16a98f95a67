"""Presentation mode: one trend per slide, big type, previous and next."""

from __future__ import annotations

import streamlit as st

from foresight import trends
from foresight.figures.trends import matrix_figure
from foresight.i18n import enum_label
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.trends import TrendTable
from foresight.ui import projector
from foresight.ui.layout import projector_mode
from foresight.ui.slide_keys import slide_keys
from foresight.ui.state import tr
from foresight.ui.trend_views.charts import chart_texts
from foresight.ui.trend_views.state import set_view

SLIDE_CHART_PX = 600  # under the top of a 720p screen; at 1080p more than half the height
SLIDE_TEXT_PX = 32  # the chart's words read from the back row, as every text on a slide


# -- presentation -----------------------------------------------------------------------------


def presentation(store: Store, table: TrendTable, trend_id: str, lang: str) -> None:
    """One trend per screen: its text left, its place on the impact × uncertainty matrix right."""
    projector_mode()
    projector.slide_style()
    position = table.position(trend_id)
    ids = table["id"]
    detail = trends.trend_detail(store, trend_id)
    parent = detail.parent_title(lang)
    level = enum_label("level", detail.level, lang)
    drivers = ", ".join(escape_markdown(d.name_en if lang == "en" else d.name_sv) for d in detail.drivers)
    lines = [
        " · ".join([enum_label("category", detail.category, lang), f"{tr('trends.horizon')} {detail.horizon}"]),
        f"**{tr('trends.impact')}** {detail.impact}/5 · **{tr('trends.uncertainty')}** {detail.uncertainty}/5",
        f"**{tr('trends.parent')}:** {escape_markdown(parent)}" if parent else "",
        f"**{tr('trends.drivers')}:** {drivers}" if drivers else "",
    ]
    text_column, chart_column = st.columns(2, gap="large")
    with text_column, st.container(key="framsyn-slide", gap="small"):
        st.caption(tr("trends.present_position", level=level, position=position + 1, count=len(table)))
        st.title(escape_markdown(detail.title(lang)), anchor=False)
        st.markdown(escape_markdown(detail.description(lang)))
        st.markdown("  \n".join(line for line in lines if line))
    with chart_column, st.container(key="framsyn-slide-chart", height=SLIDE_CHART_PX, border=False):
        texts = chart_texts(lang)
        figure = matrix_figure(table, lang, texts, [trend_id], height=SLIDE_CHART_PX, text_px=SLIDE_TEXT_PX)
        figure.update_layout(showlegend=False)  # the category is in the text beside it
        st.plotly_chart(
            figure,
            key="slide_matrix",
            height="stretch",  # the container's height
            config={"displayModeBar": False, "staticPlot": True},
            alt=tr(
                "trends.slide_chart_alt",
                title=detail.title(lang),
                impact=detail.impact,
                uncertainty=detail.uncertainty,
            ),
        )
    # PageDown/PageUp, Space, arrows, Home/End and B, as presentation software; buttons for touch and Tab.
    slide_keys(
        table.ids, lambda: st.query_params.get("present"), lambda moved: set_view(present=moved), key="slide-keys"
    )
    with st.container(key="framsyn-slide-nav", horizontal=True):
        st.button(
            tr("trends.present_previous"),
            key="slide-previous",
            disabled=position == 0,
            icon=":material/arrow_back:",
            help=tr("trends.present_keys"),
            on_click=set_view,
            kwargs={"present": ids[position - 1] if position else None},
        )
        st.button(
            tr("trends.present_next"),
            key="slide-next",
            disabled=position >= len(table) - 1,
            icon=":material/arrow_forward:",
            on_click=set_view,
            kwargs={"present": ids[min(position + 1, len(table) - 1)]},
            type="primary",
        )
        st.button(
            tr("trends.present_exit"),
            key="slide-exit",
            icon=":material/close:",
            shortcut="Esc",
            on_click=set_view,
            kwargs={"present": None, "trend": trend_id, "sel": None},  # the page highlights what the slide showed
        )
