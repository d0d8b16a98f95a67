"""Who may do what on this page view: owner, viewer, participant or screen (rules: foresight.access).

The frame works out the visitor's role once per script run (`settle_role`) and asks
`page_allowed` before running a page; pages ask `can_edit()` before showing any control that
changes the workspace, and every write goes through `foresight.ui.actions.run_action`, which works
the role out again on the server, because a hidden widget is not a lock. Participants and screens
are anonymous visitors on a view of their own (a ballot, a projector view): they see no navigation
and no other page.

The role comes from, in order: an organisation account (`st.user`, OpenID Connect) listed in the
workspace; the passphrase session cookie set by foresight.web.signin; and, while no owner is set
at all, the browser of the computer that runs the app, opened at localhost (so the README's one
start command gives the facilitator a working app; every other device, a proxy's or a forwarder's
visitor and a page under a foreign Host name see only the sign-in page, the ballot and screen
links: foresight.peers). A server workspace (PostgreSQL), or any app with FRAMSYN_TRUSTED_PROXIES
set, has no such rule: owners sign in.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from foresight import access, peers, session_roles
from foresight.access import ANONYMOUS, OWNER, VIEWER
from foresight.pages import ACCESS, SCENARIOS, SIGNIN, VOTE, PageSpec
from foresight.signin_form import FORM_STYLE, signin_form_html, signout_form_html
from foresight.text import escape_markdown
from foresight.ui.resources import store
from foresight.ui.state import language, tr

_ROLE_KEY = "framsyn_role"
_LOCAL_OWNER_KEY = "framsyn_local_owner"
_UNLISTED_KEY = "framsyn_unlisted_account"


def _request_is_local() -> bool:
    """Whether this session's browser runs on the computer that runs the app (rules: foresight.peers).

    The WebSocket handshake's peer and headers decide; Streamlit reports 127.0.0.1 and ::1 as no
    address at all. AppTest has no client at all (no headers): it stands for this computer.
    """
    headers = st.context.headers
    named = {name.lower(): ", ".join(headers.get_all(name)) for name in headers}
    if not named:
        return True
    address = st.context.ip_address or "127.0.0.1"
    return peers.is_local_request(address, named)


def _account_claims() -> dict[str, object] | None:
    """The signed-in organisation account's claims (st.login), or None."""
    try:
        if st.user.get("is_logged_in"):
            return st.user.to_dict()
    except Exception:  # noqa: BLE001 - a broken [auth] configuration must not take the page down
        return None
    return None


def account_name() -> str:
    """The signed-in account's e-mail or name ("" without an account): who saved, in a conflict message."""
    claims = _account_claims() or {}
    return str(claims.get("email") or claims.get("name") or "")


def _work_out_role() -> str:
    workspace = store()
    st.session_state.pop(_UNLISTED_KEY, None)
    st.session_state[_LOCAL_OWNER_KEY] = False
    claims = _account_claims()
    if claims is not None:
        role = access.role_for_claims(workspace, claims)
        if role:
            return role
        st.session_state[_UNLISTED_KEY] = str(claims.get("email") or claims.get("sub") or "?")
    role = access.session_role(workspace, st.context.cookies.get(access.SESSION_COOKIE))
    if role:
        return role
    if _request_is_local() and access.local_owner_allowed(workspace):  # a phone costs no query here
        st.session_state[_LOCAL_OWNER_KEY] = True
        return OWNER
    return ANONYMOUS


def settle_role() -> str:
    """Work out the visitor's role for this run (the frame calls it first) and remember it."""
    role = _work_out_role()
    st.session_state[_ROLE_KEY] = role
    context = get_script_run_ctx()
    if context is not None:  # what Streamlit's own upload route is told (foresight.web.uploads)
        session_roles.remember(context.session_id, role)
    return role


def current_role() -> str:
    """owner, viewer or anonymous (a participant or screen is an anonymous visitor on its own view)."""
    role = st.session_state.get(_ROLE_KEY)
    return role if role in (OWNER, VIEWER, ANONYMOUS) else settle_role()


def can_edit() -> bool:
    """Whether the visitor may change the workspace (import, edit, delete, run votes and crosses)."""
    return current_role() == OWNER


