"""One browser, one voice, through the phones' routes: re-opening the link without cookies adds at
most a few participants beyond the vote's expected size; the same browser keeps its token; the
collection page gives out no token unless a round is open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from foresight import web
from foresight.store import WORKSPACE_ENV
from foresight.vote import collection, joins
from foresight.vote.ballot_box import shared_ballot_box
from foresight.vote.voting import OptionInput
from foresight.web import participant
from foresight.web.phone_tokens import cookie_name
from foresight.workspace import build_fixture_workspace, shared_store
from tests.support.ballots import open_vote

EXPECTED = 5
TOKEN = re.compile(r"[?&]p=([A-Za-z0-9_-]{40})")


@pytest.fixture
def hall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str, str]]:
    """The phones' routes on a fresh workspace with one open vote expecting five participants."""
    path = tmp_path / "hall.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv(WORKSPACE_ENV, str(path))
    monkeypatch.setattr(participant, "_box", None)  # the routes' box belongs to this workspace
    monkeypatch.setattr(participant, "_changes", participant._Changes())  # and so do its event loop's waits
    monkeypatch.setattr(participant, "_polls", participant._Polls())
    created = open_vote(shared_store(), "Drivkrafter", [OptionInput(label="Klimat")], expected_participants=EXPECTED)
    app = Starlette(routes=web.routes(), middleware=web.middleware(), exception_handlers=web.exception_handlers())
    with TestClient(app, follow_redirects=False) as client:
        yield client, created.code, created.secret


def joined(code: str) -> int:
    return joins.join_count(shared_store(), code).joined


def test_reopening_the_link_without_cookies_adds_at_most_a_few_beyond_the_expected_size(hall) -> None:
    client, code, _ = hall
    answers = []
    for _ in range(40):
        client.cookies.clear()  # a script (or a private window) that forgets everything each time
        answers.append(client.get(f"/join/{code}?lang=en"))
    tokens = {TOKEN.search(answer.headers["location"]).group(1) for answer in answers if answer.status_code == 303}
    assert len(tokens) == EXPECTED + joins.SPARE_BURST == joined(code)
    refused = [answer for answer in answers if answer.status_code == 429]
    assert len(refused) == 40 - len(tokens)
    assert "as many participants as the facilitator expected" in refused[0].text
    assert "Traceback" not in refused[0].text and refused[0].headers["retry-after"] == "60"
    client.cookies.clear()
    swedish = client.get(f"/join/{code}")
    assert swedish.status_code == 429 and "så många deltagare som processledaren väntade sig" in swedish.text
    assert joins.join_count(shared_store(), code).over


def test_the_same_browser_finds_the_same_ballot(hall) -> None:
    client, code, _ = hall
    first = client.get(f"/join/{code}")
    token = TOKEN.search(first.headers["location"]).group(1)
    cookie = first.headers["set-cookie"]
    assert f"{cookie_name(code)}={token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Path=/" in cookie
    for _ in range(10):
        again = client.get(f"/join/{code}")  # the link opened again, cookies kept: no new participant
        assert again.status_code == 303 and TOKEN.search(again.headers["location"]).group(1) == token
    assert joined(code) == 1
    page = client.get(f"/join/{code}?p={token}")
    # Already kept: not set again (the page may carry the sign-in forms' cookie, never the token's).
    assert page.status_code == 200 and cookie_name(code) not in page.headers.get("set-cookie", "")


def test_a_token_from_the_address_is_kept_in_the_cookie(hall) -> None:
    client, code, _ = hall
    token = TOKEN.search(client.get(f"/join/{code}").headers["location"]).group(1)
    client.cookies.clear()
    page = client.get(f"/join/{code}?p={token}")
    assert page.status_code == 200 and f"{cookie_name(code)}={token}" in page.headers["set-cookie"]


def test_collect_gives_no_token_unless_a_round_is_open_and_shares_the_votes_limit(hall) -> None:
    client, code, secret = hall
    closed = client.get(f"/collect/{code}?lang=en")
    assert closed.status_code == 409 and "not open right now" in closed.text
    assert "set-cookie" not in closed.headers and "location" not in closed.headers
    assert joined(code) == 0
    collection.open_collection(shared_store(), code, secret, per_phone=2)
    answers = []
    for _ in range(20):
        client.cookies.clear()
        answers.append(client.get(f"/collect/{code}?lang=en"))
    issued = [answer for answer in answers if answer.status_code == 303]
    assert len(issued) == EXPECTED + joins.SPARE_BURST == joined(code)
    assert all(answer.status_code == 429 for answer in answers[len(issued) :])
    client.cookies.clear()
    assert client.get(f"/join/{code}").status_code == 429  # one count for both pages


def test_cards_from_one_phone_are_rate_limited_with_a_clear_message(hall) -> None:
    client, code, secret = hall
    collection.open_collection(shared_store(), code, secret, per_phone=collection.MAX_PER_PHONE)
    address = client.get(f"/collect/{code}?lang=en").headers["location"]
    answers = [client.post(address, data={"text": f"Drivkraft {n}", "kind": "driver"}) for n in range(6)]
    assert [answer.status_code for answer in answers[:3]] == [303, 303, 303]
    refused = answers[3]
    assert refused.status_code == 429 and "Many cards in a short time" in refused.text
    assert len(collection.submissions(shared_store(), code)) == 3


def test_beyond_the_cap_of_waiting_polls_a_phone_is_told_to_ask_again_later(hall, monkeypatch) -> None:
    client, code, secret = hall
    monkeypatch.setattr(participant, "MAX_WAITING_PER_VOTE", 2)
    token = TOKEN.search(client.get(f"/join/{code}").headers["location"]).group(1)
    since = client.get(f"/join/{code}/status?p={token}").json()["changes"]
    with ThreadPoolExecutor(3) as pool:
        polls = [pool.submit(client.get, f"/join/{code}/status?since={since}") for _ in range(3)]
        done, waiting = wait(polls, timeout=15, return_when=FIRST_COMPLETED)
        turned_away = next(iter(done)).result()
        assert turned_away.json()["retry"] == participant.SLOW_POLL_SECONDS
        assert turned_away.headers["connection"] == "close" and len(waiting) == 2
        shared_ballot_box().set_status(code, secret, "closed")  # the two that wait hear it
        answers = [poll.result(timeout=15).json() for poll in waiting]
    assert all(answer["status"] == "closed" and "retry" not in answer for answer in answers)
