"""The map's DuckDB filter and aggregates against a plain pandas reference, on random filters.

The workspace holds the seed data plus labelled synthetic activities over all 21 regions; every
random filter must give the same per-region counts, table rows, timeline and top methods in
DuckDB as a straightforward pandas computation over the same rows.
"""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest

from foresight.data.synthetic import add_synthetic_activities
from foresight.data.tables import ACTIVITY_TYPES, AUDIENCES, METHODS, ORG_TYPES
from foresight.map import activities, area_counts
from foresight.map.activities import ActivityFilter
from tests.conftest import ENGINES, workspace_on


@pytest.fixture(scope="module", params=ENGINES)
def store(request, tmp_path_factory):
    with workspace_on(request.param, request, tmp_path_factory.mktemp("map")) as opened:
        add_synthetic_activities(opened, 3000, seed=7, organisations=120)
        yield opened


@pytest.fixture(scope="module")
def reference(store) -> pd.DataFrame:
    """Every activity with its organisation, as plain Python values for pandas."""
    frame = store.query(
        "SELECT a.id, a.activity_type, a.methods, a.audience,"
        " coalesce(a.year, CAST(extract(year FROM a.date) AS INTEGER)) AS year,"
        " a.description_sv, a.description_en, o.name, o.org_type, o.region_code AS org_region,"
        " a.municipality_code, coalesce(a.status, 'held') AS status"
        " FROM activities a JOIN organisations o ON o.id = a.organisation_id"
    )
    # A municipality's activity counts in the municipality's county (its code's first two digits).
    frame["region_code"] = [
        municipality[:2] if isinstance(municipality, str) else region
        for municipality, region in zip(frame["municipality_code"], frame["org_region"], strict=True)
    ]
    frame["methods"] = frame["methods"].map(list)
    return frame


def pandas_filter(frame: pd.DataFrame, chosen: ActivityFilter, with_region: bool = True) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if chosen.activity_types:
        keep &= frame["activity_type"].isin(chosen.activity_types)
    if chosen.audiences:
        keep &= frame["audience"].isin(chosen.audiences)
    if chosen.org_types:
        keep &= frame["org_type"].isin(chosen.org_types)
    if chosen.methods:
        keep &= frame["methods"].map(lambda methods: bool(set(methods) & set(chosen.methods)))
    if chosen.statuses:
        keep &= frame["status"].isin(chosen.statuses)
    period = pd.Series(True, index=frame.index)
    if chosen.year_from is not None:
        period &= frame["year"].notna() & (frame["year"] >= chosen.year_from)
    if chosen.year_to is not None:
        period &= frame["year"].notna() & (frame["year"] <= chosen.year_to)
    if chosen.include_undated:
        period |= frame["year"].isna()
    keep &= period
    if chosen.text:
        needle = chosen.text.lower()
        keep &= (
            frame["description_sv"].str.lower().str.contains(needle, regex=False)
            | frame["description_en"].fillna("").str.lower().str.contains(needle, regex=False)
            | frame["name"].str.lower().str.contains(needle, regex=False)
        )
    if with_region and chosen.municipality:
        keep &= frame["municipality_code"] == chosen.municipality
    elif with_region and chosen.region:
        keep &= frame["region_code"] == chosen.region
    return frame[keep]


def random_filter(rng: random.Random) -> ActivityFilter:
    def some(choices: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(rng.sample(choices, rng.choice([0, 0, 1, 2, 3])))

    first = rng.choice([None, None, rng.randint(2012, 2026)])
    last = rng.choice([None, None, rng.randint(first or 2012, 2026)])
    return ActivityFilter(
        activity_types=some(ACTIVITY_TYPES),
        methods=some(METHODS),
        audiences=some(AUDIENCES),
        org_types=some(ORG_TYPES),
        year_from=first,
        year_to=last,
        text=rng.choice(["", "", "Syntetisk aktivitet 1", "SKÅNE", "region", "activity 12", "%", "_"]),
        region=rng.choice([None, None, "01", "12", "13", "14", "23"]),
        statuses=rng.choice([(), (), ("held",), ("planned",), ("held", "planned")]),
        include_undated=rng.choice([False, True]),
    )


CASES = [random_filter(random.Random(number)) for number in range(40)]
CASES += [
    ActivityFilter(),
    ActivityFilter(methods=("scenarios", "backcasting")),
    ActivityFilter(text="Jämtland", region="23"),
    ActivityFilter(text="Västra Götaland"),
    ActivityFilter(org_types=("national_agency",)),
    ActivityFilter(municipality="1384"),
    ActivityFilter(year_from=2018, include_undated=True, region="13"),
    ActivityFilter(statuses=("planned",), year_to=2019),
]


@pytest.mark.parametrize("chosen", CASES, ids=[f"case{number}" for number in range(len(CASES))])
def test_duckdb_agrees_with_pandas(store, reference, chosen: ActivityFilter) -> None:
    expected_all = pandas_filter(reference, chosen, with_region=False)
    expected = pandas_filter(reference, chosen)

    aggregates = area_counts.map_aggregates(store, chosen)
    counts = aggregates.regions
    assert len(counts) == 21
    expected_counts = expected_all.dropna(subset=["region_code"]).groupby("region_code").size()
    assert {row.code: row.count for row in counts} == {
        row.code: int(expected_counts.get(row.code, 0)) for row in counts
    }

    # Top methods: the most frequent (ties by name), at most three.
    for code, top in ((row.code, row.top_methods) for row in counts):
        tally = Counter(m for methods in expected_all[expected_all["region_code"] == code]["methods"] for m in methods)
        ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:3]
        assert list(top) == [method for method, _ in ranked]

    totals = aggregates.summary
    assert totals.matching == len(expected_all)
    assert totals.in_regions == int(expected_counts.sum()) == sum(row.count for row in counts)
    assert totals.regions_with_activity == len(expected_counts)

    assert len(activities.matching_activities(store, chosen, limit=None)) == len(expected)
    assert aggregates.table_count(chosen.region, chosen.municipality) == len(expected)  # no extra scan
    table = activities.matching_activities(store, chosen, limit=None)
    assert sorted(table["id"]) == sorted(expected["id"])
    capped = activities.matching_activities(store, chosen)
    assert len(capped) == min(len(expected), activities.TABLE_LIMIT)

    yearly = activities.yearly_counts(store, chosen)
    expected_yearly = expected.dropna(subset=["year"]).groupby(["year", "activity_type"]).size()
    assert {(int(y), kind): int(n) for y, kind, n in yearly.itertuples(index=False)} == {
        (int(y), kind): int(n) for (y, kind), n in expected_yearly.items()
    }

    points = aggregates.points()
    assert {point.org_type for point in points} <= set(ORG_TYPES) - {"region"}
    assert sum(point.count for point in points) == int((expected_all["org_type"] != "region").sum())
    assert len(activities.raw_region_counts(store, chosen)) == expected_all["region_code"].nunique(dropna=False)


