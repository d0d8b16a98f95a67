"""Against the real server: a client that never finishes its request head or body loses its socket.

Raw sockets on loopback, no browser: one connection sends nothing, one sends half a head, one
sends a head and half a body; a well-behaved long poll and a request sent in time keep theirs.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight.links import SIGNIN_PATH
from foresight.web.slow_clients import BODY_IDLE_SECONDS, HEAD_SECONDS
from foresight.workspace import build_fixture_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    folder = tmp_path_factory.mktemp("slow-clients")
    build_fixture_workspace(folder / "slow.duckdb").close()
    with AppServer(folder / "slow.duckdb", log_path=folder / "streamlit.log") as running:
        yield running


def connect(server: AppServer, sent: bytes = b"") -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    if sent:
        connection.sendall(sent)
    return connection


def closed_by_server(connection: socket.socket, within: float) -> tuple[bool, bytes]:
    """Whether the server closed the connection within `within` seconds, and what it said before."""
    connection.settimeout(0.5)
    received, deadline = b"", time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            chunk = connection.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return True, received
        if not chunk:
            return True, received
        received += chunk
    return False, received


def test_connections_that_never_finish_their_request_are_closed(server: AppServer, tmp_path: Path) -> None:
    silent = connect(server)
    half_head = connect(server, b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    half_body = connect(
        server,
        f"POST {SIGNIN_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 1000\r\n\r\npassphrase=abc".encode(),
    )
    started = time.monotonic()
    try:
        assert closed_by_server(silent, HEAD_SECONDS + 5)[0], "an idle connection was kept open"
        assert closed_by_server(half_head, 2)[0], "half a request head kept its socket"
        assert time.monotonic() - started >= HEAD_SECONDS - 1  # not closed before its time
        closed, answer = closed_by_server(half_body, BODY_IDLE_SECONDS + 5)
        assert closed, "half a body kept its socket"
        assert answer.startswith(b"HTTP/1.1 4") and b"connection: close" in answer.lower(), answer[:300]
    finally:
        for connection in (silent, half_head, half_body):
            connection.close()
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log


def test_a_request_sent_in_time_is_answered_and_a_slow_reader_keeps_its_answer(server: AppServer) -> None:
    """A complete head just inside the deadline is served; the deadline is on the head, not on the answer."""
    connection = connect(server, b"GET /_stcore/health HTTP/1.1\r\n")
    try:
        time.sleep(HEAD_SECONDS / 2)
        connection.sendall(b"Host: 127.0.0.1\r\n\r\n")
        connection.settimeout(5)
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
    finally:
        connection.close()
