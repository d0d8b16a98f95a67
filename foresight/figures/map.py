"""The map's pydeck layers: choropleth, bubbles and organisations (the charts are in map_charts).

The layer builders return plain pydeck layers with an `id` (selection needs one) and carry the
region code in every object, so a click on a polygon or a bubble selects the same region. No
base map: nothing is fetched from a tile server.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from typing import NamedTuple

from foresight.i18n import enum_label, format_number, t
from foresight.map.area_counts import AreaCount, OrganisationCount
from foresight.map.geo import Boundaries, feature_code

REGION_LAYER = "regions"
MUNICIPALITY_LAYER = "municipalities"
AREA_LAYERS = (REGION_LAYER, MUNICIPALITY_LAYER)
BUBBLE_LAYER = "region-bubbles"
ORG_LAYER = "organisations"

# ColorBrewer "Blues" from its third class on (5 classes, colour-blind safe), so the lightest class
# still reads as blue beside the areas where nothing is recorded: a warm near-white, set apart.
NO_MATCH_COLOUR = (245, 243, 237)
SCALE = ((158, 202, 225), (107, 174, 214), (66, 146, 198), (33, 113, 181), (8, 69, 148))
ORG_COLOUR = (217, 95, 2)
SELECTED_LINE = (17, 24, 39)
LINE = (255, 255, 255)
NO_MATCH_LINE = (208, 208, 202)  # a no-match area's border: its white one vanished into the fill
COUNTY_LINE = (75, 85, 99)  # the counties drawn over the municipalities, for orientation
LABEL_COLOUR = (17, 24, 39)


def colour_bins(values: Sequence[float], whole: bool = True) -> list[float]:
    """Upper bounds of the colour classes (at most five), equal steps up to the largest value.

    `whole` (counts): the bounds are whole numbers, so the legend reads "1–2, 3–5, …" and never
    "0–0,2"; with a largest count of 3 there are three classes, 1, 2 and 3. Otherwise (a rate per
    100,000) the bounds are rounded up to one decimal.
    """
    top = max([float(value) for value in values] + [0.0])
    if top <= 0:
        return []
    steps = [top * step / len(SCALE) for step in range(1, len(SCALE) + 1)]
    if whole:
        bounds = sorted({max(1, math.ceil(step - 1e-9)) for step in steps})
    else:
        bounds = sorted({math.ceil(step * 10 - 1e-9) / 10 for step in steps})
    return [float(bound) for bound in bounds]


def class_colours(bins: Sequence[float]) -> list[tuple[int, int, int]]:
    """The colour of each class: fewer than five classes spread over the scale (darkest kept last)."""
    count = len(bins)
    if count == 0:
        return []
    if count == 1:
        return [SCALE[-1]]
    return [SCALE[round(index * (len(SCALE) - 1) / (count - 1))] for index in range(count)]


def colour_for(value: float, bins: Sequence[float]) -> tuple[int, int, int]:
    if value <= 0 or not bins:
        return NO_MATCH_COLOUR
    for bound, colour in zip(bins, class_colours(bins), strict=True):
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
    whole: bool = True  # the value is a count (False: a rate per 100,000)


def _region_properties(row: AreaValue, bins: Sequence[float], selected: str | None) -> dict:
    empty = float(row.value) <= 0
    return {
        "code": row.code,
        "name": row.name,
        "count": int(row.count),
        "value_text": row.value_text,
        "top_methods": row.top_methods_text,
        "fill": [*colour_for(float(row.value), bins), 235],
        "line": list(SELECTED_LINE if row.code == selected else NO_MATCH_LINE if empty else LINE),
        "line_width": 3 if row.code == selected else 1,
    }


def _values(rows: Sequence[AreaValue]) -> list[float]:
    return [row.value for row in rows]


def _bins(rows: Sequence[AreaValue]) -> list[float]:
    return colour_bins(_values(rows), whole=all(row.whole for row in rows))


def region_layer(geojson: dict, regions: Sequence[AreaValue], selected: str | None = None):
    """A choropleth GeoJsonLayer: each county filled by its `value` (count or per 100,000)."""
    by_code = {row.code: row for row in regions}
    bins = _bins(regions)
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

    bins = _bins(regions)
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
MAP_HEIGHT = 600  # pixels; the page shows the deck this tall
# Sweden (lon 11.1–24.2, lat 55.3–69.0) fitted to MAP_HEIGHT with some 12 pixels to spare at each end:
# the centre is the Web Mercator middle of its extent. Sweden is tall: fitted to 600 pixels of
# height it is some 250 pixels wide, whatever the width of the map.
VIEW_LAT, VIEW_LON, VIEW_ZOOM = 62.98, 17.64, 3.757


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

    At municipality level the counties' borders are drawn over the municipalities (`outline`, for
    orientation among 290 small areas), and every municipality with a match gets a dot and a label
    with its name and count: Kungsbacka is a few pixels wide on a map of Sweden.
    """

    _DATA = "@@AREAS@@"
    _ORGS = "@@ORGS@@"
    _LABELS = "@@LABELS@@"

    def __init__(self, level: str, geojson: dict, outline: dict | None = None) -> None:
        self.level = level
        self.layer_id = MUNICIPALITY_LAYER if level == "municipality" else REGION_LAYER
        self.outline = outline
        self.codes: list[str] = []
        self.geometry_json: list[str] = []
        self.centres: dict[str, tuple[float, float]] = {}
        for feature in geojson["features"]:
            code = feature_code(level, feature.get("properties") or {})
            if code is not None:
                self.codes.append(code)
                self.geometry_json.append(json.dumps(feature["geometry"], separators=(",", ":")))
                centre = _centre(feature["geometry"])
                if centre is not None:
                    self.centres[code] = centre
        self._template: dict[str, tuple[str, str, str, str, str]] = {}

    def _pieces(self, tooltip_text: str) -> tuple[str, str, str, str, str]:
        if tooltip_text not in self._template:
            layers = [_area_layer(self._DATA, self.layer_id)]
            if self.outline is not None:
                layers.append(_outline_layer(self.outline))
            if self.level == "municipality":
                layers += _label_layers(self._LABELS)
            layers.append(organisation_layer_from(self._ORGS))
            text = deck(layers, tooltip_text).to_json()
            head, rest = text.split(json.dumps(self._DATA), 1)
            labels = json.dumps(self._LABELS)
            first, second = "", ""
            if labels in rest:  # the municipality level's dots and labels: the same rows twice
                first, second_and_rest = rest.split(labels, 1)
                second, rest = second_and_rest.split(labels, 1)
            middle, tail = rest.split(json.dumps(self._ORGS), 1)
            self._template[tooltip_text] = (head, first, second, middle, tail)
        return self._template[tooltip_text]

    def label_rows(self, area_rows: Sequence[AreaValue], lang: str = "sv") -> list[dict]:
        """A dot and "name (count)" at each municipality with a match (none at county level: the
        counties are large enough to see, and their counts are in the chart beside the map)."""
        if self.level != "municipality":
            return []
        return [
            {
                "lon": self.centres[row.code][0],
                "lat": self.centres[row.code][1],
                "label": f"{row.name} ({format_number(row.count, lang)})",
            }
            for row in area_rows
            if row.count > 0 and row.code in self.centres
        ]

    def spec(
        self,
        area_rows: Sequence[AreaValue],
        org_points: Sequence[OrganisationCount] | None,
        selected: str | None,
        lang: str,
    ) -> str:
        """The deck JSON for these per-area values (areas without a row are left out)."""
        by_code = {row.code: row for row in area_rows}
        bins = _bins(area_rows)
        parts = []
        for code, geometry in zip(self.codes, self.geometry_json, strict=True):
            row = by_code.get(code)
            if row is not None:
                properties = json.dumps(_region_properties(row, bins, selected), separators=(",", ":"))
                parts.append('{"type":"Feature","geometry":' + geometry + ',"properties":' + properties + "}")
        areas = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
        orgs = _org_json(org_points or ())
        head, first, second, middle, tail = self._pieces(t("map.tooltip", lang))
        if not first:
            return head + areas + middle + orgs + tail
        labels = json.dumps(self.label_rows(area_rows, lang), separators=(",", ":"), ensure_ascii=False)
        return head + areas + first + labels + second + labels + middle + orgs + tail

    def deck(self, area_rows, org_points, selected, lang) -> PrebuiltDeck:
        tooltip = {"text": t("map.tooltip", lang)}
        return PrebuiltDeck(self.spec(area_rows, org_points, selected, lang), tooltip)


