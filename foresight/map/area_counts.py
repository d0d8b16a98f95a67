"""What the map draws for one filter: counts per region, municipality and organisation, and each
area's most used methods, from one GROUPING SETS query over the filtered activities.

The organisations, regions and municipalities are read once per write (`Store.kept`), so a filter
change costs one query and a numpy fold of a few thousand rows; the results are plain named
tuples, because the page reads a few hundred values and a DataFrame per filter change cost more
than the fold itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from foresight.data.tables import METHODS
from foresight.map.activities import AREA_REGION, BASE_AO, ActivityFilter, where_clause
from foresight.store import Store

TOP_METHODS = 3


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
    # county expression on every row cost more than the few extra groups. Two GROUP BYs under
    # UNION ALL took half the CPU at 100,000 activities but read the table twice: 1.8x the raw
    # query at 1,000,000 against 1.4-1.6x for GROUPING SETS, which read it once.
    if level == "municipality":
        area_keys, area_code = "a.municipality_code", "a.municipality_code"
    else:
        area_keys, area_code = "o.region_code, a.municipality_code", AREA_REGION
    found = store.columns(
        "SELECT grouping(a.organisation_id) = 1 AS by_area, a.organisation_id, a.municipality_code,"
        # Codes are two or four digits, checked on every write: a plain CAST cannot fail.
        f" coalesce(CAST({area_code} AS INTEGER), -1) AS area, coalesce(a.method_mask, 0) AS mask,"
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
