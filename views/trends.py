"""Trends: filter the landscape, see it as a radar and a 2×2 matrix, open a trend, note why it matters.

Everything the group is looking at lives in the URL (see foresight/ui/trend_views/), so a link
reopens the same filters, selection and presentation slide.
"""

import streamlit as st

from foresight import trends
from foresight.errors import ForesightError
from foresight.ui.errors import show_error
from foresight.ui.resources import store
from foresight.ui.scroll_to import scroll_to
from foresight.ui.state import language, param_int, show_bad_params_notice, tr
from foresight.ui.trend_views import charts, deck, detail, edit, slides, state

lang = language()
workspace = store()

try:
    drivers = trends.drivers(workspace)
    wanted = state.read_filter([driver.id for driver in drivers])
    presenting = state.read_ids(workspace, "present", limit=1)
    chosen_deck = state.read_ids(workspace, "deck", limit=state.MAX_DECK)
    # A meeting's deck (its trends in its order) takes the filter's place until it is left.
    table = trends.deck_trends(workspace, chosen_deck) if chosen_deck else trends.filter_trends(workspace, wanted)
    slide = presenting[0] if presenting and table.position(presenting[0]) is not None else None
    if presenting and slide is None:
        st.warning(tr("trends.present_missing"), icon=":material/slideshow:")

    if slide:
        show_bad_params_notice()
        slides.presentation(workspace, table, slide, lang)
    else:
        st.title(tr("trends.title"))
        st.caption(tr("trends.intro"))
        chosen = state.filter_form(wanted, drivers, lang)
        if chosen != wanted:
            wanted, table, chosen_deck = chosen, trends.filter_trends(workspace, chosen), []
            selected, opened, page = [], state.read_ids(workspace, "trend", limit=1), 1
        else:
            selected = state.read_ids(workspace, "sel")
            opened = state.read_ids(workspace, "trend", limit=1)
            page = param_int("p", 1, 10_000, default=1)
        show_bad_params_notice()
        if trends.synthetic_count(workspace):
            st.warning(tr("trends.synthetic_note"), icon=":material/science:")
        count_col, present_col = st.columns([3, 1])
        count_col.write(tr("trends.count", shown=len(table), total=trends.trend_count(workspace)))
        if len(table):
            start = opened[0] if opened and table.position(opened[0]) is not None else table.ids[0]
            present_col.button(
                tr("trends.present"),
                key="present-start",
                help=tr("trends.present_help"),
                icon=":material/slideshow:",
                on_click=state.set_view,
                kwargs={"present": start},
            )
        if chosen_deck:
            deck.deck_bar(table, lang)
        deck.deck_chooser(workspace, table, chosen_deck, selected)
        if len(table) == 0:
            st.info(tr("trends.none_match"), icon=":material/filter_alt_off:")
        else:
            charts.charts(table, lang, selected or opened)  # the highlight is the trend the detail shows
        if opened:
            detail.detail_view(workspace, opened[0], lang)
            scroll_to("trend-detail", opened[0], key="trend_detail_scroll")  # below the charts: bring it up
        edit.edit_form(workspace, lang)

        st.header(tr("trends.cards"), divider="gray", anchor=False)
        shown = table
        if selected:
            shown = table.in_order([trend_id for trend_id in table.ids if trend_id in set(selected)])
            left, right = st.columns([3, 1])
            left.write(tr("trends.selected", count=len(selected)))
            right.button(
                tr("trends.clear_selection"), key="selection-clear", on_click=state.set_view, kwargs={"sel": None}
            )
        charts.cards(shown, lang, page, trends.relevant_ids(workspace))
        edit.new_trend_button()
        detail.notes_section(workspace, lang)
except ForesightError as error:
    show_error(error)
