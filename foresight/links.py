"""Every address the app hands out, built in one place: the phones' routes, sign-in, the pages, and
the one base URL that makes them absolute.

The Streamlit pages (`foresight.ui`) and the plain HTTP routes (`foresight.web`) both build links
here, so a QR code, a collection link and the route that answers it can never disagree, and the
UI never imports the routes to learn their paths. The paths are relative to the app's root; the
base URL is worked out once (`public_base`) and keeps a proxy's path prefix.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

from foresight.pages import PAGES, SIGNIN, PageSpec, page_url

JOIN_PATH = "/join"  # the phones' ballot page: /join/CODE
COLLECT_PATH = "/collect"  # the phones' postcard page: /collect/CODE
ROOM_PATH = "/room"  # a workshop's room: /room/CODE takes a phone to whatever is live now
SIGNIN_PATH = "/auth/signin"
SIGNOUT_PATH = "/auth/signout"
PUBLIC_URL_ENV = "FRAMSYN_PUBLIC_URL"  # the address phones should use, when the browser's is not it
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_PAGE_PATHS = {page.url_path for page in (*PAGES, SIGNIN)}


def with_lang(path: str, lang: str, **params: object) -> str:
    """`path` with its query parameters (None left out) and `lang=en` when the language is English."""
    query = {name: str(value) for name, value in params.items() if value is not None}
    query |= {"lang": "en"} if lang == "en" else {}
    return f"{path}?{urlencode(query)}" if query else path


def join_path(code: str, lang: str = "sv", **params: object) -> str:
    """The phones' ballot page of a vote (what the QR code points at)."""
    return with_lang(f"{JOIN_PATH}/{code}", lang, **params)


def join_status_path(code: str) -> str:
    return f"{JOIN_PATH}/{code}/status"


def collect_path(code: str, lang: str = "sv", **params: object) -> str:
    """The phones' page of a vote's collection round (postcards)."""
    return with_lang(f"{COLLECT_PATH}/{code}", lang, **params)


def room_path(code: str, lang: str = "sv", **params: object) -> str:
    """A workshop's room (its one QR code for the day): the phone follows whatever is live."""
    return with_lang(f"{ROOM_PATH}/{code}", lang, **params)


def room_status_path(code: str) -> str:
    return f"{ROOM_PATH}/{code}/status"


def page_path(page: PageSpec, lang: str = "sv", **params: object) -> str:
    """A root-relative link to one of the app's pages, in `lang`."""
    return "/" + page_url(page, **params, **({"lang": "en"} if lang == "en" else {}))


def public_base(seen_url: str | None, host: str | None = None) -> str:
    """The app's address as phones reach it: $FRAMSYN_PUBLIC_URL, else the address the browser used.

    `seen_url` is the page's own URL (a proxy's path prefix kept, the page's path dropped); `host`
    the request's Host header when the URL is unknown.
    """
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if configured.startswith(("http://", "https://")):
        return configured
    parts = urlsplit(seen_url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        path = parts.path.rstrip("/")
        head, _, last = path.rpartition("/")
        if last in _PAGE_PATHS:
            path = head
        return f"{parts.scheme}://{parts.netloc}{path}"
    return f"http://{host or 'localhost:8501'}"


def is_local_only(base: str) -> bool:
    """Whether links on `base` reach only this computer (a QR code no phone can open)."""
    return urlsplit(base).hostname in LOCAL_HOSTS


def next_path(raw: object) -> str:
    """Where to go after signing in: a page of the app, never another site."""
    return raw if isinstance(raw, str) and raw in _PAGE_PATHS else ""
