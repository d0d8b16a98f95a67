"""Who did which foresight activity, where and when: the filters, aggregates and table of the map.

Every view of the map page is one `ActivityFilter` turned into one parameterised WHERE clause,
so the choropleth counts, the comparison chart, the timeline and the table always apply the
same filter and cannot disagree. Aggregation happens in DuckDB: the page receives 21 rows per
region (plus a few for the timeline), never the matching activities themselves, and the table
is capped (`TABLE_LIMIT`) while the export reads the whole filtered set.

An activity's region is the region of its municipality when it names one (SCB municipality codes
begin with the county code, so the roll-up needs no join), else its organisation's region.
Activities of organisations without one (national agencies, networks, Nordic peers) match the
filters and appear in the table, but belong to no county: `MapAggregates.summary` counts them
apart so the figures add up. Methods are filtered and counted through `method_mask` (bit i is
`METHODS[i]`), kept in step with the method lists by `sync_method_masks` after every write.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from foresight.store import Store
from foresight.tables import METHODS

TABLE_LIMIT = 500
TOP_METHODS = 3
TEXT_MAX = 200


@dataclass(frozen=True)
class ActivityFilter:
    """The analyst's filter; empty tuples and None mean "any"."""

    activity_types: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    text: str = ""
    region: str | None = None  # the selected county code: narrows the table and timeline only
    statuses: tuple[str, ...] = ()  # held / planned
    include_undated: bool = False  # with a period set, keep the activities that have no year
    municipality: str | None = None  # the selected municipality code (municipality level)


@dataclass(frozen=True)
class YearSpan:
    first: int
    last: int


@dataclass(frozen=True)
class Summary:
    """How many activities match: in all, in a county, and in how many counties."""

    matching: int
    in_regions: int
    outside_regions: int
    regions_with_activity: int
    top_region_code: str | None
    top_region_name: str | None
    top_region_count: int


_BASE = (
    " FROM activities a JOIN organisations o ON o.id = a.organisation_id LEFT JOIN regions r ON r.code = o.region_code"
)
BASE_AO = " FROM activities a JOIN organisations o ON o.id = a.organisation_id"
_YEAR = "coalesce(a.year, year(a.date))"
AREA_REGION = "coalesce(left(a.municipality_code, 2), o.region_code)"
_METHOD_LIST = "[" + ", ".join(f"'{method}'" for method in METHODS) + "]"
MASK_EXPRESSION = (
    "coalesce(list_sum(list_transform(methods, lambda m: 1::BIGINT << (list_position("
    + _METHOD_LIST
    + ", m) - 1))), 0)"
)


def refresh_method_masks(store: Store) -> None:
    """Bring `method_mask` in step after an import (imports write the method lists only)."""
    with store.transaction() as cursor:
        sync_method_masks(cursor)


def method_bits(methods: tuple[str, ...] | list[str]) -> int:
    """The bitmask of `methods` (unknown names ignored)."""
    return sum(1 << METHODS.index(method) for method in set(methods) if method in METHODS)


@functools.lru_cache(maxsize=4096)
def _bits(mask: int) -> tuple[int, ...]:
    return tuple(index for index in range(len(METHODS)) if mask >> index & 1)


def mask_methods(mask: int) -> list[str]:
    return [method for index, method in enumerate(METHODS) if mask >> index & 1]


def sync_method_masks(cursor) -> None:
    """Recompute `method_mask` where it is missing or out of step with `methods` (one scan)."""
    cursor.execute(
        f"UPDATE activities SET method_mask = {MASK_EXPRESSION} WHERE method_mask IS DISTINCT FROM {MASK_EXPRESSION}"
    )


