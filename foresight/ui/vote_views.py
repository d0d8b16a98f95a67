"""The vote page's three views: facilitator, participant (a phone) and the shared screen.

Which view a visitor sees is decided by the URL alone (`?join=`, `?screen=`, `?manage=&key=`), so
a reload, a new session after a Wi-Fi blip, or a QR scan all land in the same place. Only the
shared screen refreshes itself (`st.fragment(run_every=...)`). A phone reruns only when it submits
its form, and the form lives in a fragment, so a submit reruns the ballot alone, not the app's
frame: that keeps a hall of 300 phones within what one Streamlit process can serve.
"""

from __future__ import annotations

import io
import os
import re
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from foresight import export, voting
from foresight.errors import ForesightError
from foresight.figures.vote import tally_html
from foresight.i18n import format_count
from foresight.pages import VOTE, page_url
from foresight.text import escape_markdown
from foresight.ui import projector
from foresight.ui.errors import show_error
from foresight.ui.resources import store
from foresight.ui.state import language, note_bad_param, tr

PUBLIC_URL_ENV = "FRAMSYN_PUBLIC_URL"
SCREEN_REFRESH_SECONDS = 0.5  # the screen must show a new ballot within 2 s, also on a busy laptop
_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def show_vote_error(error: ForesightError) -> None:
    """Like show_error, with the `field` parameter translated too."""
    if "field" in error.params:
        error.params["field"] = tr(f"vote.field.{error.params['field']}")
    show_error(error)
    if error.key == "vote.error_unknown_code":  # not a dead end on a phone: back to typing the code
        st.markdown(
            f"[{tr('vote.enter_other_code')}]({page_url(VOTE, lang=language() if language() != 'sv' else None)})"
        )


# -- URLs --------------------------------------------------------------------------------------


def _base_url() -> str:
    """The app's address as the phones must reach it: $FRAMSYN_PUBLIC_URL, else the browser's own."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if configured.startswith(("http://", "https://")):
        return configured
    seen = st.context.url or ""
    parts = urlsplit(seen)
    if parts.scheme in ("http", "https") and parts.netloc:
        path = parts.path.rstrip("/")
        path = path[: -len("/vote")] if path.endswith("/vote") else path
        return f"{parts.scheme}://{parts.netloc}{path}"
    host = st.context.headers.get("Host") or "localhost:8501"
    return f"http://{host}"


def vote_url(**params: str) -> str:
    lang = language()
    query = {**params, **({"lang": lang} if lang != "sv" else {})}
    return f"{_base_url()}/vote?{urlencode(query)}"


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


# -- the query parameters ----------------------------------------------------------------------


def code_param(name: str) -> str | None:
    """A join code from the URL; a malformed one is noted and dropped."""
    raw = st.query_params.get(name)
    if raw is None:
        return None
    code = voting.normalise_code(raw)
    if code is None:
        note_bad_param(name)
    return code


def participant_token() -> str:
    """This phone's token from the URL, made and written there on the first visit."""
    token = st.query_params.get("p")
    if voting.valid_token(token):
        return token
    if token is not None:
        note_bad_param("p")
    token = voting.new_participant_token()
    st.query_params["p"] = token
    return token


def manage_secret() -> str:
    raw = st.query_params.get("key") or ""
    return raw if _SECRET_PATTERN.match(raw) else ""


# -- start -------------------------------------------------------------------------------------


def render_start() -> None:
    """No code in the URL: join by typing a code, or (facilitator) start a vote; past votes."""
    with st.form("vote_join"):
        st.header(tr("vote.join_header"), anchor=False)
        typed = st.text_input(tr("vote.join_code"), max_chars=12, help=tr("vote.join_help"))
        if st.form_submit_button(tr("vote.join_button"), type="primary"):
            code = voting.normalise_code(typed)
            try:
                voting.get_vote(store(), code)
            except ForesightError as error:
                show_vote_error(error)
            else:
                st.query_params["join"] = code
                st.rerun()

    with st.expander(tr("vote.create_header")):
        render_create_form()
    render_past_votes()


def render_create_form() -> None:
    choices = voting.driver_choices(store(), language())
    with st.form("vote_create"):
        title = st.text_input(tr("vote.title_label"), value=tr("vote.title_default"), max_chars=voting.TITLE_MAX)
        picked = st.multiselect(
            tr("vote.drivers_label"), options=list(choices), format_func=choices.get, default=list(choices)[:6]
        )
        typed = st.text_area(tr("vote.typed_label"), height=100)
        left, right = st.columns(2)
        dots = left.number_input(tr("vote.dots_label"), min_value=1, max_value=voting.MAX_DOTS, value=3)
        cap = right.number_input(tr("vote.cap_label"), min_value=1, max_value=voting.MAX_PER_OPTION, value=3)
        if not st.form_submit_button(tr("vote.create_button"), type="primary"):
            return
    options = [voting.OptionInput(driver_id=driver_id) for driver_id in picked]
    options += [voting.OptionInput(label=line) for line in (typed or "").splitlines()[:100] if line.strip()]
    try:
        created = voting.create_vote(store(), title, options, dots_per_participant=int(dots), max_per_option=int(cap))
    except ForesightError as error:
        show_vote_error(error)
        return
    st.session_state["vote_just_created"] = created.code
    st.query_params.update({"manage": created.code, "key": created.secret})
    st.rerun()


