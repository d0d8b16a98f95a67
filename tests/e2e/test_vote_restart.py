"""Durability through the real server: SIGKILL `streamlit run` mid-burst, restart, nothing acknowledged is lost."""

from __future__ import annotations

import asyncio
import random
import re

from bench import hall
from bench.server import AppServer
from foresight.vote import voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workspace import build_fixture_workspace, open_workspace

PHONES = 80
KILL_AFTER_ACKS = 25


def test_sigkill_mid_burst_loses_no_acknowledged_ballot_and_the_vote_goes_on(tmp_path) -> None:
    workspace = tmp_path / "restart.duckdb"
    with build_fixture_workspace(workspace) as store:
        created = voting.create_vote(store, "Omstart", [voting.OptionInput(label=f"Drivkraft {n}") for n in range(5)])
        voting.set_status(store, created.code, created.secret, "open")

    server = AppServer(workspace, log_path=tmp_path / "first.log").start()
    acknowledged: dict[str, dict[int, int]] = {}
    in_flight_at_kill: list[int] = []
    try:

        async def fill_and_kill() -> None:
            phones = [hall.Phone(server.url, created.code) for _ in range(PHONES)]
            assert await hall.join_all(phones) == []
            rng = random.Random(9)
            sent = [0]

            async def vote(phone: hall.Phone) -> None:
                ballot = hall.random_ballot(rng, 5, 3, 3)
                sent[0] += 1
                try:
                    await phone.submit(ballot)
                except Exception:  # noqa: BLE001 - phones in flight at the kill lose their connection
                    return
                acknowledged[phone.token] = ballot
                if len(acknowledged) == KILL_AFTER_ACKS:
                    server.kill()  # SIGKILL right after an acknowledgement, the rest of the burst in flight
                    in_flight_at_kill.append(sent[0] - len(acknowledged))

            await asyncio.gather(*(vote(phone) for phone in phones))  # all at once: a burst
            await asyncio.gather(*(phone.close() for phone in phones))

        hall.run(fill_and_kill())
    finally:
        server.kill()
    assert server.process.returncode == -9
    assert len(acknowledged) >= KILL_AFTER_ACKS
    assert in_flight_at_kill and in_flight_at_kill[0] > 0  # the kill really hit ballots in flight

    # Restart on the same workspace: every acknowledged ballot is there, and the vote goes on.
    with AppServer(workspace, log_path=tmp_path / "second.log") as restarted:

        async def come_back() -> str:
            token, ballot = next(iter(acknowledged.items()))
            phone = hall.Phone(restarted.url, created.code)
            status, _, body = await phone.connection.request("GET", f"/join/{created.code}?p={token}&lang=en")
            assert status == 200
            page = body.decode()
            checked = dict(re.findall(r'name="o(\d)" id="o\d-\d" value="(\d)" checked', page))
            assert {int(k): int(v) for k, v in checked.items() if v != "0"} == ballot
            await phone.close()
            late = hall.Phone(restarted.url, created.code)
            await late.join()
            await late.submit({0: 1})
            await late.close()
            return page

        page = hall.run(come_back())
    assert "Stored: 3 dots used, 0 left." in page

    with open_workspace(workspace) as store:
        for token, ballot in acknowledged.items():
            assert ballot_box_for(store).ballot_of(created.code, token) == {k: v for k, v in ballot.items() if v}
        assert voting.participant_count(store, created.code) >= len(acknowledged) + 1
