"""Presentation mode: one trend per slide, big type, previous and next."""

from __future__ import annotations

import streamlit as st

from foresight import trends
from foresight.i18n import enum_label
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.trends import TrendTable
from foresight.ui.layout import projector_mode
from foresight.ui.state import tr
from foresight.ui.trend_views.state import set_view

# Static style for presentation mode: enlarges the slide. No user text.
SLIDE_STYLE = """<style>
.st-key-framsyn-slide h1 { font-size: 3rem !important; line-height: 1.15 !important; padding-top: 0 !important; }
.st-key-framsyn-slide p { font-size: 1.6rem !important; line-height: 1.4 !important; }
.st-key-framsyn-slide [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
.st-key-framsyn-slide-nav button p { font-size: 1.3rem !important; }
</style>"""


# -- presentation -----------------------------------------------------------------------------


def presentation(store: Store, table: TrendTable, trend_id: str, lang: str) -> None:
    """One trend per screen in large type, with its position in the filtered list."""
    projector_mode()
    st.html(SLIDE_STYLE)
    position = table.position(trend_id)
    ids = table["id"]
    detail = trends.trend_detail(store, trend_id)
    parent = detail.parent_title(lang)
    drivers = ", ".join(escape_markdown(d.name_en if lang == "en" else d.name_sv) for d in detail.drivers)
    lines = [
        " · ".join(
            [
                enum_label("level", detail.level, lang),
                enum_label("category", detail.category, lang),
                f"{tr('trends.horizon')} {detail.horizon}",
            ]
        ),
        f"**{tr('trends.impact')}** {detail.impact}/5 · **{tr('trends.uncertainty')}** {detail.uncertainty}/5",
        f"**{tr('trends.parent')}:** {escape_markdown(parent)}" if parent else "",
        f"**{tr('trends.drivers')}:** {drivers}" if drivers else "",
    ]
    with st.container(key="framsyn-slide", gap="small"):
        st.caption(tr("trends.present_position", position=position + 1, count=len(table)))
        st.title(escape_markdown(detail.title(lang)), anchor=False)
        st.markdown(escape_markdown(detail.description(lang)))
        st.markdown("  \n".join(line for line in lines if line))
    with st.container(key="framsyn-slide-nav", horizontal=True):
        # Arrow keys and Esc, as in any slide show; the buttons stay for touch and Tab.
        st.button(
            tr("trends.present_previous"),
            key="slide-previous",
            disabled=position == 0,
            icon=":material/arrow_back:",
            shortcut="Left",
            on_click=set_view,
            kwargs={"present": ids[position - 1] if position else None},
        )
        st.button(
            tr("trends.present_next"),
            key="slide-next",
            disabled=position >= len(table) - 1,
            icon=":material/arrow_forward:",
            shortcut="Right",
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
            kwargs={"present": None, "trend": trend_id},
        )
