"""What the votes feed to the other pages: axis candidates for the scenario cross, dots per driver for trends."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from foresight.store import Store
from foresight.vote import voting


@dataclass(frozen=True)
class VotedDriver:
    driver_id: str | None
    label: str
    dots: int


def top_voted_drivers(
    store: Store, limit: int = 5, lang: str = "sv", workshop_id: int | None = None
) -> list[VotedDriver]:
    """The most-dotted options of the most recent vote that has ballots (of this workshop, if given), winners first."""
    code = store.scalar(
        "SELECT v.code FROM votes v WHERE EXISTS (SELECT 1 FROM ballots b WHERE b.code = v.code"
        " AND b.round = v.round) AND (CAST(? AS INTEGER) IS NULL OR v.workshop_id = ?)"
        " ORDER BY v.created_at DESC LIMIT 1",
        [workshop_id, workshop_id],
    )
    if code is None:
        return []
    result = voting.tally(store, code, lang)
    result = result[result["dots"] > 0].head(limit)
    return [
        VotedDriver(None if pd.isna(row.driver_id) else row.driver_id, row.label, int(row.dots))
        for row in result.itertuples()
    ]


def driver_vote_totals(store: Store) -> pd.DataFrame:
    """Dots per workspace driver summed over every vote's current round: driver_id, dots."""
    return store.query(
        "WITH latest AS (SELECT b.code, b.round, b.participant, max(b.revision) AS revision FROM ballots b"
        " JOIN votes v ON v.code = b.code AND v.round = b.round GROUP BY b.code, b.round, b.participant)"
        " SELECT o.driver_id, sum(d.dots)::INTEGER AS dots FROM ballot_dots d"
        " JOIN latest l USING (code, round, participant, revision)"
        " JOIN vote_options o ON o.code = d.code AND o.position = d.position"
        " WHERE o.driver_id IS NOT NULL GROUP BY o.driver_id ORDER BY dots DESC, o.driver_id"
    )
