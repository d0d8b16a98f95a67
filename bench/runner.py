"""`python -m foresight bench`: costs measured as ratios to a baseline measured in the same run.

Absolute milliseconds depend on the machine and on whatever else it is doing; a ratio to a
baseline taken minutes apart on the same machine does not (much). Each case reports the median
of repeated runs. The benchmark builds its own temporary workspace, so it never touches (or
waits for) the workspace a running app holds.

Each feature's cases live in a module of `bench/` with `BENCH_CASES` (the names it reports) and
`bench_cases(context: BenchContext) -> dict[str, Result]`, listed in `CASE_MODULES`; `--only`
skips modules none of whose cases were asked for.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from bench import import_hostile, limits, map, scenarios, server_mode, stuffing, trends, vote, workshops
from bench.context import BenchContext, Result
from foresight.pages import PAGES
from foresight.workspace import build_fixture_workspace

TRIVIAL_PAGE = "import streamlit as st\nst.write('Framsyn')\n"
CASE_MODULES = (scenarios, trends, map, vote, workshops, import_hostile, server_mode, stuffing, limits)


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
            for module in CASE_MODULES:
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
    for page in PAGES:
        name = f"page_{page.key}"
        if not wanted or name in wanted:
            context.results[name] = context.ratio_to("trivial_page", context.apptest_rerun_ms(page=page.script))
