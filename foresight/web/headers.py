"""Security headers on every HTTP response the app server sends, Streamlit's own included.

Pure ASGI (not BaseHTTPMiddleware), so streamed responses and the WebSocket pass untouched.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _streamlit_index() -> Path:
    """Streamlit's page, found without importing Streamlit (this layer does not)."""
    spec = importlib.util.find_spec("streamlit")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return Path(folders[0] if folders else ".") / "static" / "index.html"


def _inline_script_hashes(index: Path) -> str:
    """CSP hashes of the inline scripts of Streamlit's page (one line setting a flag, today)."""
    try:
        text = index.read_text(encoding="utf-8")
    except OSError:
        return ""
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in scripts)


# Scripts only from the app itself (Streamlit's bundle, the phones' page script) and Streamlit's
# own inline line, by hash; blob: for the custom components, whose code Streamlit's own bundle loads
# as a blob URL (only a script already running can make one). No script from another host, and
# no inline script a text could smuggle in.
SCRIPT_SRC = f"script-src 'self' blob: {_inline_script_hashes(_streamlit_index())}".strip()

SECURITY_HEADERS: dict[str, str] = {
    # Links out of the app (a source's web page) must not carry a vote's or a screen's URL with them.
    "Referrer-Policy": "no-referrer",
    # Only the app may frame the app (Streamlit's components are same-origin frames).
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": (
        f"frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; {SCRIPT_SRC}"
    ),
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to each HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
