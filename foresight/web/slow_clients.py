"""Deadlines for clients that hold a socket without finishing a request: slow heads, slow bodies.

A hall's server has one socket per phone, and a client that opens a connection and then sends
its request a byte at a time (or nothing at all) keeps a socket and a file descriptor for as
long as it likes: uvicorn, which serves the app, closes idle keep-alive connections (after 5 s)
but sets no deadline on a request's head or body. So:

- **head:** a connection must deliver a complete request head within `HEAD_SECONDS` of being
  opened, or of its previous response; otherwise it is closed. Installed once per process
  (`install_head_deadline`, from server_limits.prepare_process) on uvicorn's HTTP protocols,
  because no ASGI middleware sees a connection before its head is complete. A long poll or a
  WebSocket is not touched: their heads arrived in time.
- **body:** `SlowBodyGuard` (ASGI middleware) gives each wait for the next piece of a request's
  body `BODY_IDLE_SECONDS`; past that the request reads as hung up (one log line,
  foresight.web.hangups) and its answer closes the connection.

Behind a reverse proxy, the proxy's own timeouts come first (README, Running a hall).
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEAD_SECONDS = 10.0
BODY_IDLE_SECONDS = 15.0
_installed = False


def install_head_deadline(seconds: float = HEAD_SECONDS) -> bool:
    """Give every HTTP connection `seconds` to deliver each request head; whether it was installed."""
    global _installed
    if _installed:
        return True
    protocols = []
    try:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        protocols.append(H11Protocol)
    except ImportError:
        pass
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        protocols.append(HttpToolsProtocol)
    except ImportError:  # httptools is optional: uvicorn then serves with h11
        pass
    for protocol_class in protocols:
        _wrap(protocol_class, seconds)
    _installed = bool(protocols)
    return _installed


def _wrap(protocol_class: type, seconds: float) -> None:
    made, completed = protocol_class.connection_made, protocol_class.on_response_complete

    def connection_made(self, transport) -> None:  # noqa: ANN001 - uvicorn's signature
        made(self, transport)
        _arm(self, seconds)

    def on_response_complete(self) -> None:
        completed(self)
        _arm(self, seconds)

    protocol_class.connection_made = connection_made
    protocol_class.on_response_complete = on_response_complete


def _arm(protocol, seconds: float) -> None:  # noqa: ANN001 - a uvicorn protocol object
    """Close the connection in `seconds` unless a new request's head has arrived by then."""
    cycle_now = getattr(protocol, "cycle", None)
    transport = protocol.transport

    def expire() -> None:
        if transport.is_closing() or transport.get_protocol() is not protocol:
            return  # closed already, or handed over to a WebSocket
        if getattr(protocol, "cycle", None) is not cycle_now:
            return  # a request head arrived in time (its cycle is a new object)
        transport.close()

    protocol.loop.call_later(seconds, expire)


class SlowBodyGuard:
    """Each wait for more of a request's body ends after BODY_IDLE_SECONDS, and the answer closes the connection."""

    def __init__(self, app: ASGIApp, idle_seconds: float = BODY_IDLE_SECONDS) -> None:
        self.app = app
        self.idle_seconds = idle_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body_read = False
        too_slow = False

        async def receive_in_time() -> Message:
            nonlocal body_read, too_slow
            if body_read:  # later waits (a streamed answer listening for a hang-up) are not bounded
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.idle_seconds)
            except TimeoutError:
                too_slow = body_read = True
                return {"type": "http.disconnect"}  # the route's reader logs it once (foresight.web.hangups)
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read = True
            return message

        async def send_closing(message: Message) -> None:
            if too_slow and message["type"] == "http.response.start":
                headers = [pair for pair in message.get("headers", []) if pair[0].lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive_in_time, send_closing)