def where_clause(chosen: ActivityFilter, *, with_region: bool = True) -> tuple[str, list[object]]:
    """The WHERE clause (with leading ' WHERE', or '') and its parameters for `chosen`."""
    parts: list[str] = []
    params: list[object] = []
    for column, values in (
        ("a.activity_type", chosen.activity_types),
        ("a.audience", chosen.audiences),
        ("o.org_type", chosen.org_types),
    ):
        if values:
            parts.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if chosen.statuses and set(chosen.statuses) != {"held", "planned"}:
        parts.append(f"coalesce(a.status, 'held') IN ({', '.join('?' for _ in chosen.statuses)})")
        params.extend(chosen.statuses)
    if chosen.methods:  # one AND on the bitmask: 3x faster than OR-ing list_contains
        parts.append("(a.method_mask & ?) <> 0")
        params.append(method_bits(chosen.methods))
    period = []
    if chosen.year_from is not None:
        period.append(f"{_YEAR} >= ?")
        params.append(chosen.year_from)
    if chosen.year_to is not None:
        period.append(f"{_YEAR} <= ?")
        params.append(chosen.year_to)
    if period:
        undated = f" OR {_YEAR} IS NULL" if chosen.include_undated else ""
        parts.append(f"(({' AND '.join(period)}){undated})")
    text = chosen.text.strip()[:TEXT_MAX].lower()
    if text:
        parts.append(
            "(contains(lower(a.description_sv), ?) OR contains(lower(coalesce(a.description_en, '')), ?)"
            " OR contains(lower(o.name), ?))"
        )
        params.extend([text, text, text])
    if with_region and chosen.municipality:
        parts.append("a.municipality_code = ?")
        params.append(chosen.municipality)
    elif with_region and chosen.region:
        parts.append(f"{AREA_REGION} = ?")
        params.append(chosen.region)
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def year_span(store: Store) -> YearSpan:
    """The first and last year any activity has (for the period slider)."""
    first, last = store.rows(f"SELECT min({_YEAR}), max({_YEAR}) FROM activities a")[0]
    if first is None:
        return YearSpan(2000, 2030)
    return YearSpan(int(first), int(last) if last != first else int(first) + 1)


def region_list(store: Store) -> pd.DataFrame:
    """The 21 regions: code, name (for the keyboard selection list)."""
    return store.query("SELECT code, name FROM regions ORDER BY name")


def raw_region_counts(store: Store, chosen: ActivityFilter) -> list[tuple]:
    """The bare aggregate (region code, count) with no extras: the benchmark's baseline."""
    where, params = where_clause(chosen, with_region=False)
    return store.rows(f"SELECT {AREA_REGION} AS code, count(*){BASE_AO}{where} GROUP BY code", params)


LEVELS = ("region", "municipality")


class AreaCount(NamedTuple):
    """One region or municipality on the map, with what matched the filter there."""

    code: str
    name: str
    region_code: str  # the county (a region's own code)
    lon: float | None  # a region's centre (the bubbles without boundaries); None for municipalities
    lat: float | None
    population: int | None  # None for municipalities (not shipped)
    count: int
    per_100k: float | None
    top_methods: list[str]  # at most three, most used first, ties by name


class OrganisationCount(NamedTuple):
    """An organisation with at least one matching activity."""

    id: str
    name: str
    org_type: str
    region_code: str | None
    lon: float | None
    lat: float | None
    count: int


@dataclass(frozen=True)
class MapAggregates:
    """Everything the map draws for one filter, aggregated in DuckDB, as plain rows.

    `regions`: all 21 counties by code (top methods at region level only). `municipalities`: all 290
    by code, at municipality level only (else None). `organisations`: most activities first. Plain
    tuples, not DataFrames: the page reads a few hundred values, and a filter change should cost
    little more than its query.
    """

    regions: tuple[AreaCount, ...]
    organisations: tuple[OrganisationCount, ...]
    summary: Summary
    municipalities: tuple[AreaCount, ...] | None = None
    municipality_counts: dict[str, int] | None = None  # every municipality with a match (both levels)

    def areas(self, level: str) -> tuple[AreaCount, ...]:
        """The rows of the chosen level."""
        return self.municipalities if level == "municipality" and self.municipalities is not None else self.regions

    def table_count(self, region: str | None, municipality: str | None = None) -> int:
        """How many activities the table holds: all matching, or the selected area's (no new scan)."""
        if municipality is not None:
            return (self.municipality_counts or {}).get(municipality, 0)
        if region is None:
            return self.summary.matching
        return next((row.count for row in self.regions if row.code == region), 0)

    def points(self, level: str = "region") -> list[OrganisationCount]:
        """Organisations with a position other than those the level's areas stand for (the points layer)."""
        hidden = ("region", "municipality") if level == "municipality" else ("region",)
        return [
            row
            for row in self.organisations
            if row.org_type not in hidden and row.lon is not None and row.lat is not None
        ]


def municipality_list(store: Store) -> pd.DataFrame:
    """The 290 municipalities: code, name, region_code (for the selection list)."""
    return store.query("SELECT code, name, region_code FROM municipalities ORDER BY name")


@dataclass(frozen=True)
class _Reference:
    """The organisations, regions and municipalities as the map needs them, read once per write."""

    organisations: dict[str, tuple]  # id -> (id, name, org_type, region_code, lon, lat)
    regions: tuple[tuple, ...]  # (code, name, lon, lat, population), by code
    municipalities: tuple[tuple, ...]  # (code, name, region_code), by code
    region_slots: np.ndarray  # the int value of a region code -> its row in `regions` (else -1)
    municipality_slots: np.ndarray