def render_past_votes() -> None:
    st.header(tr("vote.past_header"), anchor=False)
    past = voting.list_votes(store())
    if past.empty:
        st.caption(tr("vote.past_empty"))
        return
    past["status"] = [tr(f"vote.status.{status}") for status in past["status"]]
    past["screen"] = [vote_url(screen=code) for code in past["code"]]
    st.dataframe(
        past,
        placeholder="–",  # an empty cell, not Streamlit's "None"
        hide_index=True,
        width="stretch",
        column_config={
            "code": tr("vote.col_code"),
            "title": tr("vote.col_title"),
            "status": tr("vote.col_status"),
            "created_at": st.column_config.DatetimeColumn(tr("vote.col_created"), format="YYYY-MM-DD HH:mm"),
            "participants": tr("vote.col_participants"),
            "screen": st.column_config.LinkColumn(tr("vote.link_screen")),
        },
    )


# -- participant -------------------------------------------------------------------------------


def render_participant(code: str) -> None:
    """The phone: spend the dots in one form, submit once, see what is stored."""
    _ballot(code, participant_token())


@st.fragment
def _ballot(code: str, token: str) -> None:
    """The ballot as a fragment: a submit reruns only this, not the app's frame (a hall's worth of CPU)."""
    try:
        vote = voting.get_vote(store(), code)
    except ForesightError as error:
        show_vote_error(error)
        return
    st.subheader(escape_markdown(vote.title), anchor=False)
    st.caption(tr("vote.anonymous"))
    if not vote.is_open:
        st.info(tr("vote.not_open"), icon=":material/pause_circle:")
    stored = voting.current_ballot(store(), vote.code, token)
    status_line = st.empty()  # what is stored, at the top; filled in after a submit is handled
    lang = language()
    with st.form(f"ballot_{vote.code}_{vote.round}", border=False):
        st.write(tr("vote.budget", budget=vote.dots_per_participant, cap=vote.max_per_option))
        choices = list(range(vote.max_per_option + 1))
        picked: dict[int, int | None] = {}
        for option in vote.options:
            picked[option.position] = st.segmented_control(
                escape_markdown(option.label(lang)),
                options=choices,
                default=stored.get(option.position, 0),
                key=f"dots_{vote.code}_{vote.round}_{option.position}",
                disabled=not vote.is_open,
                width="stretch",
            )
        sent = st.form_submit_button(
            tr("vote.submit_button"), type="primary", disabled=not vote.is_open, width="stretch"
        )
    if sent:
        try:
            allocation = {position: dots or 0 for position, dots in picked.items()}
            receipt = voting.submit_ballot(store(), vote.code, token, allocation, vote=vote)
        except ForesightError as error:
            show_vote_error(error)
        else:
            st.success(tr("vote.received", dots=receipt.dots), icon=":material/check_circle:")
            stored = receipt.allocation
    spent = sum(stored.values())
    if stored:
        status_line.write(tr("vote.dots_left", spent=spent, left=vote.dots_per_participant - spent))
        if vote.is_open:
            st.caption(tr("vote.change_hint"))
    else:
        status_line.write(tr("vote.no_ballot_yet"))


# -- shared screen -----------------------------------------------------------------------------


def render_screen(code: str) -> None:
    """The projector: the live tally left, the QR code (≥ 40 % of the height) and the code right."""
    try:
        vote = voting.get_vote(store(), code)
    except ForesightError as error:
        show_vote_error(error)
        return
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the projector needs every pixel
    projector.vote_screen_style()
    join_url = vote_url(join=vote.code)
    if projector.is_loopback(join_url):
        # The room sees it too: the phones cannot reach this address, and the one who set up must know why.
        with st.container(key="fs_screen_loopback"):
            st.warning(tr("room.loopback_warning", env=PUBLIC_URL_ENV), icon=":material/wifi_off:")
    chart_column, join_column = st.columns([3, 2], gap="large")
    with chart_column:
        st.title(escape_markdown(vote.title), anchor=False)
        _live_tally(vote.code)
    with join_column:
        with st.container(key="fs_screen_qr"):
            st.image(qr_png(join_url), alt=tr("room.qr_alt", code=vote.code, url=join_url))
        with st.container(key="fs_screen_code"):
            st.markdown(escape_markdown(projector.spaced_code(vote.code)))
        with st.container(key="fs_screen_join"):
            st.text(tr("room.join_at", url=join_url))


