"""The map page in AppTest: polygons out of the box, both levels, filters and selection in the URL,
the figures agree, undated activities are never hidden silently, the bubble fallback holds."""

from __future__ import annotations

import json
import socket

import pytest

from foresight.figures import map as figures
from foresight.map import geo
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import all_text
from tests.support.geo_server import FileServer, fixture_geojson_path


def deck_layers(at) -> dict[str, object]:
    """The deck's layers by id, with their data as sent to the browser."""
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    spec = json.loads(decks[0].proto.json)
    assert spec["mapStyle"] == figures.NO_BASE_MAP and not spec.get("mapProvider")  # no tile server
    return {layer["id"]: layer for layer in spec["layers"]}


def region_values(at, layer: str = figures.REGION_LAYER) -> dict[str, int]:
    layers = deck_layers(at)
    if layer in layers:
        return {f["properties"]["name"]: f["properties"]["count"] for f in layers[layer]["data"]["features"]}
    return {row["name"]: row["count"] for row in layers[figures.BUBBLE_LAYER]["data"]}


def area_properties(at, layer: str = figures.REGION_LAYER) -> dict[str, dict]:
    return {f["properties"]["code"]: f["properties"] for f in deck_layers(at)[layer]["data"]["features"]}


@pytest.fixture
def no_shipped_boundaries(monkeypatch, tmp_path):
    """The shipped boundary files are missing (a damaged checkout): the page must fall back."""
    empty = tmp_path / "no-boundaries"
    empty.mkdir()
    monkeypatch.setenv(geo.SHIPPED_DIR_ENV, str(empty))
    return empty


def comparison_values(at) -> dict[str, float]:
    chart = next(chart for chart in at.get("plotly_chart") if "map_compare" in chart.proto.id)
    bars = json.loads(chart.proto.spec)["data"][0]
    return dict(zip(bars["y"], bars["x"], strict=True))


def table(at):
    tables = [frame for frame in at.dataframe if "Organisation" in frame.value.columns]
    assert len(tables) == 1
    return tables[0].value


def query(at) -> dict[str, str]:
    return {name: (value[0] if isinstance(value, list) else value) for name, value in at.query_params.items()}


def test_out_of_the_box_the_map_draws_21_region_polygons_coloured_by_the_seed_data(app) -> None:
    at = app("views/map.py", lang="en")
    assert not at.exception
    polygons = deck_layers(at)[figures.REGION_LAYER]
    assert polygons["@@type"] == "GeoJsonLayer"
    features = polygons["data"]["features"]
    assert len(features) == 21
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
    assert region_values(at) == {name: int(value) for name, value in comparison_values(at).items()}
    assert len({tuple(f["properties"]["fill"]) for f in features}) > 2
    assert "Download region boundaries" not in all_text(at)


def test_municipality_level_draws_290_polygons_and_rolls_up_into_the_region(app) -> None:
    at = app("views/map.py", lang="en")
    at.segmented_control(key="map_level").set_value("municipality").run()
    assert not at.exception
    assert query(at)["level"] == "municipality"
    municipalities = area_properties(at, figures.MUNICIPALITY_LAYER)
    assert len(municipalities) == 290
    assert municipalities["1384"]["name"] == "Kungsbacka" and municipalities["1384"]["count"] == 7
    assert municipalities["2380"]["count"] == 1  # Tillväxtverket's trend workshop in Östersund
    assert municipalities["1384"]["fill"] != municipalities["0180"]["fill"]
    at.selectbox(key="map_municipality").set_value("1384").run()
    assert query(at)["kommun"] == "1384"
    shown = table(at)
    assert len(shown) == 7 and set(shown["Municipality"]) == {"Kungsbacka"} and set(shown["Region"]) == {"Halland"}
    assert any(sub.value == "Municipalities like Kungsbacka" for sub in at.subheader)
    # Back at region level, Östersund's workshop (by a national agency) counts in Jämtland.
    again = app("views/map.py", lang="en", region="23")
    assert "Tillväxtverket" in set(table(again)["Organisation"])


