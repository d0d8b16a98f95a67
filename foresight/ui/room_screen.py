"""The room's screen (projector): whatever is live in the workshop, with the room's one QR code.

`/vote?room=CODE` shows the workshop's live step (`foresight.workshops.room.live_step`), refreshed
every half second: during a postcard round the round's title and a running count of the cards
received, during a vote (and after it closes) the vote's screen (status, counts, tally when shown),
else the workshop's title and a line asking the room to scan. The QR code and the code in letters
stay on the right all day: the phones that scan it follow the room by themselves (`/room/CODE`).
Sized like the vote's screen (`foresight.ui.projector`: every text ≥ 32 px at 1920×1080).
"""

from __future__ import annotations

import streamlit as st

from foresight import links
from foresight.i18n import format_count
from foresight.text import escape_markdown
from foresight.ui import projector
from foresight.ui.access import refuse, screen_allowed, screen_token
from foresight.ui.resources import ballot_box, store
from foresight.ui.state import language, tr
from foresight.ui.vote_screen import SCREEN_REFRESH_SECONDS, tally_body
from foresight.ui.vote_shared import PUBLIC_URL_ENV, base_url, qr_png, vote_url
from foresight.vote import collection
from foresight.workshops import room, workshops


def room_url(code: str) -> str:
    """The phones' address of a workshop's room (what its QR code holds)."""
    return base_url() + links.room_path(code, language())


def render_room_screen(code: str) -> None:
    """The projector for a workshop's day: the live step left, the room's QR code and code right."""
    if not screen_allowed("room", code):
        refuse()  # a screen link is signed for its own room: a typed code alone does not open it
    workshop_id = room.workshop_of_room(store(), code)
    if workshop_id is None:
        st.error(tr("join.room_no_code"))
        return
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
    projector.vote_screen_style()
    link = room_url(code)
    if projector.is_loopback(link):
        with st.container(key="fs_screen_loopback"):
            st.warning(tr("room.loopback_warning", env=PUBLIC_URL_ENV), icon=":material/wifi_off:")
    step_column, join_column = st.columns([3, 2], gap="large")
    with step_column:
        _live_step(workshop_id)
    with join_column:
        with st.container(key="fs_screen_qr"):
            st.image(qr_png(link), alt=tr("room.qr_alt_room", code=code, url=link))
        with st.container(key="fs_screen_code"):
            st.markdown(escape_markdown(projector.spaced_code(code)))
        with st.container(key="fs_screen_join"):
            st.text(tr("room.join_at", url=link))


@st.fragment(run_every=SCREEN_REFRESH_SECONDS)
def _live_step(workshop_id: int) -> None:
    step = room.live_step(store(), workshop_id)
    if step.code is None:
        st.title(escape_markdown(workshops.get_workshop(store(), workshop_id).title), anchor=False)
        with st.container(key="fs_screen_status"):
            st.text(tr("room.screen_wait"))
        return
    st.title(escape_markdown(ballot_box().vote(step.code).title), anchor=False)
    if step.kind == room.COLLECT:
        cards = len(collection.submissions(store(), step.code, include_merged=True))
        with st.container(horizontal=True, key="fs_screen_status_row", vertical_alignment="center", gap="large"):
            with st.container(key="fs_screen_status", width="content"):
                st.text(tr("room.screen_collect"))
            with st.container(key="fs_screen_voted", width="content"):
                st.metric(tr("room.cards_received"), format_count(cards, language()))
        return
    tally_body(step.code)  # the vote, open or (waiting after it) closed: its status, counts and tally


def room_panel(workshop_id: int) -> None:
    """On the run sheet: the room's one code for the day, its QR code and its screen, nothing to copy by hand."""
    code = room.room_code(store(), workshop_id)
    link = room_url(code)
    with st.container(key="run-room", border=True):
        st.markdown(f"**{tr('room.panel_header')}** · {tr('room.panel_code', code=projector.spaced_code(code))}")
        qr_column, text_column = st.columns([1, 3], vertical_alignment="center")
        with qr_column:
            st.image(qr_png(link), width=160, alt=tr("room.qr_alt_room", code=code, url=link))
        with text_column:
            st.caption(tr("room.panel_help"))
            st.code(link, language=None)
            st.link_button(
                tr("room.panel_screen"),
                vote_url(room=code, t=screen_token("room", code) or None),
                icon=":material/present_to_all:",
            )
