"""Pieces of the scenario page: the cross with its quadrants and table, the axis summary, actions."""

from __future__ import annotations

import streamlit as st

from foresight.scenarios import moves, scenarios
from foresight.store import Store
from foresight.ui import actions
from foresight.ui.access import can_edit
from foresight.ui.backcast_view import quadrant_backcasts
from foresight.ui.downloads import download_pair
from foresight.ui.scenario_cross import follow_cross, placements_table, scenario_cross
from foresight.ui.state import tr

PICK = "scenarios_pick"


def run_action(workspace: Store, action, *args, done: str = "scenarios.saved", pick=None, **kwargs) -> None:
    """A write of the scenario page (through the one action runner); `pick` moves the page to the result."""

    def follow(result: object) -> None:
        if pick == "clear":
            st.session_state.pop(PICK, None)
            st.query_params.pop("cross", None)
        chosen = result if pick == "result" else pick
        if isinstance(chosen, int):
            st.session_state[PICK] = chosen
            st.query_params["cross"] = str(chosen)

    actions.run_action(action, workspace, *args, done=done, where="scenarios", after=follow, **kwargs)


# A quadrant's texts and links wrap between words instead of ending in "…" (Streamlit cuts a page
# link to one line); the follower below draws nothing and takes no room; on a phone the table
# fits the screen (a scrolling region that cannot take focus is an axe-core violation).
_QUADRANTS_CSS = """<style>
.st-key-fs_cross_quadrants [data-testid="stPageLink-NavLink"] span,
.st-key-fs_cross_quadrants [data-testid="stPageLink-NavLink"] p
  { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
.st-key-fs_cross_quadrants [data-testid="stText"] { white-space: pre-wrap; overflow-wrap: break-word; }
[class*="st-key-fs_cross_follow"] { display: none !important; }
@media (max-width: 480px) {  /* a phone: the placements table fits the screen instead of scrolling */
  .st-key-fs_cross_table th, .st-key-fs_cross_table td { padding: 0.25rem 0.3rem !important; }
  .st-key-fs_cross_table table { table-layout: fixed; width: 100%; }
  .st-key-fs_cross_table th, .st-key-fs_cross_table td, .st-key-fs_cross_table td *
    { font-size: 0.8rem !important; overflow-wrap: break-word !important; white-space: normal !important; }
  .st-key-fs_cross_table th:nth-child(1) { width: 36%; }  /* card; kind; x; y; scenario */
  .st-key-fs_cross_table th:nth-child(2) { width: 19%; }
  .st-key-fs_cross_table th:nth-child(3), .st-key-fs_cross_table th:nth-child(4) { width: 11%; }
}
</style>"""


def _cross(workspace: Store, cross_id: int, lang: str, present: bool) -> None:
    # Read once per run (a drop here, or a change elsewhere); everything below draws it. The
    # revision first: a move stored while the cards are read only costs one more redraw.
    revision = moves.revision(workspace, cross_id)
    cross = scenarios.get_cross(workspace, cross_id)
    cards = scenarios.cross_cards(workspace, cross_id, lang)
    frame = scenarios.cards_frame(cards)
    key = f"scenario_cross_{cross_id}"
    scenario_cross(workspace, cross, cards, lang, key=key, present=present, movable=can_edit(), revision=revision)
    st.html(_QUADRANTS_CSS)
    # The four scenarios as the cross lays them out (two rows of two, one column on a phone).
    with st.container(key="fs_cross_quadrants"):
        for row in (cross.quadrants[:2], cross.quadrants[2:]):
            for column, quadrant in zip(st.columns(2), row, strict=True):
                with column.container(border=True):
                    st.caption(tr(f"scenarios.quadrant.{quadrant.key}"))
                    st.text(quadrant.name or "–")
                    if quadrant.narrative:
                        st.text(quadrant.narrative)
                    if not present:
                        quadrant_backcasts(workspace, cross.id, quadrant.key, lang)
    table = placements_table(cross, frame, lang)
    st.header(tr("scenarios.table_title"), anchor=False)
    st.caption(tr("scenarios.table_caption"))
    with st.container(key="fs_cross_table"):
        st.table(table, hide_index=True)
    if not present:
        download_pair(frame, f"scenariekors-{cross_id}", "placements")


def axis_summary(cross: scenarios.Cross) -> None:
    for axis_key, axis in (("scenarios.axis_x", cross.x), ("scenarios.axis_y", cross.y)):
        if axis.low or axis.high:
            st.text(tr("scenarios.axis_summary", axis=tr(axis_key), label=axis.label, low=axis.low, high=axis.high))
        elif axis.label:  # no ends named yet: the name alone, not "( → )"
            st.text(tr("scenarios.axis_summary_name", axis=tr(axis_key), label=axis.label))


FOLLOW_SECONDS = 1  # how often an open cross asks whether another device changed it


@st.fragment
def _cross_fragment(workspace: Store, cross_id: int, lang: str, present: bool) -> None:
    _cross(workspace, cross_id, lang, present)


@st.fragment(run_every=FOLLOW_SECONDS)
def _follow(workspace: Store, cross_id: int, lang: str) -> None:
    with st.container(key=f"fs_cross_follow_{cross_id}"):
        follow_cross(workspace, cross_id, lang, key=f"scenario_cross_{cross_id}_follow")


def cross_view(workspace: Store, cross_id: int, lang: str, *, present: bool) -> None:
    """The cross in a fragment, so a drop reruns only the cross and its table; beside it a smaller
    fragment asks every second whether the cross changed elsewhere (another device, the projector's
    room), and the cross redraws only then: every open view follows within two seconds."""
    _cross_fragment(workspace, cross_id, lang, present)
    _follow(workspace, cross_id, lang)
