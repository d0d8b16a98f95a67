"""The vote's shared screen (projector): code, QR code to the phones' page, and the live tally.

Only this view and the facilitator's count refresh themselves (`st.fragment(run_every=...)`); each
refresh reads the tally from memory (foresight.ballot_box), not from the workspace.
"""

from __future__ import annotations

import streamlit as st

from foresight.errors import ForesightError
from foresight.figures.vote import tally_figure
from foresight.text import escape_markdown
from foresight.ui.access import refuse, screen_allowed
from foresight.ui.resources import ballot_box
from foresight.ui.state import language, tr
from foresight.ui.vote_shared import join_url, qr_png, show_vote_error

SCREEN_REFRESH_SECONDS = 0.5  # the screen must show a new ballot within 2 s, also on a busy laptop


def render_screen(code: str) -> None:
    """The projector: code, QR and the live tally."""
    if not screen_allowed("vote", code):
        refuse()  # a screen link is signed for its own vote: a typed code alone does not open it
    try:
        vote = ballot_box().vote(code)
    except ForesightError as error:
        show_vote_error(error)
        return
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the projector needs every pixel
    link = join_url(vote.code)
    st.title(escape_markdown(vote.title), anchor=False)
    chart_column, join_column = st.columns([4, 1])
    with join_column:
        st.metric(tr("vote.screen_code"), vote.code)
        st.image(qr_png(link), caption=tr("vote.qr_alt"), width=240)
        st.text(tr("vote.screen_join", url=link))
    with chart_column:
        _live_tally(vote.code)


@st.fragment(run_every=SCREEN_REFRESH_SECONDS)
def _live_tally(code: str) -> None:
    tally = ballot_box().snapshot(code)  # one read: vote, count and dots agree with each other
    st.metric(tr("vote.screen_voted"), tally.participants)
    st.caption(tr(f"vote.status.{tally.vote.status}"))
    if not tally.vote.show_results:
        st.info(tr("vote.screen_hidden"), icon=":material/visibility_off:")
        return
    result = tally.frame(language())
    leaders = result[result["dots"] > 0].head(3)
    summary = ", ".join(f"{row.label} ({row.dots})" for row in leaders.itertuples())
    summary = tr("vote.chart_summary", top=summary) if summary else tr("vote.chart_empty")
    st.plotly_chart(
        tally_figure(result),
        config={"displayModeBar": False, "staticPlot": True},
        key="vote_screen_chart",
        alt=summary,
        theme=None,
    )
    st.text(summary)
