"""Municipalities, dates, status, the method bitmask, similar areas and editing one activity, on real DuckDB."""

from __future__ import annotations

import json

import pytest

from foresight.data.loading import import_file
from foresight.errors import ValidationError
from foresight.figures import map as figures
from foresight.map import activities, activity_edits, area_counts, geo, similar_areas
from foresight.map.activities import ActivityFilter
from foresight.workspace import open_workspace


@pytest.fixture
def store(seeded_store):
    return seeded_store


def test_every_seeded_activity_has_a_year_or_says_undated_and_a_status(store) -> None:
    rows = store.rows("SELECT id, year, date, undated, status FROM activities")
    assert len(rows) == 134
    for activity_id, year, date, undated, status in rows:
        assert (year is not None or date is not None) != (undated == "yes"), activity_id
        assert status in ("held", "planned"), activity_id
    assert sum(1 for row in rows if row[4] == "planned") == 28
    assert sum(1 for row in rows if row[3] == "yes") == 96


def test_seeded_municipal_activities_name_real_municipalities(store) -> None:
    named = dict(
        store.rows("SELECT a.id, m.name FROM activities a JOIN municipalities m ON m.code = a.municipality_code")
    )
    assert named["kungsbacka-future-picture"] == "Kungsbacka"
    assert named["tillvaxtverket-trend-workshop-ostersund"] == "Östersund"
    assert store.scalar("SELECT count(*) FROM municipalities") == 290
    assert store.scalar("SELECT count(*) FROM municipalities WHERE code NOT LIKE region_code || '%'") == 0


def test_shipped_boundaries_hold_every_region_and_municipality(store) -> None:
    regions = geo.shipped_boundaries(store, "region")
    municipalities = geo.shipped_boundaries(store, "municipality")
    assert regions is not None and len(regions.geojson["features"]) == 21
    assert municipalities is not None and len(municipalities.geojson["features"]) == 290
    assert regions.sha256 == geo.DEFAULT_SHA256  # the shipped regions are the pinned download, byte for byte
    assert geo.SHIPPED_DIR.joinpath(geo.SHIPPED_FILES["municipality"]).stat().st_size < 400_000


def test_a_broken_shipped_file_is_not_drawn(store, tmp_path) -> None:
    (tmp_path / geo.SHIPPED_FILES["municipality"]).write_text('{"type": "FeatureCollection", "features": []}')
    assert geo.shipped_boundaries(store, "municipality", tmp_path) is None
    assert geo.shipped_boundaries(store, "region", tmp_path) is None  # missing


def test_method_masks_follow_an_import(store) -> None:
    from foresight.data.tables import TABLES

    header = ",".join(TABLES["activities"].column_names)
    values = {"id": "kungsbacka-future-picture", "organisation_id": "kungsbacka-kommun", "year": "2023"}
    values |= {"activity_type": "strategy", "methods": "backcasting", "description_sv": "Ny"}
    values |= {"source": "kungsbacka_framtidsbild_2023", "municipality_code": "1384", "status": "held"}
    body = header + "\n" + ",".join(values.get(name, "") for name in TABLES["activities"].column_names) + "\n"
    import_file(store, "activities", body.encode())
    mask = store.scalar("SELECT method_mask FROM activities WHERE id = 'kungsbacka-future-picture'")
    assert activities.mask_methods(mask) == ["backcasting"]
    # Even if a writer forgot: every open brings the masks in step again.
    with store.transaction() as cursor:
        cursor.execute("UPDATE activities SET method_mask = NULL")
    location = store.location
    store.close()
    with open_workspace(location) as reopened:
        assert reopened.scalar("SELECT count(*) FROM activities WHERE method_mask IS NULL") == 0
        chosen = ActivityFilter(methods=("backcasting",))
        listed = reopened.scalar("SELECT count(*) FROM activities WHERE 'backcasting' = ANY(methods)")
        assert len(activities.matching_activities(reopened, chosen, limit=None)) == listed > 0


def test_municipality_level_counts_and_top_methods(store) -> None:
    aggregates = area_counts.map_aggregates(store, ActivityFilter(), "municipality")
    rows = {row.code: row for row in aggregates.municipalities}
    assert len(rows) == 290 and sum(row.count for row in rows.values()) == 8
    assert rows["1384"].count == 7 and "visioning" in rows["1384"].top_methods
    halland = {row.code: row.count for row in aggregates.regions}["13"]
    assert halland >= 7  # Kungsbacka's activities roll up into Halland


def test_the_period_counts_what_it_leaves_out(store) -> None:
    narrowed = ActivityFilter(year_from=2018)
    assert activities.undated_left_out(store, narrowed) == 96
    assert activities.undated_left_out(store, ActivityFilter()) == 0
    with_undated = ActivityFilter(year_from=2018, include_undated=True)
    assert activities.undated_left_out(store, with_undated) == 0

    def count(chosen: ActivityFilter) -> int:
        return len(activities.matching_activities(store, chosen, limit=None))

    assert count(with_undated) == count(narrowed) + 96


