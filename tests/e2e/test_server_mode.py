"""Server mode through the real thing: two `streamlit run` processes on one PostgreSQL database,
HAProxy in front with the deployment example's configuration, phones over HTTP, Chromium screens.

- a ballot posted to process A is on process B's screen within 2 s;
- a close on B (the facilitator in Chromium, signed in: owners always sign in on a server) makes
  A refuse the next ballot;
- a SIGKILL of a process in the middle of a burst loses no acknowledged ballot;
- a PostgreSQL restart under load through the proxy is survived: the processes reconnect and
  resync, the phones keep their ballots and go on voting.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import hall
from bench.proxy import Proxy
from bench.server import AppServer
from foresight import access
from foresight.store import Store
from foresight.vote import ballot_log, voting
from foresight.workspace import open_workspace
from tests.conftest import SEEDED_TEMPLATE
from tests.e2e.conftest import screenshot, wait_for_app
from tests.support import postgres

OWNER_PASS = "en lång lösenfras för servern"
OPTIONS = [voting.OptionInput(label=f"Drivkraft {n}") for n in range(5)]

pytestmark = pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed")


def open_vote(url: str, title: str) -> voting.CreatedVote:
    with Store(url) as store:
        created = voting.create_vote(store, title, OPTIONS)
        voting.set_status(store, created.code, created.secret, "open")
        return created


def stored(url: str, code: str) -> dict[str, dict[int, int]]:
    with Store(url) as store:
        return {row.participant: row.allocation for row in ballot_log.current_ballots(store, [code])}


@pytest.fixture(scope="module")
def pair(postgres_server: postgres.Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Processes A and B on one database, and the proxy in front of them."""
    folder = tmp_path_factory.mktemp("server-mode")
    with postgres_server.fresh_database(SEEDED_TEMPLATE) as url:
        with Store(url) as store:
            access.set_passphrase(store, access.OWNER, OWNER_PASS)
        with (
            AppServer(url, log_path=folder / "a.log") as a,
            AppServer(url, log_path=folder / "b.log") as b,
            Proxy((a.port, b.port), folder / "proxy") as proxy,
        ):
            yield {"url": url, "a": a, "b": b, "proxy": proxy, "folder": folder}


def screen_voted(page) -> int:
    text = page.locator(".st-key-fs_screen_voted [data-testid='stMetricValue']").inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def test_a_ballot_posted_to_a_is_on_b_screen_within_two_seconds(pair, offline_page) -> None:
    created = open_vote(pair["url"], "Syns på B")
    with Store(pair["url"]) as store:
        token = access.screen_token(store, "vote", created.code)
    screen = offline_page(viewport={"width": 1920, "height": 1080})
    screen.goto(f"{pair['b'].url}/vote?screen={created.code}&t={token}&lang=en")
    wait_for_app(screen)
    assert screen_voted(screen) == 0

    async def vote_on_a() -> float:
        phone = hall.Phone(pair["a"].url, created.code)
        await phone.join()
        await phone.submit({0: 2, 1: 1})
        await phone.close()
        return time.monotonic()

    acknowledged = hall.run(vote_on_a())
    voted = ".st-key-fs_screen_voted [data-testid='stMetricValue']"
    screen.wait_for_function(f"() => document.querySelector({voted!r})?.innerText.trim() === '1'", timeout=2_000)
    assert time.monotonic() - acknowledged < 2.0
    screenshot(screen, "server-mode-screen-on-b")