_CODE_SLOTS = 10_000  # SCB codes are two or four ASCII digits (validated on every write)


def _slots(codes: list[str]) -> np.ndarray:
    slots = np.full(_CODE_SLOTS, -1, dtype=np.int64)
    for index, code in enumerate(codes):
        slots[int(code)] = index
    return slots


def _load_reference(store: Store) -> _Reference:
    regions = tuple(store.rows("SELECT code, name, lon, lat, population FROM regions ORDER BY code"))
    municipalities = tuple(store.rows("SELECT code, name, region_code FROM municipalities ORDER BY code"))
    return _Reference(
        organisations={
            row[0]: row for row in store.rows("SELECT id, name, org_type, region_code, lon, lat FROM organisations")
        },
        regions=regions,
        municipalities=municipalities,
        region_slots=_slots([row[0] for row in regions]),
        municipality_slots=_slots([row[0] for row in municipalities]),
    )


def _reference(store: Store) -> _Reference:
    return store.kept("activities.reference", _load_reference)


_SHIFTS = np.arange(len(METHODS))


def _method_counts(areas: np.ndarray, masks: np.ndarray, counts: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """Activities per area and method (areas x METHODS) from (area code as a number, method bitmask,
    count) columns; rows of no known area (-1) or with no method (mask 0) add nothing.

    A few thousand rows, spread over their bits with numpy: no Python loop per row.
    """
    area_index = np.where((areas >= 0) & (areas < _CODE_SLOTS), slots[np.clip(areas, 0, _CODE_SLOTS - 1)], -1)
    known = area_index >= 0
    area_index, masks, counts = area_index[known], masks[known], counts[known]
    size = int(slots.max()) + 1
    return np.stack(
        [np.bincount(area_index, weights=(masks >> bit & 1) * counts, minlength=size) for bit in _SHIFTS],
        axis=1,
    ).astype(np.int64)


_NAME_RANK = np.argsort(np.argsort(np.array(METHODS)))  # each method's place in alphabetical order


def _top_methods(method_counts: np.ndarray) -> list[list[str]]:
    """Each area's most used methods (at most TOP_METHODS), ties by name: one sort for all areas."""
    order = np.argsort(-method_counts * len(METHODS) + _NAME_RANK, axis=1)[:, :TOP_METHODS]
    used = np.take_along_axis(method_counts, order, axis=1) > 0
    return [
        [METHODS[index] for index, kept in zip(row, keep, strict=True) if kept]
        for row, keep in zip(order.tolist(), used.tolist(), strict=True)
    ]


def map_aggregates(store: Store, chosen: ActivityFilter, level: str = "region") -> MapAggregates:
    """Counts per organisation and municipality, and the top methods per area of `level`, in one scan.

    The area selection is ignored here: the map and the comparison always show every area. One
    GROUPING SETS query groups the matching rows twice in the same pass: by (organisation,
    municipality) for the counts, and by (area, method bitmask) for the methods (no list unnesting),
    the area's code coming back as a number for numpy to fold.
    The organisations, regions and municipalities come from the store's kept copy (re-read after a
    write), so a filter change costs one query.
    """
    where, params = where_clause(chosen, with_region=False)
    # The area grouping uses plain columns and works its area out from them after grouping: the
    # county expression on every row cost more than the few extra groups.
    if level == "municipality":
        area_keys, area_code = "a.municipality_code", "a.municipality_code"
    else:
        area_keys, area_code = "o.region_code, a.municipality_code", AREA_REGION
    found = store.columns(
        "SELECT grouping(a.organisation_id)::BOOLEAN AS by_area, a.organisation_id, a.municipality_code,"
        f" coalesce(TRY_CAST({area_code} AS INTEGER), -1) AS area, coalesce(a.method_mask, 0) AS mask,"
        f" count(*)::BIGINT AS n{BASE_AO}{where}"
        f" GROUP BY GROUPING SETS ((a.organisation_id, a.municipality_code), ({area_keys}, a.method_mask))",
        params,
    )
    reference = _reference(store)
    by_area = np.ma.getdata(found["by_area"])
    by_org = ~by_area
    method_counts = _method_counts(
        np.ma.getdata(found["area"])[by_area],
        np.ma.getdata(found["mask"])[by_area],
        np.ma.getdata(found["n"])[by_area],
        reference.municipality_slots if level == "municipality" else reference.region_slots,
    )
    municipality_codes = found["municipality_code"][by_org]
    org_rows = zip(
        np.ma.getdata(found["organisation_id"])[by_org].tolist(),
        np.ma.getdata(municipality_codes).tolist(),
        np.ma.getmaskarray(municipality_codes).tolist(),
        np.ma.getdata(found["n"])[by_org].tolist(),
        strict=True,
    )

    # A few hundred (organisation, municipality) rows: folded in plain Python, faster than pandas here.
    organisations = reference.organisations
    per_org: dict[str, int] = {}
    per_region: dict[str, int] = {}
    per_municipality: dict[str, int] = {}
    for org_id, municipality, no_municipality, count in org_rows:
        if no_municipality:
            municipality = None
        org = organisations[org_id]
        per_org[org_id] = per_org.get(org_id, 0) + count
        region = municipality[:2] if municipality else org[3]
        if region is not None:
            per_region[region] = per_region.get(region, 0) + count
        if municipality:
            per_municipality[municipality] = per_municipality.get(municipality, 0) + count
    top_methods = _top_methods(method_counts)
    region_rows = []
    for index, (code, name, lon, lat, population) in enumerate(reference.regions):
        count = per_region.get(code, 0)
        per_100k = count * 100000.0 / population if population else None
        top = top_methods[index] if level == "region" else []
        region_rows.append(AreaCount(code, name, code, lon, lat, population, count, per_100k, top))
    municipalities = None
    if level == "municipality":  # 290 rows: built only when the map shows them
        municipalities = tuple(
            AreaCount(code, name, region, None, None, None, per_municipality.get(code, 0), None, top)
            for (code, name, region), top in zip(reference.municipalities, top_methods, strict=True)
        )
    ordered = tuple(
        OrganisationCount(*organisations[org_id], count)
        for org_id, count in sorted(per_org.items(), key=lambda item: (-item[1], item[0]))
    )
    matching = sum(per_org.values())
    in_regions = sum(per_region.values())
    leader = min(((-count, code) for code, count in per_region.items() if count > 0), default=None)
    names = {row[0]: row[1] for row in reference.regions}
    summary = Summary(
        matching=matching,
        in_regions=in_regions,
        outside_regions=matching - in_regions,
        regions_with_activity=sum(1 for count in per_region.values() if count > 0),
        top_region_code=leader[1] if leader else None,
        top_region_name=names.get(leader[1]) if leader else None,
        top_region_count=-leader[0] if leader else 0,
    )
    return MapAggregates(tuple(region_rows), ordered, summary, municipalities, per_municipality)


def undated_left_out(store: Store, chosen: ActivityFilter) -> int:
    """How many activities without a year the period filter leaves out (0 when it includes them)."""
    if chosen.include_undated or (chosen.year_from is None and chosen.year_to is None):
        return 0
    from dataclasses import replace

    where, params = where_clause(replace(chosen, year_from=None, year_to=None))
    joiner = " AND" if where else " WHERE"
    return int(store.scalar(f"SELECT count(*){_BASE}{where}{joiner} {_YEAR} IS NULL", params))


def matching_activities(store: Store, chosen: ActivityFilter, limit: int | None = TABLE_LIMIT) -> pd.DataFrame:
    """The activities behind the map, newest first; `limit=None` for the export.

    Columns: organisation, region, municipality, date, year, activity_type, methods, audience,
    participants, description_sv, description_en, source, id, status, source_url, organisation_id,
    municipality_code, undated, source_id.
    """
    where, params = where_clause(chosen)
    cap = f" LIMIT {int(limit)}" if limit is not None else ""
    return store.query(
        "SELECT o.name AS organisation, coalesce(mr.name, r.name) AS region, m.name AS municipality, a.date, "
        + _YEAR
        + " AS year, a.activity_type, a.methods, a.audience, a.participants, a.description_sv, a.description_en,"
        " s.title AS source, a.id, coalesce(a.status, 'held') AS status, s.url AS source_url, a.organisation_id,"
        " a.municipality_code, a.undated, a.source AS source_id"
        f"{_BASE} LEFT JOIN sources s ON s.id = a.source LEFT JOIN municipalities m ON m.code = a.municipality_code"
        f" LEFT JOIN regions mr ON mr.code = left(a.municipality_code, 2){where}"
        f" ORDER BY {_YEAR} DESC NULLS LAST, a.date DESC NULLS LAST, a.id{cap}",
        params,
    )


def yearly_counts(store: Store, chosen: ActivityFilter) -> pd.DataFrame:
    """Activities per year and type (the timeline), the selected region applied; no-year rows left out."""
    where, params = where_clause(chosen)
    return store.query(
        f"SELECT {_YEAR} AS year, a.activity_type, count(*)::BIGINT AS count{_BASE}{where}"
        f"{' AND' if where else ' WHERE'} {_YEAR} IS NOT NULL GROUP BY ALL ORDER BY year, a.activity_type",
        params,
    )