def test_a_selected_region_shows_the_five_most_similar(app) -> None:
    at = app("views/map.py", lang="en", region="07")
    assert not at.exception
    assert any(sub.value == "Regions like Kronoberg" for sub in at.subheader)
    similar = next(frame.value for frame in at.dataframe if "Similarity" in frame.value.columns)
    assert len(similar) == 5 and "Kronoberg" not in set(similar["Area"])
    assert list(similar["Similarity"]) == sorted(similar["Similarity"], reverse=True)
    assert any("cosine similarity" in caption.value for caption in at.caption)


def test_the_period_says_how_many_undated_activities_it_leaves_out_and_can_include_them(app) -> None:
    at = app("views/map.py", lang="en", **{"from": "2018"})
    assert not at.exception
    note = next(caption.value for caption in at.sidebar.caption if "without a year" in caption.value)
    assert "leaves out 96 activities" in note
    narrowed = len(table(at))
    included = app("views/map.py", lang="en", undated="1", **{"from": "2018"})
    assert at.checkbox(key="map_undated").value is False and included.checkbox(key="map_undated").value is True
    assert len(table(included)) == narrowed + 96
    assert not any("leaves out" in caption.value for caption in included.caption)


def test_held_and_planned_filter(app) -> None:
    planned = app("views/map.py", lang="en", status="planned")
    held = app("views/map.py", lang="en", status="held")
    assert len(table(planned)) == 28 and len(table(held)) == 134 - 28
    assert set(table(planned)["Status"]) == {"Planned"}


def test_swedish_page_has_the_new_controls_in_swedish(app) -> None:
    at = app("views/map.py", lang="sv", level="municipality", kommun="1384")
    assert not at.exception
    text = all_text(at)
    for label in (
        "Genomförd eller planerad",
        "Ta med aktiviteter utan årtal",
        "Vald kommun",
        "Kommuner som liknar Kungsbacka",
    ):
        assert label in text
    assert "Länk till källan" in table(at).columns


def test_missing_shipped_file_falls_back_to_21_bubbles_and_says_why(app, no_shipped_boundaries) -> None:
    at = app("views/map.py", lang="en")
    assert not at.exception
    layers = deck_layers(at)
    assert layers[figures.BUBBLE_LAYER]["@@type"] == "ScatterplotLayer"
    assert len(layers[figures.BUBBLE_LAYER]["data"]) == 21
    assert any("bubbles" in info.value for info in at.info)
    assert any(button.label == "Download region boundaries" for button in at.button)


def test_map_counts_chart_and_table_agree_under_a_filter(app) -> None:
    at = app("views/map.py", lang="en")
    methods = next(widget for widget in at.multiselect if widget.label == "Method")
    methods.set_value(["scenarios"])
    next(button for button in at.button if button.label == "Show").click().run()
    assert not at.exception
    assert query(at)["method"] == "scenarios"
    on_map = region_values(at)
    assert on_map == {name: int(value) for name, value in comparison_values(at).items()}
    shown = table(at)
    in_regions = shown[shown["Region"] != ""]
    assert len(in_regions) == sum(on_map.values()) > 0
    assert shown["Methods"].str.contains("Scenarios").all()


def test_selecting_a_region_from_the_list_filters_the_table_and_reset_clears_it(app) -> None:
    at = app("views/map.py", lang="en")
    at.selectbox(key="map_region").set_value("12").run()
    assert not at.exception
    assert query(at)["region"] == "12"
    assert any(header.value == "The activities in Skåne" for header in at.header)
    shown = table(at)
    assert len(shown) == region_values(at)["Skåne"] > 0
    assert set(shown["Region"]) == {"Skåne"}
    # The selection is drawn on the map too (a thicker outline).
    polygons = area_properties(at)
    assert polygons["12"]["line_width"] > polygons["01"]["line_width"]

    next(button for button in at.button if button.label == "Reset filters and selection").click().run()
    assert "region" not in query(at)
    assert at.selectbox(key="map_region").value == ""
    assert any(header.value == "The activities" for header in at.header)


