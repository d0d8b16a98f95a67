"""The passphrase sign-in as plain HTTP: the form posts here, a session cookie comes back, sign-out.

A Streamlit script cannot set a cookie, and a session kept only in Streamlit's session state is
lost at every reload or Wi-Fi blip; so the sign-in form (drawn on the Streamlit sign-in page with
`signin_form_html`, and here again after a wrong passphrase) posts to this route, and a correct
passphrase sets an HttpOnly, SameSite=Strict cookie holding a random session token (the workspace
keeps its hash, see foresight.access). Streamlit reads the cookie from the WebSocket handshake of
every new session. The form carries a token signed by the workspace, so a post made elsewhere is
refused (the Origin header is "null" under Referrer-Policy: no-referrer and cannot be checked), and
each client address gets a few tries per window; scrypt makes each try cost ~0.2 s of a core anyway.
"""

from __future__ import annotations

import html
import threading
import time
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from foresight import access
from foresight.i18n import normalise_language, t
from foresight.links import SIGNIN_PATH, SIGNOUT_PATH, next_path, with_lang
from foresight.signin_form import FORM_STYLE, signin_form_html
from foresight.workspace import shared_store

_MAX_FAILURES = 8
_WINDOW_SECONDS = 300
_MAX_FORM_BYTES = 4096


class _Attempts:
    """Failed sign-ins per client address in a sliding window (in memory: one process serves the app)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}

    def blocked(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [moment for moment in self._failures.get(client, []) if now - moment < _WINDOW_SECONDS]
            self._failures[client] = recent
            if len(self._failures) > 10_000:  # many addresses: forget the others rather than grow
                self._failures = {client: recent}
            return len(recent) >= _MAX_FAILURES

    def failed(self, client: str) -> None:
        with self._lock:
            self._failures.setdefault(client, []).append(time.monotonic())


ATTEMPTS = _Attempts()


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


def _page(lang: str, target: str, message: str = "", status: int = 200) -> HTMLResponse:
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
{signin_form_html(lang, target, access.form_token(store))}
<p><a href="{html.escape(_back_url(lang, next_path(target)))}">{html.escape(t("access.back", lang))}</a></p>
</main></body></html>"""
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


async def signin_form(request: Request) -> Response:
    lang = normalise_language(request.query_params.get("lang"))
    return await run_in_threadpool(_page, lang, next_path(request.query_params.get("next")))


async def signin_submit(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return Response(status_code=413)
    lang = normalise_language(form.get("ui_lang"))
    target = next_path(form.get("next"))
    store = shared_store()
    if not await run_in_threadpool(access.form_token_valid, store, form.get("form")):
        return await run_in_threadpool(_page, lang, target, t("access.expired_form", lang), 400)
    client = request.client.host if request.client else "?"
    if ATTEMPTS.blocked(client):
        return await run_in_threadpool(_page, lang, target, t("access.throttled", lang), 429)
    role = await run_in_threadpool(access.check_passphrase, store, form.get("passphrase"))
    if role is None:
        ATTEMPTS.failed(client)
        return await run_in_threadpool(_page, lang, target, t("access.wrong", lang), 401)
    token = await run_in_threadpool(access.open_session, store, role)
    response = RedirectResponse(_back_url(lang, target), status_code=303)
    response.set_cookie(
        access.SESSION_COOKIE,
        token,
        max_age=access.SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


async def signout(request: Request) -> Response:
    """End the passphrase session: the token stops working in the workspace, the cookie goes."""
    form = await _form(request) or {}
    await run_in_threadpool(access.close_session, shared_store(), request.cookies.get(access.SESSION_COOKIE))
    response = RedirectResponse(_back_url(normalise_language(form.get("ui_lang")), ""), status_code=303)
    response.delete_cookie(access.SESSION_COOKIE, path="/")
    return response


def routes() -> list[Route]:
    return [
        Route(SIGNIN_PATH, signin_form, methods=["GET"]),
        Route(SIGNIN_PATH, signin_submit, methods=["POST"]),
        Route(SIGNOUT_PATH, signout, methods=["POST"]),
    ]
