"""Does a hostile upload stall a vote? The hall's p95 with and without uploads in the same server.

`import_hall_300_quiet`: the app served by `streamlit run`; a headless Chromium sits idle on the
Data page while 300 protocol-level phones vote (bench.hall, as in `vote_hall_300`).
`import_hostile_during_vote`: the same server and browser, a second vote of 300 new phones, while
the browser uploads every hostile file of bench/hostile_files.py on the Data page, one after
the other, for the whole hall. `ms` is the p95 submit-to-acknowledgement latency of the spread
wave, `ratio` is that p95 over the quiet one; extra keys give the uploads' count and latencies
and whether each was refused with a message.

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
from foresight import voting
from foresight.workspace import build_fixture_workspace

BENCH_CASES = ("import_hall_300_quiet", "import_hostile_during_vote")
CHROMIUM = os.environ.get("FRAMSYN_CHROMIUM", "/usr/bin/chromium")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    figures = run(context.folder / "import-hostile")
    quiet, hostile = figures["quiet"], figures["hostile"]
    return {
        "import_hall_300_quiet": Result(ms=quiet["p95_ms"], extra=_brief(quiet)),
        "import_hostile_during_vote": Result(
            ms=hostile["p95_ms"],
            ratio=hostile["p95_ms"] / quiet["p95_ms"],
            baseline="import_hall_300_quiet",
            extra={**_brief(hostile), **figures["uploads"]},
        ),
    }


def _brief(figures: dict[str, object]) -> dict[str, object]:
    keys = ("p50_ms", "max_ms", "burst_p95_ms", "errors", "burst_errors", "rss_mb", "cpu_pct", "load_avg_1m")
    return {key: figures.get(key) for key in keys}


class Uploader(threading.Thread):
    """A real browser on the Data page that uploads hostile files in a loop once told to start."""

    def __init__(self, url: str, files: dict[str, Path]) -> None:
        super().__init__(name="framsyn-hostile-uploader", daemon=True)
        self.url, self.files = url, files
        self.ready, self.go, self.stop = threading.Event(), threading.Event(), threading.Event()
        self.uploads: list[tuple[str, float, bool]] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(self.url + "/data")
                _wait_for_app(page)
                self.ready.set()
                self.go.wait()
                while not self.stop.is_set():
                    for case, path in self.files.items():
                        if self.stop.is_set():
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
    """Quiet hall, then the same hall size with hostile uploads running; both figures and the uploads."""
    import psutil

    folder.mkdir(parents=True, exist_ok=True)
    files = hostile_files.write_all(folder / "files")
    workspace = folder / "hall.duckdb"
    with build_fixture_workspace(workspace) as store:
        quiet_vote, hostile_vote = _new_vote(store), _new_vote(store)
        labels = [option.label("en") for option in voting.get_vote(store, quiet_vote.code).options]
    server = AppServer(workspace, log_path=folder / "streamlit.log").start()
    uploader = Uploader(server.url, files)
    try:
        process = psutil.Process(server.process.pid)
        uploader.start()
        uploader.ready.wait(120)
        if uploader.error:
            raise uploader.error
        quiet = hall.run(_hall(server.url, quiet_vote.code, process, participants, labels, spread, burst))
        uploader.go.set()
        time.sleep(1.0)  # the first upload is under way when the phones start joining
        hostile = hall.run(_hall(server.url, hostile_vote.code, process, participants, labels, spread, burst))
        uploader.stop.set()
        uploader.join(120)
    finally:
        uploader.stop.set()
        uploader.go.set()
        server.stop()
    if uploader.error:
        raise uploader.error
    quiet.pop("_expected", None)
    hostile.pop("_expected", None)
    seconds = sorted(duration for _case, duration, _ok in uploader.uploads)
    uploads = {
        "uploads": len(uploader.uploads),
        "uploads_refused_with_message": sum(ok for _case, _duration, ok in uploader.uploads),
        "upload_p50_s": round(seconds[len(seconds) // 2], 2) if seconds else None,
        "upload_max_s": round(seconds[-1], 2) if seconds else None,
        "upload_max_s_by_case": {
            case: round(max(d for c, d, _ok in uploader.uploads if c == case), 2)
            for case in dict.fromkeys(case for case, _d, _ok in uploader.uploads)
        },
    }
    return {"quiet": quiet, "hostile": hostile, "uploads": uploads}


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
