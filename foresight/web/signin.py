"""The passphrase sign-in as plain HTTP: the form posts here, a session cookie comes back, sign-out.

A Streamlit script cannot set a cookie, and a session kept only in Streamlit's session state is
lost at every reload or Wi-Fi blip; so the sign-in form (drawn on the Streamlit sign-in page with
`signin_form_html`, and here again after a wrong passphrase) posts to this route, and a correct
passphrase sets an HttpOnly, SameSite=Strict cookie holding a random session token (the workspace
keeps its hash, see foresight.access). Streamlit reads the cookie from the WebSocket handshake of
every new session. The form carries a token signed by the workspace, so a post made elsewhere is
refused (the Origin header is "null" under Referrer-Policy: no-referrer and cannot be checked).
Each client address (the one a trusted proxy names: foresight.peers) gets 8 tries per 5 minutes,
and the passphrase sign-in as a whole 30, except from the computer that runs the app; a try is
reserved before scrypt runs (~0.1 s of a core), so guesses sent at once cannot overrun the limit.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Mapping
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from foresight import access, peers
from foresight.i18n import normalise_language, t
from foresight.links import SIGNIN_PATH, SIGNOUT_PATH, next_path, with_lang
from foresight.signin_form import FORM_STYLE, signin_form_html
from foresight.workspace import shared_store

_MAX_FAILURES = 8  # per client address, in the window
_MAX_ACCOUNT_FAILURES = 30  # per account (the passphrase sign-in has no user name: all of it), in the window
_ACCOUNT = "account:passphrase"
_WINDOW_SECONDS = 300
_MAX_FORM_BYTES = 4096


class _Attempts:
    """Failed sign-ins per key (a client address, the account) in a sliding window, in memory.

    Atomic: `begin` counts the tries still being checked (scrypt takes ~0.1 s) with the failures,
    and reserves a place under one lock, so 100 guesses sent at once are checked at most
    `limit` times; `finish` turns the reservation into a failure or lets it go.
    """

    def __init__(self, clock=time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._pending: dict[str, int] = {}

    def begin(self, limits: dict[str, int]) -> bool:
        """Reserve one try under every key of `limits` (key -> limit), or False if one is used up."""
        now = self._clock()
        with self._lock:
            if len(self._failures) > 10_000:  # many addresses: forget the quiet ones rather than grow
                self._failures = {
                    key: moments
                    for key, moments in self._failures.items()
                    if key in limits or key == _ACCOUNT or (moments and now - moments[-1] < _WINDOW_SECONDS)
                }
                if len(self._failures) > 10_000:
                    self._failures = {key: self._failures[key] for key in (*limits, _ACCOUNT) if key in self._failures}
            for key, limit in limits.items():
                recent = [moment for moment in self._failures.get(key, []) if now - moment < _WINDOW_SECONDS]
                self._failures[key] = recent
                if len(recent) + self._pending.get(key, 0) >= limit:
                    return False
            for key in limits:
                self._pending[key] = self._pending.get(key, 0) + 1
            return True

    def finish(self, keys: list[str], *, failed: bool) -> None:
        """End a reserved try: a wrong passphrase counts as a failure, a right one leaves no trace."""
        now = self._clock()
        with self._lock:
            for key in keys:
                left = self._pending.get(key, 0) - 1
                if left > 0:
                    self._pending[key] = left
                else:
                    self._pending.pop(key, None)
                if failed:
                    self._failures.setdefault(key, []).append(now)


ATTEMPTS = _Attempts()


def attempt_limits(peer: str | None, headers: Mapping[str, str]) -> dict[str, int]:
    """The throttle keys of a sign-in: its client (the address a trusted proxy names), and the
    account, except for the computer that runs the app, which an attacker elsewhere cannot lock out."""
    limits = {f"client:{peers.client_address(peer, headers)}": _MAX_FAILURES}
    if not peers.is_local_request(peer, headers):
        limits[_ACCOUNT] = _MAX_ACCOUNT_FAILURES
    return limits


async def _form(request: Request) -> dict[str, str] | None:
    """The posted form (urlencoded, small), or None if it is too big."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _MAX_FORM_BYTES:
            return None
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=10)
    except ValueError:  # more fields than any of our forms has
        return None
    return {name: values[0] for name, values in fields.items()}


def _back_url(lang: str, path: str) -> str:
    return with_lang(f"/{path}", lang)


_PAGE_STYLE = """
body { font-family: system-ui, sans-serif; color: #111827; background: #fff; margin: 0; font-size: 17px; }
main { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; }
.error { background: #fdecec; border-left: 4px solid #b42318; padding: .6rem; }
.note { background: #eef2f6; padding: .6rem; }
a { color: #0b4f8a; }
"""