def test_a_link_reopens_the_same_filters_and_region(app) -> None:
    at = app(
        "views/map.py",
        lang="en",
        method="scenarios,backcasting",
        org="region",
        region="07",
        per="1",
        **{"from": "2018"},
    )
    assert not at.exception
    assert next(widget for widget in at.multiselect if widget.label == "Method").value == ["scenarios", "backcasting"]
    assert next(widget for widget in at.multiselect if widget.label == "Organisation type").value == ["region"]
    assert at.selectbox(key="map_region").value == "07"
    assert at.toggle(key="map_per").value is True
    assert at.slider(key="map_period").value[0] == 2018
    assert any("Kronoberg" in header.value for header in at.header)
    assert query(at)["region"] == "07" and query(at)["method"] == "scenarios,backcasting"


def test_crafted_link_gets_a_notice_and_text_stays_text(app) -> None:
    at = app(
        "views/map.py",
        lang="en",
        method="scenarios,<script>",
        region="99",
        to="99999",
        q="<img src=x onerror=alert(1)>",
    )
    assert not at.exception
    assert any("not recognised" in warning.value for warning in at.warning)
    assert "region" not in query(at) and "to" not in query(at)
    assert query(at)["method"] == "scenarios"
    assert at.text_input(key="map_text").value == "<img src=x onerror=alert(1)>"
    assert any("No activities match" in info.value for info in at.info)
    assert "<img" not in "".join(markdown.value for markdown in at.markdown)


def test_per_capita_switch_changes_the_values_not_the_counts(app) -> None:
    at = app("views/map.py", lang="en")
    counts = region_values(at)
    at.toggle(key="map_per").set_value(True).run()
    assert query(at)["per"] == "1"
    assert region_values(at) == counts
    values = comparison_values(at)
    assert values["Stockholm"] == pytest.approx(counts["Stockholm"] * 100000 / 2454821, rel=1e-6)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_offline_download_says_so_and_keeps_the_bubbles(app, monkeypatch, tmp_path, no_shipped_boundaries) -> None:
    monkeypatch.setenv("FRAMSYN_DB", str(tmp_path / "offline.duckdb"))
    build_fixture_workspace(tmp_path / "offline.duckdb").close()
    monkeypatch.setenv(geo.URL_ENV, f"http://127.0.0.1:{closed_port()}/regions.geojson")
    at = app("views/map.py", lang="en")
    next(button for button in at.button if button.label == "Download region boundaries").click().run()
    assert not at.exception
    assert any("could not be fetched" in warning.value and "network" in warning.value for warning in at.warning)
    assert len(deck_layers(at)[figures.BUBBLE_LAYER]["data"]) == 21
    assert any(button.label == "Try again" for button in at.button)


def test_download_replaces_the_missing_file_with_21_polygons(app, monkeypatch, tmp_path, no_shipped_boundaries) -> None:
    body = fixture_geojson_path().read_bytes()
    workspace = tmp_path / "online.duckdb"
    build_fixture_workspace(workspace).close()
    monkeypatch.setenv("FRAMSYN_DB", str(workspace))
    with FileServer({"/regions.geojson": body}) as server:
        monkeypatch.setenv(geo.URL_ENV, server.url + "/regions.geojson")
        at = app("views/map.py", lang="en")
        next(button for button in at.button if button.label == "Download region boundaries").click().run()
    assert not at.exception
    # No warning about the map (the laptop's "no passphrase set yet" notice is about roles, not the map).
    map_warnings = [warning.value for warning in at.warning if warning.icon != ":material/key_off:"]
    assert map_warnings == []
    polygons = deck_layers(at)[figures.REGION_LAYER]
    assert polygons["@@type"] == "GeoJsonLayer"
    features = polygons["data"]["features"]
    assert len(features) == 21
    assert {f["properties"]["name"]: f["properties"]["count"] for f in features} == {
        name: int(value) for name, value in comparison_values(at).items()
    }
    assert len({tuple(f["properties"]["fill"]) for f in features}) > 1  # coloured by the data
    assert not any("bubbles" in info.value for info in at.info)
    # Later runs read the boundaries from the workspace: no server needed any more.
    again = app("views/map.py", lang="en")
    assert figures.REGION_LAYER in deck_layers(again)
    assert "Download region boundaries" not in all_text(again)


