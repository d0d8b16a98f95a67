"""Ballot stuffing: one client re-opens the join link (and the collect link) without cookies.

`stuffing_30s`: the app served by `streamlit run` on loopback with a temporary workspace; a vote
that expects `EXPECTED` participants and has a collection round open is first filled by that many
phones (one join each), then one client re-opens `/join/CODE` and `/collect/CODE` in turn, never
keeping a cookie, for 30 s. `ms` is the run's length; `beyond_expected` is how many participants
the workspace admitted beyond the expected size (target ≤ 60), `tokens_seen` the distinct tokens
the client was handed, `refused` the answers that turned it away (429), `other` any other answer,
and `warned` whether the facilitator's view shows its warning (joined above expected).

Run alone: `python -m bench.stuffing [--seconds S]` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.context import BenchContext, Result
from bench.server import AppServer
from foresight.vote import collection, joins, voting
from foresight.workspace import build_fixture_workspace, open_workspace

BENCH_CASES = ("stuffing_30s",)
EXPECTED = 30
_TOKEN = re.compile(r"[?&]p=([A-Za-z0-9_-]{40})")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    results: dict[str, Result] = {}
    if context.wants("stuffing_30s"):
        figures = run(context.folder / "stuffing", seconds=30.0)
        results["stuffing_30s"] = Result(ms=figures.pop("ms"), extra=figures)
    return results


def _get(base: str, path: str) -> tuple[int, str]:
    """One GET on a fresh connection, no cookies: the status and the redirect's location."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        return answer.status, answer.getheader("location") or ""
    finally:
        connection.close()


def run(folder: Path, seconds: float = 30.0, expected: int = EXPECTED) -> dict[str, object]:
    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / "stuffing.duckdb"
    with build_fixture_workspace(workspace) as store:
        created = voting.create_vote(
            store, "Drivkrafter", [voting.OptionInput(label="Klimat")], expected_participants=expected
        )
        voting.set_status(store, created.code, created.secret, "open")
        collection.open_collection(store, created.code, created.secret, per_phone=2)
    code = created.code
    tokens: set[str] = set()
    refused = other = 0
    with AppServer(workspace, log_path=folder / "streamlit.log") as server:
        for _ in range(expected):  # the hall: every expected phone joins once
            status, location = _get(server.url, f"/join/{code}")
            if status != 303:
                raise RuntimeError(f"stuffing_30s: a phone of the hall got {status}")
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < seconds:
            path = f"/join/{code}" if n % 2 == 0 else f"/collect/{code}"
            n += 1
            status, location = _get(server.url, path)
            found = _TOKEN.search(location)
            if status == 303 and found:
                tokens.add(found.group(1))
            elif status == 429:
                refused += 1
            else:
                other += 1
        elapsed = time.monotonic() - started
    with open_workspace(workspace) as store:
        count = joins.join_count(store, code)
    return {
        "ms": round(elapsed * 1000, 1),
        "expected": expected,
        "joined": count.joined,
        "beyond_expected": count.joined - expected,
        "tokens_seen": len(tokens),
        "requests": n,
        "refused": refused,
        "other": other,
        "warned": count.over,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="framsyn-stuffing-") as folder:
        print(json.dumps(run(Path(folder), args.seconds), indent=2))


if __name__ == "__main__":
    main()