def can_read() -> bool:
    """Whether the visitor may read the dashboards (owner or viewer)."""
    return current_role() in (OWNER, VIEWER)


def can_write_notes() -> bool:
    """Owners write trend notes; viewers too if the owner allows it."""
    role = current_role()
    return role == OWNER or (role == VIEWER and access.access_state(store()).viewer_notes)


def screen_allowed(kind: str, ident: object) -> bool:
    """Whether this view may show the screen of one vote ('vote', code) or cross ('cross', id)."""
    return can_read() or access.screen_allowed(store(), kind, ident, st.query_params.get("t"))


def screen_token(kind: str, ident: object) -> str:
    """The token an owner copies into a screen link (owner and viewer only)."""
    return access.screen_token(store(), kind, ident) if can_read() else ""


def page_allowed(page: PageSpec) -> bool:
    """Whether the visitor may open `page` at all (the page may refuse a view inside it too)."""
    role = current_role()
    if role == OWNER:
        return True
    if role == VIEWER:
        return page is not ACCESS
    if page in (SIGNIN, VOTE):
        return True  # the ballot, the join-by-code form and vote screens decide inside the page
    if page is SCENARIOS:
        return st.query_params.get("present") == "1"  # a cross's projector view, if its link is signed
    return False


def shows_navigation() -> bool:
    return current_role() in (OWNER, VIEWER)


def refuse(role_needed: str = OWNER, target: str = "") -> None:
    """Say that this needs a sign-in, offer it (back to `target` afterwards), and stop the page."""
    st.warning(tr("access.denied", role=tr(f"role.{role_needed}")), icon=":material/lock:")
    if current_role() == ANONYMOUS:
        signin_offer(target)
    st.stop()


def _form_token() -> str:
    """The sign-in/sign-out form token, bound to this browser's form cookie (set by foresight.web)."""
    return access.form_token(store(), st.context.cookies.get(access.FORM_COOKIE, ""))


def oidc_providers() -> list[str | None]:
    """The OpenID Connect providers configured under [auth] in secrets.toml (None: the unnamed one)."""
    try:
        settings = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all
        return []
    if not settings:
        return []
    named = [name for name, value in settings.items() if hasattr(value, "items") and "client_id" in value]
    return named or ([None] if "client_id" in settings else [])


def signin_offer(target: str = "") -> None:
    """The two ways to sign in: a passphrase (always) and organisation accounts (if configured).

    The passphrase form is plain HTML posting to foresight.web.signin, which sets the session
    cookie (a Streamlit script cannot); static markup, every value escaped there.
    """
    workspace = store()
    if not access.access_state(workspace).owner_set:
        st.info(tr("access.no_owner"), icon=":material/key_off:")
    if unlisted := st.session_state.get(_UNLISTED_KEY):
        st.warning(tr("access.account_not_listed", account=escape_markdown(unlisted)), icon=":material/person_off:")
    st.html(FORM_STYLE + signin_form_html(language(), target, _form_token()))
    for provider in oidc_providers():
        label = tr("access.oidc_provider_button", provider=provider) if provider else tr("access.oidc_button")
        st.button(label, key=f"oidc_{provider}", on_click=st.login, args=(provider,), icon=":material/badge:")


def account_box() -> None:
    """In the sidebar: who is signed in, and the way out; a notice while no owner is set."""
    role = current_role()
    if role == ANONYMOUS:
        return
    claims = _account_claims()
    if claims is not None and role in (OWNER, VIEWER):
        account = str(claims.get("email") or claims.get("sub") or "")
        st.caption(tr("access.signed_in_account", role=tr(f"role.{role}"), account=escape_markdown(account)))
        st.button(tr("access.signout"), key="signout_oidc", on_click=st.logout, icon=":material/logout:")
    elif st.session_state.get(_LOCAL_OWNER_KEY):
        st.warning(tr("access.local_owner"), icon=":material/key_off:")
    else:
        st.caption(tr("access.signed_in_as", role=tr(f"role.{role}")))
        st.html(FORM_STYLE + signout_form_html(language(), _form_token()))
    if role == VIEWER:
        st.caption(tr("access.read_only"))
