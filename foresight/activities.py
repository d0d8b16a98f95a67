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


REGION_COLUMNS = ["code", "name", "lon", "lat", "population", "count", "per_100k", "top_methods"]
MUNICIPALITY_COLUMNS = ["code", "name", "region_code", "population", "count", "per_100k", "top_methods"]
ORG_COLUMNS = ["id", "name", "org_type", "region_code", "lon", "lat", "count"]
LEVELS = ("region", "municipality")


@dataclass(frozen=True)
class MapAggregates:
    """Everything the map draws for one filter, aggregated in DuckDB.

    `regions`: one row per county (all 21): code, name, lon, lat, population, count, per_100k,
    top_methods (at most three, most used first, ties by name; at region level only).
    `municipalities` (at municipality level only, else None): one row per municipality (all 290):
    code, name, region_code, population (unknown: None), count, per_100k (None), top_methods.
    `organisations`: organisations with at least one matching activity: id, name, org_type,
    region_code, lon, lat, count.
    """

    regions: pd.DataFrame
    organisations: pd.DataFrame
    summary: Summary
    municipalities: pd.DataFrame | None = None
    municipality_counts: dict[str, int] | None = None  # every municipality with a match (both levels)

    def areas(self, level: str) -> pd.DataFrame:
        """The rows of the chosen level."""
        return self.municipalities if level == "municipality" and self.municipalities is not None else self.regions

    def table_count(self, region: str | None, municipality: str | None = None) -> int:
        """How many activities the table holds: all matching, or the selected area's (no new scan)."""
        if municipality is not None:
            return (self.municipality_counts or {}).get(municipality, 0)
        if region is not None:
            counts = self.regions.loc[self.regions["code"] == region, "count"]
        else:
            return self.summary.matching
        return int(counts.iloc[0]) if len(counts) else 0

    def points(self, level: str = "region") -> pd.DataFrame:
        """Organisations with a position other than those the level's areas stand for (the points layer)."""
        orgs = self.organisations
        hidden = ("region", "municipality") if level == "municipality" else ("region",)
        return orgs[~orgs["org_type"].isin(hidden) & orgs["lon"].notna() & orgs["lat"].notna()]


def municipality_list(store: Store) -> pd.DataFrame:
    """The 290 municipalities: code, name, region_code (for the selection list)."""
    return store.query("SELECT code, name, region_code FROM municipalities ORDER BY name")


def map_aggregates(store: Store, chosen: ActivityFilter, level: str = "region") -> MapAggregates:
    """Counts per organisation and municipality, and the top methods per area of `level`, in one scan.

    The area selection is ignored here: the map and the comparison always show every area. One
    GROUPING SETS query groups the matching rows twice in the same pass: by (organisation,
    municipality) for the counts, and by (area, method bitmask) for the methods (no list unnesting).
    """
    where, params = where_clause(chosen, with_region=False)
    if level == "municipality":
        area_sql = "a.municipality_code"
    else:
        area_sql = AREA_REGION
    rows = store.rows(
        f"SELECT a.organisation_id, a.municipality_code, {area_sql}, a.method_mask, count(*)::BIGINT,"
        f" grouping(a.organisation_id){BASE_AO}{where}"
        f" GROUP BY GROUPING SETS ((a.organisation_id, a.municipality_code), ({area_sql}, a.method_mask))",
        params,
    )
    # Folded in plain Python: a simple query plans in a fraction of the time a CTE with a UNION does,
    # and a few thousand (area, mask) rows spread over their set bits cost about a millisecond.
    organisations = {
        row[0]: row for row in store.rows("SELECT id, name, org_type, region_code, lon, lat FROM organisations")
    }
    org_rows = []
    per_area_counts: dict[str, list[int]] = {}
    for org_id, municipality, code, mask, count, by_area in rows:
        if not by_area:
            org_rows.append((*organisations[org_id], municipality, count))
        elif code is not None and mask:
            counts = per_area_counts.get(code)
            if counts is None:
                counts = per_area_counts[code] = [0] * len(METHODS)
            for index in _bits(mask):
                counts[index] += count
    top = {
        code: [method for _n, method in sorted((-n, METHODS[i]) for i, n in enumerate(counts) if n)[:TOP_METHODS]]
        for code, counts in per_area_counts.items()
    }
    # A few hundred rows at most: folded in plain Python, which is faster than pandas at this size.
    per_org: dict[str, list] = {}
    per_region: dict[str, int] = {}
    per_municipality: dict[str, int] = {}
    for org_id, name, org_type, region_code, lon, lat, municipality, count in org_rows:
        count = int(count)
        entry = per_org.setdefault(org_id, [org_id, name, org_type, region_code, lon, lat, 0])
        entry[6] += count
        region = municipality[:2] if municipality else region_code
        if region is not None:
            per_region[region] = per_region.get(region, 0) + count
        if municipality:
            per_municipality[municipality] = per_municipality.get(municipality, 0) + count
    region_top = top if level == "region" else {}
    region_rows = []
    for code, name, lon, lat, population in _region_rows(store):
        count = per_region.get(code, 0)
        per_100k = count * 100000.0 / population if population else None
        region_rows.append((code, name, lon, lat, population, count, per_100k, region_top.get(code, [])))
    regions = pd.DataFrame(region_rows, columns=REGION_COLUMNS)
    municipalities = None
    if level == "municipality":  # 290 rows: built only when the map shows them
        municipalities = pd.DataFrame(
            [
                (code, name, region, None, per_municipality.get(code, 0), None, top.get(code, []))
                for code, name, region in store.rows("SELECT code, name, region_code FROM municipalities ORDER BY code")
            ],
            columns=MUNICIPALITY_COLUMNS,
        )
    ordered = sorted(per_org.values(), key=lambda row: (-row[6], row[0]))
    organisations = pd.DataFrame(ordered, columns=ORG_COLUMNS)

    matching = sum(row[6] for row in ordered)
    in_regions = sum(per_region.values())
    leader = min(((-count, code) for code, count in per_region.items() if count > 0), default=None)
    names = dict(zip(regions["code"], regions["name"], strict=True))
    summary = Summary(
        matching=matching,
        in_regions=in_regions,
        outside_regions=matching - in_regions,
        regions_with_activity=sum(1 for count in per_region.values() if count > 0),
        top_region_code=leader[1] if leader else None,
        top_region_name=names.get(leader[1]) if leader else None,
        top_region_count=-leader[0] if leader else 0,
    )
    return MapAggregates(regions, organisations, summary, municipalities, per_municipality)


def _region_rows(store: Store) -> list[tuple]:
    return store.rows("SELECT code, name, lon, lat, population FROM regions ORDER BY code")


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
