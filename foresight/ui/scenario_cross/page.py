"""Pieces of the scenario page: the cross with its quadrants and table, the axis summary, actions."""

from __future__ import annotations

import streamlit as st

from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.ui import actions
from foresight.ui.access import can_edit
from foresight.ui.backcast_view import quadrant_backcasts
from foresight.ui.downloads import download_pair
from foresight.ui.scenario_cross import placements_table, scenario_cross
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


def _cross(workspace: Store, cross_id: int, lang: str, present: bool) -> None:
    # Read once per run (every drop, and every 2 s on the projector); everything below draws it.
    cross = scenarios.get_cross(workspace, cross_id)
    cards = scenarios.cross_cards(workspace, cross_id, lang)
    frame = scenarios.cards_frame(cards)
    key = f"scenario_cross_{cross_id}"
    scenario_cross(workspace, cross, cards, lang, key=key, present=present, movable=can_edit())
    for column, quadrant in zip(st.columns(4), cross.quadrants, strict=True):
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
    st.table(table, hide_index=True)
    if not present:
        download_pair(frame, f"scenariekors-{cross_id}", "placements")


def axis_summary(cross: scenarios.Cross) -> None:
    for axis_key, axis in (("scenarios.axis_x", cross.x), ("scenarios.axis_y", cross.y)):
        if axis.label or axis.low or axis.high:
            st.text(tr("scenarios.axis_summary", axis=tr(axis_key), label=axis.label, low=axis.low, high=axis.high))


# The projector reloads the cross every two seconds, so a move made elsewhere shows; no other view polls.
_projected_cross = st.fragment(run_every=2)(_cross)
_editable_cross = st.fragment(_cross)


def cross_view(workspace: Store, cross_id: int, lang: str, *, present: bool) -> None:
    """The cross in a fragment, so a drop reruns only the cross and its table."""
    (_projected_cross if present else _editable_cross)(workspace, cross_id, lang, present)