@st.fragment(run_every=SCREEN_REFRESH_SECONDS)
def _live_tally(code: str) -> None:
    lang = language()
    vote = voting.get_vote(store(), code)
    with st.container(horizontal=True, key="fs_screen_status_row", vertical_alignment="center", gap="large"):
        with st.container(key="fs_screen_status", width="content"):
            st.text(tr(f"room.status.{vote.status}"))
        with st.container(key="fs_screen_voted", width="content"):
            st.metric(tr("vote.screen_voted"), format_count(voting.participant_count(store(), code), lang))
    if not vote.show_results:
        with st.container(key="fs_screen_status_hidden"):
            st.markdown(tr("vote.screen_hidden"))
        return
    result = voting.tally(store(), code, lang)
    leaders = result[result["dots"] > 0].head(3)
    summary = ", ".join(f"{row.label} ({row.dots})" for row in leaders.itertuples())
    summary = tr("vote.chart_summary", top=summary) if summary else tr("vote.chart_empty")
    with st.container(key="fs_screen_chart"):
        st.html(tally_html(result, summary))  # every label escaped in tally_html


# -- facilitator -------------------------------------------------------------------------------


def render_manage(code: str) -> None:
    """The facilitator's controls; every change goes through the secret in the link."""
    secret = manage_secret()
    try:
        vote = voting.verify_secret(store(), code, secret)
    except ForesightError as error:
        show_vote_error(error)
        return
    if st.session_state.pop("vote_just_created", None) == vote.code:
        st.success(tr("vote.created"), icon=":material/key:")
    st.header(escape_markdown(vote.title), anchor=False)
    st.subheader(
        tr("vote.manage_status", code=vote.code, status=tr(f"vote.status.{vote.status}"), round=vote.round),
        anchor=False,
    )

    with st.container(horizontal=True):
        if vote.is_open:
            if st.button(tr("vote.close_button"), icon=":material/stop_circle:"):
                _change(lambda: voting.set_status(store(), vote.code, secret, "closed"), "vote.done_closed")
        else:
            label = "vote.open_button" if vote.status == "draft" else "vote.reopen_button"
            if st.button(tr(label), type="primary", icon=":material/play_circle:"):
                _change(lambda: voting.set_status(store(), vote.code, secret, "open"), "vote.done_open")
        st.button(tr("vote.refresh_button"), icon=":material/refresh:")
    shown = st.toggle(tr("vote.show_results"), value=vote.show_results)
    if shown != vote.show_results:
        _change(lambda: voting.set_show_results(store(), vote.code, secret, shown), None)
    with st.expander(tr("vote.reset_button")):
        confirm = st.checkbox(tr("vote.reset_confirm"))
        if st.button(tr("vote.reset_button"), disabled=not confirm, icon=":material/restart_alt:"):
            _change(lambda: voting.reset_vote(store(), vote.code, secret), "vote.done_reset")
    if message := st.session_state.pop("vote_done", None):
        st.success(tr(message))

    result = voting.export_result(store(), vote.code, secret, language())
    st.metric(tr("vote.screen_voted"), voting.participant_count(store(), vote.code))
    table = result.rename(
        columns={
            "rank": tr("vote.col_rank"),
            "label": tr("vote.col_driver"),
            "driver_id": tr("vote.col_driver_id"),
            "dots": tr("vote.col_dots"),
            "participants": tr("vote.col_participants"),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button(
        tr("vote.export_csv"),
        export.csv_bytes(table),
        file_name=f"vote-{vote.code}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    right.download_button(
        tr("vote.export_xlsx"),
        export.xlsx_bytes({vote.code: table}),
        file_name=f"vote-{vote.code}.xlsx",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    st.subheader(tr("vote.links_header"), anchor=False)
    if urlsplit(_base_url()).hostname in ("localhost", "127.0.0.1", "::1"):
        st.warning(tr("vote.localhost_warning", env=PUBLIC_URL_ENV), icon=":material/wifi_off:")
    st.caption(tr("vote.link_join"))
    st.code(vote_url(join=vote.code), language=None)
    st.caption(tr("vote.link_screen"))
    st.code(vote_url(screen=vote.code), language=None)
    st.caption(tr("vote.link_manage"))
    st.code(vote_url(manage=vote.code, key=secret), language=None)


def _change(action, message: str | None) -> None:
    try:
        action()
    except ForesightError as error:
        show_vote_error(error)
        return
    if message:
        st.session_state["vote_done"] = message
    st.rerun()
