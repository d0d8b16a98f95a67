"""The map's pydeck layers: choropleth, bubbles and organisations (the charts are in map_charts).

The layer builders return plain pydeck layers with an `id` (selection needs one) and carry the
region code in every object, so a click on a polygon or a bubble selects the same region. No
base map: nothing is fetched from a tile server.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import NamedTuple

from foresight.i18n import enum_label, t
from foresight.map.area_counts import AreaCount, OrganisationCount
from foresight.map.geo import Boundaries, feature_code

REGION_LAYER = "regions"
MUNICIPALITY_LAYER = "municipalities"
AREA_LAYERS = (REGION_LAYER, MUNICIPALITY_LAYER)
BUBBLE_LAYER = "region-bubbles"
ORG_LAYER = "organisations"

# ColorBrewer "Blues" (5 classes, colour-blind safe); regions with no match are light grey.
NO_MATCH_COLOUR = (229, 231, 235)
SCALE = ((198, 219, 239), (158, 202, 225), (107, 174, 214), (49, 130, 189), (8, 81, 156))
ORG_COLOUR = (217, 95, 2)
SELECTED_LINE = (17, 24, 39)
LINE = (255, 255, 255)


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


class AreaValue(NamedTuple):
    """One area as the map shows it: the value its colour stands for and its tooltip texts."""

    code: str
    name: str
    count: int
    value: float  # the count, or activities per 100,000 inhabitants
    value_text: str
    top_methods_text: str
    lon: float | None = None  # a region's centre, for the bubbles drawn without boundaries
    lat: float | None = None


def _region_properties(row: AreaValue, bins: Sequence[float], selected: str | None) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "count": int(row.count),
        "value_text": row.value_text,
        "top_methods": row.top_methods_text,
        "fill": [*colour_for(float(row.value), bins), 230],
        "line": list(SELECTED_LINE if row.code == selected else LINE),
        "line_width": 3 if row.code == selected else 1,
    }


def _values(rows: Sequence[AreaValue]) -> list[float]:
    return [row.value for row in rows]


def region_layer(geojson: dict, regions: Sequence[AreaValue], selected: str | None = None):
    """A choropleth GeoJsonLayer: each county filled by its `value` (count or per 100,000)."""
    by_code = {row.code: row for row in regions}
    bins = colour_bins(_values(regions))
    features = []
    for feature in geojson["features"]:
        code = feature_code("region", feature["properties"])
        if code in by_code:
            properties = _region_properties(by_code[code], bins, selected)
            features.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return _area_layer({"type": "FeatureCollection", "features": features}, REGION_LAYER)


def bubble_layer(regions: Sequence[AreaValue], selected: str | None = None):
    """The fallback without boundaries: a circle per region at its centroid, area by value."""
    import pydeck as pdk

    bins = colour_bins(_values(regions))
    top = max([float(value) for value in _values(regions)] + [1.0])
    rows = []
    for row in regions:
        properties = _region_properties(row, bins, selected)
        radius = 6 + 30 * (float(row.value) / top) ** 0.5 if top > 0 else 6
        rows.append({**properties, "lon": float(row.lon), "lat": float(row.lat), "radius": radius})
    return pdk.Layer(
        "ScatterplotLayer",
        data=rows,
        id=BUBBLE_LAYER,
        pickable=True,
        stroked=True,
        filled=True,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units='"pixels"',
        get_fill_color="fill",
        get_line_color=list(SELECTED_LINE),
        get_line_width="line_width",
        line_width_units='"pixels"',
        auto_highlight=True,
        highlight_color=[255, 200, 0, 160],
    )


def organisation_layer(organisations: Sequence[OrganisationCount]):
    """National agencies and other organisations as points (not clickable: selection is by region)."""
    return organisation_layer_from(_org_rows(organisations))


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


class PrebuiltDeck:
    """A deck whose JSON is assembled from parts serialised once; what st.pydeck_chart reads of a Deck."""

    def __init__(self, spec: str, tooltip: dict) -> None:
        self._spec = spec
        self._tooltip = tooltip
        self.layers: list = []  # read by Streamlit's pandas-3 workaround; the data is already in the spec
        self.mapbox_key = None
        self.deck_widget = None

    def to_json(self) -> str:
        return self._spec


class LevelSkeleton:
    """One level's polygons and deck, serialised once per process; a filter change fills in the values.

    The geometry of each area is turned into JSON here, once; `spec` then only serialises the
    per-area properties (a few hundred small dicts) and splices them between the cached pieces,
    instead of rebuilding and re-encoding every coordinate on each rerun.
    """

    _DATA = "@@AREAS@@"
    _ORGS = "@@ORGS@@"

    def __init__(self, level: str, geojson: dict) -> None:
        self.level = level
        self.layer_id = MUNICIPALITY_LAYER if level == "municipality" else REGION_LAYER
        self.codes: list[str] = []
        self.geometry_json: list[str] = []
        for feature in geojson["features"]:
            code = feature_code(level, feature.get("properties") or {})
            if code is not None:
                self.codes.append(code)
                self.geometry_json.append(json.dumps(feature["geometry"], separators=(",", ":")))
        self._template: dict[str, tuple[str, str, str]] = {}

    def _pieces(self, tooltip_text: str) -> tuple[str, str, str]:
        if tooltip_text not in self._template:
            layers = [_area_layer(self._DATA, self.layer_id), organisation_layer_from(self._ORGS)]
            text = deck(layers, tooltip_text).to_json()
            head, rest = text.split(json.dumps(self._DATA), 1)
            middle, tail = rest.split(json.dumps(self._ORGS), 1)
            self._template[tooltip_text] = (head, middle, tail)
        return self._template[tooltip_text]

    def spec(
        self,
        area_rows: Sequence[AreaValue],
        org_points: Sequence[OrganisationCount] | None,
        selected: str | None,
        lang: str,
    ) -> str:
        """The deck JSON for these per-area values (areas without a row are left out)."""
        by_code = {row.code: row for row in area_rows}
        bins = colour_bins(_values(area_rows))
        parts = []
        for code, geometry in zip(self.codes, self.geometry_json, strict=True):
            row = by_code.get(code)
            if row is not None:
                properties = json.dumps(_region_properties(row, bins, selected), separators=(",", ":"))
                parts.append('{"type":"Feature","geometry":' + geometry + ',"properties":' + properties + "}")
        areas = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
        orgs = _org_json(org_points or ())
        head, middle, tail = self._pieces(t("map.tooltip", lang))
        return head + areas + middle + orgs + tail

    def deck(self, area_rows, org_points, selected, lang) -> PrebuiltDeck:
        tooltip = {"text": t("map.tooltip", lang)}
        return PrebuiltDeck(self.spec(area_rows, org_points, selected, lang), tooltip)


_SKELETONS: dict[tuple[str, str], LevelSkeleton] = {}


def level_skeleton(level: str, version: str, found: Boundaries) -> LevelSkeleton:
    """The skeleton of `level` for the boundary file `version`, built once per process."""
    key = (level, version)
    if key not in _SKELETONS:
        for old in [old for old in _SKELETONS if old[0] == level]:
            del _SKELETONS[old]  # a replaced boundary file: keep only the current one
        _SKELETONS[key] = LevelSkeleton(level, found.geojson)
    return _SKELETONS[key]


def _area_layer(data, layer_id: str):
    import pydeck as pdk

    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=layer_id,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color="properties.line",
        get_line_width="properties.line_width",
        line_width_units='"pixels"',
        auto_highlight=True,
        highlight_color=[255, 200, 0, 160],
    )


_ORG_RADII = tuple(round(3 + count**0.5, 2) for count in range(401))  # pixels: grows with the count, capped


def _org_radius(count: int) -> float:
    return _ORG_RADII[min(int(count), 400)]


def _org_rows(organisations: Sequence[OrganisationCount]) -> list[dict]:
    return [
        {
            "lon": float(row.lon),
            "lat": float(row.lat),
            "name": row.name,
            "count": int(row.count),
            "radius": _org_radius(row.count),
        }
        for row in organisations
    ]


@functools.lru_cache(maxsize=4096)
def _org_head(lon: float, lat: float, name: str) -> str:
    return json.dumps({"lon": float(lon), "lat": float(lat), "name": name}, separators=(",", ":"))[:-1]


def _org_json(organisations: Sequence[OrganisationCount]) -> str:
    """The same list as `_org_rows` as JSON, with each organisation's fixed part encoded once per process:
    a few hundred positions written out on every filter change took most of the deck's time."""
    return (
        "["
        + ",".join(
            f'{_org_head(row.lon, row.lat, row.name)},"count":{row.count},"radius":{_ORG_RADII[min(row.count, 400)]}}}'
            for row in organisations
        )
        + "]"
    )


