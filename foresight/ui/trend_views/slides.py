"""Presentation mode: one trend per slide, big type, previous and next.

The slide keeps every line above the fold of a 16:9 screen (1920×1080 or 1280×720), whatever a
trend's texts hold: its facts and scores come right under the title, then the group's note, then
the description, and the last two are shortened (at a word, with a visible "continues on the
trend page") to the lines left. Lines are counted from the characters a line holds at the
slide's type size (`LINE_CHARS`, on the safe side), so the cut is made on the server and the
room never sees a text run off the bottom.
"""

from __future__ import annotations

import streamlit as st

from foresight import trends
from foresight.figures.trends import LABEL_LIMIT, SLIDE_PLOT_PX, matrix_figure
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
LINE_CHARS = 46  # characters in a line of the text column at the slide's body type (about 57 fit)
TITLE_CHARS = 24  # … and at the title's type (about 31 fit)
TITLE_LINES = 3  # a longer title is cut by the style (projector._SLIDE_CSS)
TITLE_LINE_HEIGHT = 1.6  # a title line in body lines
BODY_LINES = 22  # body lines that fit under the top padding at 1080p (25 do; gaps and margins take the rest)
NOTE_LINES = 3  # the group's note gets at most this many


def _lines(text: str, per_line: int) -> int:
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")) if text else 0


def shorten(text: str, lines: int, per_line: int = LINE_CHARS) -> tuple[str, bool]:
    """`text` cut at a word to fit `lines` lines (and whether it was cut)."""
    if _lines(text, per_line) <= lines:
        return text, False
    limit = max(per_line, lines * per_line - 4)
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:–-") + " …", True


def _numbers(ids: list[str], shown: str) -> list[tuple[str, int]]:
    """The deck's slide numbers for the matrix, the slide shown first (its number is placed first)."""
    numbered = list(zip(ids, range(1, len(ids) + 1), strict=True))
    return sorted(numbered, key=lambda pair: pair[0] != shown)


def _note_line(store: Store, trend_id: str) -> str:
    """The group's newest note in one line (priority, then the comment), or "" when there is none."""
    mark = trends.current_mark(store, trend_id)
    if not mark:
        return ""
    relevant, priority, comment = mark
    parts = [
        f"{tr('trends.note_priority')} {tr(f'trends.priority.{priority}')}",
        tr("trends.note_relevant") if relevant else "",
        comment.strip(),
    ]
    return " · ".join(part for part in parts if part)


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
    drivers = ", ".join(d.name_en if lang == "en" else d.name_sv for d in detail.drivers)
    facts = [
        " · ".join([enum_label("category", detail.category, lang), f"{tr('trends.horizon')} {detail.horizon}"]),
        f"**{tr('trends.impact')}** {detail.impact}/5 · **{tr('trends.uncertainty')}** {detail.uncertainty}/5",
        f"**{tr('trends.parent')}:** {escape_markdown(parent)}" if parent else "",
        f"**{tr('trends.drivers')}:** {escape_markdown(drivers)}" if drivers else "",
    ]
    title = detail.title(lang)
    used = 1 + min(_lines(title, TITLE_CHARS), TITLE_LINES) * TITLE_LINE_HEIGHT
    used += sum(_lines(fact.replace("**", ""), LINE_CHARS) for fact in facts if fact)
    note = _note_line(store, trend_id)
    if note:
        note, _ = shorten(note, NOTE_LINES)
        used += _lines(note, LINE_CHARS)
    description, cut = shorten(detail.description(lang), max(2, int(BODY_LINES - used) - 1))
    text_column, chart_column = st.columns(2, gap="large")
    with text_column, st.container(key="framsyn-slide", gap="small"):
        st.caption(tr("trends.present_position", level=level, position=position + 1, count=len(table)))
        st.title(escape_markdown(title), anchor=False)
        st.markdown("  \n".join(fact for fact in facts if fact))  # the scores before any long text
        if note:
            st.markdown(f"**{tr('trends.slide_note')}:** {escape_markdown(note)}")
        continued = f" *({tr('trends.slide_continued')})*" if cut else ""
        st.markdown(escape_markdown(description) + continued)
    numbered = len(table) <= LABEL_LIMIT
    with chart_column, st.container(key="framsyn-slide-chart", height=SLIDE_CHART_PX, border=False):
        texts = chart_texts(lang)
        figure = matrix_figure(
            table,
            lang,
            texts,
            [trend_id],
            height=SLIDE_CHART_PX,
            text_px=SLIDE_TEXT_PX,
            labelled=_numbers(table.ids, trend_id) if numbered else (),
            plot_px=SLIDE_PLOT_PX,
            numbers_only=True,  # the slide numbers: the title is the slide's own
        )
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
            )
            + (" " + tr("trends.slide_numbers") if numbered else ""),
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
