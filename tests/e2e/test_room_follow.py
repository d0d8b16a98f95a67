"""A phone follows the workshop's room: it scans the room's QR before anything is live and then follows
collection → vote → closed → next round → a new vote of the workshop, with no reload or rescan.

The real server (`bench.server.AppServer`) runs on a PostgreSQL workspace, so this test, as the
facilitator, makes each change through the domain in a process of its own, exactly as a second app
process would: a vote opened or closed reaches the server's ballot box as a notice, a collection
round only as a write (the room's own re-reading finds it). Each switch is timed from before the
change is made until the phone shows the new step (the acceptance point names 2 s, so it is
asserted); the figures go to tests/artifacts/room_follow.json. The phone's send confirmations must
be in the viewport (at the send bar, a live region), and axe-core finds nothing on the phone's pages.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight import access
from foresight.pages import VOTE, page_url
from foresight.store import Store
from foresight.vote import collection, voting
from foresight.workshops import room, workshops
from foresight.workspace import build_fixture_workspace
from tests.conftest import SEEDED_TEMPLATE
from tests.e2e.conftest import SCREENSHOTS, screenshot, wait_for_app, wait_until_still
from tests.e2e.test_room import (
    FULL_HD,
    VOTE_SCREEN_TEXTS,
    axe_violations,
    check_audience_texts,
    open_view,
)
from tests.support import postgres

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "sv-SE"}
LOG = SCREENSHOTS.parent / "room_follow.json"
LIMIT_SECONDS = 2.0
OPTIONS = [voting.OptionInput(label=label) for label in ("Klimat", "Kompetens", "Digitalisering")]


@pytest.fixture
def room_day(postgres_server: postgres.Server, tmp_path) -> Iterator[tuple[Store, AppServer, int, str]]:
    """A workshop with nothing live yet, on a database the server and the facilitator's store (this
    test's process, open before any change is timed) share."""
    with postgres_server.fresh_database(SEEDED_TEMPLATE) as url, Store(url) as facilitator:
        workshop = workshops.create_workshop(facilitator, "Ledningsgrupp Halland", "2026-03-02")
        code = room.room_code(facilitator, workshop)
        with AppServer(url, log_path=tmp_path / "streamlit.log") as server:
            yield facilitator, server, workshop, code


@pytest.fixture
def bare_page(tmp_path) -> Iterator[AppServer]:
    """A bare Streamlit page (tests/support/bare_page.py): axe-core's baseline for a Streamlit view."""
    build_fixture_workspace(tmp_path / "bare.duckdb").close()
    script = Path(__file__).resolve().parents[1] / "support" / "bare_page.py"
    with AppServer(tmp_path / "bare.duckdb", log_path=tmp_path / "bare.log", script=script) as server:
        yield server


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        selector,
    )


