"""Streamlit's upload route, closed to every session that may not import.

`/_stcore/upload_file/<session>/<file>` is Streamlit's own route: it keeps whatever a session
sends in memory (up to `server.maxUploadSize` per file, any number of files) before a script
decides anything, and any visitor's browser session has an id and an XSRF token. Only owners
import (the uploader is drawn only `if can_edit()`), so this pure ASGI middleware answers 403
before reading a byte of the body unless the frame recorded the session as owner
(foresight.session_roles): an anonymous visitor on the sign-in page, a viewer, a participant or a
screen stores nothing. The refusal is one line of text in the visitor's language.
"""

from __future__ import annotations

import re

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from foresight import session_roles
from foresight.access import OWNER
from foresight.i18n import normalise_language, t

_UPLOAD = re.compile(r"/_stcore/upload_file/([^/]+)(?:/|$)")


def _language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            first = value.decode("latin-1").split(",")[0].split(";")[0].strip()
            return normalise_language(first.split("-")[0].lower())
    return normalise_language(None)


class UploadGuard:
    """Refuses uploads (PUT, DELETE) to Streamlit's upload route from sessions that are not owner."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
            found = _UPLOAD.search(scope.get("path", ""))
            if found and session_roles.role_of(found.group(1)) != OWNER:
                lang = _language(scope)
                refusal = PlainTextResponse(t("access.upload_refused", lang), status_code=403)
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)
