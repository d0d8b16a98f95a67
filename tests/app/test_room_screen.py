"""The room's screen (`/vote?room=CODE`) in AppTest: the live step of the workshop with the room's one QR
code: the postcard round's running count of cards, then the vote; and the run sheet hands out the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from foresight import access
from foresight.vote import collection, participant_tokens, voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workshops import room, workshops
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import all_text, run_page
from tests.support.ballots import cast, open_vote


@pytest.fixture
def day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A workshop whose vote has its postcard round open with two cards; its room code and screen token."""
    path = tmp_path / "room.duckdb"
    with build_fixture_workspace(path) as store:
        workshop = workshops.create_workshop(store, "Ledningsgrupp Halland", "2026-03-02")
        created = open_vote(
            store,
            "Vilka drivkrafter formar Halland?",
            [voting.OptionInput(label="Klimat")],
            open_it=False,
            workshop_id=workshop,
        )
        collection.open_collection(store, created.code, created.secret)
        key = participant_tokens.participant_key(store)
        for text in ("Fler äldre", "Snabbare tåg"):
            collection.submit(store, created.code, participant_tokens.sign_participant(key, created.code), text)
        code = room.room_code(store, workshop)
        token = access.screen_token(store, "room", code)
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return {"workshop": workshop, "code": code, "t": token, "vote": created, "path": path}


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_the_room_screen_shows_the_postcard_count_then_the_vote(day) -> None:
    code = str(day["code"])
    screen = run_page("views/vote.py", lang="en", room=code, t=str(day["t"]))
    assert not screen.exception, screen.exception
    assert [title.value for title in screen.title] == ["Vilka drivkrafter formar Halland?"]
    assert "Send your drivers from your phone" in [str(text.value) for text in screen.text]
    assert metrics(screen) == {"Cards received": "2"}
    images = screen.get("image")
    assert len(images) == 1 and f"/room/{code}?lang=en" in str(images[0].proto)  # the QR's text alternative
    assert any(f"/room/{code}?lang=en" in str(text.value) for text in screen.text)

    from foresight.ui.resources import store as page_store

    created = day["vote"]
    box = ballot_box_for(page_store())
    box.set_status(created.code, created.secret, "open")
    collection.close_collection(page_store(), created.code, created.secret)
    cast(page_store(), created.code, {0: 3})
    screen.run()
    assert not screen.exception, screen.exception
    assert metrics(screen)["Have voted"] == "1" and "Cards received" not in metrics(screen)
    assert "The vote is open" in [str(text.value) for text in screen.text]


def test_the_room_screen_waits_with_the_workshops_title_and_refuses_an_unsigned_link(day, monkeypatch) -> None:
    from foresight.ui.resources import store as page_store

    created = day["vote"]
    collection.close_collection(page_store(), created.code, created.secret)
    code = str(day["code"])
    screen = run_page("views/vote.py", lang="sv", room=code, t=str(day["t"]))
    assert not screen.exception, screen.exception
    assert "Vilka drivkrafter formar Halland?" in all_text(screen)  # the latest vote, not opened yet
    access.set_passphrase(page_store(), "owner", "Kronoberg framsyn 2050")  # no local owner any more
    assert "Vilka drivkrafter" not in all_text(run_page("views/vote.py", lang="en", room=code))
    signed = run_page("views/vote.py", lang="en", room=code, t=str(day["t"]))
    assert "Vilka drivkrafter formar Halland?" in all_text(signed)


def test_the_run_sheet_hands_out_the_rooms_code_and_screen(day) -> None:
    at = run_page("views/workshops.py", workshop=str(day["workshop"]), lang="en")
    assert not at.exception, at.exception
    code = str(day["code"])
    assert "The room's code for the phones" in all_text(at)
    assert any(block.value.endswith(f"/room/{code}?lang=en") for block in at.code)
    screen = next(button for button in at.get("link_button") if button.proto.label == "Show the room's screen")
    assert f"room={code}" in screen.proto.url and f"t={day['t']}" in screen.proto.url
