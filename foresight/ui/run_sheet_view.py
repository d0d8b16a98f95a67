"""A workshop's run sheet on its page: the day's steps, done, live or next, each with one action.

Every action is a link with the workshop's ids in it, or a button that makes the step's thing for
the workshop (its postcard round, its cross): nothing to copy, type or attach. What a step makes
from here belongs to the workshop (`workshop_id` on the vote or cross), so the page, the report
and the next step find it.
"""

from __future__ import annotations

import streamlit as st

from foresight.pages import PLANS, SCENARIOS, VOTE, WORKSHOPS
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui import actions
from foresight.ui.access import can_edit
from foresight.ui.resources import ballot_box
from foresight.ui.room_screen import room_panel
from foresight.ui.state import language, tr
from foresight.vote import collection, voting
from foresight.workshops import run_sheet, workshops

OUTCOME = "workshops"
ICONS = {
    "done": ":material/check_circle:",
    "live": ":material/radio_button_checked:",
    "next": ":material/arrow_forward:",
}
FIRST_DRIVERS = 6  # the postcard round's vote starts with as many library drivers as the vote form offers


def run_sheet_view(store: Store, workshop: workshops.Workshop) -> dict[str, run_sheet.Step]:
    """The steps in order with their state and one action each; returns them by key."""
    steps = {step.key: step for step in run_sheet.run_sheet(store, workshop.id)}
    st.subheader(tr("workshops.run_sheet"), anchor=False)
    room_panel(workshop.id)  # the room's one code and QR for the whole day: phones follow the live step
    for step in steps.values():
        with st.container(horizontal=True, vertical_alignment="center", key=f"run-step-{step.key}"):
            state = tr(f"workshops.state_{step.state}")
            icon = ICONS.get(step.state, ":material/radio_button_unchecked:")
            st.markdown(f"{icon} **{tr(f'workshops.step_{step.key}')}** · {state}", width="stretch")
            _action(store, workshop, step, steps)
    actions.show_outcome(OUTCOME)
    return steps


def _link(page, label: str, **params: object) -> None:
    query = {name: str(value) for name, value in params.items() if value is not None}
    st.page_link(page.script, label=label, query_params=query | {"lang": language()}, width="content")


def _action(store: Store, workshop: workshops.Workshop, step: run_sheet.Step, steps) -> None:
    key, ref, editable = step.key, step.ref, can_edit()
    if key == "collect":
        if ref:
            _link(WORKSHOPS, tr("workshops.do_collect_open"), view="collect", code=ref)
        elif editable:
            st.button(tr("workshops.do_collect"), key="run-collect", on_click=_start_postcards, args=(store, workshop))
    elif key == "vote":
        if ref:
            _link(VOTE, tr("workshops.do_vote_open"), manage=ref)
            if editable and step.state == "done":  # a step may be repeated: another vote of the workshop
                _link(VOTE, tr("workshops.do_vote_again"), workshop=workshop.id)
        elif editable:
            _link(VOTE, tr("workshops.do_vote"), workshop=workshop.id)
    elif key == "cross":
        if ref:
            cross = scenarios.get_cross(store, int(ref))
            if cross.x.label and cross.y.label:
                st.caption(
                    tr("workshops.cross_axes", x=escape_markdown(cross.x.label), y=escape_markdown(cross.y.label))
                )
            _link(SCENARIOS, tr("workshops.do_cross_open"), cross=ref)
        elif editable:
            st.button(tr("workshops.do_cross"), key="run-cross", on_click=_make_cross, args=(store, workshop))
    elif key == "backcast":
        if ref:
            _link(PLANS, tr("workshops.do_backcast_open"), plan=steps["actions"].ref, bc=ref)
        elif steps["cross"].ref and editable:
            _link(PLANS, tr("workshops.do_backcast"), cross=steps["cross"].ref, quadrant="ne", title=workshop.title)
    elif key == "actions":
        if ref:
            _link(PLANS, tr("workshops.do_actions"), plan=ref, bc=steps["backcast"].ref)
    elif key == "report":
        st.caption(tr("workshops.do_report"))


def _start_postcards(store: Store, workshop: workshops.Workshop) -> None:
    def start(store: Store, workshop_id: int) -> str:
        drivers = list(voting.driver_choices(store, language()))[:FIRST_DRIVERS]
        plain = workshop.title.replace("<", "").replace(">", "")  # a vote's title is plain text
        title = tr("workshops.postcard_vote_title", title=plain)[: voting.TITLE_MAX]
        created = ballot_box().create_vote(
            title, [voting.OptionInput(driver_id=driver) for driver in drivers], workshop_id=workshop_id
        )
        collection.open_collection(store, created.code, created.secret)
        return created.code

    actions.run_action(start, store, workshop.id, done="workshops.collect_started", where=OUTCOME)


def _make_cross(store: Store, workshop: workshops.Workshop) -> None:
    actions.run_action(
        run_sheet.start_cross, store, workshop.id, language(), done="workshops.cross_made", where=OUTCOME
    )
