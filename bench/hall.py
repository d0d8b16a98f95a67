"""A workshop hall through the real server: phones on their own page, and the shared screen in Streamlit.

Each simulated phone is one keep-alive HTTP connection to the phones' page (`/join/CODE`), as a
phone's browser holds: it opens the join link (the server answers with a redirect carrying the
signed token), reads the token and the options from the page, and posts its ballot as the page's
script does. The acknowledgement is the JSON answer "received", sent only after the commit.

The screen is a Streamlit page: one websocket to `/_stcore/stream` speaking Streamlit's protobuf
messages, as the browser does. It runs the page once, then reruns its fragment whenever the
server asked (`ForwardMsg.auto_rerun`), as the browser's timer does, reading the "have voted"
metric and the chart.

Used by the hall bench cases (`bench.vote`) and the restart durability test.
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode, urlsplit

from bench.proxy import loopback_tls
from foresight.i18n import t

# The hall runs with lang=en and recognises the page's own texts, taken from the catalogue.
RECEIVED_PREFIX = t("vote.received", "en", dots="{}").split("{}")[0]
VOTED_LABEL = t("vote.screen_voted", "en")


@cache
def _proto():
    """Streamlit's message classes, imported on first use: importing this module stays Streamlit-free."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return BackMsg, ForwardMsg, WidgetState


