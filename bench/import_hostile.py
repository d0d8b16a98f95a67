"""Does a hostile upload stall a vote? The hall's p95 with and without uploads in the same server.

`import_hall_300_quiet`: the app served by `streamlit run`; a headless Chromium sits idle on the
Data page while 300 HTTP phones join over 20 s and vote within 5 s on the lean page (bench.hall,
as in `vote_hall_burst_300`).
`import_ordinary_during_vote`: the same server, a new vote of 300 new phones, while the browser
uploads an ordinary bad file (an unknown county code) on the Data page again and again: what a
busy analyst costs the hall, the browser's own CPU on the same cores included.
`import_hostile_during_vote`: the same, with every hostile file of bench/hostile_files.py in turn.
Its `ratio` is to the ordinary case (what hostility adds), `ratio_to_quiet` to the idle one.
`ms` is the p95 submit-to-acknowledgement latency of the wave; extra keys give the
uploads' count and latencies and whether each was refused with a message.

Run alone: `python -m bench.import_hostile [--participants N]` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from bench import hall, hostile_files
from bench.context import BenchContext, Result
from bench.server import AppServer
from bench.vote import _hall, _new_vote
from foresight.vote import voting
from foresight.workspace import build_fixture_workspace

BENCH_CASES = ("import_hall_300_quiet", "import_ordinary_during_vote", "import_hostile_during_vote")
CHROMIUM = os.environ.get("FRAMSYN_CHROMIUM", "/usr/bin/chromium")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    figures = run(context.folder / "import-hostile")
    quiet, ordinary, hostile = figures["quiet"], figures["ordinary"], figures["hostile"]
    return {
        "import_hall_300_quiet": Result(ms=quiet["p95_ms"], extra=_brief(quiet)),
        "import_ordinary_during_vote": Result(
            ms=ordinary["p95_ms"],
            ratio=ordinary["p95_ms"] / quiet["p95_ms"],
            baseline="import_hall_300_quiet",
            extra={**_brief(ordinary), **figures["ordinary_uploads"]},
        ),
        "import_hostile_during_vote": Result(
            ms=hostile["p95_ms"],
            ratio=hostile["p95_ms"] / ordinary["p95_ms"],
            baseline="import_ordinary_during_vote",
            extra={
                **_brief(hostile),
                **figures["hostile_uploads"],
                "ratio_to_quiet": round(hostile["p95_ms"] / quiet["p95_ms"], 2),
            },
        ),
    }


def _brief(figures: dict[str, object]) -> dict[str, object]:
    keys = ("p50_ms", "max_ms", "errors", "join_errors", "rss_mb", "server_cpu_pct", "load_avg_1m")
    return {key: figures.get(key) for key in keys}


class Uploader(threading.Thread):
    """A real browser on the Data page that uploads files in a loop while a phase runs."""

    def __init__(self, url: str) -> None:
        super().__init__(name="framsyn-hostile-uploader", daemon=True)
        self.url = url
        self.files: dict[str, Path] = {}
        self.ready, self.running, self.closed = threading.Event(), threading.Event(), threading.Event()
        self.uploads: list[tuple[str, float, bool]] = []
        self.error: BaseException | None = None

    def start_phase(self, files: dict[str, Path]) -> None:
        self.files, self.uploads = files, []
        self.running.set()

    def end_phase(self) -> list[tuple[str, float, bool]]:
        self.running.clear()
        time.sleep(0.5)
        return list(self.uploads)

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(self.url + "/data")
                _wait_for_app(page)
                self.ready.set()
                while not self.closed.is_set():
                    if not self.running.wait(0.2):
                        continue
                    for case, path in list(self.files.items()):
                        if not self.running.is_set():
                            break
                        self.uploads.append(self._upload(page, case, path))
                browser.close()
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            self.error = error
            self.ready.set()

    def _upload(self, page, case: str, path: Path) -> tuple[str, float, bool]:
        """One upload on a freshly loaded Data page: (case, seconds from click to message, refused)."""
        page.goto(self.url + "/data")
        _wait_for_app(page)
        page.get_by_label("Tabell").click()
        page.get_by_role("option", name="Organisationer").click()
        # A short name: the uploader shortens long ones on screen, and the wait below reads it.
        name = f"h{len(self.uploads) % 100:02d}{path.suffix}"
        upload = {"name": name, "mimeType": "application/octet-stream", "buffer": path.read_bytes()}
        page.locator('input[type="file"]').set_input_files(files=[upload])
        page.get_by_text(name).first.wait_for()
        started = time.perf_counter()
        page.get_by_role("button", name="Läs in").click()
        alert = page.locator('[data-testid="stAlert"]').filter(has_text="inte lästs in")
        try:
            alert.first.wait_for(timeout=30_000)
            refused = True
        except Exception:  # noqa: BLE001 - counted as not refused with a message
            refused = False
        seconds = time.perf_counter() - started
        traceback = page.get_by_text("Traceback").count() > 0
        return case, seconds, refused and not traceback


def _wait_for_app(page, timeout: float = 60_000) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=timeout,
    )


def run(folder: Path, participants: int = 300, spread: float = 20.0, burst: float = 5.0) -> dict[str, object]:
    """The hall three times on one server: browser idle, ordinary bad uploads, hostile uploads."""
    import psutil

    folder.mkdir(parents=True, exist_ok=True)
    hostile_paths = hostile_files.write_all(folder / "files")
    ordinary = folder / "files" / "ordinary.csv"
    ordinary.write_bytes(
        (hostile_files.ORG_HEADER + "\nx-kommun,X kommun,municipality,99,SE,13,55.6,region2050_hemarbete\n").encode()
    )
    workspace = folder / "hall.duckdb"
    with build_fixture_workspace(workspace) as store:
        votes = {phase: _new_vote(store) for phase in ("quiet", "ordinary", "hostile")}
        labels = [option.label("en") for option in voting.get_vote(store, votes["quiet"].code).options]
    server = AppServer(workspace, log_path=folder / "streamlit.log").start()
    uploader = Uploader(server.url)
    figures: dict[str, object] = {}
    try:
        process = psutil.Process(server.process.pid)
        uploader.start()
        uploader.ready.wait(120)
        if uploader.error:
            raise uploader.error
        for phase, files in (("quiet", {}), ("ordinary", {"ordinary": ordinary}), ("hostile", hostile_paths)):
            if files:
                uploader.start_phase(files)
                time.sleep(1.0)  # the first upload is under way when the phones start joining
            code = votes[phase].code
            hall_figures = hall.run(_hall(server.url, code, process, participants, labels, spread, burst))
            hall_figures.pop("_expected", None)
            figures[phase] = hall_figures
            if files:
                figures[f"{phase}_uploads"] = _upload_figures(uploader.end_phase())
    finally:
        uploader.closed.set()
        uploader.running.clear()
        uploader.join(120)
        server.stop()
    if uploader.error:
        raise uploader.error
    return figures


def _upload_figures(uploads: list[tuple[str, float, bool]]) -> dict[str, object]:
    seconds = sorted(duration for _case, duration, _ok in uploads)
    return {
        "uploads": len(uploads),
        "uploads_refused_with_message": sum(ok for _case, _duration, ok in uploads),
        "upload_p50_s": round(seconds[len(seconds) // 2], 2) if seconds else None,
        "upload_max_s": round(seconds[-1], 2) if seconds else None,
        "upload_max_s_by_case": {
            case: round(max(d for c, d, _ok in uploads if c == case), 2)
            for case in dict.fromkeys(case for case, _d, _ok in uploads)
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--spread", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="framsyn-hostile-") as folder:
        figures = run(Path(folder), args.participants, args.spread)
    print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