def _centre(geometry: dict) -> tuple[float, float] | None:
    """A point for an area's label: the mean of the vertices of its largest outer ring."""
    if geometry.get("type") == "Polygon":
        rings = [geometry["coordinates"][0]]
    elif geometry.get("type") == "MultiPolygon":
        rings = [polygon[0] for polygon in geometry["coordinates"]]
    else:
        return None
    ring = max(rings, key=len)
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    if not points:
        return None
    return (
        round(sum(point[0] for point in points) / len(points), 4),
        round(sum(point[1] for point in points) / len(points), 4),
    )


_SKELETONS: dict[tuple[str, str], LevelSkeleton] = {}


def level_skeleton(level: str, version: str, found: Boundaries, outline: Boundaries | None = None) -> LevelSkeleton:
    """The skeleton of `level` for the boundary file `version`, built once per process; `outline`
    (the counties, at municipality level) is drawn over it."""
    key = (level, version)
    if key not in _SKELETONS or (_SKELETONS[key].outline is None) != (outline is None):
        for old in [old for old in _SKELETONS if old[0] == level]:
            del _SKELETONS[old]  # a replaced boundary file: keep only the current one
        _SKELETONS[key] = LevelSkeleton(level, found.geojson, outline.geojson if outline is not None else None)
    return _SKELETONS[key]


