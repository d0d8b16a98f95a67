"""Vote benchmarks: halls of phones through `streamlit run`, ballots through the ballot box, the page's weight.

`vote_hall_burst_300`: the app served by `streamlit run` on loopback with a temporary workspace;
300 phones (bench.hall: keep-alive HTTP on the phones' page `/join/CODE`) join within 10 s, then
all submit within 5 s ("vote now!"); one shared-screen session (Streamlit protocol) refreshes its
fragment on the server's timer. `ms` is the p95 submit-to-"received" latency; extra keys: p50,
max, join p95, the screen's delay after the last acknowledgement, stored, tally exact, peak RSS,
server CPU.
`vote_hall_1000`: 1,000 phones join over 30 s and submit over 30 s; the same keys.
`vote_ballot_cpu`: server CPU milliseconds per ballot during the burst of 300, less what the
server spends with the hall joined and idle (the screen refreshing) over as long a time, measured
just before; `with_screen_ms` keeps the screen's refreshes in.
`vote_submit_300`: 300 concurrent ballots through `BallotBox.submit` (one thread each, one writer
committing batches), as a ratio to `vote_bare_insert`, a plain DuckDB loop committing the same
rows one ballot at a time.
`participant_page_kb`: bytes on the wire (Chromium, empty cache) for a phone's first visit to the
join link, as a ratio to `dashboard_first_visit_kb`, the first visit of the Streamlit home page.

The former `vote_hall_300` (protocol-level Streamlit phones) is gone with the phones' Streamlit page.
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
from foresight.vote import voting
from foresight.vote.ballot_box import BallotBox
from foresight.workspace import build_fixture_workspace, open_workspace

HALL_DRIVERS = ("changing-values", "smart-welfare-technology", "climate-change", "technological-change")
HALL_TYPED = (
    "Distansarbete i Skåne",
    "Hamnarna i Västra Götaland",
    "Turism i Jämtland Härjedalen",
    "Kompetensförsörjning",
)
DOTS, CAP = 3, 3
HALL_SIZE = 1000  # the expected participants of the benches' votes: the largest hall below
IDLE_SECONDS = 5.0
HALLS = {  # name: (phones, join within s, submit within s)
    "vote_hall_burst_300": (300, 10.0, 5.0),
    "vote_hall_1000": (1000, 30.0, 30.0),
}

BENCH_CASES = (
    "vote_bare_insert",
    "vote_submit_300",
    "vote_hall_burst_300",
    "vote_ballot_cpu",
    "vote_hall_1000",
    "dashboard_first_visit_kb",
    "participant_page_kb",
)


def bench_cases(context: BenchContext) -> dict[str, Result]:
    results: dict[str, Result] = {}
    if context.wants("vote_bare_insert", "vote_submit_300"):
        bare_ms, box_ms = submit_cases(context.folder)
        results["vote_bare_insert"] = Result(ms=bare_ms, extra={"ballots": 300})
        results["vote_submit_300"] = Result(
            ms=box_ms,
            ratio=box_ms / bare_ms,
            baseline="vote_bare_insert",
            extra={"ballots_per_s": round(300 / (box_ms / 1000), 1)},
        )
    if context.wants("vote_hall_burst_300", "vote_ballot_cpu"):
        figures = run_hall(context.folder / "burst", *HALLS["vote_hall_burst_300"])
        results["vote_hall_burst_300"] = Result(ms=figures.pop("p95_ms"), extra=figures)
        results["vote_ballot_cpu"] = Result(
            ms=figures["ballot_cpu_ms"],
            extra={
                "ballots": figures["acknowledged"],
                "with_screen_ms": figures["server_cpu_ms_per_ballot"],
                "idle_cpu_pct": figures["idle_cpu_pct"],
            },
        )
    if context.wants("vote_hall_1000"):
        figures = run_hall(context.folder / "hall1000", *HALLS["vote_hall_1000"])
        results["vote_hall_1000"] = Result(ms=figures.pop("p95_ms"), extra=figures)
    if context.wants("participant_page_kb", "dashboard_first_visit_kb"):
        page, dashboard = page_weights(context.folder / "weight")
        results["dashboard_first_visit_kb"] = Result(ms=dashboard["kb"], extra=dashboard)
        results["participant_page_kb"] = Result(
            ms=page["kb"], ratio=page["kb"] / dashboard["kb"], baseline="dashboard_first_visit_kb", extra=page
        )
    return results


# -- the ballot box alone ----------------------------------------------------------------------


def _new_vote(store, *, open_it: bool = True, expected: int = HALL_SIZE) -> voting.CreatedVote:
    options = [voting.OptionInput(driver_id=driver) for driver in HALL_DRIVERS]
    options += [voting.OptionInput(label=label) for label in HALL_TYPED]
    created = voting.create_vote(
        store,
        "Vilka drivkrafter påverkar oss mest?",
        options,
        dots_per_participant=DOTS,
        max_per_option=CAP,
        expected_participants=expected,
    )
    if open_it:
        voting.set_status(store, created.code, created.secret, "open")
        voting.set_show_results(store, created.code, created.secret, True)
    return created


def submit_cases(folder: Path, participants: int = 300) -> tuple[float, float]:
    """(bare DuckDB loop ms, concurrent BallotBox.submit ms) for the same ballots, same run."""
    rng = random.Random(2050)
    ballots = [voting_ballot(rng) for _ in range(participants)]
    with build_fixture_workspace(folder / "submit.duckdb") as store:
        created = _new_vote(store)
        tokens = [f"bench-participant-{n:06d}" for n in range(participants)]
        with store.transaction() as cursor:
            cursor.execute("CREATE TABLE bare_ballots AS SELECT * FROM ballots LIMIT 0")
            cursor.execute("CREATE TABLE bare_dots AS SELECT * FROM ballot_dots LIMIT 0")
        started = time.perf_counter()
        for token, ballot in zip(tokens, ballots, strict=True):
            with store.transaction() as cursor:
                cursor.execute(
                    "INSERT INTO bare_ballots (code, round, participant, revision, submitted_at)"
                    " VALUES (?, 1, ?, 1, now())",
                    [created.code, token],
                )
                cursor.executemany(
                    "INSERT INTO bare_dots VALUES (?, 1, ?, 1, ?, ?)",
                    [[created.code, token, position, dots] for position, dots in ballot.items()],
                )
        bare_ms = (time.perf_counter() - started) * 1000

        box_ms = concurrent_submit_ms(store, created.code, ballots, "vote_submit_300")
    return bare_ms, box_ms


def concurrent_submit_ms(store, code: str, ballots: list[dict[int, int]], case: str) -> float:
    """Milliseconds for every ballot submitted at once through one BallotBox, each on its own
    thread with a freshly issued token; raises if one is refused or not stored."""
    box = BallotBox(store)
    signed = [box.issue_token(code) for _ in ballots]
    errors: list[BaseException] = []
    gate = threading.Barrier(len(ballots) + 1)

    def submit(token: str, ballot: dict[int, int]) -> None:
        gate.wait()
        try:
            box.submit(code, token, ballot).result()
        except BaseException as error:  # noqa: BLE001 - counted below
            errors.append(error)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(signed, ballots, strict=True)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed_ms = (time.perf_counter() - started) * 1000
    box.close()
    if errors or voting.participant_count(store, code) != len(ballots):
        raise RuntimeError(f"{case}: {len(errors)} errors, first: {errors[:1]}")
    return elapsed_ms


def event_loop_submit_ms(store, code: str, ballots: list[dict[int, int]], case: str) -> float:
    """Milliseconds for every ballot submitted at once through one BallotBox from one asyncio event
    loop, as the phones' route calls it (`submit`, then await the future): the box's cost without
    300 OS threads fighting over the interpreter. Raises if one is refused or not stored."""
    box = BallotBox(store)
    signed = [box.issue_token(code) for _ in ballots]

    async def submit_all() -> float:
        started = time.perf_counter()
        futures = [
            asyncio.wrap_future(box.submit(code, token, ballot)) for token, ballot in zip(signed, ballots, strict=True)
        ]
        outcomes = await asyncio.gather(*futures, return_exceptions=True)
        elapsed_ms = (time.perf_counter() - started) * 1000
        errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        if errors:
            raise RuntimeError(f"{case}: {len(errors)} errors, first: {errors[:1]}")
        return elapsed_ms

    try:
        elapsed_ms = asyncio.run(submit_all())
    finally:
        box.close()
    if voting.participant_count(store, code) != len(ballots):
        raise RuntimeError(f"{case}: not every ballot was stored")
    return elapsed_ms


def voting_ballot(rng: random.Random, options: int = 8) -> dict[int, int]:
    return hall.random_ballot(rng, options, DOTS, CAP)


# -- the hall ----------------------------------------------------------------------------------


def run_hall(
    folder: Path, participants: int, join_seconds: float, submit_seconds: float, open_files: int | None = None
) -> dict[str, object]:
    """Start the app (with this soft open-files limit, if given), fill the hall, and return the
    figures (see the module docstring)."""
    import psutil

    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / "hall.duckdb"
    with build_fixture_workspace(workspace) as store:
        created = _new_vote(store)
        labels = [option.label("en") for option in voting.get_vote(store, created.code).options]
    server = AppServer(workspace, log_path=folder / "streamlit.log", open_files=open_files).start()
    try:
        process = psutil.Process(server.process.pid)
        figures = hall.run(_hall(server.url, created.code, process, participants, labels, join_seconds, submit_seconds))
    finally:
        server.stop()
    expected = figures.pop("_expected")
    with open_workspace(workspace) as store:
        figures["stored"] = voting.participant_count(store, created.code)
        tally = voting.tally(store, created.code, "en").set_index("position")["dots"].to_dict()
    figures["tally_exact"] = tally == expected
    return figures


async def _hall(
    url: str, code: str, process, participants: int, labels: list[str], join_seconds: float, submit_seconds: float
) -> dict[str, object]:
    rng = random.Random(participants)
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
    join_errors = await hall.join_all(phones, join_seconds)
    join_wall = time.perf_counter() - started
    joined = [phone for phone in phones if phone.token]

    ballots = [hall.random_ballot(rng, len(labels), DOTS, CAP) for _ in joined]
    # The server's cost with the hall joined and idle (the screen refreshing): subtracted for the ballots' own.
    idle_before, idle_started = process.cpu_times(), time.perf_counter()
    await asyncio.sleep(IDLE_SECONDS)
    idle_after, idle_wall = process.cpu_times(), time.perf_counter() - idle_started
    idle_cpu_per_s = ((idle_after.user + idle_after.system) - (idle_before.user + idle_before.system)) / idle_wall
    cpu_before, own_before, wall_before = process.cpu_times(), time.process_time(), time.perf_counter()
    wave = await hall.submit_wave(joined, ballots, submit_seconds, screen, labels)
    cpu_after, own_after, wall_after = process.cpu_times(), time.process_time(), time.perf_counter()
    cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
    wall = wall_after - wall_before

    sampling = False
    await sampler
    await screen.stop()
    await asyncio.gather(*(phone.close() for phone in phones))

    expected = {position: 0 for position in range(len(labels))}
    for phone in joined:
        for position, dots in phone.ballot.items():
            expected[position] += dots
    join_latencies = [phone.join_seconds for phone in joined if phone.join_seconds is not None]
    figures: dict[str, object] = wave.summary()
    figures |= {
        "participants": participants,
        "join_p95_ms": round(hall.percentile(join_latencies, 0.95) * 1000, 1) if join_latencies else None,
        "join_wall_s": round(join_wall, 2),
        "server_cpu_pct": round(100 * cpu / wall, 1),
        "server_cpu_ms_per_ballot": round(1000 * cpu / max(1, len(wave.latencies)), 2),
        "idle_cpu_pct": round(100 * idle_cpu_per_s, 1),
        "ballot_cpu_ms": round(1000 * max(0.0, cpu - idle_cpu_per_s * wall) / max(1, len(wave.latencies)), 2),
        "harness_cpu_pct": round(100 * (own_after - own_before) / wall, 1),
        "rss_mb": round(max(peak_rss) / 2**20, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),  # other work on the machine skews every figure
        "join_errors": len(join_errors),
        "screen_errors": len(screen.errors),
        "first_errors": (join_errors + wave.errors + screen.errors)[:3],
        "_expected": expected,
    }
    return figures


# -- the page's weight -------------------------------------------------------------------------


def page_weights(folder: Path) -> tuple[dict[str, object], dict[str, object]]:
    """Bytes on the wire (kB) of a phone's first visit to the join link and of the dashboard's first visit."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / "weight.duckdb"
    with build_fixture_workspace(workspace) as store:
        created = _new_vote(store)
    chromium = os.environ.get("FRAMSYN_CHROMIUM", "/usr/bin/chromium")
    with AppServer(workspace, log_path=folder / "streamlit.log") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            page = _first_visit(browser, f"{server.url}/join/{created.code}", phone=True)
            dashboard = _first_visit(browser, f"{server.url}/", phone=False)
        finally:
            browser.close()
    return page, dashboard


def _first_visit(browser, url: str, *, phone: bool) -> dict[str, object]:
    """Visit `url` in a fresh context (empty cache) and count what came over the wire (HTTP and websocket)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        counted = {"http": 0, "ws": 0, "requests": 0}

        def finished(event: dict) -> None:
            counted["http"] += int(event.get("encodedDataLength", 0))
            counted["requests"] += 1

        def frame(event: dict) -> None:
            counted["ws"] += len(event.get("response", {}).get("payloadData", "")) * 3 // 4

        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.webSocketFrameReceived", frame)
        page.goto(url)
        if phone:
            page.wait_for_selector("#send")
        else:
            page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                " && document.querySelector('[data-testid=\"stMain\"]')",
                timeout=60_000,
            )
        try:
            page.wait_for_load_state("networkidle", timeout=60_000)
        except PlaywrightTimeout:
            pass  # a busy machine: what has arrived by now is counted, and the figure says so
        page.wait_for_timeout(1000)
        total = counted["http"] + counted["ws"]
        return {"kb": round(total / 1024, 1), "requests": counted["requests"], "ws_kb": round(counted["ws"] / 1024, 1)}
    finally:
        context.close()
