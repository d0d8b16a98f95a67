"""Synthetic rows are labelled, reproducible, and removable without touching the real data."""

from __future__ import annotations

from foresight.data import export, synthetic
from foresight.store import Store


def test_synthetic_rows_are_labelled_and_removable(seeded_store: Store) -> None:
    real = export.csv_bytes(export.table_frame(seeded_store, "activities"))
    synthetic.add_synthetic_activities(seeded_store, 1000, seed=7)
    synthetic.add_synthetic_trends(seeded_store, 200, seed=7)
    added = seeded_store.rows(
        "SELECT count(*), count(DISTINCT o.region_code)"
        " FROM activities a JOIN organisations o ON o.id = a.organisation_id"
        " WHERE a.source = 'synthetic' AND a.id LIKE 'synthetic-%'"
    )[0]
    assert added == (1000, 21)
    assert "SYNTHETIC" in seeded_store.scalar("SELECT title FROM sources WHERE id = 'synthetic'")
    assert seeded_store.scalar("SELECT count(*) FROM trends WHERE source = 'synthetic'") == 200
    synthetic.remove_synthetic(seeded_store)
    assert export.csv_bytes(export.table_frame(seeded_store, "activities")) == real
    assert seeded_store.scalar("SELECT count(*) FROM trends WHERE source = 'synthetic'") == 0


def test_same_seed_gives_the_same_rows(seeded_store: Store) -> None:
    synthetic.add_synthetic_activities(seeded_store, 50, seed=3)
    first = seeded_store.query("SELECT * FROM activities WHERE source = 'synthetic' ORDER BY id")
    synthetic.remove_synthetic(seeded_store)
    synthetic.add_synthetic_activities(seeded_store, 50, seed=3)
    again = seeded_store.query("SELECT * FROM activities WHERE source = 'synthetic' ORDER BY id")
    assert first.equals(again)
