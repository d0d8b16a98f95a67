"""Owner only on this computer, in a real browser against `streamlit run` on a dual-stack socket.

A workspace with no owner yet: the browser of the computer that runs the app, opened at
localhost, is owner without signing in. Everyone else gets the sign-in page: a visitor through an
nginx-like proxy (HAProxy on 127.0.0.1 adding X-Forwarded-For, passing on to [::1], which uvicorn
trusts and rewrites), a visitor through a plain TCP forwarder (ssh -L, socat: here an asyncio
relay) reached under the laptop's name, a request saying `X-Forwarded-For: 0.0.0.0`, and a
DNS-rebinding page (Host: evil.example resolving to 127.0.0.1). Host names are mapped to
127.0.0.1 inside Chromium (--host-resolver-rules), so nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.server import AppServer, free_port
from foresight.web import signin
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import CHROMIUM_ARGS, screenshot, wait_for_app

LOCAL_OWNER = "on this computer you are owner without signing in"
SIGN_IN = "Sign in to Framsyn"
NAMES = ("hall-laptop.test", "evil.example")


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """An app with no owner set, listening on IPv4 and IPv6 (`::`, as `streamlit run` does by default)."""
    folder = tmp_path_factory.mktemp("access-network")
    workspace = folder / "open.duckdb"
    build_fixture_workspace(workspace).close()
    server = AppServer(workspace, log_path=folder / "streamlit.log", extra_args=["--server.address", "::"])
    with server:
        yield server


@pytest.fixture(scope="module")
def named_browser(browser, chromium_path: str) -> Iterator[object]:
    """A Chromium that resolves the test's host names to 127.0.0.1 (a LAN name, a rebinding domain)."""
    rules = ", ".join(f"MAP {name} 127.0.0.1" for name in NAMES)
    launched = browser.browser_type.launch(
        executable_path=chromium_path, args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"], headless=True
    )
    yield launched
    launched.close()


def _local_only(context) -> None:
    allowed = ("http://127.0.0.1", "ws://127.0.0.1", "http://[::1]", "ws://[::1]", "http://localhost", "ws://localhost")
    allowed += ("data:", "blob:")
    allowed += tuple(f"{scheme}://{name}" for name in NAMES for scheme in ("http", "ws"))
    context.route(lambda url: not url.startswith(allowed), lambda route: route.abort())


def role_seen(browser, url: str, **options: object) -> str:
    """'owner' or 'signin': what a fresh browser context is given at `url` (the front page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", **options)
    _local_only(context)
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_app(page)
        owner = page.get_by_text(LOCAL_OWNER)
        signin = page.get_by_role("heading", name=SIGN_IN)
        owner.or_(signin).first.wait_for()
        screenshot(page, f"access-network-{url.split('//')[1].split('/')[0].replace(':', '-').strip('[]')}")
        return "owner" if owner.count() else "signin"
    finally:
        context.close()


def test_the_browser_of_this_computer_is_owner(named_browser, open_server) -> None:
    assert role_seen(named_browser, f"http://127.0.0.1:{open_server.port}/?lang=en") == "owner"  # ::ffff:127.0.0.1
    assert role_seen(named_browser, f"http://[::1]:{open_server.port}/?lang=en") == "owner"
    assert role_seen(named_browser, f"http://localhost:{open_server.port}/?lang=en") == "owner"


def test_a_forged_forwarded_for_of_this_computer_is_not_owner(named_browser, open_server) -> None:
    # From ::1 uvicorn believes the header and reports 0.0.0.0 (an address one can bind to) as the peer.
    url = f"http://[::1]:{open_server.port}/?lang=en"
    assert role_seen(named_browser, url, extra_http_headers={"X-Forwarded-For": "0.0.0.0"}) == "signin"
    assert role_seen(named_browser, url, extra_http_headers={"X-Forwarded-For": "127.0.0.1"}) == "signin"


def test_a_dns_rebinding_page_is_not_owner(named_browser, open_server) -> None:
    assert role_seen(named_browser, f"http://evil.example:{open_server.port}/?lang=en") == "signin"


HAPROXY = """global
    maxconn 200
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    option forwardfor
frontend hall
    bind 127.0.0.1:{front}
    default_backend app
backend app
    server app ipv6@::1:{back}
"""


@pytest.fixture
def haproxy(open_server: AppServer, tmp_path: Path) -> Iterator[int]:
    """An nginx-like reverse proxy on 127.0.0.1 that sets X-Forwarded-For, to the app on [::1]."""
    front = free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(HAPROXY.format(front=front, back=open_server.port), encoding="utf-8")
    with open(tmp_path / "haproxy.log", "wb") as log:
        process = subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{front}/_stcore/health")
        yield front
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_visitor_through_a_reverse_proxy_is_not_owner(named_browser, haproxy: int) -> None:
    assert role_seen(named_browser, f"http://127.0.0.1:{haproxy}/?lang=en") == "signin"


@pytest.fixture
def tcp_relay(open_server: AppServer) -> Iterator[int]:
    """A plain TCP forwarder (what ssh -L or socat does) to the app at 127.0.0.1, in a thread."""
    port = free_port()
    ready = threading.Event()
    control: dict[str, object] = {}

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", open_server.port)
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    async def serve() -> None:
        connections: set[asyncio.Task] = set()

        def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.ensure_future(relay(reader, writer))
            connections.add(task)
            task.add_done_callback(connections.discard)

        server = await asyncio.start_server(accept, "127.0.0.1", port)
        control["loop"], control["stop"] = asyncio.get_running_loop(), asyncio.Event()
        ready.set()
        await control["stop"].wait()
        server.close()
        for task in list(connections):
            task.cancel()
        await asyncio.gather(*connections, return_exceptions=True)

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(timeout=10)
    try:
        _wait_for(f"http://127.0.0.1:{port}/_stcore/health")
        yield port
    finally:
        control["loop"].call_soon_threadsafe(control["stop"].set)
        thread.join(timeout=10)


def test_a_visitor_through_a_tcp_forwarder_is_not_owner(named_browser, tcp_relay: int) -> None:
    # Another device reaches the forwarder by the laptop's name: the Host it sends is not local.
    assert role_seen(named_browser, f"http://hall-laptop.test:{tcp_relay}/?lang=en") == "signin"


def _wait_for(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def _post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_a_hundred_concurrent_wrong_passphrases_are_throttled_beyond_the_limit(open_server) -> None:
    with urllib.request.urlopen(f"{open_server.url}/auth/signin?lang=en") as answer:
        token = re.search(r'name="form" value="([^"]+)"', answer.read().decode()).group(1)
    body = urllib.parse.urlencode({"form": token, "ui_lang": "en", "next": "", "passphrase": "not it"}).encode()
    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(lambda _: _post(f"{open_server.url}/auth/signin", body), range(100)))
    assert statuses.count(401) == signin._MAX_FAILURES  # "Wrong passphrase.": checked
    assert statuses.count(429) == 100 - signin._MAX_FAILURES  # "Too many attempts.": not checked
