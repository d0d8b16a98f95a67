"""The vote page for the facilitator: the start (join, create, past votes) and the controls of one vote.

Every change of a vote goes through a facilitator secret and through the ballot box
(foresight.vote.ballot_box), so an open or a close is ordered with the phones' ballots. An owner
needs no link: the vote list has a manage link for every vote, and the page uses the vote's owner
secret (`voting.owner_secret`) once the owner role is checked. The facilitator link (`key=`) only
hands one vote to another device, and a whole pasted link works where a code or key is asked. The "have
voted" count refreshes itself from memory; nothing else here reruns on a timer.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from foresight.errors import ForesightError
from foresight.text import escape_markdown
from foresight.ui.access import can_edit, can_read, refuse, screen_token
from foresight.ui.actions import callback, run_action, show_outcome
from foresight.ui.downloads import download_pair
from foresight.ui.resources import ballot_box, store
from foresight.ui.state import language, note_bad_param, param_int, tr
from foresight.ui.vote_shared import (
    PUBLIC_URL_ENV,
    base_url,
    join_url,
    manage_secret,
    show_vote_error,
    vote_url,
)
from foresight.vote import collection, joins, voting
from foresight.vote.voting import Vote
from foresight.workshops import workshops

OUTCOME = "vote"  # where the facilitator sees what the last change did
COUNT_REFRESH_SECONDS = 2.0  # the facilitator's "have voted": cheap (memory), one session, not the hall


# -- start -------------------------------------------------------------------------------------


def render_start() -> None:
    """No code in the URL: join by code (sends the phone to its own page), start a vote, past votes."""
    with st.form("vote_join"):
        st.header(tr("vote.join_header"), anchor=False)
        typed = st.text_input(tr("vote.join_code"), max_chars=400, help=tr("vote.join_help"))
        joined = st.form_submit_button(tr("vote.join_button"), type="primary")
    if joined and voting.code_from_link(typed) and voting.secret_from_text(typed):  # a pasted facilitator link
        st.query_params.update({"manage": voting.code_from_link(typed), "key": voting.secret_from_text(typed)})
        st.rerun()
    if joined:
        code = voting.normalise_code(typed)
        try:
            vote = ballot_box().vote(code)
        except ForesightError as error:
            show_vote_error(error)
        else:
            st.link_button(tr("vote.join_open", title=escape_markdown(vote.title)), join_url(vote.code), type="primary")

    if can_edit():
        workshop = _workshop_param()
        with st.expander(tr("vote.create_header"), expanded=workshop is not None):
            render_create_form(workshop)
    if can_read():
        render_past_votes()


def _workshop_param() -> workshops.Workshop | None:
    """The workshop a vote is started for (`?workshop=N` from its run sheet), or None."""
    wanted = param_int("workshop", 1, 2**31 - 1)
    if wanted is None:
        return None
    try:
        return workshops.get_workshop(store(), wanted)
    except ForesightError:
        note_bad_param("workshop")
        return None


def render_create_form(workshop: workshops.Workshop | None = None) -> None:
    choices = voting.driver_choices(store(), language())
    # The workshop's own drivers (its accepted postcards) first, then the library's.
    own = [driver for driver, _ in collection.participant_drivers(store(), workshop.id)] if workshop else []
    if workshop is not None:
        st.caption(tr("vote.for_workshop", title=escape_markdown(workshop.title)))
    with st.form("vote_create"):
        st.text_input(
            tr("vote.title_label"), value=tr("vote.title_default"), max_chars=voting.TITLE_MAX, key="vote_new_title"
        )
        st.multiselect(
            tr("vote.drivers_label"),
            options=list(choices),
            format_func=choices.get,
            default=list(dict.fromkeys([*own, *list(choices)[:6]]))[: voting.MAX_OPTIONS],
            key="vote_new_drivers",
        )
        st.text_area(tr("vote.typed_label"), height=100, key="vote_new_typed")
        left, right = st.columns(2)
        left.number_input(tr("vote.dots_label"), min_value=1, max_value=voting.MAX_DOTS, value=3, key="vote_new_dots")
        right.number_input(
            tr("vote.cap_label"), min_value=1, max_value=voting.MAX_PER_OPTION, value=3, key="vote_new_cap"
        )
        st.number_input(
            tr("vote.expected_label"),
            min_value=1,
            max_value=voting.MAX_EXPECTED,
            value=joins.DEFAULT_EXPECTED,
            help=tr("vote.expected_help"),
            key="vote_new_expected",
        )
        st.form_submit_button(
            tr("vote.create_button"), type="primary", on_click=_create, args=(workshop.id if workshop else None,)
        )
    show_outcome(OUTCOME)


def _create(workshop_id: int | None = None) -> None:
    value = st.session_state.get
    dots, cap = int(value("vote_new_dots") or 3), int(value("vote_new_cap") or 3)
    options = [voting.OptionInput(driver_id=driver_id) for driver_id in value("vote_new_drivers") or []]
    typed = value("vote_new_typed") or ""
    options += [voting.OptionInput(label=line) for line in typed.splitlines()[:100] if line.strip()]

    def opened(created: voting.CreatedVote) -> None:
        st.session_state["vote_just_created"] = created.code
        st.query_params.update({"manage": created.code, "key": created.secret})
        st.query_params.pop("workshop", None)

    run_action(
        ballot_box().create_vote,
        value("vote_new_title"),
        options,
        dots_per_participant=dots,
        max_per_option=min(cap, dots),
        expected_participants=int(value("vote_new_expected") or joins.DEFAULT_EXPECTED),
        workshop_id=workshop_id,
        done=None,
        where=OUTCOME,
        after=opened,
    )


def render_past_votes() -> None:
    st.header(tr("vote.past_header"), anchor=False)
    past = voting.list_votes(store())
    if past.empty:
        st.caption(tr("vote.past_empty"))
        return
    past["status"] = [tr(f"vote.status.{status}") for status in past["status"]]
    past["screen"] = [vote_url(screen=code, t=screen_token("vote", code)) for code in past["code"]]
    columns = {}
    if can_edit():  # the owner manages every vote from here, no key needed
        past["manage"] = [vote_url(manage=code) for code in past["code"]]
        columns["manage"] = st.column_config.LinkColumn(
            tr("vote.link_manage_list"), display_text=tr("vote.manage_open")
        )
    st.dataframe(
        past,
        hide_index=True,
        width="stretch",
        placeholder="–",  # an empty cell, not Streamlit's "None"
        column_config={
            "code": tr("vote.col_code"),
            "title": tr("vote.col_title"),
            "status": tr("vote.col_status"),
            "created_at": st.column_config.DatetimeColumn(tr("vote.col_created"), format="YYYY-MM-DD HH:mm"),
            "participants": tr("vote.col_participants"),
            "screen": st.column_config.LinkColumn(tr("vote.link_screen")),
        }
        | columns,
    )


# -- one vote ----------------------------------------------------------------------------------


def render_manage(code: str) -> None:
    """The facilitator's controls: an owner with the secret from the link made at creation."""
    if not can_edit():
        refuse()
    given = manage_secret()
    try:
        secret = voting.owner_secret(store(), code) if given is None else given
        vote = ballot_box().verify_secret(code, secret)
    except ForesightError as error:
        show_vote_error(error)
        return
    just_created = st.session_state.pop("vote_just_created", None) == vote.code
    if just_created:
        st.success(tr("vote.created"), icon=":material/key:")
    st.header(escape_markdown(vote.title), anchor=False)
    st.subheader(
        tr("vote.manage_status", code=vote.code, status=tr(f"vote.status.{vote.status}"), round=vote.round),
        anchor=False,
    )
    _controls(vote, secret)
    show_outcome(OUTCOME)
    # The shared screen in one click (a new tab, to drag onto the projector): no link to copy.
    st.link_button(
        tr("vote.open_screen"),
        vote_url(screen=vote.code, t=screen_token("vote", vote.code)),
        icon=":material/present_to_all:",
    )
    _voted_count(vote.code)
    _expected_form(vote, secret)
    _result(vote, secret)
    _links(vote)


