"""County boundaries for the regional map: download once, verify, keep in the workspace; layers.

The polygons of the 21 regions are not bundled. `download_boundaries` fetches an open GeoJSON
(the URL and its expected sha256 can be set with $FRAMSYN_BOUNDARIES_URL and
$FRAMSYN_BOUNDARIES_SHA256), with a short timeout and a size cap, checks the checksum and the
structure (a FeatureCollection of exactly the 21 regions, `l_id` = SCB county code, polygons
within Sweden) and stores the file in the `boundaries` table. It only runs when asked (the map
page's button, or `python -m foresight boundaries`), never on a rerun: a workshop hall without
network gets a page that says so and draws each region as a bubble at its centroid instead.

The layer builders return plain pydeck layers with an `id` (selection needs one) and carry the
region code in every object, so a click on a polygon or a bubble selects the same region.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from foresight.errors import ForesightError
from foresight.store import Store

DEFAULT_URL = (
    "https://raw.githubusercontent.com/okfse/sweden-geojson/"
    "ff67bcb030d7d09032ae5f443d27130f05fdf1e0/swedish_regions.geojson"
)
DEFAULT_SHA256 = "efe362e7fdb5ec3501664a8e0294a694b840f705a0fb05484281f98d1eb15d7c"
URL_ENV = "FRAMSYN_BOUNDARIES_URL"
SHA256_ENV = "FRAMSYN_BOUNDARIES_SHA256"
BOUNDARY_ID = "regions"
TIMEOUT_SECONDS = 4.0
MAX_BYTES = 20_000_000
REGION_LAYER = "regions"
BUBBLE_LAYER = "region-bubbles"
ORG_LAYER = "organisations"

# ColorBrewer "Blues" (5 classes, colour-blind safe); regions with no match are light grey.
NO_MATCH_COLOUR = (229, 231, 235)
SCALE = ((198, 219, 239), (158, 202, 225), (107, 174, 214), (49, 130, 189), (8, 81, 156))
ORG_COLOUR = (217, 95, 2)
SELECTED_LINE = (17, 24, 39)
LINE = (255, 255, 255)


class BoundaryError(ForesightError):
    """The boundary file could not be downloaded or did not pass verification."""


@dataclass(frozen=True)
class BoundarySource:
    url: str
    sha256: str


@dataclass(frozen=True)
class Boundaries:
    """Verified boundaries as stored: the parsed GeoJSON and where it came from."""

    geojson: dict
    url: str
    sha256: str
    fetched_at: object


def configured_source() -> BoundarySource:
    """The URL and checksum to use: the environment first, else the pinned defaults."""
    return BoundarySource(
        url=os.environ.get(URL_ENV) or DEFAULT_URL,
        sha256=(os.environ.get(SHA256_ENV) or DEFAULT_SHA256).strip().lower(),
    )


def fetch_bytes(url: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The body at `url`, or a BoundaryError saying plainly why not (offline, HTTP, too big)."""
    if not url.lower().startswith(("https://", "http://")):
        raise BoundaryError("map.boundaries_bad_url", url=url)
    request = urllib.request.Request(url, headers={"User-Agent": "Framsyn"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise BoundaryError("map.boundaries_http", status=error.code) from error
    except TimeoutError as error:
        raise BoundaryError("map.boundaries_offline", detail="timeout") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise BoundaryError("map.boundaries_offline", detail=str(reason)) from error
    if len(body) > MAX_BYTES:
        raise BoundaryError("map.boundaries_invalid", detail=f"> {MAX_BYTES} bytes")
    return body


def county_code(value: object) -> str | None:
    """SCB's two-digit county code from an `l_id` property (1 -> '01'), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str) and value.strip().isdigit():
        text = value.strip()
    else:
        return None
    return text.zfill(2) if len(text) <= 2 else None


def _positions(geometry: dict) -> list:
    kind = geometry.get("type")
    rings = geometry.get("coordinates")
    if kind == "Polygon" and isinstance(rings, list):
        return [point for ring in rings for point in ring]
    if kind == "MultiPolygon" and isinstance(rings, list):
        return [point for polygon in rings for ring in polygon for point in ring]
    raise ValueError(f"geometry {kind!r} is not a polygon")


def verify(body: bytes, expected_sha256: str, region_codes: Sequence[str]) -> dict:
    """The parsed GeoJSON if `body` has the expected checksum and is the 21 regions; else raise."""
    actual = hashlib.sha256(body).hexdigest()
    if actual != expected_sha256:
        raise BoundaryError("map.boundaries_checksum", actual=actual[:12], expected=expected_sha256[:12])
    try:
        geojson = json.loads(body.decode("utf-8"))
        if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
            raise ValueError("not a FeatureCollection")
        features = geojson.get("features")
        if not isinstance(features, list):
            raise ValueError("no features")
        codes = []
        for feature in features:
            code = county_code((feature.get("properties") or {}).get("l_id"))
            if code is None:
                raise ValueError("a feature has no county code l_id")
            for point in _positions(feature.get("geometry") or {}):
                lon, lat = float(point[0]), float(point[1])
                if not (5.0 <= lon <= 30.0 and 54.0 <= lat <= 70.5):
                    raise ValueError("coordinates outside Sweden (not WGS84?)")
            codes.append(code)
        if sorted(codes) != sorted(region_codes):
            raise ValueError(f"{len(codes)} features; codes do not match the {len(region_codes)} regions")
    except (ValueError, TypeError, AttributeError, IndexError, UnicodeDecodeError) as error:
        raise BoundaryError("map.boundaries_invalid", detail=str(error)[:200]) from error
    return geojson


def region_codes(store: Store) -> list[str]:
    return [code for (code,) in store.rows("SELECT code FROM regions ORDER BY code")]


def download_boundaries(store: Store, source: BoundarySource | None = None,
                        timeout: float = TIMEOUT_SECONDS) -> Boundaries:  # fmt: skip
    """Fetch, verify and store the boundaries; nothing is stored unless all checks pass."""
    chosen = source or configured_source()
    body = fetch_bytes(chosen.url, timeout=timeout)
    verify(body, chosen.sha256, region_codes(store))
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT OR REPLACE INTO boundaries (id, url, sha256, geojson, fetched_at)"
            " VALUES (?, ?, ?, ?, current_timestamp)",
            [BOUNDARY_ID, chosen.url, chosen.sha256, body.decode("utf-8")],
        )
    found = stored_boundaries(store)
    assert found is not None
    return found


def stored_version(store: Store) -> str | None:
    """A cheap marker of the stored boundaries (checksum and time), or None when there are none."""
    row = store.rows("SELECT sha256 || '@' || CAST(fetched_at AS VARCHAR) FROM boundaries WHERE id = ?", [BOUNDARY_ID])
    return row[0][0] if row else None


def stored_boundaries(store: Store) -> Boundaries | None:
    """The boundaries kept in the workspace, or None if they were never downloaded."""
    row = store.rows("SELECT geojson, url, sha256, fetched_at FROM boundaries WHERE id = ?", [BOUNDARY_ID])
    if not row:
        return None
    text, url, sha256, fetched_at = row[0]
    return Boundaries(json.loads(text), url, sha256, fetched_at)


def forget_boundaries(store: Store) -> None:
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM boundaries WHERE id = ?", [BOUNDARY_ID])


# -- layers ------------------------------------------------------------------------------


def colour_bins(values: Sequence[float]) -> list[float]:
    """Upper bounds of the five colour classes: equal steps up to the largest value."""
    top = max([float(value) for value in values] + [0.0])
    if top <= 0:
        return []
    return [top * step / len(SCALE) for step in range(1, len(SCALE) + 1)]


def colour_for(value: float, bins: Sequence[float]) -> tuple[int, int, int]:
    if value <= 0 or not bins:
        return NO_MATCH_COLOUR
    for bound, colour in zip(bins, SCALE, strict=True):
        if value <= bound + 1e-9:
            return colour
    return SCALE[-1]


def _region_properties(row: dict, bins: Sequence[float], selected: str | None) -> dict:
    return {
        "code": row["code"], "name": row["name"], "count": int(row["count"]),
        "value_text": row["value_text"], "top_methods": row["top_methods_text"],
        "fill": [*colour_for(float(row["value"]), bins), 230],
        "line": list(SELECTED_LINE if row["code"] == selected else LINE),
        "line_width": 3 if row["code"] == selected else 1,
    }  # fmt: skip


def region_layer(geojson: dict, regions: pd.DataFrame, selected: str | None = None):
    """A choropleth GeoJsonLayer: each county filled by its `value` (count or per 100,000).

    `regions` has one row per region: code, name, count, value, value_text, top_methods_text.
    """
    import pydeck as pdk

    by_code = {row["code"]: row for row in regions.to_dict("records")}
    bins = colour_bins(regions["value"].tolist())
    features = []
    for feature in geojson["features"]:
        code = county_code(feature["properties"].get("l_id"))
        if code in by_code:
            properties = _region_properties(by_code[code], bins, selected)
            features.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return pdk.Layer(
        "GeoJsonLayer", data={"type": "FeatureCollection", "features": features}, id=REGION_LAYER,
        pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
        get_line_color="properties.line", get_line_width="properties.line_width", line_width_units='"pixels"',
        auto_highlight=True, highlight_color=[255, 200, 0, 160],
    )  # fmt: skip


def bubble_layer(regions: pd.DataFrame, selected: str | None = None):
    """The fallback without boundaries: a circle per region at its centroid, area by value."""
    import pydeck as pdk

    bins = colour_bins(regions["value"].tolist())
    top = max([float(value) for value in regions["value"]] + [1.0])
    rows = []
    for row in regions.to_dict("records"):
        properties = _region_properties(row, bins, selected)
        radius = 6 + 30 * (float(row["value"]) / top) ** 0.5 if top > 0 else 6
        rows.append({**properties, "lon": float(row["lon"]), "lat": float(row["lat"]), "radius": radius})
    return pdk.Layer(
        "ScatterplotLayer", data=rows, id=BUBBLE_LAYER, pickable=True, stroked=True, filled=True,
        get_position=["lon", "lat"], get_radius="radius", radius_units='"pixels"', get_fill_color="fill",
        get_line_color=list(SELECTED_LINE), get_line_width="line_width", line_width_units='"pixels"',
        auto_highlight=True, highlight_color=[255, 200, 0, 160],
    )  # fmt: skip


def organisation_layer(organisations: pd.DataFrame):
    """National agencies and other organisations as points (not clickable: selection is by region)."""
    import pydeck as pdk

    rows = [
        {"lon": float(row["lon"]), "lat": float(row["lat"]), "name": row["name"], "count": int(row["count"]),
         "radius": 3 + min(int(row["count"]), 400) ** 0.5}
        for row in organisations.to_dict("records")
    ]  # fmt: skip
    return pdk.Layer(
        "ScatterplotLayer", data=rows, id=ORG_LAYER, pickable=False, filled=True, stroked=True,
        get_position=["lon", "lat"], get_radius="radius", radius_units='"pixels"',
        get_fill_color=[*ORG_COLOUR, 220], get_line_color=[255, 255, 255], line_width_min_pixels=1,
    )  # fmt: skip


NO_BASE_MAP = "__MAP_STYLE__"
VIEW_LAT, VIEW_LON, VIEW_ZOOM = 62.3, 16.8, 3.7


def deck(layers: list, tooltip_text: str):
    """A deck without a base map (no tile server is contacted) centred on Sweden.

    `map_provider=None` without a `map_style` makes pydeck write its placeholder style, which
    Streamlit's frontend reads as "no base map". An explicit `map_style=None` would instead drop
    the key, and Streamlit then fills in Carto's tile style: requests to a CDN at run time.
    """
    import pydeck as pdk
    from pydeck.bindings.json_tools import default_serialize

    class CompactDeck(pdk.Deck):
        """pydeck writes indented JSON, which forces Python's slow encoder: 25 ms for the polygons."""

        def to_json(self) -> str:
            return json.dumps(self, default=default_serialize, separators=(",", ":"))

    view = pdk.ViewState(latitude=VIEW_LAT, longitude=VIEW_LON, zoom=VIEW_ZOOM, min_zoom=3, max_zoom=9)
    return CompactDeck(layers=layers, initial_view_state=view, map_provider=None, tooltip={"text": tooltip_text})


# -- command line: `python -m foresight boundaries` (prepare a laptop before going offline) --


def _configure_command(parser) -> None:
    parser.add_argument("--url", help=f"GeoJSON of the 21 regions (default: ${URL_ENV} or the pinned file)")
    parser.add_argument("--sha256", help=f"expected checksum of the file (default: ${SHA256_ENV} or the pinned one)")
    parser.add_argument("--forget", action="store_true", help="remove the stored boundaries instead")


def _run_command(args) -> int:
    from foresight.i18n import t
    from foresight.workspace import open_workspace

    configured = configured_source()
    source = BoundarySource(args.url or configured.url, (args.sha256 or configured.sha256).strip().lower())
    with open_workspace(args.db) as store:
        if args.forget:
            forget_boundaries(store)
            return 0
        download_boundaries(store, source)  # a BoundaryError is printed by the CLI in the chosen language
    print(t("map.boundaries_ok", args.lang))
    return 0


COMMANDS = {
    "boundaries": (
        "download, verify and store the county boundaries for the map (once; the map works offline after)",
        _configure_command,
        _run_command,
    )
}
