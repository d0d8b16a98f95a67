"""Boundary download: a real HTTP server on loopback serves the fixture, a bad copy, errors.

The project's own file of the 21 counties (data/boundaries/) is served over loopback;
every failure must leave the workspace without boundaries and say why.
"""

from __future__ import annotations

import copy
import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from foresight.figures import map as figures
from foresight.map import geo
from foresight.map.geo import BoundaryError, BoundarySource
from tests.support.geo_server import FileServer, fixture_geojson_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fixture_bytes() -> bytes:
    return fixture_geojson_path().read_bytes()


@pytest.fixture
def served(fixture_bytes: bytes) -> Iterator[FileServer]:
    geojson = json.loads(fixture_bytes)
    twenty = copy.deepcopy(geojson)
    twenty["features"] = twenty["features"][:20]
    renamed = copy.deepcopy(geojson)
    renamed["features"][0]["properties"]["l_id"] = 2  # no county 02 exists
    with FileServer(
        {
            "/regions.geojson": fixture_bytes,
            "/twenty.geojson": json.dumps(twenty).encode(),
            "/renamed.geojson": json.dumps(renamed).encode(),
            "/not-json.geojson": b"<html>captive portal login</html>",
        }
    ) as server:
        yield server


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_pinned_default_is_the_fixture(fixture_bytes: bytes) -> None:
    assert sha(fixture_bytes) == geo.DEFAULT_SHA256
    assert geo.DEFAULT_URL.startswith("https://raw.githubusercontent.com/okfse/sweden-geojson/")


def test_good_file_is_verified_and_kept_in_the_workspace(seeded_store, served, fixture_bytes) -> None:
    assert geo.stored_boundaries(seeded_store) is None
    source = BoundarySource(served.url + "/regions.geojson", sha(fixture_bytes))
    found = geo.download_boundaries(seeded_store, source)
    assert len(found.geojson["features"]) == 21
    kept = geo.stored_boundaries(seeded_store)
    assert kept is not None and kept.sha256 == sha(fixture_bytes) and kept.url == source.url
    codes = sorted(geo.county_code(feature["properties"]["l_id"]) for feature in kept.geojson["features"])
    assert codes == geo.region_codes(seeded_store)
    assert geo.stored_version(seeded_store)


def test_environment_configures_url_and_checksum(seeded_store, served, fixture_bytes, monkeypatch) -> None:
    monkeypatch.setenv(geo.URL_ENV, served.url + "/regions.geojson")
    monkeypatch.setenv(geo.SHA256_ENV, sha(fixture_bytes).upper())
    assert geo.configured_source() == BoundarySource(served.url + "/regions.geojson", sha(fixture_bytes))
    geo.download_boundaries(seeded_store)
    assert geo.stored_boundaries(seeded_store) is not None


@pytest.mark.parametrize(
    ("path", "checksum", "key"),
    [
        ("/regions.geojson", "0" * 64, "map.boundaries_checksum"),
        ("/missing.geojson", None, "map.boundaries_http"),
        ("/500", None, "map.boundaries_http"),
        ("/twenty.geojson", "own", "map.boundaries_invalid"),
        ("/renamed.geojson", "own", "map.boundaries_invalid"),
        ("/not-json.geojson", "own", "map.boundaries_invalid"),
    ],
)
def test_bad_downloads_are_refused_and_nothing_is_kept(seeded_store, served, fixture_bytes, path, checksum, key):
    expected = sha(served.files[path]) if checksum == "own" else checksum or sha(fixture_bytes)
    with pytest.raises(BoundaryError) as raised:
        geo.download_boundaries(seeded_store, BoundarySource(served.url + path, expected))
    assert raised.value.key == key
    assert geo.stored_boundaries(seeded_store) is None


def test_http_error_names_the_status(seeded_store, served) -> None:
    with pytest.raises(BoundaryError) as raised:
        geo.download_boundaries(seeded_store, BoundarySource(served.url + "/missing.geojson", "0" * 64))
    assert raised.value.params["status"] == 404


def test_no_network_is_reported_as_offline(seeded_store) -> None:
    source = BoundarySource(f"http://127.0.0.1:{closed_port()}/regions.geojson", geo.DEFAULT_SHA256)
    with pytest.raises(BoundaryError) as raised:
        geo.download_boundaries(seeded_store, source, timeout=2)
    assert raised.value.key == "map.boundaries_offline"
    assert geo.stored_boundaries(seeded_store) is None


def test_a_server_that_never_answers_times_out(seeded_store) -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never sends a byte
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        source = BoundarySource(f"http://127.0.0.1:{silent.getsockname()[1]}/x", geo.DEFAULT_SHA256)
        with pytest.raises(BoundaryError) as raised:
            geo.download_boundaries(seeded_store, source, timeout=0.5)
    assert raised.value.key == "map.boundaries_offline"


def test_only_http_addresses_are_fetched(seeded_store) -> None:
    with pytest.raises(BoundaryError) as raised:
        geo.download_boundaries(seeded_store, BoundarySource("file:///etc/passwd", geo.DEFAULT_SHA256))
    assert raised.value.key == "map.boundaries_bad_url"


