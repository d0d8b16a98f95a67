"""The map page in AppTest: filters and selection in the URL, the figures agree, the fallback holds."""

from __future__ import annotations

import json
import socket

import pytest

from foresight import geo
from foresight.figures import map as figures
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


def region_values(at) -> dict[str, int]:
    layers = deck_layers(at)
    if figures.REGION_LAYER in layers:
        return {
            f["properties"]["name"]: f["properties"]["count"] for f in layers[figures.REGION_LAYER]["data"]["features"]
        }
    return {row["name"]: row["count"] for row in layers[figures.BUBBLE_LAYER]["data"]}


def comparison_values(at) -> dict[str, float]:
    chart = next(chart for chart in at.get("plotly_chart") if "map_compare" in chart.proto.id)
    bars = json.loads(chart.proto.spec)["data"][0]
    return dict(zip(bars["y"], bars["x"], strict=True))


def table(at):
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def query(at) -> dict[str, str]:
    return {name: (value[0] if isinstance(value, list) else value) for name, value in at.query_params.items()}


def test_without_boundaries_the_map_shows_21_bubbles_and_says_why(app) -> None:
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
    bubbles = {row["code"]: row for row in deck_layers(at)[figures.BUBBLE_LAYER]["data"]}
    assert bubbles["12"]["line_width"] > bubbles["01"]["line_width"]

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


def test_offline_download_says_so_and_keeps_the_bubbles(app, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FRAMSYN_DB", str(tmp_path / "offline.duckdb"))
    build_fixture_workspace(tmp_path / "offline.duckdb").close()
    monkeypatch.setenv(geo.URL_ENV, f"http://127.0.0.1:{closed_port()}/regions.geojson")
    at = app("views/map.py", lang="en")
    next(button for button in at.button if button.label == "Download region boundaries").click().run()
    assert not at.exception
    assert any("could not be fetched" in warning.value and "network" in warning.value for warning in at.warning)
    assert len(deck_layers(at)[figures.BUBBLE_LAYER]["data"]) == 21
    assert any(button.label == "Try again" for button in at.button)


def test_download_draws_21_polygons_coloured_by_the_seed_data(app, monkeypatch, tmp_path) -> None:
    body = fixture_geojson_path().read_bytes()
    workspace = tmp_path / "online.duckdb"
    build_fixture_workspace(workspace).close()
    monkeypatch.setenv("FRAMSYN_DB", str(workspace))
    with FileServer({"/regions.geojson": body}) as server:
        monkeypatch.setenv(geo.URL_ENV, server.url + "/regions.geojson")
        at = app("views/map.py", lang="en")
        next(button for button in at.button if button.label == "Download region boundaries").click().run()
    assert not at.exception
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