def run(coroutine):
    """Run the hall's coroutine to the end in a thread of its own, whatever loop the caller runs."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="framsyn-hall")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class HallError(Exception):
    """A phone or the screen saw something a real participant would report as broken."""


@dataclass
class Run:
    """What one script run sent: its elements in arrival order, and when it finished."""

    elements: list[object] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)  # perf_counter() when each element arrived
    fragments: list[str] = field(default_factory=list)  # the fragment each element belongs to ('' if none)
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    status: int | None = None


class Session:
    """One browser tab, at the protocol level."""

    def __init__(self, base_url: str, page: str, query_string: str) -> None:
        self.ws_url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.page_url = f"{base_url}/{page}"
        self.page = page
        self.query_string = query_string
        self.page_script_hash = ""
        self.connection = None
        self.reader: asyncio.Task | None = None
        self.run: Run | None = None
        self.auto_rerun: tuple[float, str] | None = None
        self.on_element = None  # optional callback(element, arrival_time)
        self.closed = False
        self.lost = ""  # why the connection ended, when it did

    async def connect(self) -> None:
        import websockets

        self.connection = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            compression=None,
            open_timeout=60,
            ping_interval=None,
        )
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
        if self.reader is not None:
            self.reader.cancel()

    async def _read(self) -> None:
        try:
            await self._dispatch()
            self.lost = f"closed by the server: {self.connection.close_code} {self.connection.close_reason!r}"
        except Exception as error:  # noqa: BLE001 - a dropped connection ends the session like a closed tab
            self.lost = repr(error)
        finally:
            self.lost = f"{self.lost} at {time.perf_counter():.1f}"
            self.closed = True
            if self.run is not None:
                self.run.finished.set()  # wake a waiting rerun: it sees no script_finished

    async def _dispatch(self) -> None:
        async for payload in self.connection:
            now = time.perf_counter()
            message = _proto()[1]()
            message.ParseFromString(payload)
            kind = message.WhichOneof("type")
            if kind == "navigation":
                self.page_script_hash = message.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.auto_rerun = (message.auto_rerun.interval, message.auto_rerun.fragment_id)
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if self.run is not None:
                    self.run.elements.append(element)
                    self.run.arrivals.append(now)
                    self.run.fragments.append(message.delta.fragment_id)
                if self.on_element is not None:
                    self.on_element(element, now)
            elif kind == "script_finished" and self.run is not None:
                self.run.status = message.script_finished
                self.run.finished.set()

    async def rerun(
        self,
        widgets: list[object] = (),
        fragment_id: str = "",
        auto: bool = True,
        wait: bool = True,
        timeout: float = 60,
    ) -> Run:
        """Ask for a run (or a fragment run) with these widget values; wait until it finishes."""
        back = _proto()[0]()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page
        state.page_script_hash = self.page_script_hash
        state.widget_states.widgets.extend(widgets)
        state.context_info.url = self.page_url
        state.context_info.locale = "en-GB"
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = auto
        if self.closed:
            raise HallError(f"connection lost ({self.lost})")
        self.run = run = Run()
        await self.connection.send(back.SerializeToString())
        if wait:
            await asyncio.wait_for(run.finished.wait(), timeout)
            if run.status is None:
                raise HallError("connection lost before the run finished")
        return run


def text_of(element) -> str:
    """The visible text of an element the hall looks at (alerts, metrics, text, markdown), else ''."""
    kind = element.WhichOneof("type")
    if kind == "alert":
        return element.alert.body
    if kind == "metric":
        return f"{element.metric.label}={element.metric.body}"
    if kind == "text":
        return element.text.body
    if kind == "markdown":
        return element.markdown.body
    return ""


class HttpConnection:
    """One phone's keep-alive HTTP/1.1 connection (plain asyncio: the phones' page needs no browser)."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        secure = parts.scheme == "https"
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or (443 if secure else 80)
        self.tls = loopback_tls() if secure else None  # through the proxy of server mode's tests and bench
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one request and read the whole answer: (status, headers in lower case, body)."""
        for attempt in (1, 2):  # a keep-alive connection the server closed is opened again, once
            if self.writer is None or self.writer.is_closing():
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port, ssl=self.tls)
            lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
            lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
            if body or method == "POST":
                lines.append(f"Content-Length: {len(body)}")
            try:
                self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                await self.writer.drain()
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, dict[str, str], bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return int(status_line.split()[1]), headers, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (ConnectionError, OSError):
                pass
        self.writer = None


_TALLY_ROW = re.compile(r'fs-tally-label">(.*?)</span>.*?fs-tally-dots">(\d+)<', re.S)
_TOKEN_FIELD = re.compile(r'name="p" value="([A-Za-z0-9_-]+)"')
_DOTS_FIELD = re.compile(r'name="o([0-9]+)"')


class Phone:
    """A participant on the phones' page (/join/CODE): joins by the QR link, then posts its ballot once."""

    def __init__(self, base_url: str, code: str) -> None:
        self.base_url = base_url
        self.code = code
        self.connection = HttpConnection(base_url)
        self.token = ""
        self.options = 0
        self.latencies: list[float] = []
        self.join_seconds: float | None = None
        self.acknowledged_at: float | None = None
        self.ballot: dict[int, int] = {}

    async def join(self) -> None:
        """Open the link as a phone does: the redirect that issues the token, then the page itself."""
        started = time.perf_counter()
        status, headers, _ = await self.connection.request("GET", f"/join/{self.code}?lang=en")
        if status != 303 or "location" not in headers:
            raise HallError(f"join: expected a redirect with a token, got {status}")
        status, _, body = await self.connection.request("GET", headers["location"])
        page = body.decode("utf-8")
        found = _TOKEN_FIELD.search(page)
        self.options = len(set(_DOTS_FIELD.findall(page)))
        if status != 200 or not found or not self.options:
            raise HallError(f"join page incomplete: status={status} token={bool(found)} options={self.options}")
        self.token = found.group(1)
        self.join_seconds = time.perf_counter() - started

    async def post(self, fields: dict[str, str]) -> tuple[int, dict[str, object]]:
        """Post the ballot form as the page's script does (asking for JSON); (status, answer)."""
        body = urlencode({"form": "ballot", "p": self.token, **fields}).encode()
        status, _, answer = await self.connection.request(
            "POST",
            f"/join/{self.code}?lang=en",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        )
        return status, json.loads(answer)

    async def submit(self, ballot: dict[int, int]) -> float:
        """Send the ballot; the latency in seconds until the server said 'received' (after its commit)."""
        started = time.perf_counter()
        status, answer = await self.post({f"o{position}": str(dots) for position, dots in ballot.items()})
        if status != 200 or not answer.get("ok") or not str(answer.get("message", "")).startswith(RECEIVED_PREFIX):
            raise HallError(f"no acknowledgement: {status} {answer}")
        self.acknowledged_at = time.perf_counter()
        latency = self.acknowledged_at - started
        self.latencies.append(latency)
        self.ballot = dict(ballot)
        return latency

    async def close(self) -> None:
        await self.connection.close()


class Screen:
    """The shared screen: runs the page, then its fragment on the server's timer."""

    def __init__(self, base_url: str, code: str, token: str | None = None) -> None:
        # A server has no "this computer is owner": its screen opens by the signed link's token.
        query = f"screen={code}&lang=en" + (f"&t={token}" if token else "")
        self.session = Session(base_url, "vote", query)
        self.voted = 0
        self.tally: dict[str, int] = {}
        self.seen: list[tuple[float, int, dict[str, int]]] = []  # (arrival, participants voted, bars)
        self._stop = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.errors: list[str] = []

    def _element(self, element, now: float) -> None:
        text = text_of(element)
        if text.startswith(VOTED_LABEL + "="):
            self.voted = int(re.sub(r"\D", "", text.split("=", 1)[1]))  # "1 000": digits grouped for the room
        elif element.WhichOneof("type") == "html" and "fs-tally-row" in element.html.body:
            # The tally is HTML (foresight.figures.vote.tally_html): one row per option, label then dots.
            rows = _TALLY_ROW.findall(element.html.body)
            self.tally = {html.unescape(label): int(dots) for label, dots in rows}
            self.seen.append((now, self.voted, self.tally))

    async def start(self) -> None:
        self.session.on_element = self._element
        await self.session.connect()
        await self.session.rerun()
        if self.session.auto_rerun is None:
            raise HallError("the screen asked for no automatic refresh")
        self.task = asyncio.create_task(self._refresh())

    async def _refresh(self) -> None:
        interval, fragment_id = self.session.auto_rerun
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), interval)
            except TimeoutError:
                pass
            if self._stop.is_set():
                break
            try:
                await self.session.rerun(fragment_id=fragment_id, timeout=30)
            except Exception as error:  # noqa: BLE001 - reported, the hall goes on
                self.errors.append(repr(error))

    async def stop(self) -> None:
        self._stop.set()
        if self.task is not None:
            await self.task
        await self.session.close()