def _outline_layer(geojson: dict):
    """The counties' borders as lines over the municipalities (not clickable)."""
    import pydeck as pdk

    return pdk.Layer(
        "GeoJsonLayer",
        data=geojson,
        id="county-borders",
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=[*COUNTY_LINE, 200],
        get_line_width=1.5,
        line_width_units='"pixels"',
    )


def _label_layers(data) -> list:
    """A dark dot and a label with a white background at each municipality with a match."""
    import pydeck as pdk

    dots = pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id="area-dots",
        pickable=False,
        filled=True,
        stroked=True,
        get_position=["lon", "lat"],
        get_radius=4,
        radius_units='"pixels"',
        get_fill_color=[*LABEL_COLOUR, 255],
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
    )
    labels = pdk.Layer(
        "TextLayer",
        data=data,
        id="area-labels",
        pickable=False,
        get_position=["lon", "lat"],
        get_text="label",
        get_size=13,
        get_color=[*LABEL_COLOUR, 255],
        get_text_anchor='"start"',
        get_alignment_baseline='"center"',
        get_pixel_offset=[8, 0],
        character_set='"auto"',
        background=True,
        get_background_color=[255, 255, 255, 225],
        background_padding=[3, 1],
        font_family='"Source Sans Pro, sans-serif"',
    )
    return [dots, labels]


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
        shown.append(
            AreaValue(area.code, area.name, area.count, value, value_text, methods, area.lon, area.lat, not per_capita)
        )
    return shown


def build_deck(
    region_rows: Sequence[AreaValue],
    org_points: Sequence[OrganisationCount] | None,
    found: Boundaries | None,
    selected: str | None,
    lang: str,
    level: str = "region",
    version: str | None = None,
    outline: Boundaries | None = None,
):
    """The deck: the level's polygons when its boundaries are there (from the per-process skeleton
    when a `version` names them), else a bubble per region; organisations on top."""
    if found is not None and version is not None:
        skeleton = level_skeleton(level, version, found, outline if level == "municipality" else None)
        return skeleton.deck(region_rows, org_points, selected, lang)
    if found is not None:
        layers = [region_layer(found.geojson, region_rows, selected)]
    else:
        layers = [bubble_layer(region_rows, selected)]
    if org_points:
        layers.append(organisation_layer(org_points))
    return deck(layers, t("map.tooltip", lang))


class LegendEntry(NamedTuple):
    """One line of the map's legend: a swatch (an area's fill, or a dot) and what it stands for."""

    colour: str  # "#rrggbb"
    label: str
    dot: bool = False


def _hex(colour: Sequence[int]) -> str:
    return "#" + "".join(f"{int(part):02x}" for part in colour[:3])


def legend_entries(region_rows: Sequence[AreaValue], lang: str, orgs: bool = False) -> list[LegendEntry]:
    """The colour classes in whole counts ("1", "2–3", …; a rate per 100,000 with one decimal), then
    "Nothing recorded" in its own colour, then the organisations' dots when they are drawn."""
    bins = _bins(region_rows)
    whole = all(row.whole for row in region_rows)
    entries = []
    low = 1.0 if whole else 0.0
    for bound, colour in zip(bins, class_colours(bins), strict=True):
        if whole:
            text = _number(bound, lang) if low == bound else f"{_number(low, lang)}–{_number(bound, lang)}"
            low = bound + 1
        else:
            text = f"{_number_1(low, lang)}–{_number_1(bound, lang)}"
            low = bound
        entries.append(LegendEntry(_hex(colour), text))
    entries.append(LegendEntry(_hex(NO_MATCH_COLOUR), t("map.legend_none", lang)))
    if orgs:
        entries.append(LegendEntry(_hex(ORG_COLOUR), t("map.legend_orgs", lang), dot=True))
    return entries


def _number_1(value: float, lang: str) -> str:
    """One decimal: 2.5 in English, 2,5 in Swedish."""
    text = f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text


def legend_text(region_rows: Sequence[AreaValue], lang: str, orgs: bool = False) -> str:
    """The legend as one line of text (the map's text alternative and the tests read it)."""
    entries = legend_entries(region_rows, lang, orgs)
    scale = ", ".join(entry.label for entry in entries[: len(_bins(region_rows))]) or "–"
    return t("map.legend", lang, bins=scale)
