"""A laptop's open-files limit and idle sockets: the hall must not fall over on either.

`hall_files_256`: the hall of `vote_hall_burst_300`'s kind (300 phones join within 10 s, then vote
over 20 s, one shared screen) against a server started with a soft open-files limit of 256, as
macOS hands a terminal. `ms` is the ack p95; `join_p95_ms` is open → usable (the join link's
redirect and the page with its form); `too_many_open_files` counts those lines in the server's
log (target 0); `server_soft_limit` is the limit the server says it raised itself to.

`idle_connections_1024`: a server started with a soft limit of 1,024 (many Linux desktops);
1,100 connections are opened to it and left idle. With all of them open, `ms` is the health
route's answer time on a fresh connection and `page_ms` a dashboard page load (Streamlit's page,
then a session on its websocket running the home page to the end; target both ≤ 2 s);
`closed_by_server` is how many of the idle ones the server had closed 15 s later (the head
deadline, foresight.web.slow_clients) and `log_kb` the server log's size (target < 100 KB).

Run alone: `python -m bench.limits [--case NAME]` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import socket
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import hall
from bench.context import BenchContext, Result
from bench.server import AppServer
from bench.vote import HALLS, run_hall
from foresight.web.server_limits import raise_open_files_limit
from foresight.web.slow_clients import HEAD_SECONDS
from foresight.workspace import build_fixture_workspace

BENCH_CASES = ("hall_files_256", "idle_connections_1024")
IDLE_CONNECTIONS = 1100
_RESOURCE_ERROR = "Too many open files"


def bench_cases(context: BenchContext) -> dict[str, Result]:
    results: dict[str, Result] = {}
    if context.wants("hall_files_256"):
        figures = hall_files(context.folder / "files256")
        results["hall_files_256"] = Result(ms=figures.pop("p95_ms"), extra=figures)
    if context.wants("idle_connections_1024"):
        figures = idle_connections(context.folder / "idle1024")
        results["idle_connections_1024"] = Result(ms=figures.pop("health_ms"), extra=figures)
    return results


def hall_files(folder: Path, open_files: int = 256) -> dict[str, object]:
    phones, join_seconds, _burst = HALLS["vote_hall_burst_300"]
    raise_open_files_limit()  # the harness's own 300 phones need sockets too
    figures = run_hall(folder, phones, join_seconds, 20.0, open_files=open_files)
    log = (folder / "streamlit.log").read_text(errors="replace")
    figures["too_many_open_files"] = log.count(_RESOURCE_ERROR)
    figures["server_soft_limit"] = _reported_limit(log)
    figures["started_with_soft_limit"] = open_files
    return figures


def idle_connections(folder: Path, open_files: int = 1024, count: int = IDLE_CONNECTIONS) -> dict[str, object]:
    raise_open_files_limit()
    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / "idle.duckdb"
    build_fixture_workspace(workspace).close()
    log_path = folder / "streamlit.log"
    with AppServer(workspace, log_path=log_path, open_files=open_files) as server:
        idle, refused = [], 0
        for _ in range(count):
            try:
                idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
            except OSError:
                refused += 1
        opened_at = time.monotonic()
        health_ms = _timed_ms(lambda: _get(f"{server.url}/_stcore/health"))
        page_ms = _timed_ms(lambda: _load_page(server.url))
        measured_within_s = time.monotonic() - opened_at
        time.sleep(max(0.0, HEAD_SECONDS + 5 - (time.monotonic() - opened_at)))
        closed = sum(_closed_by_peer(connection) for connection in idle)
        health_after_ms = _timed_ms(lambda: _get(f"{server.url}/_stcore/health"))
        for connection in idle:
            connection.close()
    log = log_path.read_text(errors="replace")
    return {
        "health_ms": round(health_ms, 1),
        "page_ms": round(page_ms, 1),
        "measured_within_s": round(measured_within_s, 2),
        "idle_opened": len(idle),
        "idle_refused": refused,
        "closed_by_server": closed,
        "health_after_ms": round(health_after_ms, 1),
        "log_kb": round(log_path.stat().st_size / 1024, 1),
        "too_many_open_files": log.count(_RESOURCE_ERROR),
        "server_soft_limit": _reported_limit(log),
        "started_with_soft_limit": open_files,
    }


def _timed_ms(action) -> float:  # noqa: ANN001 - a no-argument callable
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        if answer.status != 200:
            raise RuntimeError(f"{url}: {answer.status}")
        return answer.read()


def _load_page(base_url: str) -> None:
    """What a browser does for a dashboard page: Streamlit's page, then a session runs the home page."""
    _get(f"{base_url}/")

    async def session() -> None:
        tab = hall.Session(base_url, "", "lang=en")
        await tab.connect()
        try:
            run = await tab.rerun(timeout=30)
            if not run.elements:
                raise RuntimeError("the home page sent nothing")
        finally:
            await tab.close()

    hall.run(session())


def _closed_by_peer(connection: socket.socket) -> bool:
    connection.settimeout(0.05)
    try:
        return connection.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def _reported_limit(log: str) -> int | None:
    """The soft limit the server logged at start (foresight.web.server_limits)."""
    for line in log.splitlines():
        if "open files: soft limit" in line:
            return int(line.split("soft limit", 1)[1].split(",")[0].strip())
    return None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.limits")
    parser.add_argument("--case", choices=BENCH_CASES, default=None)
    chosen = parser.parse_args().case
    with tempfile.TemporaryDirectory(prefix="framsyn-limits-") as folder_name:
        out = {}
        if chosen in (None, "hall_files_256"):
            out["hall_files_256"] = hall_files(Path(folder_name) / "files256")
        if chosen in (None, "idle_connections_1024"):
            out["idle_connections_1024"] = idle_connections(Path(folder_name) / "idle1024")
        print(json.dumps(out, default=str))
