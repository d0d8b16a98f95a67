"""Who did which foresight activity, where and when: the filters, aggregates and table of the map.

Every view of the map page is one `ActivityFilter` turned into one parameterised WHERE clause,
so the choropleth counts, the comparison chart, the timeline and the table always apply the
same filter and cannot disagree. Aggregation happens in DuckDB: the page receives 21 rows per
region (plus a few for the timeline), never the matching activities themselves, and the table
is capped (`TABLE_LIMIT`) while the export reads the whole filtered set.

An activity's region is its organisation's region. Activities of organisations without one
(national agencies, networks, Nordic peers) match the filters and appear in the table, but
belong to no county: `MapAggregates.summary` counts them apart so the figures add up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from foresight.store import Store

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
_BASE_AO = " FROM activities a JOIN organisations o ON o.id = a.organisation_id"
_YEAR = "coalesce(a.year, year(a.date))"


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
    if chosen.methods:  # OR of list_contains: about 3x faster than list_has_any with a list parameter
        parts.append("(" + " OR ".join("list_contains(a.methods, ?)" for _ in chosen.methods) + ")")
        params.extend(chosen.methods)
    if chosen.year_from is not None:
        parts.append(f"{_YEAR} >= ?")
        params.append(chosen.year_from)
    if chosen.year_to is not None:
        parts.append(f"{_YEAR} <= ?")
        params.append(chosen.year_to)
    text = chosen.text.strip()[:TEXT_MAX].lower()
    if text:
        parts.append(
            "(contains(lower(a.description_sv), ?) OR contains(lower(coalesce(a.description_en, '')), ?)"
            " OR contains(lower(o.name), ?))"
        )
        params.extend([text, text, text])
    if with_region and chosen.region:
        parts.append("o.region_code = ?")
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
    """The bare aggregate (code, count) with no extras: the benchmark's baseline."""
    where, params = where_clause(chosen, with_region=False)
    return store.rows(f"SELECT o.region_code, count(*){_BASE_AO}{where} GROUP BY o.region_code", params)


REGION_COLUMNS = ["code", "name", "lon", "lat", "population", "count", "per_100k", "top_methods"]
ORG_COLUMNS = ["id", "name", "org_type", "region_code", "lon", "lat", "count"]


@dataclass(frozen=True)
class MapAggregates:
    """Everything the map draws for one filter, aggregated in DuckDB.

    `regions`: one row per county (all 21): code, name, lon, lat, population, count, per_100k,
    top_methods (at most three, most used first, ties by name).
    `organisations`: organisations with at least one matching activity: id, name, org_type,
    region_code, lon, lat, count.
    """

    regions: pd.DataFrame
    organisations: pd.DataFrame
    summary: Summary

    def table_count(self, region: str | None) -> int:
        """How many activities the table holds: all matching, or the selected county's (no new scan)."""
        if region is None:
            return self.summary.matching
        counts = self.regions.loc[self.regions["code"] == region, "count"]
        return int(counts.iloc[0]) if len(counts) else 0

    def points(self) -> pd.DataFrame:
        """Organisations other than the regions themselves that have a position (the points layer)."""
        orgs = self.organisations
        return orgs[(orgs["org_type"] != "region") & orgs["lon"].notna() & orgs["lat"].notna()]


def map_aggregates(store: Store, chosen: ActivityFilter) -> MapAggregates:
    """Counts per organisation and method counts per county (two scans), folded into the map's rows.

    The region selection is ignored here: the map and the comparison always show every county.
    """
    where, params = where_clause(chosen, with_region=False)
    org_rows = store.rows(
        f"WITH c AS (SELECT a.organisation_id AS id, count(*) AS n{_BASE_AO}{where} GROUP BY 1)"
        " SELECT o.id, o.name, o.org_type, o.region_code, o.lon, o.lat, c.n::BIGINT AS count"
        " FROM c JOIN organisations o ON o.id = c.id ORDER BY count DESC, o.id",
        params,
    )
    method_rows = store.rows(
        f"SELECT code, method, count(*)::BIGINT AS n FROM (SELECT o.region_code AS code, unnest(a.methods) AS method"
        f"{_BASE_AO}{where}) WHERE code IS NOT NULL GROUP BY ALL ORDER BY code, n DESC, method",
        params,
    )
    # A few hundred rows at most: folded in plain Python, which is faster than pandas at this size.
    per_region: dict[str, int] = {}
    for row in org_rows:
        if row[3] is not None:
            per_region[row[3]] = per_region.get(row[3], 0) + int(row[6])
    top: dict[str, list[str]] = {}
    for code, method, _count in method_rows:
        methods = top.setdefault(code, [])
        if len(methods) < TOP_METHODS:
            methods.append(method)
    region_rows = []
    for code, name, lon, lat, population in store.rows(
        "SELECT code, name, lon, lat, population FROM regions ORDER BY code"
    ):
        count = per_region.get(code, 0)
        per_100k = count * 100000.0 / population if population else None
        region_rows.append((code, name, lon, lat, population, count, per_100k, top.get(code, [])))
    regions = pd.DataFrame(region_rows, columns=REGION_COLUMNS)
    per_org = pd.DataFrame(org_rows, columns=ORG_COLUMNS)

    matching = sum(int(row[6]) for row in org_rows)
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
    return MapAggregates(regions, per_org, summary)


def matching_activities(store: Store, chosen: ActivityFilter, limit: int | None = TABLE_LIMIT) -> pd.DataFrame:
    """The activities behind the map, newest first; `limit=None` for the export.

    Columns: organisation, region, date, year, activity_type, methods, audience, participants,
    description_sv, description_en, source, id.
    """
    where, params = where_clause(chosen)
    cap = f" LIMIT {int(limit)}" if limit is not None else ""
    return store.query(
        "SELECT o.name AS organisation, r.name AS region, a.date, " + _YEAR + " AS year, a.activity_type,"
        " a.methods, a.audience, a.participants, a.description_sv, a.description_en, s.title AS source, a.id"
        f"{_BASE} LEFT JOIN sources s ON s.id = a.source{where}"
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
