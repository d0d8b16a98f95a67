"""The vote's shared screen (projector): the live tally, the QR code to the phones' page and the code.

Sized for a 1920×1080 projector read from ten metres (foresight.ui.projector): the tally left, the
QR code (at least 40 % of the height) with the code in letters on the right, no controls. Only
this view and the facilitator's count refresh themselves (`st.fragment(run_every=...)`); each
refresh reads the tally from memory (foresight.vote.ballot_box), not from the workspace.
"""

from __future__ import annotations

import streamlit as st

from foresight.errors import ForesightError
from foresight.figures.vote import tally_html
from foresight.i18n import format_count
from foresight.text import escape_markdown
from foresight.ui import projector
from foresight.ui.access import refuse, screen_allowed
from foresight.ui.resources import ballot_box
from foresight.ui.state import language, tr
from foresight.ui.vote_shared import PUBLIC_URL_ENV, join_url, qr_png, show_vote_error

SCREEN_REFRESH_SECONDS = 0.5  # the screen must show a new ballot within 2 s, also on a busy laptop


def render_screen(code: str) -> None:
    """The projector: the live tally left, the QR code (≥ 40 % of the height) and the code right."""
    if not screen_allowed("vote", code):
        refuse()  # a screen link is signed for its own vote: a typed code alone does not open it
    try:
        vote = ballot_box().vote(code)
    except ForesightError as error:
        show_vote_error(error)
        return
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the projector needs every pixel
    projector.vote_screen_style()
    link = join_url(vote.code)
    if projector.is_loopback(link):
        # The room sees it too: the phones cannot reach this address, and the one who set up must know why.
        with st.container(key="fs_screen_loopback"):
            st.warning(tr("room.loopback_warning", env=PUBLIC_URL_ENV), icon=":material/wifi_off:")
    chart_column, join_column = st.columns([3, 2], gap="large")
    with chart_column:
        st.title(escape_markdown(vote.title), anchor=False)
        _live_tally(vote.code)
    with join_column:
        with st.container(key="fs_screen_qr"):
            st.image(qr_png(link), alt=tr("room.qr_alt", code=vote.code, url=link))
        with st.container(key="fs_screen_code"):
            st.markdown(escape_markdown(projector.spaced_code(vote.code)))
        with st.container(key="fs_screen_join"):
            st.text(tr("room.join_at", url=link))


@st.fragment(run_every=SCREEN_REFRESH_SECONDS)
def _live_tally(code: str) -> None:
    tally_body(code)


def tally_body(code: str) -> None:
    """The vote's status, counts and (when shown) its tally: the screen's refreshing part (the room's too)."""
    lang = language()
    tally = ballot_box().snapshot(code)  # one read: vote, count and dots agree with each other
    with st.container(horizontal=True, key="fs_screen_status_row", vertical_alignment="center", gap="large"):
        with st.container(key="fs_screen_status", width="content"):
            st.text(tr(f"room.status.{tally.vote.status}"))
        with st.container(key="fs_screen_voted", width="content"):
            st.metric(tr("vote.screen_voted"), format_count(tally.participants, lang))
        joined = ballot_box().join_count(code)  # read at most once a second, shared by every screen
        with st.container(key="fs_screen_joined", width="content"):
            st.metric(
                tr("vote.screen_joined"),
                tr(
                    "vote.joined_of",
                    joined=format_count(joined.joined, lang),
                    expected=format_count(joined.expected, lang),
                ),
            )
    if joined.over:
        with st.container(key="fs_screen_joins_over"):
            st.warning(tr("vote.joins_over_screen"), icon=":material/group_add:")
    if not tally.vote.show_results:
        with st.container(key="fs_screen_status_hidden"):
            st.markdown(tr("vote.screen_hidden"))
        return
    result = tally.frame(lang)
    leaders = result[result["dots"] > 0].head(3)
    summary = ", ".join(f"{row.label} ({row.dots})" for row in leaders.itertuples())
    summary = tr("vote.chart_summary", top=summary) if summary else tr("vote.chart_empty")
    with st.container(key="fs_screen_chart"):
        st.html(tally_html(result, summary))  # every label escaped in tally_html
