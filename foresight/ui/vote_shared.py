"""What the vote page's Streamlit views share: the URL parameters, the addresses and QR code, error display.

Which view a visitor sees is decided by the URL alone (`?screen=`, `?manage=&key=`), so a reload
or a new session after a Wi-Fi blip lands in the same place. The phones do not use Streamlit at
all: their page is `/join/CODE` (foresight.web.participant), a few kilobytes of HTML.
"""

from __future__ import annotations

import io

import segno
import streamlit as st

from foresight import links
from foresight.errors import ForesightError
from foresight.pages import VOTE, page_url
from foresight.ui.errors import show_error
from foresight.ui.state import language, note_bad_param, tr
from foresight.vote import voting

PUBLIC_URL_ENV = links.PUBLIC_URL_ENV


def show_vote_error(error: ForesightError) -> None:
    """Like show_error, with the `field` parameter translated too."""
    if "field" in error.params:
        error.params["field"] = tr(f"vote.field.{error.params['field']}")
    show_error(error)
    if error.key == "vote.error_unknown_code":  # not a dead end: back to typing the code
        st.markdown(
            f"[{tr('vote.enter_other_code')}]({page_url(VOTE, lang=language() if language() != 'sv' else None)})"
        )


def base_url() -> str:
    """The app's address as the phones must reach it (foresight.links.public_base, from this page's URL)."""
    return links.public_base(st.context.url, st.context.headers.get("Host"))


def vote_url(**params: str) -> str:
    """An absolute link to the vote page (screen, facilitator) in the current language."""
    return base_url() + links.page_path(VOTE, language(), **params)


def join_url(code: str) -> str:
    """The phones' address of a vote (the lean page, not Streamlit): what the QR code and the screen show."""
    return base_url() + links.join_path(code, language())


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def code_param(name: str) -> str | None:
    """A join code from the URL; a malformed one is noted and dropped."""
    raw = st.query_params.get(name)
    if raw is None:
        return None
    code = voting.normalise_code(raw)
    if code is None:
        note_bad_param(name)
    return code


def manage_secret() -> str | None:
    """The facilitator secret in the URL (a bare key or a whole pasted link), '' if malformed, None if absent."""
    raw = st.query_params.get("key")
    return None if raw is None else voting.secret_from_text(raw)
