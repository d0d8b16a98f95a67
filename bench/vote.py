"""Vote benchmarks: a full hall through `streamlit run`, and ballots through the functions alone.

`vote_hall_300`: the app served by `streamlit run` on loopback with a temporary workspace; 300
protocol-level phones (bench.hall) join by link and submit a ballot through the page's own
form, spread over 20 seconds, then change it in a 5-second burst; one shared-screen session
refreshes its fragment on the server's timer. `ms` is the p95 submit-to-acknowledgement latency
of the 20-second spread; the other figures are extra keys (`burst_*` for the burst).

`vote_submit_300`: 300 concurrent `submit_ballot` calls (one thread and one cursor each), as a
ratio to `vote_bare_insert`, a plain DuckDB loop committing the same rows one ballot at a time.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
from pathlib import Path

from bench import hall
from bench.context import BenchContext, Result
from bench.server import AppServer
from foresight import voting
from foresight.workspace import build_fixture_workspace, open_workspace

HALL_DRIVERS = ("changing-values", "smart-welfare-technology", "climate-change", "technological-change")
HALL_TYPED = (
    "Distansarbete i Skåne",
    "Hamnarna i Västra Götaland",
    "Turism i Jämtland Härjedalen",
    "Kompetensförsörjning",
)
DOTS, CAP = 3, 3


BENCH_CASES = ("vote_bare_insert", "vote_submit_300", "vote_hall_300")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    results: dict[str, Result] = {}
    bare_ms, function_ms = submit_cases(context.folder)
    results["vote_bare_insert"] = Result(ms=bare_ms, extra={"ballots": 300})
    results["vote_submit_300"] = Result(
        ms=function_ms,
        ratio=function_ms / bare_ms,
        baseline="vote_bare_insert",
        extra={"ballots_per_s": round(300 / (function_ms / 1000), 1)},
    )
    if not context.wants("vote_hall_300"):
        return results
    try:
        import websockets  # noqa: F401 - the hall needs it (requirements-dev.txt)
    except ImportError:
        return results
    figures = run_hall(context.folder / "hall")
    results["vote_hall_300"] = Result(ms=figures.pop("p95_ms"), extra=figures)
    return results


# -- function level ----------------------------------------------------------------------------


def _new_vote(store) -> voting.CreatedVote:
    options = [voting.OptionInput(driver_id=driver) for driver in HALL_DRIVERS]
    options += [voting.OptionInput(label=label) for label in HALL_TYPED]
    created = voting.create_vote(
        store, "Vilka drivkrafter påverkar oss mest?", options, dots_per_participant=DOTS, max_per_option=CAP
    )
    voting.set_status(store, created.code, created.secret, "open")
    voting.set_show_results(store, created.code, created.secret, True)
    return created


def submit_cases(folder: Path, participants: int = 300) -> tuple[float, float]:
    """(bare DuckDB loop ms, concurrent submit_ballot ms) for the same ballots, same run."""
    rng = random.Random(2050)
    ballots = [voting_ballot(rng) for _ in range(participants)]
    tokens = [f"bench-participant-{n:06d}" for n in range(participants)]
    with build_fixture_workspace(folder / "submit.duckdb") as store:
        created = _new_vote(store)
        cursor = store.cursor()
        cursor.execute("CREATE TABLE bare_ballots AS SELECT * FROM ballots LIMIT 0")
        cursor.execute("CREATE TABLE bare_dots AS SELECT * FROM ballot_dots LIMIT 0")
        started = time.perf_counter()
        for token, ballot in zip(tokens, ballots, strict=True):
            cursor.begin()
            cursor.execute("INSERT INTO bare_ballots VALUES (?, 1, ?, 1, now())", [created.code, token])
            cursor.executemany(
                "INSERT INTO bare_dots VALUES (?, 1, ?, 1, ?, ?)",
                [[created.code, token, position, dots] for position, dots in ballot.items()],
            )
            cursor.commit()
        bare_ms = (time.perf_counter() - started) * 1000
        cursor.close()

        errors: list[BaseException] = []
        gate = threading.Barrier(participants + 1)

        def submit(token: str, ballot: dict[int, int]) -> None:
            gate.wait()
            try:
                voting.submit_ballot(store, created.code, token, ballot)
            except BaseException as error:  # noqa: BLE001 - counted below
                errors.append(error)

        threads = [threading.Thread(target=submit, args=pair) for pair in zip(tokens, ballots, strict=True)]
        for thread in threads:
            thread.start()
        gate.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        function_ms = (time.perf_counter() - started) * 1000
        if errors or voting.participant_count(store, created.code) != participants:
            raise RuntimeError(f"vote_submit_300: {len(errors)} errors, first: {errors[:1]}")
    return bare_ms, function_ms


def voting_ballot(rng: random.Random, options: int = 8) -> dict[int, int]:
    from bench.hall import random_ballot

    return random_ballot(rng, options, DOTS, CAP)


# -- the hall ----------------------------------------------------------------------------------


def run_hall(
    folder: Path, participants: int = 300, spread_seconds: float = 20.0, burst_seconds: float = 5.0
) -> dict[str, object]:
    """Start the app, fill the hall, and return the figures (see the module docstring)."""
    import psutil

    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / "hall.duckdb"
    with build_fixture_workspace(workspace) as store:
        created = _new_vote(store)
        labels = [option.label("en") for option in voting.get_vote(store, created.code).options]
    server = AppServer(workspace, log_path=folder / "streamlit.log").start()
    try:
        process = psutil.Process(server.process.pid)
        figures = hall.run(
            _hall(server.url, created.code, process, participants, labels, spread_seconds, burst_seconds)
        )
    finally:
        server.stop()
    expected = figures.pop("_expected")
    with open_workspace(workspace) as store:
        figures["stored"] = voting.participant_count(store, created.code)
        tally = voting.tally(store, created.code, "en").set_index("position")["dots"].to_dict()
    figures["tally_exact"] = tally == expected
    return figures


async def _hall(
    url: str, code: str, process, participants: int, labels: list[str], spread: float, burst: float
) -> dict[str, object]:

    rng = random.Random(300)
    peak_rss = [process.memory_info().rss]
    sampling = True

    async def sample_rss() -> None:
        while sampling:
            peak_rss.append(process.memory_info().rss)
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample_rss())
    screen = hall.Screen(url, code)
    await screen.start()
    phones = [hall.Phone(url, code) for _ in range(participants)]
    started = time.perf_counter()
    join_errors = await hall.join_all(phones)
    join_seconds = time.perf_counter() - started
    joined = [phone for phone in phones if phone.controls]

    waves = {}
    for name, seconds in (("spread", spread), ("burst", burst)):
        ballots = [hall.random_ballot(rng, len(labels), DOTS, CAP) for _ in joined]
        cpu_before, own_before, wall_before = process.cpu_times(), time.process_time(), time.perf_counter()
        wave = await hall.submit_wave(joined, ballots, seconds, screen, labels)
        cpu_after, own_after, wall_after = process.cpu_times(), time.process_time(), time.perf_counter()
        cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
        wall = wall_after - wall_before
        waves[name] = (wave, round(100 * cpu / wall, 1), round(100 * (own_after - own_before) / wall, 1))
        await asyncio.sleep(1.0)

    sampling = False
    await sampler
    await screen.stop()
    for phone in phones:
        await phone.session.close()

    expected = {position: 0 for position in range(len(labels))}
    for phone in joined:
        for position, dots in phone.ballot.items():
            expected[position] += dots
    spread_wave, spread_cpu, spread_harness = waves["spread"]
    burst_wave, burst_cpu, burst_harness = waves["burst"]
    figures: dict[str, object] = {**spread_wave.summary(), "cpu_pct": spread_cpu, "harness_cpu_pct": spread_harness}
    figures |= {f"burst_{key}": value for key, value in burst_wave.summary().items()}
    figures |= {"burst_cpu_pct": burst_cpu, "burst_harness_cpu_pct": burst_harness}
    figures["load_avg_1m"] = round(os.getloadavg()[0], 2)  # other work on the machine skews every figure
    figures |= {
        "participants": participants,
        "join_s": round(join_seconds, 2),
        "rss_mb": round(max(peak_rss) / 2**20, 1),
        "errors": len(join_errors) + len(spread_wave.errors) + len(screen.errors),
        "burst_errors": len(burst_wave.errors),
        "first_errors": (join_errors + spread_wave.errors + burst_wave.errors + screen.errors)[:3],
        "_expected": expected,
    }
    return figures
