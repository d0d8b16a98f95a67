"""Durability through the real server: SIGKILL `streamlit run` mid-vote, restart, nothing acknowledged is lost."""

from __future__ import annotations

import asyncio
import random

from bench import hall
from bench.server import AppServer
from foresight import voting
from foresight.workspace import build_fixture_workspace, open_workspace

PHONES = 24
KILL_AFTER_ACKS = 12


def test_sigkill_after_acknowledged_ballots_loses_none_and_the_vote_goes_on(tmp_path) -> None:
    workspace = tmp_path / "restart.duckdb"
    with build_fixture_workspace(workspace) as store:
        created = voting.create_vote(store, "Omstart", [voting.OptionInput(label=f"Drivkraft {n}") for n in range(5)])
        voting.set_status(store, created.code, created.secret, "open")

    server = AppServer(workspace, log_path=tmp_path / "first.log").start()
    acknowledged: dict[str, dict[int, int]] = {}
    try:

        async def fill_and_kill() -> None:
            phones = [hall.Phone(server.url, created.code) for _ in range(PHONES)]
            assert await hall.join_all(phones) == []
            rng = random.Random(9)

            async def vote(phone: hall.Phone, delay: float) -> None:
                await asyncio.sleep(delay)
                ballot = hall.random_ballot(rng, 5, 3, 3)
                try:
                    await phone.submit(ballot)
                except Exception:  # noqa: BLE001 - phones in flight at the kill lose their connection
                    return
                acknowledged[phone.token] = ballot
                if len(acknowledged) == KILL_AFTER_ACKS:
                    server.kill()  # SIGKILL right after an acknowledgement, others still in flight

            await asyncio.gather(*(vote(phone, n * 0.02) for n, phone in enumerate(phones)))
            for phone in phones:
                await phone.session.close()

        hall.run(fill_and_kill())
    finally:
        server.kill()
    assert server.process.returncode == -9
    assert len(acknowledged) >= KILL_AFTER_ACKS

    # Restart on the same workspace: every acknowledged ballot is there, and the vote goes on.
    with AppServer(workspace, log_path=tmp_path / "second.log") as restarted:

        async def come_back() -> list[str]:
            token, ballot = next(iter(acknowledged.items()))
            session = hall.Session(restarted.url, "vote", f"join={created.code}&lang=en&p={token}")
            await session.connect()
            run = await session.rerun()
            texts = [hall.text_of(element) for element in run.elements]
            controls = [
                element.button_group for element in run.elements if element.WhichOneof("type") == "button_group"
            ]
            shown = {index: int(control.default[0]) for index, control in enumerate(controls) if control.default}
            await session.close()
            assert {k: v for k, v in shown.items() if v} == ballot
            late = hall.Phone(restarted.url, created.code)
            await late.join()
            await late.submit({0: 1})
            await late.session.close()
            return texts

        texts = hall.run(come_back())
    assert "Stored: 3 dots used, 0 left." in texts

    with open_workspace(workspace) as store:
        for token, ballot in acknowledged.items():
            assert voting.current_ballot(store, created.code, token) == {k: v for k, v in ballot.items() if v}
        assert voting.participant_count(store, created.code) >= len(acknowledged) + 1