def test_a_phone_follows_the_room_through_the_day(room_day, offline_page) -> None:
    facilitator, server, workshop, code = room_day
    phone = offline_page(**PHONE)
    phone.goto(f"{server.url}/room/{code}")  # the one scan of the day
    phone.get_by_text("Inget steg har startat än").wait_for()
    phone.evaluate("window.__sameDocument = 1")  # gone after any load: the count of loads is checked below
    assert axe_violations(phone) == {}, "axe-core on the waiting page"
    loads: list[str] = []
    phone.on("load", lambda: loads.append(phone.url))
    switches: dict[str, float] = {}

    def switch(name: str, change, shown) -> None:
        """Make `change` as the facilitator; time until the phone shows the new step by itself."""
        started = time.monotonic()
        change(facilitator)
        shown()
        switches[name] = round(time.monotonic() - started, 3)

    def step_url(path: str) -> re.Pattern:
        return re.compile(rf"{re.escape(server.url)}{path}")

    created = voting.create_vote(facilitator, "Vilka drivkrafter formar Halland?", OPTIONS, workshop_id=workshop)

    # 1. the postcard round opens: the form is the first thing on the phone
    switch(
        "wait_to_collection",
        lambda store: collection.open_collection(store, created.code, created.secret),
        lambda: phone.wait_for_url(step_url(rf"/collect/{created.code}\?p=[\w-]{{40}}"), timeout=10_000),
    )
    token = re.search(r"p=([\w-]{40})", phone.url).group(1)
    phone.locator("#card-text").wait_for()
    assert in_viewport(phone, "#card-text") and in_viewport(phone, "form button")
    assert axe_violations(phone) == {}, "axe-core on the postcard page"
    phone.locator("#card-text").fill("Fler äldre i glesbygden")
    phone.locator("form button").tap()
    phone.wait_for_url(step_url(r"/collect/.*sent=1"))
    sent = phone.locator("form p.message.ok")
    sent.wait_for()
    assert "Fler äldre i glesbygden" in sent.inner_text() and sent.get_attribute("role") == "status"
    assert in_viewport(phone, "form p.message.ok"), "the card's confirmation is where the thumb is"
    screenshot(phone, "room-follow-postcard-sent")

    # 2. the vote opens and the postcard round closes: the ballot, with the same identity
    def to_vote(store: Store) -> None:
        voting.set_status(store, created.code, created.secret, "open")
        collection.close_collection(store, created.code, created.secret)

    switch(
        "collection_to_vote",
        to_vote,
        lambda: phone.wait_for_url(step_url(rf"/join/{created.code}\?p={token}$"), timeout=10_000),
    )
    phone.locator("#options:not([disabled])").wait_for()
    assert axe_violations(phone) == {}, "axe-core on the ballot"
    for dots in ("o0-2", "o1-1"):  # 2 on Klimat, 1 on Kompetens
        phone.locator(f'label[for="{dots}"]').tap()
    phone.get_by_role("button", name="Skicka mina prickar").tap()
    bar = phone.locator(".bar #left")
    phone.wait_for_function("() => document.querySelector('.bar #left').innerText.includes('Mottaget: 3 prickar')")
    assert bar.get_attribute("aria-live") == "polite" and in_viewport(phone, ".bar #left")
    assert phone.locator("#send").inner_text() == "Skickat" and phone.locator("#send").is_disabled()
    phone.locator('label[for="o2-1"]').tap()  # a change: the count and the send button are back
    assert bar.inner_text() == "1 för många – ta bort någon"
    phone.locator('label[for="o2-0"]').tap()  # back to the stored ballot: the bar says what is stored
    assert bar.inner_text() == "Sparat: 3 prickar" and phone.locator("#send").is_disabled()
    screenshot(phone, "room-follow-dots-sent")

    # 3. the vote closes: thanks, wait for the next step
    switch(
        "vote_to_closed",
        lambda store: voting.set_status(store, created.code, created.secret, "closed"),
        lambda: phone.get_by_text("Tack! Omröstningen är stängd.").wait_for(timeout=10_000),
    )
    assert phone.url.startswith(f"{server.url}/room/{code}")

    # 4. the next round of the same vote: a fresh ballot, the same phone
    def next_round(store: Store) -> None:
        voting.reset_vote(store, created.code, created.secret)
        voting.set_status(store, created.code, created.secret, "open")

    switch(
        "closed_to_next_round",
        next_round,
        lambda: phone.locator("#options:not([disabled])").wait_for(timeout=10_000),
    )
    assert re.search(rf"/join/{created.code}\?p={token}$", phone.url)
    assert phone.locator(".bar #left").inner_text() == "3 av 3 prickar kvar"

    # 5. a new vote of the workshop
    later = voting.create_vote(facilitator, "Vilka osäkerheter är störst?", OPTIONS, workshop_id=workshop)

    def new_vote(store: Store) -> None:
        voting.set_status(store, created.code, created.secret, "closed")
        voting.set_status(store, later.code, later.secret, "open")

    switch(
        "round_to_new_vote",
        new_vote,
        lambda: phone.wait_for_url(step_url(rf"/join/{later.code}\?p=[\w-]{{40}}$"), timeout=10_000),
    )
    phone.locator("#options:not([disabled])").wait_for()

    voters = facilitator.scalar("SELECT count(DISTINCT participant) FROM ballots WHERE code = ?", [created.code])
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.write_text(
        json.dumps(
            {
                "limit_seconds": LIMIT_SECONDS,
                "switch_seconds": switches,
                "phone_rescans": 0,
                "phone_page_loads": len(loads),
            },
            indent=1,
        )
    )
    assert voters == 1  # postcards and both rounds: one participant
    assert phone.evaluate("window.__sameDocument") is None  # the phone moved on by loading new pages itself
    slow = {name: seconds for name, seconds in switches.items() if seconds >= LIMIT_SECONDS}
    assert not slow, f"switches slower than {LIMIT_SECONDS} s: {switches}"


def test_the_room_screen_shows_the_round_then_the_vote_from_the_back_row(room_day, offline_page, bare_page) -> None:
    facilitator, server, workshop, code = room_day
    created = voting.create_vote(facilitator, "Vilka drivkrafter formar Halland?", OPTIONS, workshop_id=workshop)
    collection.open_collection(facilitator, created.code, created.secret)
    signed = access.screen_token(facilitator, "room", code)
    screen = offline_page(viewport=FULL_HD, locale="sv-SE")
    screen.goto(f"{server.url}/{page_url(VOTE, room=code, t=signed)}")
    wait_for_app(screen)
    cards = screen.locator(".st-key-fs_screen_voted [data-testid='stMetricValue']")
    assert (
        cards.inner_text().strip() == "0" and "Kort inkomna" in screen.locator(".st-key-fs_screen_voted").inner_text()
    )
    phone = offline_page(**PHONE)
    phone.goto(f"{server.url}/room/{code}")
    phone.locator("#card-text").fill("Fler äldre i glesbygden")
    phone.locator("form button").tap()
    phone.locator("form p.message.ok").wait_for()
    count = ".st-key-fs_screen_voted [data-testid='stMetricValue']"
    screen.wait_for_function(f"() => document.querySelector({count!r})?.innerText.trim() === '1'", timeout=5_000)
    wait_until_still(screen)
    # During the postcard round there is no tally and no joined count (phones join at the vote).
    round_texts = tuple(text for text in VOTE_SCREEN_TEXTS if "tally" not in text and "joined" not in text)
    check_audience_texts(screen, "room screen, postcards", round_texts, FULL_HD)
    alt = screen.locator(".st-key-fs_screen_qr img").get_attribute("alt")
    assert f"/room/{code}" in alt and code in alt
    screenshot(screen, "room-screen-postcards")

    voting.set_status(facilitator, created.code, created.secret, "open")
    collection.close_collection(facilitator, created.code, created.secret)
    voting.set_show_results(facilitator, created.code, created.secret, True)
    screen.locator(".fs-tally-label").first.wait_for(timeout=5_000)  # the vote's live tally, by itself
    wait_until_still(screen)
    check_audience_texts(screen, "room screen, vote", VOTE_SCREEN_TEXTS, FULL_HD)
    assert "Har röstat" in screen.locator(".st-key-fs_screen_voted").inner_text()
    screenshot(screen, "room-screen-vote")
    baseline = set(axe_violations(open_view(offline_page, bare_page.url, FULL_HD)))
    beyond = {rule: nodes for rule, nodes in axe_violations(screen).items() if rule not in baseline}
    assert not beyond, f"axe-core on the room's screen, beyond a bare Streamlit page {sorted(baseline)}: {beyond}"
