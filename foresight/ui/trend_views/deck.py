"""A meeting's deck: the trends the secretary picks for the meeting, in her order, and its link.

The deck is URL state (`deck=id,id,…`), like the filters: the link is what is kept, pasted into
the meeting's invitation or agenda, and it opens exactly that deck (with `present`, its first
slide). No stored selection: a link needs no name, no owner and no clean-up, and it reopens
the same deck on any computer in the room. Ids in a link that do not exist are dropped with the
page's notice about the link (state.read_ids).
"""

from __future__ import annotations

import streamlit as st

from foresight import links, trends
from foresight.pages import TRENDS
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.trends import TrendTable
from foresight.ui.layout import lazy_expander
from foresight.ui.state import language, tr
from foresight.ui.trend_views.state import MAX_DECK, set_view

PICK_KEY = "deck-pick"


def deck_link(ids: list[str], lang: str) -> str:
    """The absolute link that opens the deck at its first slide."""
    base = links.public_base(st.context.url, st.context.headers.get("Host"))
    return base + links.page_path(TRENDS, lang, deck=",".join(ids), present=ids[0])


def deck_bar(deck: TrendTable, lang: str) -> None:
    """While a deck is shown: what it is, its link to copy, and the way back to every trend."""
    with st.container(border=True, key="trend-deck"):
        st.markdown(f"**{tr('trends.deck_title')}** · {tr('trends.deck_count', count=len(deck))}")
        st.caption(tr("trends.deck_link_help"))
        st.code(deck_link(deck.ids, lang), language=None, wrap_lines=True)
        st.button(
            tr("trends.deck_leave"),
            key="deck-leave",
            icon=":material/filter_alt_off:",
            on_click=set_view,
            kwargs={"deck": None, "sel": None, "trend": None, "p": None},
        )


def _take(ids: list[str]) -> None:
    st.session_state[PICK_KEY] = list(dict.fromkeys([*st.session_state.get(PICK_KEY, []), *ids]))[:MAX_DECK]


def _use() -> None:
    picked = list(st.session_state.get(PICK_KEY, []))
    set_view(deck=picked, sel=None, trend=None, p=None, present=None)


def deck_chooser(store: Store, table: TrendTable, deck: list[str], selected: list[str]) -> None:
    """Pick the meeting's trends (by hand, the filtered ones, the selected ones); built only when opened."""
    box = lazy_expander(tr("trends.deck_choose"), key="deck-chooser", icon=":material/playlist_add_check:")
    if box is None:
        return
    with box:
        every = trends.filter_trends(store, trends.TrendFilter())
        titles = dict(zip(every.ids, (str(title) for title in every.titles(language())), strict=True))
        if PICK_KEY not in st.session_state:
            st.session_state[PICK_KEY] = list(deck)
        st.multiselect(
            tr("trends.deck_pick"),
            list(titles),
            format_func=titles.get,
            key=PICK_KEY,
            max_selections=MAX_DECK,
            placeholder=tr("trends.deck_pick_placeholder"),
            help=tr("trends.deck_pick_help", limit=MAX_DECK),
        )
        filtered, chosen = table.ids[:MAX_DECK], selected[:MAX_DECK]
        with st.container(horizontal=True):
            for name, ids in (("filtered", filtered), ("selected", chosen)):
                st.button(
                    tr(f"trends.deck_take_{name}", count=len(ids)),
                    key=f"deck-take-{name}",
                    disabled=not ids,
                    on_click=_take,
                    args=(ids,),
                )
            st.button(
                tr("trends.deck_clear"), key="deck-clear", on_click=st.session_state.update, args=({PICK_KEY: []},)
            )
        if len(table) > MAX_DECK:
            st.caption(tr("trends.deck_first_only", limit=MAX_DECK))
        st.button(
            tr("trends.deck_use"),
            key="deck-use",
            type="primary",
            icon=":material/slideshow:",
            disabled=not st.session_state.get(PICK_KEY),
            on_click=_use,
        )
        st.caption(escape_markdown(tr("trends.deck_use_help")))
