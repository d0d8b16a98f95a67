"""Who did which foresight activity, where and when: the filters, aggregates and table of the map.

Every view of the map page is one `ActivityFilter` turned into one parameterised WHERE clause,
so the choropleth counts (`foresight.map.area_counts`), the comparison chart, the timeline and the
table always apply the same filter and cannot disagree. Aggregation happens in DuckDB: the page
receives a row per area (plus a few for the timeline), never the matching activities themselves,
and the table is capped (`TABLE_LIMIT`) while the export reads the whole filtered set.

An activity's region is the region of its municipality when it names one (SCB municipality codes
begin with the county code, so the roll-up needs no join), else its organisation's region.
Activities of organisations without one (national agencies, networks, Nordic peers) match the
filters and appear in the table, but belong to no county: the map's summary counts them
apart so the figures add up. Methods are filtered and counted through `method_mask` (bit i is
`METHODS[i]`), kept in step with the method lists in every transaction that writes them (`foresight.data.derived`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from foresight.data.derived import mask_methods, method_bits  # noqa: F401 - mask_methods: part of the map API
from foresight.store import Store

TABLE_LIMIT = 500
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


_BASE = (
    " FROM activities a JOIN organisations o ON o.id = a.organisation_id LEFT JOIN regions r ON r.code = o.region_code"
)
BASE_AO = " FROM activities a JOIN organisations o ON o.id = a.organisation_id"
_YEAR = "coalesce(a.year, CAST(extract(year FROM a.date) AS INTEGER))"
AREA_REGION = "coalesce(left(a.municipality_code, 2), o.region_code)"


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
            "(strpos(lower(a.description_sv), ?) > 0 OR strpos(lower(coalesce(a.description_en, '')), ?) > 0"
            " OR strpos(lower(o.name), ?) > 0)"
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


def municipality_list(store: Store) -> pd.DataFrame:
    """The 290 municipalities: code, name, region_code (for the selection list)."""
    return store.query("SELECT code, name, region_code FROM municipalities ORDER BY name")


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
        f"{' AND' if where else ' WHERE'} {_YEAR} IS NOT NULL GROUP BY 1, 2 ORDER BY year, a.activity_type",
        params,
    )