def organisation_layer_from(data):
    """National agencies and other organisations as points (not clickable: selection is by area)."""
    import pydeck as pdk

    return pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id=ORG_LAYER,
        pickable=False,
        filled=True,
        stroked=True,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units='"pixels"',
        get_fill_color=[*ORG_COLOUR, 220],
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
    )


# -- tooltips and legend ---------------------------------------------------------------------


def _number(value: float, lang: str) -> str:
    """1,234.5 in English, 1 234,5 in Swedish (a no-break space between thousands)."""
    text = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text


def area_values(areas: Sequence[AreaCount], per_capita: bool, lang: str) -> list[AreaValue]:
    """The areas with the value the colour shows and the tooltip texts, in `lang`."""
    value_key = "map.value_per_capita" if per_capita else "map.value_count"
    no_methods = t("map.no_methods", lang)
    shown = []
    for area in areas:
        value = (area.per_100k or 0.0) if per_capita else float(area.count)
        methods = ", ".join(enum_label("method", method, lang) for method in area.top_methods) or no_methods
        value_text = t(value_key, lang, count=area.count, value=_number(value, lang))
        shown.append(AreaValue(area.code, area.name, area.count, value, value_text, methods, area.lon, area.lat))
    return shown


def build_deck(
    region_rows: Sequence[AreaValue],
    org_points: Sequence[OrganisationCount] | None,
    found: Boundaries | None,
    selected: str | None,
    lang: str,
    level: str = "region",
    version: str | None = None,
):
    """The deck: the level's polygons when its boundaries are there (from the per-process skeleton
    when a `version` names them), else a bubble per region; organisations on top."""
    if found is not None and version is not None:
        return level_skeleton(level, version, found).deck(region_rows, org_points, selected, lang)
    if found is not None:
        layers = [region_layer(found.geojson, region_rows, selected)]
    else:
        layers = [bubble_layer(region_rows, selected)]
    if org_points:
        layers.append(organisation_layer(org_points))
    return deck(layers, t("map.tooltip", lang))


def legend_text(region_rows: Sequence[AreaValue], lang: str) -> str:
    bins = colour_bins(_values(region_rows))
    edges = [0.0, *bins]
    parts = [f"{_number(low, lang)}–{_number(high, lang)}" for low, high in zip(edges, bins, strict=False)]
    return t("map.legend", lang, bins=", ".join(parts) if parts else "0")