@pytest.mark.parametrize(
    ("value", "code"),
    [(1, "01"), (25, "25"), ("03", "03"), ("7", "07"), (True, None), ("x1", None), (None, None), (123, None)],
)
def test_county_code(value, code) -> None:
    assert geo.county_code(value) == code


def test_colour_scale_is_monotonic_and_grey_for_zero() -> None:
    bins = figures.colour_bins([0, 3, 10, 25])
    assert figures.colour_for(0, bins) == figures.NO_MATCH_COLOUR
    shades = [figures.colour_for(value, bins) for value in (1, 6, 11, 16, 25)]
    assert shades == list(figures.SCALE)
    assert figures.colour_bins([0, 0]) == []


@pytest.mark.parametrize(
    ("counts", "legend"),
    [
        ([0, 1, 0], ["1"]),  # one activity somewhere: one class "1", never "0–0,2"
        ([0, 1, 3], ["1", "2", "3"]),
        ([0, 1, 7], ["1–2", "3", "4–5", "6", "7"]),
        ([0, 3, 10, 25], ["1–5", "6–10", "11–15", "16–20", "21–25"]),
        ([0, 1200], ["1–240", "241–480", "481–720", "721–960", "961–1\u00a0200"]),
    ],
)
def test_the_legend_is_in_whole_counts_and_names_where_nothing_is_recorded(counts, legend) -> None:
    rows = [figures.AreaValue(f"{i:02d}", f"A{i}", c, float(c), "", "") for i, c in enumerate(counts)]
    entries = figures.legend_entries(rows, "sv", orgs=True)
    assert [entry.label for entry in entries[:-2]] == legend
    assert entries[-2] == figures.LegendEntry("#f5f3ed", "Inget registrerat")
    assert entries[-1].label == "Övriga organisationer" and entries[-1].dot
    assert figures.legend_entries(rows, "en")[-1].label == "Nothing recorded"
    # Every count has the colour of its class; the darkest class holds the largest count; none is grey.
    bins = figures.colour_bins([float(c) for c in counts])
    colours = [figures.colour_for(float(c), bins) for c in counts if c > 0]
    assert figures.NO_MATCH_COLOUR not in colours and figures.colour_for(max(counts), bins) == figures.SCALE[-1]
    assert figures.colour_for(0, bins) == figures.NO_MATCH_COLOUR


def test_a_rate_legend_has_one_decimal_in_the_language_s_format() -> None:
    rows = [
        figures.AreaValue("01", "A", 3, 2.5, "", "", whole=False),
        figures.AreaValue("02", "B", 0, 0.0, "", "", whole=False),
    ]
    assert [entry.label for entry in figures.legend_entries(rows, "sv")][:2] == ["0,0–0,5", "0,5–1,0"]
    assert [entry.label for entry in figures.legend_entries(rows, "en")][:1] == ["0.0–0.5"]


def test_layers_carry_the_region_code_and_mark_the_selection(fixture_bytes) -> None:
    regions = [
        figures.AreaValue("01", "Stockholm", 4, 4.0, "4", "Scenarier", lon=18.0, lat=59.3),
        figures.AreaValue("12", "Skåne", 0, 0.0, "0", "–", lon=13.6, lat=56.0),
    ]
    polygons = figures.region_layer(json.loads(fixture_bytes), regions, selected="12")
    features = {feature["properties"]["code"]: feature["properties"] for feature in polygons.data["features"]}
    assert set(features) == {"01", "12"}
    assert features["12"]["line_width"] > features["01"]["line_width"]
    assert features["12"]["fill"][:3] == list(figures.NO_MATCH_COLOUR)
    bubbles = figures.bubble_layer(regions)
    assert [row["code"] for row in bubbles.data] == ["01", "12"]
    assert bubbles.data[0]["radius"] > bubbles.data[1]["radius"]
    assert polygons.id == figures.REGION_LAYER and bubbles.id == figures.BUBBLE_LAYER
    spec = json.loads(figures.deck([polygons], "{name}").to_json())
    # Streamlit's frontend draws Carto tiles when mapStyle is missing; the placeholder means none.
    assert spec["mapStyle"] == figures.NO_BASE_MAP and not spec.get("mapProvider")


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_command_line_downloads_once_and_reports_failures(tmp_path, served, fixture_bytes) -> None:
    import subprocess
    import sys

    workspace = tmp_path / "cli.duckdb"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "foresight", "--db", str(workspace), "--lang", "en", "boundaries", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )

    refused = run("--url", served.url + "/regions.geojson", "--sha256", "0" * 64)
    assert refused.returncode == 1 and "wrong checksum" in refused.stderr
    done = run("--url", served.url + "/regions.geojson", "--sha256", sha(fixture_bytes))
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout
    from foresight.store import Store

    with Store(workspace) as store:
        assert geo.stored_boundaries(store) is not None