def expected_tally(phones: list[Phone], labels: list[str]) -> dict[str, int]:
    """The tally the screen must show: every phone's last acknowledged ballot, by option label."""
    totals = dict.fromkeys(labels, 0)
    for phone in phones:
        for position, dots in phone.ballot.items():
            totals[labels[position]] += dots
    return totals


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def random_ballot(rng: random.Random, options: int, dots: int, cap: int) -> dict[int, int]:
    """A ballot within the rules: `dots` dots, at most `cap` on one option."""
    ballot: dict[int, int] = {}
    while sum(ballot.values()) < dots:
        position = rng.randrange(options)
        if ballot.get(position, 0) < cap:
            ballot[position] = ballot.get(position, 0) + 1
    return ballot


@dataclass
class Wave:
    """One round of submissions: latencies, errors, and the screen's delay after the last ack."""

    latencies: list[float]
    errors: list[str]
    screen_delay: float | None
    wall: float

    def summary(self) -> dict[str, object]:
        return {
            "acknowledged": len(self.latencies),
            "p50_ms": round(statistics.median(self.latencies) * 1000, 1) if self.latencies else None,
            "p95_ms": round(percentile(self.latencies, 0.95) * 1000, 1) if self.latencies else None,
            "max_ms": round(max(self.latencies) * 1000, 1) if self.latencies else None,
            "screen_ms": None if self.screen_delay is None else round(self.screen_delay * 1000, 1),
            "errors": len(self.errors),
            "wall_s": round(self.wall, 2),
        }


async def join_all(phones: list[Phone], spread_seconds: float = 0.0, seed: int = 5) -> list[str]:
    """Every phone opens the join link at a random moment within `spread_seconds` (a hall scanning the QR code)."""
    rng = random.Random(seed)
    offsets = [rng.uniform(0, spread_seconds) for _ in phones]
    errors: list[str] = []
    started = time.perf_counter()

    async def one(phone: Phone, offset: float) -> None:
        await asyncio.sleep(max(0.0, started + offset - time.perf_counter()))
        try:
            await phone.join()
        except Exception as error:  # noqa: BLE001
            errors.append(f"join: {error!r}")

    await asyncio.gather(*(one(phone, offset) for phone, offset in zip(phones, offsets, strict=True)))
    return errors


async def submit_wave(
    phones: list[Phone],
    ballots: list[dict[int, int]],
    spread_seconds: float,
    screen: Screen | None,
    labels: list[str],
    seed: int = 7,
) -> Wave:
    """Each phone submits its ballot at a random moment within `spread_seconds`."""
    rng = random.Random(seed)
    offsets = sorted(rng.uniform(0, spread_seconds) for _ in phones)
    rng.shuffle(offsets)
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    screen_mark = len(screen.seen) if screen else 0

    async def one(phone: Phone, ballot: dict[int, int], offset: float) -> None:
        await asyncio.sleep(max(0.0, started + offset - time.perf_counter()))
        try:
            latencies.append(await phone.submit(ballot))
        except Exception as error:  # noqa: BLE001
            errors.append(f"submit: {error!r}")

    await asyncio.gather(
        *(one(phone, ballot, offset) for phone, ballot, offset in zip(phones, ballots, offsets, strict=True))
    )
    wall = time.perf_counter() - started
    last_ack = max((phone.acknowledged_at or 0.0) for phone in phones)
    screen_delay = None
    if screen is not None:
        voters = sum(1 for phone in phones if phone.ballot)
        expected = expected_tally(phones, labels)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            shown = [
                when
                for when, voted, bars in screen.seen[screen_mark:]
                if voted == voters and bars == expected and when >= last_ack
            ]
            if shown:
                screen_delay = shown[0] - last_ack
                break
            await asyncio.sleep(0.05)
        if screen_delay is None:
            errors.append(f"screen did not show the final tally within 10 s (voted {screen.voted} of {voters})")
    return Wave(latencies, errors, screen_delay, wall)
