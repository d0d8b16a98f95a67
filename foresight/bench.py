"""`python -m foresight bench`: costs measured as ratios to a baseline measured in the same run.

Absolute milliseconds depend on the machine and on whatever else it is doing; a ratio to a
baseline taken minutes apart on the same machine does not (much). Each case reports the median
of repeated runs. The benchmark builds its own temporary workspace, so it never touches (or
waits for) the workspace a running app holds.

Feature modules add cases by listing a module in `CASE_MODULES`; each such module has
`BENCH_CASES` (the names it reports) and `bench_cases(context: BenchContext) -> dict[str, Result]`;
`--only` skips modules none of whose cases were asked for.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from foresight.store import PROJECT_ROOT
from foresight.workspace import build_fixture_workspace

TRIVIAL_PAGE = "import streamlit as st\nst.write('Framsyn')\n"
PAGES = {
    "page_home": "views/home.py",
    "page_trends": "views/trends.py",
    "page_map": "views/map.py",
    "page_vote": "views/vote.py",
    "page_scenarios": "views/scenarios.py",
    "page_data": "views/data.py",
}
CASE_MODULES: list[str] = [
    "foresight.scenarios",
    "foresight.trends_bench",
    "foresight.map_bench",
    "foresight.vote_bench",
]


@dataclass
class Result:
    ms: float
    ratio: float | None = None
    baseline: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"ms": round(self.ms, 3), "ratio": None if self.ratio is None else round(self.ratio, 3),
                "baseline": self.baseline, **self.extra}  # fmt: skip


@dataclass
class BenchContext:
    folder: Path
    workspace: Path
    repeat: int
    results: dict[str, Result]
    wanted: set[str] | None = None

    def wants(self, *names: str) -> bool:
        """Whether any of these cases was asked for (all are, without --only)."""
        return self.wanted is None or any(name in self.wanted for name in names)

    def median_ms(self, action: Callable[[], object], repeat: int | None = None) -> float:
        """Median wall time of `action` in milliseconds, after one warm-up run."""
        action()
        samples = []
        for _ in range(repeat or self.repeat):
            start = time.perf_counter()
            action()
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    def apptest_rerun_ms(self, script: str | None = None, page: str | None = None,
                         prepare: Callable[[object], None] | None = None) -> float:  # fmt: skip
        """Median rerun time of an AppTest: a script string, or a page of the app."""
        from streamlit.testing.v1 import AppTest

        if script is not None:
            at = AppTest.from_string(script, default_timeout=60)
            at.run()
        else:
            at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
            at.run()
            if page and page != "views/home.py":
                at.switch_page(page)
                at.run()
        if prepare:
            prepare(at)
        if at.exception:
            raise RuntimeError(f"bench page failed: {at.exception}")
        return self.median_ms(at.run)

    def ratio_to(self, baseline: str, ms: float) -> Result:
        return Result(ms=ms, ratio=ms / self.results[baseline].ms, baseline=baseline)


def run_bench(as_json: bool = False, only: str | None = None, repeat: int = 7) -> int:
    wanted = {name.strip() for name in only.split(",")} if only else None
    with tempfile.TemporaryDirectory(prefix="framsyn-bench-") as folder_name:
        folder = Path(folder_name)
        workspace = folder / "bench.duckdb"
        previous = os.environ.get("FRAMSYN_DB")
        os.environ["FRAMSYN_DB"] = str(workspace)
        try:
            context = BenchContext(folder, workspace, repeat, {}, wanted)
            _core_cases(context, wanted)
            for name in CASE_MODULES:
                module = import_module(name)
                if context.wants(*module.BENCH_CASES):
                    context.results.update(module.bench_cases(context))
            shown = {name for name in context.results if context.wants(name)}
            shown |= {context.results[name].baseline for name in shown} - {None}
            results = {name: result for name, result in context.results.items() if name in shown}
        finally:
            if previous is None:
                os.environ.pop("FRAMSYN_DB", None)
            else:
                os.environ["FRAMSYN_DB"] = previous
    if as_json:
        print(json.dumps({name: result.as_dict() for name, result in results.items()}, ensure_ascii=False))
    else:
        for name, result in results.items():
            ratio = f"{result.ratio:6.2f}x {result.baseline}" if result.ratio is not None else ""
            extra = " ".join(f"{key}={value}" for key, value in result.extra.items())
            print(f"{name:28} {result.ms:10.2f} ms  {ratio}  {extra}")
    return 0


def _core_cases(context: BenchContext, wanted: set[str] | None) -> None:
    def build() -> None:
        build_fixture_workspace(context.folder / "init.duckdb").close()

    if not wanted or "init" in wanted:
        context.results["init"] = Result(ms=context.median_ms(build, repeat=min(context.repeat, 5)))
    build_fixture_workspace(context.workspace).close()
    context.results["trivial_page"] = Result(ms=context.apptest_rerun_ms(script=TRIVIAL_PAGE))
    for name, page in PAGES.items():
        if not wanted or name in wanted:
            context.results[name] = context.ratio_to("trivial_page", context.apptest_rerun_ms(page=page))