def test_a_close_on_b_makes_a_refuse_the_next_ballot(pair, offline_page) -> None:
    created = open_vote(pair["url"], "Stängs på B")

    async def join_on_a() -> str:
        phone = hall.Phone(pair["a"].url, created.code)
        await phone.join()
        await phone.submit({2: 1})
        await phone.close()
        return phone.token

    token = hall.run(join_on_a())
    facilitator = offline_page(viewport={"width": 1280, "height": 900})
    base = pair["b"].url
    facilitator.goto(f"{base}/?lang=en")  # the server has no "this computer is owner": sign in
    wait_for_app(facilitator)
    facilitator.get_by_label("Passphrase").fill(OWNER_PASS)
    facilitator.get_by_role("button", name="Sign in with passphrase").click()
    wait_for_app(facilitator)
    facilitator.goto(f"{base}/vote?manage={created.code}&key={created.secret}&lang=en")
    wait_for_app(facilitator)
    facilitator.get_by_role("button", name="Close", exact=True).click()
    facilitator.get_by_text("The vote is closed.").wait_for()
    screenshot(facilitator, "server-mode-closed-on-b")

    async def next_ballot_on_a() -> tuple[int, dict]:
        phone = hall.Phone(pair["a"].url, created.code)  # the same phone changes its ballot on A
        phone.token = token
        try:
            return await phone.post({"o0": "1"})
        finally:
            await phone.close()

    status, answer = hall.run(next_ballot_on_a())
    assert status == 409 and answer["ok"] is False and "closed" in answer["message"]
    assert list(stored(pair["url"], created.code).values()) == [{2: 1}]


def test_sigkill_of_a_process_mid_burst_loses_no_acknowledged_ballot(pair) -> None:
    created = open_vote(pair["url"], "SIGKILL mitt i")
    victim = AppServer(pair["url"], log_path=pair["folder"] / "victim.log").start()
    acknowledged: dict[str, dict[int, int]] = {}
    in_flight: list[int] = []
    try:

        async def burst_and_kill() -> None:
            phones = [hall.Phone(victim.url, created.code) for _ in range(80)]
            assert await hall.join_all(phones) == []
            rng = random.Random(26)
            sent = [0]

            async def vote(phone: hall.Phone) -> None:
                ballot = hall.random_ballot(rng, 5, 3, 3)
                sent[0] += 1
                try:
                    await phone.submit(ballot)
                except Exception:  # noqa: BLE001 - the phones in flight at the kill lose their connection
                    return
                acknowledged[voting.participant_hash(phone.token)] = ballot
                if len(acknowledged) == 25:
                    victim.kill()
                    in_flight.append(sent[0] - len(acknowledged))

            await asyncio.gather(*(vote(phone) for phone in phones))
            await asyncio.gather(*(phone.close() for phone in phones))

        hall.run(burst_and_kill())
    finally:
        victim.kill()
    assert victim.process.returncode == -9 and in_flight and in_flight[0] > 0
    kept = stored(pair["url"], created.code)
    assert {participant: kept.get(participant) for participant in acknowledged} == acknowledged

    async def b_goes_on() -> None:  # the other process serves the same vote, with what A stored
        phone = hall.Phone(pair["b"].url, created.code)
        await phone.join()
        await phone.submit({4: 1})
        await phone.close()

    hall.run(b_goes_on())
    assert len(stored(pair["url"], created.code)) == len(kept) + 1