def test_similar_areas_rank_by_cosine_of_the_profiles(store) -> None:
    similar = similar_areas.similar_areas(store, ActivityFilter(), "region", "07")
    assert len(similar) == 5 and "07" not in set(similar["code"])
    assert list(similar["similarity"]) == sorted(similar["similarity"], reverse=True)
    assert all(0 <= value <= 1 for value in similar["similarity"])
    # An area is identical to a copy of itself: scale does not matter, only the mix.
    assert similar_areas.similar_areas(store, ActivityFilter(), "region", "99").empty


def test_save_activity_uses_the_import_validation(store) -> None:
    fields = {
        "id": "test-new-activity",
        "organisation_id": "region-kronoberg",
        "year": "",
        "activity_type": "workshop",
        "methods": "scenarios|backcasting",
        "description_sv": "Ett test",
        "source": "kronoberg_handlingsplan_framsyn",
        "status": "planned",
    }
    with pytest.raises(ValidationError) as refused:
        activity_edits.save_activity(store, fields)
    assert refused.value.problems[0].key == "map.edit_year_or_undated"
    with pytest.raises(ValidationError) as bad:
        activity_edits.save_activity(
            store, {**fields, "year": "2024", "organisation_id": "nobody", "municipality_code": "9999"}
        )
    assert {problem.column for problem in bad.value.problems} == {"organisation_id", "municipality_code"}
    record = activity_edits.save_activity(store, {**fields, "undated": "yes"})
    assert record["undated"] == "yes"
    saved = activity_edits.activity_fields(store, "test-new-activity")
    assert saved["methods"] == "scenarios|backcasting" and saved["status"] == "planned"
    planned_backcasting = ActivityFilter(methods=("backcasting",), statuses=("planned",))
    assert len(activities.matching_activities(store, planned_backcasting, limit=None)) >= 1


def test_the_skeleton_deck_carries_the_same_areas_as_a_fresh_layer(store) -> None:
    found = geo.shipped_boundaries(store, "region")
    aggregates = area_counts.map_aggregates(store, ActivityFilter(methods=("scenarios",)))
    rows = figures.area_values(aggregates.regions, False, "en")
    fast = json.loads(figures.build_deck(rows, aggregates.points(), found, "07", "en", "region", "v1").to_json())
    plain = json.loads(figures.build_deck(rows, aggregates.points(), found, "07", "en").to_json())
    by_id = {layer["id"]: layer for layer in fast["layers"]}
    assert (
        by_id[figures.REGION_LAYER]["data"]
        == {layer["id"]: layer for layer in plain["layers"]}[figures.REGION_LAYER]["data"]
    )
    assert (
        by_id[figures.ORG_LAYER]["data"] == {layer["id"]: layer for layer in plain["layers"]}[figures.ORG_LAYER]["data"]
    )
    assert len(by_id[figures.ORG_LAYER]["data"]) == len(aggregates.points()) > 0
    assert fast["mapStyle"] == figures.NO_BASE_MAP
    again = figures.build_deck(rows, None, found, None, "en", "region", "v1")
    assert figures.level_skeleton("region", "v1", found) is figures.level_skeleton("region", "v1", found)
    assert {layer["id"]: layer for layer in json.loads(again.to_json())["layers"]}[figures.ORG_LAYER]["data"] == []


def test_the_municipality_map_shows_the_seeded_municipal_work_and_where_nothing_is_recorded(store) -> None:
    found, counties = geo.shipped_boundaries(store, "municipality"), geo.shipped_boundaries(store, "region")
    aggregates = area_counts.map_aggregates(store, ActivityFilter(), "municipality")
    rows = figures.area_values(aggregates.areas("municipality"), False, "sv")
    spec = json.loads(figures.build_deck(rows, None, found, None, "sv", "municipality", "m1", counties).to_json())
    layers = {layer["id"]: layer for layer in spec["layers"]}
    # Every municipality is drawn; the two with seeded work in the scale's colours, the rest in the
    # "nothing recorded" colour; the counties' borders over them; a label at each with work.
    features = {
        f["properties"]["name"]: f["properties"] for f in layers[figures.MUNICIPALITY_LAYER]["data"]["features"]
    }
    assert len(features) == 290
    assert features["Kungsbacka"]["count"] == 7 and features["Östersund"]["count"] == 1
    assert features["Kungsbacka"]["fill"][:3] == list(figures.SCALE[-1])
    assert features["Östersund"]["fill"][:3] != list(figures.NO_MATCH_COLOUR)
    empty = [name for name, properties in features.items() if properties["fill"][:3] == list(figures.NO_MATCH_COLOUR)]
    assert len(empty) == 288
    assert len(layers["county-borders"]["data"]["features"]) == 21
    assert sorted(row["label"] for row in layers["area-labels"]["data"]) == ["Kungsbacka (7)", "Östersund (1)"]
    kungsbacka = next(row for row in layers["area-labels"]["data"] if row["label"].startswith("Kungsbacka"))
    assert 11.9 < kungsbacka["lon"] < 12.4 and 57.3 < kungsbacka["lat"] < 57.6  # inside Kungsbacka
    # The county level has no labels and no borders drawn over it.
    regions = figures.area_values(aggregates.areas("region"), False, "sv")
    region_spec = json.loads(figures.build_deck(regions, None, counties, None, "sv", "region", "r1").to_json())
    region_layers = {layer["id"]: layer for layer in region_spec["layers"]}
    assert "county-borders" not in region_layers and "area-labels" not in region_layers