def test_an_owner_adds_an_activity_through_the_import_validation(app, monkeypatch, tmp_path) -> None:
    workspace = tmp_path / "edit.duckdb"
    build_fixture_workspace(workspace).close()
    monkeypatch.setenv("FRAMSYN_DB", str(workspace))
    at = app("views/map.py", lang="en", region="13")
    assert at.selectbox(key="map_detail").value == ""  # "New activity …" comes first for an owner
    at.text_input(key="act_new_id").set_value("halland-test-workshop")
    at.selectbox(key="act_new_source").set_value("region2050_hemarbete").run()
    at.selectbox(key="act_new_org").set_value("region-halland")
    at.selectbox(key="act_new_type").set_value("workshop")
    at.multiselect(key="act_new_methods").set_value(["backcasting"])
    at.text_area(key="act_new_description_sv").set_value("En framtidsverkstad <b>i Halland</b>")
    next(button for button in at.button if button.label == "Save the activity").click().run()
    assert not at.exception
    assert len(at.error) == 1  # one line by the button, the field's own message beside the year
    assert "Give a year or mark the activity as undated" in at.error[0].value
    assert any("Give a year or mark" in markdown.value for markdown in at.markdown)
    at.number_input(key="act_new_year").set_value(2025)
    at.selectbox(key="act_new_municipality").set_value("1384")
    next(button for button in at.button if button.label == "Save the activity").click().run()
    assert not at.exception
    assert any("halland-test-workshop was saved" in success.value for success in at.success)
    shown = table(at)
    added = shown[shown["Description"] == "En framtidsverkstad <b>i Halland</b>"]
    assert len(added) == 1 and added.iloc[0]["Municipality"] == "Kungsbacka"


def test_a_source_link_is_shown_only_for_https(app, monkeypatch, tmp_path) -> None:
    from foresight.data.loading import upsert_records
    from foresight.workspace import open_workspace

    workspace = tmp_path / "links.duckdb"
    build_fixture_workspace(workspace).close()
    with open_workspace(workspace) as store:
        sources = {row[0]: row for row in store.rows("SELECT id, title, publisher, year, note FROM sources")}
        records = []
        for source_id, url in (
            ("kungsbacka_framtidsbild_2023", "https://example.org/kungsbacka"),
            ("region2050_hemarbete", "javascript:alert(1)"),
        ):
            _id, title, publisher, year, note = sources[source_id]
            records.append(
                {"id": source_id, "title": title, "publisher": publisher, "year": year, "note": note, "url": url}
            )
        upsert_records(store, "sources", records)
    monkeypatch.setenv("FRAMSYN_DB", str(workspace))
    at = app("views/map.py", lang="en", level="municipality", kommun="1384")
    assert set(table(at)["Link to the source"]) == {"https://example.org/kungsbacka"}
    at.selectbox(key="map_detail").set_value("kungsbacka-future-picture").run()
    assert any("](<https://example.org/kungsbacka>)" in markdown.value for markdown in at.markdown)
    elsewhere = app("views/map.py", lang="en", region="07")
    assert set(elsewhere_links := table(elsewhere)["Link to the source"]) == {None}, elsewhere_links
