"""A client that hangs up while sending: one log line, no traceback (foresight.web.hangups)."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from foresight import web
from foresight.web.participant import friendly


def post_and_hang_up(app, path: str) -> list[dict]:
    """POST to `path` and disconnect before the body arrives; the messages the app sent back."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/x-www-form-urlencoded")],
        "client": ("192.0.2.7", 40000),
        "server": ("127.0.0.1", 8501),
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    # A thread of its own: after the browser tests the test thread may already run an event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return sent


def test_a_sign_in_post_that_hangs_up_is_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    app = Starlette(routes=web.routes(), exception_handlers=web.exception_handlers())
    with caplog.at_level(logging.INFO):
        post_and_hang_up(app, "/auth/signin")
    assert [record.getMessage() for record in caplog.records] == [
        "client hung up before its request was read: POST /auth/signin"
    ]
    assert all(record.exc_info is None for record in caplog.records)


def test_a_phone_that_hangs_up_mid_ballot_is_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    async def reads_the_body(request: Request) -> Response:
        await request.body()
        return Response("stored")

    app = Starlette(routes=[Route("/join/{code}", friendly(reads_the_body), methods=["POST"])])
    with caplog.at_level(logging.INFO):
        post_and_hang_up(app, "/join/K7QX2M")
    assert [record.getMessage() for record in caplog.records] == [
        "client hung up before its request was read: POST /join/K7QX2M"
    ]
    assert all(record.exc_info is None for record in caplog.records)