def test_the_map_charts_write_numbers_in_the_language_s_format() -> None:
    import pandas as pd

    from foresight.figures import map_charts

    rows = [figures.AreaValue("01", "Stockholm", 1, 1.0, "", ""), figures.AreaValue("03", "Uppsala", 0, 0.0, "", "")]
    swedish = map_charts.comparison_chart(rows, False, None, "sv").layout
    assert swedish.separators == ", " and map_charts.comparison_chart(rows, False, None, "en").layout.separators == ".,"
    assert swedish.xaxis.dtick == 1 and swedish.xaxis.tickformat == ",d"  # whole counts: no 0,5 on the axis
    yearly = pd.DataFrame({"year": [2022, 2023], "activity_type": ["workshop", "network"], "count": [1, 2]})
    timeline = map_charts.timeline_chart(yearly, "sv").layout
    assert timeline.separators == ", " and timeline.xaxis.tickformat == "d"  # 2023, not 2 023
    assert timeline.yaxis.dtick == 1


def test_a_form_s_activity_makes_its_source_in_place_and_never_replaces_an_id(store) -> None:
    fields = {
        "id": "halland-fv",
        "organisation_id": "region-halland",
        "year": "2025",
        "activity_type": "workshop",
        "description_sv": "Framtidsverkstad med länets kommuner",
        "source": "",
    }
    sources_before = store.scalar("SELECT count(*) FROM sources")
    # Everything wrong at once, named by field, no row numbers (a form has none); nothing stored.
    with pytest.raises(ValidationError) as refused:
        activity_edits.save_activity(
            store, {**fields, "id": "kungsbacka-podcast", "organisation_id": ""}, new=True, new_source=None
        )
    assert {(p.column, p.key, p.row) for p in refused.value.problems} == {
        ("organisation_id", "import.required", None),
        ("source", "import.required", None),
        ("id", "map.edit_id_taken", None),
    }
    with pytest.raises(ValidationError) as untitled:
        activity_edits.save_activity(store, fields, new=True, new_source=activity_edits.NewSource("  "))
    assert [(p.column, p.key) for p in untitled.value.problems] == [("new_source_title", "import.required")]
    with pytest.raises(ValidationError) as not_a_workshop:
        activity_edits.save_activity(store, {**fields, "activity_type": "conference"}, new=True, own_source=True)
    assert [p.key for p in not_a_workshop.value.problems] == ["map.edit_own_source_not_workshop"]
    assert store.scalar("SELECT count(*) FROM sources") == sources_before
    assert store.scalar("SELECT count(*) FROM activities WHERE id = 'halland-fv'") == 0

    typed = activity_edits.NewSource("Anteckningar från verkstaden", "https://example.org/a")
    record = activity_edits.save_activity(store, fields, new=True, new_source=typed)
    assert record["source"] == "anteckningar-fran-verkstaden"
    assert store.rows("SELECT title, url, year FROM sources WHERE id = ?", [record["source"]]) == [
        ("Anteckningar från verkstaden", "https://example.org/a", 2025)
    ]
    own = activity_edits.save_activity(store, {**fields, "id": "halland-fv-2"}, new=True, own_source=True)
    assert own["source"] == "halland-fv-2"
    assert store.rows("SELECT title, publisher FROM sources WHERE id = 'halland-fv-2'") == [
        ("Framtidsverkstad med länets kommuner", "Region Halland")
    ]
    # The next id for the same name is free; the stored one is never replaced by a new activity.
    assert activity_edits.proposed_id(store, "Halland FV") == "halland-fv-3"
    assert activity_edits.proposed_id(store, "  ") == ""
    with pytest.raises(ValidationError):
        activity_edits.save_activity(
            store, {**fields, "description_sv": "Ersatt", "source": "region2050_hemarbete"}, new=True
        )
    assert store.scalar("SELECT description_sv FROM activities WHERE id = 'halland-fv'") == fields["description_sv"]