def test_the_table_agrees_with_the_map_for_a_selected_region(store) -> None:
    chosen = ActivityFilter(methods=("scenarios",), region="12")
    counts = {row.code: row.count for row in area_counts.map_aggregates(store, chosen).regions}
    assert len(activities.matching_activities(store, chosen, limit=None)) == counts["12"] > 0


def test_per_100k_uses_the_population(store) -> None:
    stockholm = {row.code: row for row in area_counts.map_aggregates(store, ActivityFilter()).regions}["01"]
    assert stockholm.count > 0
    assert stockholm.per_100k == pytest.approx(stockholm.count * 100000 / stockholm.population)


def test_text_is_matched_literally_not_as_a_pattern(store) -> None:
    assert len(activities.matching_activities(store, ActivityFilter(text="%"), limit=None)) == 0
    assert (
        len(activities.matching_activities(store, ActivityFilter(text="'; DROP TABLE activities; --"), limit=None)) == 0
    )
    assert len(activities.matching_activities(store, ActivityFilter(), limit=None)) > 3000


def test_year_span_covers_the_data(store) -> None:
    span = activities.year_span(store)
    assert span.first <= 2012 and span.last >= 2026


def test_export_is_translated_and_neutralises_formulas(store) -> None:
    from foresight.data.export import csv_bytes, xlsx_bytes
    from foresight.ui.map_tables import display_table

    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO activities (id, organisation_id, year, activity_type, methods, audience, description_sv,"
            " description_en, source) VALUES ('zz-formula', 'region-skane', 2024, 'workshop', ARRAY['scenarios'],"
            " 'staff', ?, ?, 'synthetic')",
            ['=HYPERLINK("http://example.invalid")', "@SUM(A1)"],
        )
    chosen = ActivityFilter(text="hyperlink", region="12")
    swedish = display_table(activities.matching_activities(store, chosen, limit=None), "sv")
    assert list(swedish.columns[:3]) == ["Organisation", "Region", "Datum"]
    assert swedish.iloc[0]["Metoder"] == "Scenarier" and swedish.iloc[0]["Typ"] == "Workshop"
    text = csv_bytes(swedish).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=" not in text and ",=" not in text
    english = display_table(activities.matching_activities(store, chosen, limit=None), "en")
    assert english.iloc[0]["Description"] == "@SUM(A1)"
    assert xlsx_bytes({"Activities": english})[:2] == b"PK"
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM activities WHERE id = 'zz-formula'")


def test_the_map_shows_an_organisation_renamed_after_it_was_drawn(seeded_store) -> None:
    with seeded_store as store:
        chosen = ActivityFilter(org_types=("national_agency",))
        first = area_counts.map_aggregates(store, chosen).organisations[0]
        with store.transaction() as cursor:
            cursor.execute("UPDATE organisations SET name = 'Omdöpt myndighet' WHERE id = ?", [first.id])
        again = {row.id: row.name for row in area_counts.map_aggregates(store, chosen).organisations}
        assert again[first.id] == "Omdöpt myndighet" != first.name


def test_an_activity_of_an_unknown_organisation_is_left_out_of_every_count(seeded_store) -> None:
    with seeded_store as store:
        before = area_counts.map_aggregates(store, ActivityFilter())
        with store.transaction() as cursor:  # no import would let this in: the map must not count it either
            cursor.execute(
                "INSERT INTO activities (id, organisation_id, year, activity_type, methods, description_sv, source,"
                " method_mask) SELECT 'orphan', 'no-such-organisation', 2024, 'workshop', ARRAY['scenarios'], 'x',"
                " source, 1 FROM activities LIMIT 1"
            )
        after = area_counts.map_aggregates(store, ActivityFilter())
        assert after.summary == before.summary
        assert after.regions == before.regions and after.organisations == before.organisations
