"""Benchmark cases of the regional map, on workspaces of 100,000 and 1,000,000 synthetic activities.

- `map_raw_aggregate_100k`: the bare DuckDB GROUP BY region for a filter (the baseline).
- `map_filter_change_100k`: what the server does when a filter changes: the per-area
  aggregates with top methods, the totals and the organisation points (`map_aggregates`), the
  area values and the deck JSON spliced into the level's skeleton (built once per process, as on
  the page), as a ratio to the baseline (target under 2x).
- `map_filter_change_1m`: the same on 1,000,000 activities, as a ratio to the raw aggregate on
  that workspace, measured in the same case (`raw_ms`; target under 2x).
- `map_page_100k`: a rerun of the whole map page (AppTest) on the 100k workspace, as a ratio to
  the trivial page.

The filters come from a fixed cycle of seven that differ in cost; the raw query and the filter
change take turns on each, at least three whole cycles (21 pairs), because a median of seven
unpaired calls moved the ratio by 0.4 between runs. The polygons are the 21 regions shipped in
data/boundaries, so no network is needed.
"""

from __future__ import annotations

import functools
import itertools
import os
import statistics

from bench.context import BenchContext, Result
from foresight.data.synthetic import add_synthetic_activities
from foresight.figures import map as figures
from foresight.map import activities, area_counts, geo
from foresight.map.activities import ActivityFilter
from foresight.workspace import build_fixture_workspace

ACTIVITY_COUNT = 100_000
MILLION = 1_000_000
FILTERS = (
    ActivityFilter(),
    ActivityFilter(methods=("scenarios", "backcasting")),
    ActivityFilter(activity_types=("workshop", "seminar"), year_from=2018),
    ActivityFilter(audiences=("politicians",), org_types=("region", "municipality")),
    ActivityFilter(text="aktivitet 12", year_from=2015, year_to=2022),
    ActivityFilter(methods=("weak_signals",), activity_types=("scenario",), audiences=("staff", "management")),
    ActivityFilter(statuses=("planned",), year_from=2020, include_undated=True),
)

BENCH_CASES = ("map_raw_aggregate_100k", "map_filter_change_100k", "map_filter_change_1m", "map_page_100k")


def _measure(context: BenchContext, store) -> tuple[float, float, int]:
    """(raw ms, filter change ms, deck JSON bytes) on `store`.

    The raw query and the filter change are timed in turns on the same filter, so a slower moment
    of the machine weighs on both sides of the ratio alike.
    """
    boundaries = geo.map_boundaries(store, "region")
    version = geo.map_version(store, "region")
    assert boundaries is not None, "data/boundaries/swedish_regions.geojson is missing"

    def filter_change(chosen: ActivityFilter) -> int:
        aggregates = area_counts.map_aggregates(store, chosen)
        rows = figures.area_values(aggregates.regions, per_capita=False, lang="sv")
        deck = figures.build_deck(rows, aggregates.points(), boundaries, None, "sv", "region", version)
        return len(deck.to_json())

    payload = filter_change(FILTERS[0])
    activities.raw_region_counts(store, FILTERS[0])  # warm-up
    raw_samples: list[float] = []
    change_samples: list[float] = []
    cycle = itertools.cycle(FILTERS)
    for _ in range(max(context.repeat, 3 * len(FILTERS))):
        chosen = next(cycle)
        raw_samples.append(context.time_ms(functools.partial(activities.raw_region_counts, store, chosen)))
        change_samples.append(context.time_ms(functools.partial(filter_change, chosen)))
    return statistics.median(raw_samples), statistics.median(change_samples), payload


def bench_cases(context: BenchContext) -> dict[str, Result]:
    results: dict[str, Result] = {}
    path = context.folder / "map-100k.duckdb"
    if context.wants("map_raw_aggregate_100k", "map_filter_change_100k", "map_page_100k"):
        store = build_fixture_workspace(path)
        try:
            add_synthetic_activities(store, ACTIVITY_COUNT, seed=2050)
            store.checkpoint()
            raw_ms, change_ms, payload = _measure(context, store)
        finally:
            store.close()
        results["map_raw_aggregate_100k"] = Result(ms=raw_ms, extra={"activities": ACTIVITY_COUNT})
        results["map_filter_change_100k"] = Result(
            ms=change_ms,
            ratio=change_ms / raw_ms,
            baseline="map_raw_aggregate_100k",
            extra={"deck_json_kb": round(payload / 1024, 1)},
        )

    if context.wants("map_filter_change_1m"):
        big = context.folder / "map-1m.duckdb"
        store = build_fixture_workspace(big)
        try:
            add_synthetic_activities(store, MILLION, seed=2051)
            store.checkpoint()
            raw_ms, change_ms, payload = _measure(context, store)
        finally:
            store.close()
            for leftover in (big, big.with_name(big.name + ".wal")):
                leftover.unlink(missing_ok=True)
        results["map_filter_change_1m"] = Result(
            ms=change_ms,
            ratio=change_ms / raw_ms,
            baseline="raw_ms",
            extra={"raw_ms": round(raw_ms, 3), "activities": MILLION, "deck_json_kb": round(payload / 1024, 1)},
        )

    if context.wants("map_page_100k"):
        previous = os.environ.get("FRAMSYN_DB")
        os.environ["FRAMSYN_DB"] = str(path)
        try:
            page_ms = context.apptest_rerun_ms(page="views/map.py")
        finally:
            os.environ["FRAMSYN_DB"] = previous or ""
            if previous is None:
                os.environ.pop("FRAMSYN_DB", None)
        results["map_page_100k"] = Result(
            ms=page_ms,
            ratio=page_ms / context.results["trivial_page"].ms,
            baseline="trivial_page",
            extra={"activities": ACTIVITY_COUNT},
        )
    return results
