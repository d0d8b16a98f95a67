"""Server-mode benchmarks: the ballot box on PostgreSQL, and a hall over two app processes behind HAProxy.

Both start a PostgreSQL cluster of their own on loopback with the server's defaults (fsync on:
a commit is a commit), through `scripts/pg_cluster.sh`.

`vote_bare_insert_pg`: 300 ballots written by a plain psycopg loop, one commit per ballot (the
ballot row and its dots), into copies of the ballot tables.
`vote_submit_300_pg`: the same 300 ballots through `BallotBox.submit` all at once from one
asyncio event loop, as the phones' route calls it (one writer committing batches: the vote's
status under FOR SHARE, revisions from the database, COPY, one NOTIFY per batch), as a ratio to
`vote_bare_insert_pg`; target <= 0.5. Extra keys: the same ballots from 300 OS threads at once
(the case's former harness, where half the time was the threads' own contention for the
interpreter, not the box).
`hall_two_processes_2000`: two `streamlit run` processes on one database behind the example
HAProxy (deploy/haproxy/framsyn.cfg, TLS); 2,000 phones join through the proxy over 30 s and
submit over 30 s (round-robin over the processes); a shared screen on process B. `ms` is the ack
p95 (target <= 500 ms); extra keys: stored, tally exact, the screen's delay after the last ack
(target <= 2 s), each process's CPU and peak RSS, the load average. Compare with `vote_hall_1000`
(one process, a DuckDB file) in the same run.

`FRAMSYN_BENCH_SCALE=0.05` shrinks the hall (100 phones, 1.5 s + 1.5 s) for a smoke run.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path

from bench import hall
from bench.context import BenchContext, Result
from bench.postgres import Cluster
from bench.proxy import Proxy
from bench.server import AppServer
from bench.vote import CAP, DOTS, _new_vote, concurrent_submit_ms, event_loop_submit_ms, voting_ballot
from foresight import access
from foresight.store import Store
from foresight.vote import voting
from foresight.workspace import open_workspace

BENCH_CASES = ("vote_bare_insert_pg", "vote_submit_300_pg", "hall_two_processes_2000")
HALL = (2000, 30.0, 30.0)  # phones, join within s, submit within s
SCALE_ENV = "FRAMSYN_BENCH_SCALE"


def bench_cases(context: BenchContext) -> dict[str, Result]:
    results: dict[str, Result] = {}
    cluster = Cluster()
    try:
        if context.wants("vote_bare_insert_pg", "vote_submit_300_pg"):
            bare_ms, box_ms, threads_ms = submit_cases(cluster.database("bench_submit"))
            results["vote_bare_insert_pg"] = Result(ms=bare_ms, extra={"ballots": 300})
            results["vote_submit_300_pg"] = Result(
                ms=box_ms,
                ratio=box_ms / bare_ms,
                baseline="vote_bare_insert_pg",
                extra={
                    "ballots_per_s": round(300 / (box_ms / 1000), 1),
                    "from_300_threads_ms": round(threads_ms, 1),
                    "from_300_threads_ratio": round(threads_ms / bare_ms, 3),
                },
            )
        if context.wants("hall_two_processes_2000"):
            scale = float(os.environ.get(SCALE_ENV) or 1.0)
            phones, join_s, submit_s = HALL
            figures = two_process_hall(
                cluster.database("bench_hall"),
                context.folder / "two-processes",
                max(10, int(phones * scale)),
                join_s * scale,
                submit_s * scale,
            )
            results["hall_two_processes_2000"] = Result(ms=figures.pop("p95_ms"), extra=figures)
    finally:
        cluster.stop()
    return results


def submit_cases(url: str, participants: int = 300) -> tuple[float, float, float]:
    """(bare psycopg loop ms, BallotBox.submit ms from one event loop, the same from 300 threads)
    for the same ballots on one database (the last two into votes of their own)."""
    import psycopg

    rng = random.Random(2050)
    ballots = [voting_ballot(rng) for _ in range(participants)]
    with open_workspace(url) as store:
        created = _new_vote(store)
        with psycopg.connect(url) as connection:
            connection.execute("CREATE TABLE bare_ballots AS SELECT * FROM ballots LIMIT 0")
            connection.execute("CREATE TABLE bare_dots AS SELECT * FROM ballot_dots LIMIT 0")
            connection.commit()
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for number, ballot in enumerate(ballots):
                    token = f"bench-participant-{number:06d}"
                    cursor.execute(
                        "INSERT INTO bare_ballots (code, round, participant, revision, submitted_at)"
                        " VALUES (%s, 1, %s, 1, now())",
                        [created.code, token],
                    )
                    cursor.executemany(
                        "INSERT INTO bare_dots VALUES (%s, 1, %s, 1, %s, %s)",
                        [[created.code, token, position, dots] for position, dots in ballot.items()],
                    )
                    connection.commit()
            bare_ms = (time.perf_counter() - started) * 1000

        box_ms = event_loop_submit_ms(store, created.code, ballots, "vote_submit_300_pg")
        threads_ms = concurrent_submit_ms(store, _new_vote(store).code, ballots, "vote_submit_300_pg")
    return bare_ms, box_ms, threads_ms


def two_process_hall(
    url: str, folder: Path, participants: int, join_seconds: float, submit_seconds: float
) -> dict[str, object]:
    """Two processes, the proxy, the hall through it and a screen on B: the figures (module docstring)."""
    import psutil

    folder.mkdir(parents=True, exist_ok=True)
    with open_workspace(url) as store:
        created = _new_vote(store, expected=participants)  # the hall's own size: none turned away
        labels = [option.label("en") for option in voting.get_vote(store, created.code).options]
        screen_token = access.screen_token(store, "vote", created.code)
    with (
        AppServer(url, log_path=folder / "a.log") as a,
        AppServer(url, log_path=folder / "b.log") as b,
        Proxy((a.port, b.port), folder / "proxy") as proxy,
    ):
        processes = [psutil.Process(server.process.pid) for server in (a, b)]
        figures = hall.run(
            _hall(
                proxy.url,
                b.url,
                created.code,
                screen_token,
                processes,
                participants,
                labels,
                join_seconds,
                submit_seconds,
            )
        )
        if figures["screen_errors"]:  # what the screen's process said, kept for the report
            lines = (folder / "b.log").read_text(errors="replace").splitlines()
            figures["screen_process_log"] = [line[:300] for line in lines if "WARNING" in line or "ERROR" in line][-8:]
    expected = figures.pop("_expected")
    with Store(url) as store:
        figures["stored"] = voting.participant_count(store, created.code)
        tally = voting.tally(store, created.code, "en").set_index("position")["dots"].to_dict()
    figures["tally_exact"] = tally == expected
    return figures


async def _hall(
    proxy_url: str,
    screen_url: str,
    code: str,
    screen_token: str,
    processes: list,
    participants: int,
    labels: list[str],
    join_seconds: float,
    submit_seconds: float,
) -> dict[str, object]:
    rng = random.Random(participants)
    peak_rss = [0, 0]
    sampling = True

    async def sample_rss() -> None:
        while sampling:
            for index, process in enumerate(processes):
                peak_rss[index] = max(peak_rss[index], process.memory_info().rss)
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample_rss())
    screen = hall.Screen(screen_url, code, screen_token)
    await screen.start()
    phases = {"screen_started": time.perf_counter()}
    phones = [hall.Phone(proxy_url, code) for _ in range(participants)]
    join_errors = await hall.join_all(phones, join_seconds)
    phases["joined"] = time.perf_counter()
    joined = [phone for phone in phones if phone.token]
    ballots = [hall.random_ballot(rng, len(labels), DOTS, CAP) for _ in joined]
    cpu_before = [process.cpu_times() for process in processes]
    wave = await hall.submit_wave(joined, ballots, submit_seconds, screen, labels)
    phases["submitted"] = time.perf_counter()
    cpu_after = [process.cpu_times() for process in processes]
    sampling = False
    await sampler
    await screen.stop()
    await asyncio.gather(*(phone.close() for phone in phones))

    expected = {position: 0 for position in range(len(labels))}
    for phone in joined:
        for position, dots in phone.ballot.items():
            expected[position] += dots
    cpu = [
        round((after.user + after.system) - (before.user + before.system), 2)
        for before, after in zip(cpu_before, cpu_after, strict=True)
    ]
    figures: dict[str, object] = wave.summary()
    figures |= {
        "participants": participants,
        "process_cpu_s": cpu,
        "process_rss_mb": [round(rss / 2**20, 1) for rss in peak_rss],
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "join_errors": len(join_errors),
        "screen_errors": len(screen.errors),
        "first_errors": (join_errors + wave.errors + screen.errors)[:3],
        "phases_at": {name: round(at, 1) for name, at in phases.items()},
        "_expected": expected,
    }
    return figures
