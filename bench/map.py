"""Benchmark cases of the regional map, on a workspace of 100,000 synthetic activities.

- `map_raw_aggregate_100k`: the bare DuckDB GROUP BY region for a filter (the baseline).
- `map_filter_change_100k`: what the server does when a filter changes: the per-region
  aggregates with top methods, the totals and the organisation points (`map_aggregates`), the
  polygon layer and the deck serialised to JSON, as a ratio to the baseline (target under 2x).
- `map_page_100k`: a rerun of the whole map page (AppTest) on that workspace, as a ratio to the
  trivial page.

Each timed call uses the next filter of a fixed cycle, so no run repeats the previous one. The
boundaries are synthetic polygons (a 240-point ring around each county's centroid, about the
size of the real file), so the benchmark needs no network and no test fixture.
"""

from __future__ import annotations

import itertools
import json
import math
import os

from bench.context import BenchContext, Result
from foresight import activities, geo
from foresight.activities import ActivityFilter
from foresight.figures import map as figures
from foresight.synthetic import add_synthetic_activities
from foresight.workspace import build_fixture_workspace

ACTIVITY_COUNT = 100_000
FILTERS = (
    ActivityFilter(),
    ActivityFilter(methods=("scenarios", "backcasting")),
    ActivityFilter(activity_types=("workshop", "seminar"), year_from=2018),
    ActivityFilter(audiences=("politicians",), org_types=("region", "municipality")),
    ActivityFilter(text="aktivitet 12", year_from=2015, year_to=2022),
    ActivityFilter(methods=("weak_signals",), activity_types=("scenario",), audiences=("staff", "management")),
)


def synthetic_boundaries(store) -> dict:
    """A FeatureCollection with a ring of 240 points around each county's centroid."""
    features = []
    for code, lon, lat in store.rows("SELECT code, lon, lat FROM regions ORDER BY code"):
        ring = [
            [round(lon + 0.9 * math.cos(step * math.pi / 120), 5), round(lat + 0.5 * math.sin(step * math.pi / 120), 5)]
            for step in range(240)
        ]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"l_id": int(code)},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _store_boundaries(store, geojson: dict) -> None:
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT OR REPLACE INTO boundaries (id, url, sha256, geojson)"
            " VALUES (?, 'synthetic:bench', 'synthetic', ?)",
            [geo.BOUNDARY_ID, json.dumps(geojson)],
        )


BENCH_CASES = ("map_raw_aggregate_100k", "map_filter_change_100k", "map_page_100k")


def bench_cases(context: BenchContext) -> dict[str, Result]:

    results: dict[str, Result] = {}
    path = context.folder / "map-100k.duckdb"
    store = build_fixture_workspace(path)
    try:
        add_synthetic_activities(store, ACTIVITY_COUNT, seed=2050)
        geojson = synthetic_boundaries(store)
        _store_boundaries(store, geojson)
        store.checkpoint()
        boundaries = geo.stored_boundaries(store)

        raw_cycle = itertools.cycle(FILTERS)
        raw = Result(ms=context.median_ms(lambda: activities.raw_region_counts(store, next(raw_cycle))))
        raw.extra["activities"] = ACTIVITY_COUNT
        results["map_raw_aggregate_100k"] = raw

        change_cycle = itertools.cycle(FILTERS)

        def filter_change() -> int:
            chosen = next(change_cycle)
            aggregates = activities.map_aggregates(store, chosen)
            rows = figures.layer_frame(aggregates.regions, per_capita=False, lang="sv")
            deck = figures.build_deck(rows, aggregates.points(), boundaries, None, "sv")
            return len(deck.to_json())

        payload = filter_change()
        change_ms = context.median_ms(filter_change)
        results["map_filter_change_100k"] = Result(
            ms=change_ms,
            ratio=change_ms / raw.ms,
            baseline="map_raw_aggregate_100k",
            extra={"deck_json_kb": round(payload / 1024, 1)},
        )
    finally:
        store.close()

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
