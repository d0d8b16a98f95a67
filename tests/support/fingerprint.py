"""A workspace's stored rows in one hash per table: what a refused or no-op write must leave as it was."""

from __future__ import annotations

from collections.abc import Iterable

from foresight.store import Store


def table_fingerprints(store: Store, tables: Iterable[str]) -> dict[str, str]:
    """Per table, the row count and a hash of all its rows, in one query.

    On DuckDB a sum of the rows' hashes (one pass, no sort; it changes when any row is added,
    removed or edited); on PostgreSQL, which has no row hash, the md5 of the sorted rows' text.
    """
    tables = list(tables)
    if store.dialect == "duckdb":
        row_hash = "count(*) || ':' || coalesce(sum(hash(t::VARCHAR)::HUGEINT), 0)"
    else:
        row_hash = "count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
    query = " UNION ALL ".join(f"SELECT '{table}', {row_hash} FROM \"{table}\" t" for table in tables)
    return {table: value for table, value in store.rows(query)}
