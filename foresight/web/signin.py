"""The passphrase sign-in as plain HTTP: a small form, a session cookie, a sign-out.

A Streamlit script cannot set a cookie, and a session kept only in Streamlit's session state is
lost at every reload or Wi-Fi blip; so the form posts here, and a correct passphrase sets an
HttpOnly, SameSite=Strict cookie holding a random session token (the workspace keeps its hash,
see foresight.access). Streamlit reads the cookie from the WebSocket handshake on every new
session. The form carries a double-submit token against cross-site posts (the Origin header is
"null" under Referrer-Policy: no-referrer, so it cannot be checked), and each client address gets
a few tries per window: scrypt makes each try cost ~0.2 s of a core anyway.
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from foresight import access, pages
from foresight.i18n import normalise_language, t
from foresight.workspace import process_store

SIGNIN_PATH = "/auth/signin"
SIGNOUT_PATH = "/auth/signout"
_CSRF_COOKIE = "framsyn_csrf"
_MAX_FAILURES = 8
_WINDOW_SECONDS = 300
_MAX_FORM_BYTES = 4096
_PAGE_PATHS = {page.url_path for page in pages.PAGES}


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
            if len(self._failures) > 10_000:  # many addresses: forget the oldest rather than grow
                self._failures = {client: recent}
            return len(recent) >= _MAX_FAILURES

    def failed(self, client: str) -> None:
        with self._lock:
            self._failures.setdefault(client, []).append(time.monotonic())


ATTEMPTS = _Attempts()


def _next_path(raw: object) -> str:
    """Where to go after signing in: a page of the app, never another site."""
    return raw if isinstance(raw, str) and raw in _PAGE_PATHS else ""


def _back_url(lang: str, next_path: str) -> str:
    query = urlencode({"lang": lang}) if lang != "sv" else ""
    return f"/{next_path}" + (f"?{query}" if query else "")


_STYLE = """
body { font-family: system-ui, sans-serif; color: #111827; background: #fff; margin: 0; font-size: 17px; }
main { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem;
  border: 1px solid #6b7280; border-radius: .4rem; }
button { margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; background: #0b4f8a; color: #fff;
  border: 0; border-radius: .4rem; cursor: pointer; }
.error { background: #fdecec; border-left: 4px solid #b42318; padding: .6rem; }
.note { background: #eef2f6; padding: .6rem; }
a { color: #0b4f8a; }
"""


def _page(lang: str, next_path: str, csrf: str, message: str = "", status: int = 200) -> HTMLResponse:
    no_owner = not access.access_state(process_store()).owner_set
    notice = f'<p class="note">{html.escape(t("access.no_owner", lang))}</p>' if no_owner else ""
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("access.signin_title", lang))}</title><style>{_STYLE}</style></head>
<body><main>
<h1>{html.escape(t("access.signin_title", lang))}</h1>
{notice}{error}
<form method="post" action="{SIGNIN_PATH}">
<input type="hidden" name="csrf" value="{html.escape(csrf)}">
<input type="hidden" name="lang" value="{lang}">
<input type="hidden" name="next" value="{html.escape(next_path)}">
<label for="passphrase">{html.escape(t("access.passphrase", lang))}</label>
<input id="passphrase" name="passphrase" type="password" autocomplete="current-password" required
 maxlength="{access.MAX_PASSPHRASE}" autofocus>
<button type="submit">{html.escape(t("access.passphrase_button", lang))}</button>
</form>
<p><a href="{html.escape(_back_url(lang, next_path))}">{html.escape(t("access.back", lang))}</a></p>
</main></body></html>"""
    response = HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
    response.set_cookie(_CSRF_COOKIE, csrf, httponly=True, samesite="strict", path=SIGNIN_PATH)
    return response


async def signin_form(request: Request) -> Response:
    lang = normalise_language(request.query_params.get("lang"))
    next_path = _next_path(request.query_params.get("next"))
    return await run_in_threadpool(_page, lang, next_path, secrets.token_urlsafe(24))


async def signin_submit(request: Request) -> Response:
    if int(request.headers.get("content-length") or 0) > _MAX_FORM_BYTES:
        return Response(status_code=413)
    form = await request.form()
    lang = normalise_language(form.get("lang"))
    next_path = _next_path(form.get("next"))
    fresh_csrf = secrets.token_urlsafe(24)
    sent_csrf, kept_csrf = form.get("csrf"), request.cookies.get(_CSRF_COOKIE)
    if not (isinstance(sent_csrf, str) and kept_csrf and secrets.compare_digest(sent_csrf, kept_csrf)):
        return await run_in_threadpool(_page, lang, next_path, fresh_csrf, t("access.expired_form", lang), 400)
    client = request.client.host if request.client else "?"
    if ATTEMPTS.blocked(client):
        return await run_in_threadpool(_page, lang, next_path, fresh_csrf, t("access.throttled", lang), 429)
    role = await run_in_threadpool(access.check_passphrase, process_store(), form.get("passphrase"))
    if role is None:
        ATTEMPTS.failed(client)
        return await run_in_threadpool(_page, lang, next_path, fresh_csrf, t("access.wrong", lang), 401)
    token = await run_in_threadpool(access.open_session, process_store(), role)
    response = RedirectResponse(_back_url(lang, next_path), status_code=303)
    response.set_cookie(
        access.SESSION_COOKIE,
        token,
        max_age=access.SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(_CSRF_COOKIE, path=SIGNIN_PATH)
    return response


async def signout(request: Request) -> Response:
    """End the passphrase session (the cookie is SameSite=Strict, so another site cannot use it here)."""
    token = request.cookies.get(access.SESSION_COOKIE)
    await run_in_threadpool(access.close_session, process_store(), token)
    lang = normalise_language(request.query_params.get("lang"))
    response = RedirectResponse(_back_url(lang, pages.SIGNIN.url_path), status_code=303)
    response.delete_cookie(access.SESSION_COOKIE, path="/")
    return response


def routes() -> list[Route]:
    return [
        Route(SIGNIN_PATH, signin_form, methods=["GET"]),
        Route(SIGNIN_PATH, signin_submit, methods=["POST"]),
        Route(SIGNOUT_PATH, signout, methods=["GET", "POST"]),
    ]