def _controls(vote: Vote, secret: str) -> None:
    box = ballot_box()
    change = {"where": OUTCOME}
    with st.container(horizontal=True):
        if vote.is_open:
            st.button(
                tr("vote.close_button"),
                icon=":material/stop_circle:",
                on_click=callback(box.set_status, vote.code, secret, "closed", done="vote.done_closed", **change),
            )
        else:
            label = "vote.open_button" if vote.status == "draft" else "vote.reopen_button"
            st.button(
                tr(label),
                type="primary",
                icon=":material/play_circle:",
                on_click=callback(box.set_status, vote.code, secret, "open", done="vote.done_open", **change),
            )
        st.button(tr("vote.refresh_button"), icon=":material/refresh:")
    key = f"vote_show_results_{vote.code}"
    st.toggle(
        tr("vote.show_results"),
        value=vote.show_results,
        key=key,
        on_change=lambda: run_action(
            box.set_show_results, vote.code, secret, st.session_state[key], done=None, **change
        ),
    )
    with st.expander(tr("vote.reset_button")):
        confirm = st.checkbox(tr("vote.reset_confirm"))
        st.button(
            tr("vote.reset_button"),
            disabled=not confirm,
            icon=":material/restart_alt:",
            on_click=callback(box.reset, vote.code, secret, done="vote.done_reset", **change),
        )


