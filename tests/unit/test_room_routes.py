"""The room's routes (/room/CODE and its status long poll) on a real workspace file, through Starlette's
TestClient: a phone is sent to the live step with one identity throughout, and a waiting poll hears a
switch at once when the ballot box hears it, and within a second when only the workspace changed."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from foresight import web
from foresight.store import WORKSPACE_ENV
from foresight.vote import collection
from foresight.vote.ballot_box import shared_ballot_box
from foresight.vote.voting import OptionInput
from foresight.web import participant
from foresight.web import room as room_route
from foresight.workshops import room, workshops
from foresight.workspace import build_fixture_workspace, shared_store
from tests.support.ballots import open_vote

TOKEN = re.compile(r"[?&]p=([A-Za-z0-9_-]{40})")
SINCE = re.compile(r'data-since="([^"]+)"')


@pytest.fixture
def day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, int, str]]:
    """The phones' routes on a fresh workspace with one workshop (nothing live yet); its room code."""
    path = tmp_path / "day.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv(WORKSPACE_ENV, str(path))
    monkeypatch.setattr(participant, "_box", None)
    monkeypatch.setattr(participant, "_changes", participant._Changes())
    monkeypatch.setattr(participant, "_polls", participant._Polls())
    monkeypatch.setattr(room_route, "_rooms", room_route._Rooms())
    workshop = workshops.create_workshop(shared_store(), "Ledningsgrupp", "2026-03-02")
    app = Starlette(routes=web.routes(), middleware=web.middleware(), exception_handlers=web.exception_handlers())
    with TestClient(app, follow_redirects=False) as client:
        yield client, workshop, room.room_code(shared_store(), workshop)


def new_vote(workshop: int):
    return open_vote(shared_store(), "Drivkrafter", [OptionInput(label="Klimat")], open_it=False, workshop_id=workshop)


def test_the_room_sends_a_phone_to_the_live_step_with_one_identity(day) -> None:
    client, workshop, code = day
    waiting = client.get(f"/room/{code}?lang=en")
    assert waiting.status_code == 200 and "No step has started yet" in waiting.text
    assert 'src="/join/assets/room.js"' in waiting.text and f"/room/{code}/status?lang=en" in waiting.text
    assert client.get(f"/room/{code.lower()}").headers["location"] == f"/room/{code}"
    assert client.get("/room/ZZZZZZ" if code != "ZZZZZZ" else "/room/YYYYYY").status_code == 404
    assert client.get(f"/join?code={code.lower()}").headers["location"] == f"/room/{code}"  # the one code box

    created = new_vote(workshop)
    collection.open_collection(shared_store(), created.code, created.secret)
    to_cards = client.get(f"/room/{code}?lang=en")
    assert to_cards.status_code == 303 and to_cards.headers["location"] == f"/collect/{created.code}?lang=en"
    issued = client.get(to_cards.headers["location"])
    token = TOKEN.search(issued.headers["location"]).group(1)
    cards = client.get(issued.headers["location"])
    assert cards.status_code == 200 and 'name="text"' in cards.text
    assert SINCE.search(cards.text).group(1) == room.live_step(shared_store(), workshop).signature
    # the vote's own link during the postcard round leads to the postcards, not to "closed" and "not voted"
    during = client.get(f"/join/{created.code}?p={token}&lang=en")
    assert during.status_code == 303 and during.headers["location"].startswith(f"/collect/{created.code}?p={token}")

    collection.close_collection(shared_store(), created.code, created.secret)
    shared_ballot_box().set_status(created.code, created.secret, "open")
    to_vote = client.get(f"/room/{code}")
    assert to_vote.headers["location"] == f"/join/{created.code}"
    same = client.get(to_vote.headers["location"])  # the cookie: the same phone, not a new participant
    assert TOKEN.search(same.headers["location"]).group(1) == token
    ballot = client.get(same.headers["location"])
    assert 'id="ballot"' in ballot.text and "Omröstningen är stängd" not in ballot.text
    assert SINCE.search(ballot.text).group(1) == f"vote.{created.code}.1"
    sent = client.post(
        f"/join/{created.code}", data={"form": "ballot", "p": token, "o0": "3"}, headers={"accept": "application/json"}
    )
    assert sent.json()["bar"] == "Sparat: 3 prickar"
    again = client.get(f"/join/{created.code}?p={token}")
    assert '<p id="left" class="ok" role="status" aria-live="polite">Sparat: 3 prickar</p>' in again.text
    assert '<button type="submit" id="send" disabled>Skickat</button>' in again.text

    shared_ballot_box().set_status(created.code, created.secret, "closed")
    thanks = client.get(f"/room/{code}")
    assert thanks.status_code == 200 and "Tack! Omröstningen är stängd." in thanks.text


def test_a_vote_open_during_its_postcard_round_puts_the_postcards_first(day) -> None:
    client, workshop, _ = day
    created = new_vote(workshop)
    collection.open_collection(shared_store(), created.code, created.secret)
    shared_ballot_box().set_status(created.code, created.secret, "open")
    page = client.get(client.get(f"/join/{created.code}?lang=en").headers["location"])
    main = page.text[page.text.index("<main") :]
    assert main.index('class="collect"') < main.index("<h1>") and "send your own" in main


def test_a_waiting_poll_hears_each_switch(day) -> None:
    client, workshop, code = day
    since = client.get(f"/room/{code}/status").json()["signature"]
    created = new_vote(workshop)
    box = shared_ballot_box()

    def answer_after(change) -> tuple[dict, float]:
        nonlocal since
        with ThreadPoolExecutor(1) as pool:
            poll = pool.submit(client.get, f"/room/{code}/status?since={since}")
            time.sleep(0.3)  # the poll is waiting (its answer cannot come before the change below)
            assert not poll.done()
            changed = time.monotonic()
            change()
            answer = poll.result(timeout=room_route.WAIT_SECONDS).json()
        since = answer["signature"]
        return answer, time.monotonic() - changed

    # a collection round opened straight in the workspace: seen by the room's own re-reading
    opened, seconds = answer_after(lambda: collection.open_collection(shared_store(), created.code, created.secret))
    assert (opened["kind"], opened["code"]) == ("collect", created.code) and seconds < 2
    collection.close_collection(shared_store(), created.code, created.secret)
    voting_now, seconds = answer_after(lambda: box.set_status(created.code, created.secret, "open"))
    assert voting_now["kind"] == "vote" and seconds < 2
    closed, seconds = answer_after(lambda: box.set_status(created.code, created.secret, "closed"))
    assert closed["kind"] == "wait" and seconds < 2


def test_the_room_script_and_a_bad_code_answer_like_the_other_phone_routes(day) -> None:
    client, _, code = day
    script = client.get("/join/assets/room.js")
    assert script.status_code == 200 and "location.replace" in script.text
    missing = client.get("/room/QQQQQQ/status?lang=en" if code != "QQQQQQ" else "/room/WWWWWW/status?lang=en")
    assert missing.status_code == 404 and "no workshop with that code" in missing.json()["message"]
