"""Figures for the home page: what the workspace holds."""

from __future__ import annotations

from dataclasses import dataclass

from foresight.store import Store


@dataclass(frozen=True)
class WorkspaceCounts:
    regions: int
    organisations: int
    activities: int
    drivers: int
    megatrends: int
    trends: int  # trends and weak signals below the megatrends


def workspace_counts(store: Store) -> WorkspaceCounts:
    """Counts of the reference data, in one query."""
    row = store.rows(
        "SELECT (SELECT count(*) FROM regions), (SELECT count(*) FROM organisations),"
        " (SELECT count(*) FROM activities), (SELECT count(*) FROM drivers),"
        " (SELECT count(*) FROM trends WHERE level = 'megatrend'),"
        " (SELECT count(*) FROM trends WHERE level <> 'megatrend')"
    )[0]
    return WorkspaceCounts(*(int(value) for value in row))


def workspace_stats(store: Store) -> dict[str, object]:
    """Rows per table, and the trends split by level (for `python -m foresight stats`)."""
    counts: dict[str, object] = dict(store.row_counts())
    counts["trends_by_level"] = dict(store.rows("SELECT level, count(*) FROM trends GROUP BY level ORDER BY level"))
    return counts