@st.fragment(run_every=COUNT_REFRESH_SECONDS)
def _voted_count(code: str) -> None:
    box = ballot_box()
    count = box.join_count(code)
    with st.container(horizontal=True):
        st.metric(tr("vote.screen_voted"), box.participant_count(code))
        st.metric(tr("vote.screen_joined"), tr("vote.joined_of", joined=count.joined, expected=count.expected))
    if count.over:
        st.warning(
            tr("vote.joins_over", joined=count.joined, expected=count.expected, refused=count.refused),
            icon=":material/group_add:",
        )


def _expected_form(vote: Vote, secret: str) -> None:
    """The room's size: beyond it new phones are let in only slowly (`foresight.vote.joins`)."""
    key = f"vote_expected_{vote.code}"
    with st.form(f"vote_expected_form_{vote.code}", border=False):
        st.number_input(
            tr("vote.expected_label"),
            min_value=1,
            max_value=voting.MAX_EXPECTED,
            value=ballot_box().join_count(vote.code).expected,
            help=tr("vote.expected_help"),
            key=key,
        )
        st.form_submit_button(
            tr("vote.expected_button"),
            on_click=lambda: run_action(
                ballot_box().set_expected,
                vote.code,
                secret,
                st.session_state[key],
                done="vote.done_expected",
                where=OUTCOME,
            ),
        )


def _result(vote: Vote, secret: str) -> None:
    """The tally as a table and its downloads (read from memory; the secret was checked above)."""
    result = ballot_box().tally(vote.code, language())
    result["driver_id"] = result["driver_id"].fillna("")
    table = result[["rank", "label", "driver_id", "dots", "participants"]].rename(
        columns={
            "rank": tr("vote.col_rank"),
            "label": tr("vote.col_driver"),
            "driver_id": tr("vote.col_driver_id"),
            "dots": tr("vote.col_dots"),
            "participants": tr("vote.col_participants"),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", placeholder="–")
    download_pair(table, f"vote-{vote.code}", vote.code)


def _links(vote: Vote) -> None:
    st.subheader(tr("vote.links_header"), anchor=False)
    if urlsplit(base_url()).hostname in ("localhost", "127.0.0.1", "::1"):
        st.warning(tr("vote.localhost_warning", env=PUBLIC_URL_ENV), icon=":material/wifi_off:")
    st.caption(tr("vote.link_join"))
    st.code(join_url(vote.code), language=None)
    st.caption(tr("vote.link_screen"))
    st.code(vote_url(screen=vote.code, t=screen_token("vote", vote.code)), language=None)
    # Only to hand this vote to another device: an owner here needs no link (the vote list has it).
    st.caption(tr("vote.link_manage"))
    st.code(vote_url(manage=vote.code, key=voting.owner_secret(store(), vote.code)), language=None)
