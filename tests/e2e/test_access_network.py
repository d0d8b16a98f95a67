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
import socket
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
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect as ws_connect

from bench.server import AppServer, free_port
from foresight import access, peers
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


def signin_form(base: str, headers: dict[str, str] | None = None) -> tuple[str, str]:
    """A sign-in form as a browser without cookies gets it: its token and the form cookie it is bound to."""
    request = urllib.request.Request(f"{base}/auth/signin?lang=en", headers=headers or {})
    with urllib.request.urlopen(request) as answer:
        token = re.search(r'name="form" value="([^"]+)"', answer.read().decode()).group(1)
        cookie = next(value for value in answer.headers.get_all("Set-Cookie") if value.startswith("framsyn_form="))
    return token, cookie.split(";")[0]


def post_signin(
    base: str, token: str, passphrase: str, cookie: str | None, headers: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    """POST the sign-in form (no redirect followed): the status and the cookies set."""
    body = urllib.parse.urlencode({"form": token, "ui_lang": "en", "next": "", "passphrase": passphrase}).encode()
    request = urllib.request.Request(f"{base}/auth/signin", data=body, method="POST", headers=headers or {})
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, answer.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers.get_all("Set-Cookie") or []


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_hundred_concurrent_wrong_passphrases_are_throttled_beyond_the_limit(open_server) -> None:
    token, cookie = signin_form(open_server.url)
    with ThreadPoolExecutor(max_workers=100) as pool:
        answers = list(pool.map(lambda _: post_signin(open_server.url, token, "not it", cookie)[0], range(100)))
    assert answers.count(401) == signin._MAX_FAILURES  # "Wrong passphrase.": checked
    assert answers.count(429) == 100 - signin._MAX_FAILURES  # "Too many attempts.": not checked


OWNER_PASS = "Kronoberg framsyn 2050"


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """An app with an owner passphrase behind a TLS proxy on this machine (FRAMSYN_TRUSTED_PROXIES)."""
    folder = tmp_path_factory.mktemp("access-proxied")
    workspace = folder / "proxied.duckdb"
    with build_fixture_workspace(workspace) as store:
        access.set_passphrase(store, "owner", OWNER_PASS)
    server = AppServer(
        workspace,
        log_path=folder / "streamlit.log",
        extra_env={peers.TRUSTED_PROXIES_ENV: "127.0.0.1"},
        extra_args=["--server.address", "::"],
    )
    with server:
        yield server


def test_a_sign_in_form_works_only_in_the_browser_it_was_made_for(proxied_server) -> None:
    base = proxied_server.url
    proxy = {"X-Forwarded-For": "198.51.100.20"}
    token, cookie = signin_form(base, proxy)
    _, other_browser = signin_form(base, proxy)
    for forged in (None, other_browser):  # login CSRF: another site's post, or an attacker's own form
        status, cookies = post_signin(base, token, OWNER_PASS, forged, proxy)
        assert status == 400 and not any(value.startswith("framsyn_session=") for value in cookies)
    status, cookies = post_signin(base, token, OWNER_PASS, cookie, proxy)
    session = next(value for value in cookies if value.startswith("framsyn_session="))
    assert status == 303 and "HttpOnly" in session and "Secure" not in session  # plain HTTP all the way


def test_the_session_cookie_is_secure_when_the_trusted_proxy_says_tls(proxied_server) -> None:
    base = proxied_server.url
    proxy = {"X-Forwarded-For": "198.51.100.21", "X-Forwarded-Proto": "https"}
    token, cookie = signin_form(base, proxy)
    status, cookies = post_signin(base, token, OWNER_PASS, cookie, proxy)
    session = next(value for value in cookies if value.startswith("framsyn_session="))
    assert status == 303 and "Secure" in session


def test_behind_a_trusted_proxy_each_client_has_its_own_throttle(proxied_server) -> None:
    base = proxied_server.url
    attacker = {"X-Forwarded-For": "198.51.100.66"}
    token, cookie = signin_form(base, attacker)
    answers = [post_signin(base, token, "not it", cookie, attacker)[0] for _ in range(signin._MAX_FAILURES + 1)]
    assert answers[-1] == 429
    facilitator = {"X-Forwarded-For": "198.51.100.22"}
    token, cookie = signin_form(base, facilitator)
    assert post_signin(base, token, OWNER_PASS, cookie, facilitator)[0] == 303


def test_the_app_asks_nothing_off_the_machine_at_start(tmp_path: Path) -> None:
    """Every HTTP request the server process makes goes to a recording proxy: none may come.

    Headless on a wildcard address is where Streamlit asks checkip.amazonaws.com for its
    "External URL", and a websocket from an unknown origin is where its origin check does; the
    welcome (Local and Network URL) must still be printed.
    """
    asked: list[bytes] = []
    with socket.socket() as recorder:
        recorder.bind(("127.0.0.1", 0))
        recorder.listen(8)
        recorder.settimeout(0.2)
        proxy = f"http://127.0.0.1:{recorder.getsockname()[1]}"
        workspace = tmp_path / "offline.duckdb"
        build_fixture_workspace(workspace).close()
        env = {name: proxy for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY")}
        env |= {"NO_PROXY": "", "no_proxy": ""}
        log = tmp_path / "streamlit.log"
        with AppServer(workspace, log_path=log, extra_env=env, extra_args=["--server.address", "::"]) as server:
            with urllib.request.urlopen(f"{server.url}/?lang=en") as answer:
                assert answer.status == 200
            # A page from a host name Streamlit does not know: its origin check must not go online.
            stream = server.url.replace("http://", "ws://", 1) + "/_stcore/stream"
            try:
                with ws_connect(stream, origin="http://framsyn.example", subprotocols=["streamlit"], open_timeout=10):
                    pass
            except (OSError, InvalidStatus):
                pass  # refused or accepted: either way, nothing may have been asked off the machine
            try:
                connection, _ = recorder.accept()
                with connection:
                    asked.append(connection.recv(200))
            except TimeoutError:
                pass
    assert asked == []
    printed = log.read_text(encoding="utf-8")
    assert f"Local URL: http://localhost:{server.port}" in printed and "Network URL: http://" in printed
    assert "External URL" not in printed
