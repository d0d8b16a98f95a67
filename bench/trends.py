"""Benchmark of the trends page against one naive plotly chart, on 2,000 trends.

`naive_scatter_2000` is what a typical Streamlit app does for one chart: `plotly.express.scatter`
of a pandas DataFrame (x = uncertainty, y = impact, colour = category, hover name) shown with
`st.plotly_chart`, the DataFrame loaded once with `st.cache_data`. `trends_page` is the whole
trends page (filters, radar, matrix, cards, notes) in AppTest on the same 2,000 trends, timed
on the rerun that follows a filter change; the filter alternates between two values, so no
rerun is served from a cache of the previous one. The two are measured in turns (medians of
at least 11 rounds). Its ratio to the naive chart is the target (< 1.5); the ratio to the
trivial page is reported as well.

The 2,000 trends are the seed trends plus synthetic ones (`foresight.data.synthetic`, source
`synthetic`), in a copy of the bench workspace; FRAMSYN_DB points at the copy while measuring.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time

from bench.context import BenchContext, Result
from foresight.data.synthetic import add_synthetic_trends
from foresight.store import PROJECT_ROOT
from foresight.workspace import open_workspace

TREND_COUNT = 2000

NAIVE_SCATTER = """
import pandas as pd
import plotly.express as px
import streamlit as st

@st.cache_data
def load(path):
    return pd.read_pickle(path)

frame = load({path!r})
figure = px.scatter(frame, x="uncertainty", y="impact", color="category", hover_name="title_sv")
st.plotly_chart(figure)
"""


def _synthetic_workspace(context: BenchContext):
    """A copy of the bench workspace holding exactly TREND_COUNT trends; returns its path and the rows."""
    path = context.folder / "trends2000.duckdb"
    shutil.copyfile(context.workspace, path)
    with open_workspace(path) as store:
        missing = TREND_COUNT - int(store.scalar("SELECT count(*) FROM trends"))
        if missing > 0:
            add_synthetic_trends(store, missing)
        frame = store.query("SELECT id, category, impact, uncertainty, title_sv FROM trends ORDER BY id")
        store.checkpoint()
    return path, frame


def _interleaved_ms(context: BenchContext, naive_script: str) -> tuple[float, float]:
    """Medians of the naive chart's rerun and of the trends page's rerun after a filter change.

    The two are measured in turns, one run of each per round, so a change in the machine's load
    (other processes share its two cores) weighs on both sides of the ratio alike.
    """
    from streamlit.testing.v1 import AppTest

    naive = AppTest.from_string(naive_script, default_timeout=120)
    naive.run()
    page = AppTest.from_file(str(PROJECT_ROOT / "frame.py"), default_timeout=120)
    page.run()
    page.switch_page("views/trends.py")
    page.run()
    naive_samples, page_samples = [], []
    for run in range(max(context.repeat, 11) + 1):
        start = time.perf_counter()
        naive.run()
        naive_ms = (time.perf_counter() - start) * 1000
        slider = next(widget for widget in page.slider if widget.label.startswith(("Påverkan", "Impact")))
        slider.set_value((1 + run % 2, 5))
        next(button for button in page.button if button.label in ("Visa", "Apply")).click()
        start = time.perf_counter()
        page.run()
        page_ms = (time.perf_counter() - start) * 1000
        for at in (naive, page):
            if at.exception:
                raise RuntimeError(f"bench page failed: {at.exception}")
        if run:  # the first round is a warm-up
            naive_samples.append(naive_ms)
            page_samples.append(page_ms)
    return statistics.median(naive_samples), statistics.median(page_samples)


BENCH_CASES = ("naive_scatter_2000", "trends_page")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    path, frame = _synthetic_workspace(context)
    pickle_path = context.folder / "trends2000.pkl"
    frame.to_pickle(pickle_path)
    previous = os.environ.get("FRAMSYN_DB")
    os.environ["FRAMSYN_DB"] = str(path)
    try:
        naive_ms, page_ms = _interleaved_ms(context, NAIVE_SCATTER.format(path=str(pickle_path)))
    finally:
        if previous is None:
            os.environ.pop("FRAMSYN_DB", None)
        else:
            os.environ["FRAMSYN_DB"] = previous
    naive = Result(ms=naive_ms, extra={"trends": len(frame)})
    context.results["naive_scatter_2000"] = naive
    page = context.ratio_to("naive_scatter_2000", page_ms)
    page.extra = {
        "trends": len(frame),
        "ratio_trivial": round(page_ms / context.results["trivial_page"].ms, 3),
        "synthetic": True,
    }
    return {"naive_scatter_2000": naive, "trends_page": page}
