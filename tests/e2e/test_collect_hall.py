"""Thirty phones send drivers through the real server within a minute, and every card is stored."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.server import AppServer
from foresight.vote import collection, voting
from foresight.workspace import build_fixture_workspace, open_workspace

PHONES = 30


def open_collecting_vote(path: Path) -> voting.CreatedVote:
    with build_fixture_workspace(path) as store:
        created = voting.create_vote(store, "Insamling", [voting.OptionInput(label="Åldrande befolkning")])
        collection.open_collection(store, created.code, created.secret, per_phone=2)
    return created


def phone(base: str, code: str, n: int) -> tuple[float, str]:
    """One phone: open the page (get a token), send one card, read the page it lands on."""
    started = time.monotonic()
    with urllib.request.urlopen(f"{base}/collect/{code}", timeout=30) as landing:
        address = landing.geturl()
    assert re.search(r"[?&]p=[A-Za-z0-9_-]{16,}", address), address
    text = f"Drivkraft {n}: ensamhet & <b>" if n == 0 else f"Drivkraft {n}: vård på distans"
    body = urllib.parse.urlencode({"text": text, "kind": "signal" if n % 2 else "driver"}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(address, data=body, method="POST"), timeout=30) as answer:
            page = answer.read().decode()
    except urllib.error.HTTPError as refused:  # the first phone's card holds markup: refused, shown again
        page = refused.read().decode()
    return time.monotonic() - started, page


def test_thirty_phones_send_drivers_within_a_minute(tmp_path: Path) -> None:
    workspace = tmp_path / "collect.duckdb"
    created = open_collecting_vote(workspace)
    with AppServer(workspace, log_path=tmp_path / "streamlit.log") as server:
        began = time.monotonic()
        with ThreadPoolExecutor(PHONES) as pool:
            results = list(pool.map(lambda n: phone(server.url, created.code, n), range(PHONES)))
        elapsed = time.monotonic() - began
    assert elapsed < 60, f"{PHONES} phones took {elapsed:.1f} s"
    refused_page = results[0][1]
    assert "&lt;b&gt;" in refused_page and "<b>" not in refused_page.split("<main>")[1]
    assert all("Drivkraft" in page and 'role="status"' in page for _, page in results[1:])
    with open_workspace(workspace) as store:
        cards = collection.submissions(store, created.code)
    assert sorted(card.text for card in cards) == sorted(f"Drivkraft {n}: vård på distans" for n in range(1, PHONES))
    print(f"{PHONES} phones: {elapsed:.2f} s in all, slowest phone {max(took for took, _ in results):.2f} s")


def test_a_crafted_code_or_token_gets_a_clear_page(tmp_path: Path) -> None:
    workspace = tmp_path / "collect.duckdb"
    created = open_collecting_vote(workspace)
    with AppServer(workspace, log_path=tmp_path / "streamlit.log") as server:
        for address, status in [
            (f"{server.url}/collect/<script>", 404),
            (f"{server.url}/collect/ZZZZZZ", 404),
        ]:
            try:
                urllib.request.urlopen(address, timeout=10)
                raise AssertionError(f"{address} answered 200")
            except urllib.error.HTTPError as answer:
                assert answer.code == status
                assert "Traceback" not in answer.read().decode()
        post = urllib.request.Request(f"{server.url}/collect/{created.code}?p=bad", data=b"text=hej", method="POST")
        try:
            urllib.request.urlopen(post, timeout=10)
            raise AssertionError("a post without a token was accepted")
        except urllib.error.HTTPError as answer:
            assert answer.code == 400
