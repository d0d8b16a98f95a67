"""A client that hung up before its request was read: one log line, never a traceback.

A phone that loses Wi-Fi, or is put away, in the middle of sending its ballot is an ordinary
event in a hall, not a failure of the app: Starlette raises ClientDisconnect while the body is
read, and there is nobody left to answer.
"""

from __future__ import annotations

import logging

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

_LOG = logging.getLogger("foresight.web")

__all__ = ["ClientDisconnect", "hung_up"]


async def hung_up(request: Request, _error: Exception | None = None) -> Response:
    """Log the hang-up in one line; the (unread) answer is empty."""
    _LOG.warning("client hung up before its request was read: %s %s", request.method, request.url.path)
    return Response(status_code=400)