def test_a_database_restart_under_load_is_survived(postgres_cluster: postgres.Cluster, tmp_path: Path) -> None:
    server = postgres.Server(postgres_cluster.url)
    with server.fresh_database() as url:
        open_workspace(url).close()  # created and seeded once, before the processes start
        created = open_vote(url, "Databasen startas om")
        with (
            AppServer(url, log_path=tmp_path / "a.log") as a,
            AppServer(url, log_path=tmp_path / "b.log") as b,
            Proxy((a.port, b.port), tmp_path / "proxy") as proxy,
        ):
            acknowledged: dict[str, dict[int, int]] = {}
            acknowledged_at: list[float] = []
            restarted: list[float] = []
            errors: list[str] = []

            async def hall_through_the_restart() -> None:
                phones = [hall.Phone(proxy.url, created.code) for _ in range(60)]
                assert await hall.join_all(phones) == []  # round-robin over A and B
                rng = random.Random(15)

                async def keep_voting(phone: hall.Phone, rounds: int) -> None:
                    for _ in range(rounds):
                        ballot = hall.random_ballot(rng, 5, 3, 3)
                        try:
                            await phone.submit(ballot)
                        except Exception as error:  # noqa: BLE001 - counted: none is expected
                            errors.append(repr(error))
                            continue
                        acknowledged[phone.token] = ballot
                        acknowledged_at.append(time.monotonic())
                        await asyncio.sleep(rng.uniform(0.05, 0.3))

                voting_task = asyncio.gather(*(keep_voting(phone, 16) for phone in phones))
                await asyncio.sleep(1.0)
                await asyncio.to_thread(postgres_cluster.restart)
                restarted.append(time.monotonic())
                await voting_task
                await asyncio.gather(*(phone.close() for phone in phones))

            hall.run(hall_through_the_restart())
            assert errors == []  # every phone was answered "received", the restart notwithstanding
            assert any(moment > restarted[0] for moment in acknowledged_at)  # the hall went on after it
            kept = stored(url, created.code)
            assert {voting.participant_hash(token): ballot for token, ballot in acknowledged.items()} == kept

            async def phones_keep_their_ballots() -> list[dict[int, int]]:
                found = []
                for token in list(acknowledged)[:6]:  # a reload through the proxy: either process answers
                    phone = hall.Phone(proxy.url, created.code)
                    status, _, body = await phone.connection.request("GET", f"/join/{created.code}?p={token}")
                    assert status == 200
                    checked = dict(re.findall(r'name="o(\d)" id="o\d-\d" value="(\d)" checked', body.decode()))
                    found.append({int(k): int(v) for k, v in checked.items() if v != "0"})
                    await phone.close()
                return found

            assert hall.run(phones_keep_their_ballots()) == list(acknowledged.values())[:6]


def test_the_dashboard_runs_through_the_proxy_and_sticks_to_one_process(pair, browser) -> None:
    """TLS at the proxy, Streamlit's websocket through it, and the cookie that keeps a browser on one process."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(f"{pair['proxy'].url}/?lang=en")
        wait_for_app(page)
        page.get_by_label("Passphrase").wait_for()  # a server: the sign-in page, not "this computer is owner"
        node = {cookie["name"]: cookie for cookie in context.cookies()}["FRAMSYN_NODE"]
        assert node["value"] in ("region1", "region2") and node["secure"] and node["httpOnly"]
        page.reload()
        wait_for_app(page)
        assert {cookie["name"]: cookie["value"] for cookie in context.cookies()}["FRAMSYN_NODE"] == node["value"]
        screenshot(page, "server-mode-signin-through-proxy")
    finally:
        context.close()


def test_a_phone_waiting_on_a_wakes_when_the_vote_opens_elsewhere(pair) -> None:
    """The phones' long poll on one process ends when another process (here: the command line's
    store) opens the vote: the change count comes from the database, the wake-up from its notice."""
    with Store(pair["url"]) as store:
        created = voting.create_vote(store, "Väntar på A", OPTIONS)

    async def wait_then_open() -> tuple[dict, float]:
        phone = hall.Phone(pair["a"].url, created.code)
        status, _, body = await phone.connection.request("GET", f"/join/{created.code}/status?lang=en")
        assert status == 200
        before = json.loads(body)
        assert before["open"] is False
        waiting = asyncio.create_task(
            phone.connection.request("GET", f"/join/{created.code}/status?since={before['changes']}&lang=en")
        )
        await asyncio.sleep(0.5)  # the poll is waiting on A now
        opened_at = time.monotonic()
        await asyncio.to_thread(open_elsewhere)
        status, _, body = await waiting
        woke = time.monotonic() - opened_at
        await phone.close()
        return json.loads(body), woke

    def open_elsewhere() -> None:
        with Store(pair["url"]) as other:
            voting.set_status(other, created.code, created.secret, "open")

    answer, woke = hall.run(wait_then_open())
    assert answer["open"] is True and woke < 2.0