def _page(lang: str, target: str, binding: str, message: str = "", status: int = 200) -> HTMLResponse:
    store = shared_store()
    notice = (
        "" if access.access_state(store).owner_set else f'<p class="note">{html.escape(t("access.no_owner", lang))}</p>'
    )
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    title = html.escape(t("access.signin_title", lang))
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{_PAGE_STYLE}</style>{FORM_STYLE}</head>
<body><main>
<h1>{title}</h1>
{notice}{error}
{signin_form_html(lang, target, access.form_token(store, binding))}
<p><a href="{html.escape(_back_url(lang, next_path(target)))}">{html.escape(t("access.back", lang))}</a></p>
</main></body></html>"""
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _is_https(request: Request) -> bool:
    """Whether the browser used TLS: to this server, or to a trusted proxy that says so."""
    return request.url.scheme == "https" or peers.origin(_peer(request), request.headers).https


def _peer(request: Request) -> str | None:
    return request.client.host if request.client else None


def form_cookie_header(value: str, secure: bool) -> str:
    """The Set-Cookie value of the form cookie: the browser's own, never sent by another site."""
    flags = "; Secure" if secure else ""
    return f"{access.FORM_COOKIE}={value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict{flags}"


async def _bound_page(request: Request, lang: str, target: str, message: str = "", status: int = 200) -> Response:
    """The sign-in page with a form bound to this browser (a form cookie is made if it has none)."""
    binding = request.cookies.get(access.FORM_COOKIE) or ""
    fresh = not access.form_binding_ok(binding)
    if fresh:
        binding = access.new_form_binding()
    response = await run_in_threadpool(_page, lang, target, binding, message, status)
    if fresh:
        response.headers.append("Set-Cookie", form_cookie_header(binding, _is_https(request)))
    return response


async def signin_form(request: Request) -> Response:
    lang = normalise_language(request.query_params.get("lang"))
    return await _bound_page(request, lang, next_path(request.query_params.get("next")))


async def _form_ok(request: Request, form: dict[str, str]) -> bool:
    binding = request.cookies.get(access.FORM_COOKIE)
    return await run_in_threadpool(access.form_token_valid, shared_store(), form.get("form"), binding)


async def signin_submit(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return Response(status_code=413)
    lang = normalise_language(form.get("ui_lang"))
    target = next_path(form.get("next"))
    store = shared_store()
    if not await _form_ok(request, form):
        return await _bound_page(request, lang, target, t("access.expired_form", lang), 400)
    limits = attempt_limits(_peer(request), request.headers)
    if not ATTEMPTS.begin(limits):
        return await _bound_page(request, lang, target, t("access.throttled", lang), 429)
    role = None
    try:
        role = await run_in_threadpool(access.check_passphrase, store, form.get("passphrase"))
    finally:
        ATTEMPTS.finish(list(limits), failed=role is None)
    if role is None:
        return await _bound_page(request, lang, target, t("access.wrong", lang), 401)
    token = await run_in_threadpool(access.open_session, store, role)
    response = RedirectResponse(_back_url(lang, target), status_code=303)
    response.set_cookie(
        access.SESSION_COOKIE,
        token,
        max_age=access.SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=_is_https(request),
        path="/",
    )
    return response


async def signout(request: Request) -> Response:
    """End the passphrase session: the token stops working in the workspace, the cookie goes.

    Only with this browser's form token: another site cannot sign anyone out."""
    form = await _form(request) or {}
    lang = normalise_language(form.get("ui_lang"))
    if not await _form_ok(request, form):
        return await _bound_page(request, lang, "", t("access.expired_form", lang), 400)
    await run_in_threadpool(access.close_session, shared_store(), request.cookies.get(access.SESSION_COOKIE))
    response = RedirectResponse(_back_url(lang, ""), status_code=303)
    response.delete_cookie(access.SESSION_COOKIE, path="/", secure=_is_https(request), httponly=True, samesite="strict")
    return response


class FormCookieMiddleware:
    """Gives a browser its form cookie with the first HTML page it gets (the Streamlit page
    included, whose script draws the sign-in form bound to it: foresight.ui.access)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if access.form_binding_ok(request.cookies.get(access.FORM_COOKIE)):
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html_page = headers.get("content-type", "").startswith("text/html")
                already = any(value.startswith(f"{access.FORM_COOKIE}=") for value in headers.getlist("set-cookie"))
                if html_page and not already and message.get("status", 200) < 400:
                    headers.append("Set-Cookie", form_cookie_header(access.new_form_binding(), _is_https(request)))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def routes() -> list[Route]:
    return [
        Route(SIGNIN_PATH, signin_form, methods=["GET"]),
        Route(SIGNIN_PATH, signin_submit, methods=["POST"]),
        Route(SIGNOUT_PATH, signout, methods=["POST"]),
    ]
