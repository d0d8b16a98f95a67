"""Synthetic data for benchmarks and scale tests, clearly labelled as such.

Every synthetic row has an id starting with `synthetic-` and the source `synthetic`, whose title
says the data is not real, so it can never be mistaken for the seed data (and `remove_synthetic`
takes it all out again). The generator is seeded: the same arguments give the same rows.
"""

from __future__ import annotations

import random

import pandas as pd

from foresight.data.derived import sync_method_masks
from foresight.data.tables import ACTIVITY_TYPES, AUDIENCES, CATEGORIES, METHODS, ORG_TYPES
from foresight.store import Store, upsert_sql

SYNTHETIC_SOURCE = "synthetic"
PREFIX = "synthetic-"
_TEXT, _INTEGER, _REAL, _LIST = "VARCHAR", "INTEGER", "DOUBLE PRECISION", "VARCHAR[]"
_ORGANISATION_COLUMNS = [
    ("id", _TEXT),
    ("name", _TEXT),
    ("org_type", _TEXT),
    ("region_code", _TEXT),
    ("country", _TEXT),
    ("lon", _REAL),
    ("lat", _REAL),
    ("source", _TEXT),
]
_ACTIVITY_COLUMNS = [
    ("id", _TEXT),
    ("organisation_id", _TEXT),
    ("year", _INTEGER),
    ("date", "DATE"),
    ("activity_type", _TEXT),
    ("methods", _LIST),
    ("audience", _TEXT),
    ("participants", _INTEGER),
    ("description_sv", _TEXT),
    ("description_en", _TEXT),
    ("source", _TEXT),
    ("status", _TEXT),
]
_TREND_COLUMNS = [
    ("id", _TEXT),
    ("level", _TEXT),
    ("parent_id", _TEXT),
    ("category", _TEXT),
    ("horizon", _INTEGER),
    ("impact", _INTEGER),
    ("uncertainty", _INTEGER),
    ("title_sv", _TEXT),
    ("title_en", _TEXT),
    ("description_sv", _TEXT),
    ("description_en", _TEXT),
    ("drivers", _LIST),
    ("source", _TEXT),
]


def _names(columns: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in columns]


def _ensure_source(cursor) -> None:
    cursor.execute(
        "INSERT INTO sources (id, title, publisher, year, note) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (id)"
        " DO UPDATE SET title = excluded.title, publisher = excluded.publisher, year = excluded.year,"
        " note = excluded.note",
        [
            SYNTHETIC_SOURCE,
            "SYNTETISKA DATA / SYNTHETIC DATA – inte verkliga, not real",
            "Framsyn",
            "Genererade för prestandamätning; generated for benchmarks.",
        ],
    )


def add_synthetic_activities(store: Store, count: int, seed: int = 2050, organisations: int = 300) -> int:
    """Add `count` synthetic activities by `organisations` synthetic organisations over all regions."""
    rng = random.Random(seed)
    regions = store.rows("SELECT code, lon, lat FROM regions ORDER BY code")
    org_types = [t for t in ORG_TYPES if t != "nordic_peer"]
    orgs = []
    for number in range(organisations):
        code, lon, lat = regions[number % len(regions)]
        orgs.append(
            {
                "id": f"{PREFIX}org-{number:04d}",
                "name": f"Syntetisk organisation {number}",
                "org_type": rng.choice(org_types),
                "region_code": code,
                "country": "SE",
                "lon": lon + rng.uniform(-0.4, 0.4),
                "lat": lat + rng.uniform(-0.3, 0.3),
                "source": SYNTHETIC_SOURCE,
            }
        )
    activities = []
    for number in range(count):
        year = rng.randint(2012, 2026)
        activities.append(
            {
                "id": f"{PREFIX}act-{seed}-{number:07d}",
                "organisation_id": orgs[rng.randrange(organisations)]["id"],
                "year": year,
                "date": None,
                "activity_type": rng.choice(ACTIVITY_TYPES),
                "methods": rng.sample(METHODS, rng.randint(1, 3)),
                "audience": rng.choice(AUDIENCES),
                "participants": rng.choice([None, rng.randint(5, 400)]),
                "description_sv": f"Syntetisk aktivitet {number}",
                "description_en": f"Synthetic activity {number}",
                "source": SYNTHETIC_SOURCE,
                "status": "planned" if rng.random() < 0.2 else "held",
            }
        )
    with store.transaction() as cursor:
        _ensure_source(cursor)
        cursor.stage("synthetic_organisations", _ORGANISATION_COLUMNS, pd.DataFrame(orgs))
        cursor.execute(upsert_sql("organisations", _names(_ORGANISATION_COLUMNS), "id", "synthetic_organisations"))
        cursor.stage("synthetic_activities", _ACTIVITY_COLUMNS, pd.DataFrame(activities))
        cursor.execute(upsert_sql("activities", _names(_ACTIVITY_COLUMNS), "id", "synthetic_activities"))
        cursor.execute("DROP TABLE synthetic_organisations")
        cursor.execute("DROP TABLE synthetic_activities")
        sync_method_masks(cursor)
    return count


def add_synthetic_trends(store: Store, count: int, seed: int = 2050) -> int:
    """Add `count` synthetic trends: about 5 % megatrends, 60 % trends, the rest weak signals."""
    rng = random.Random(seed)
    driver_ids = [driver_id for (driver_id,) in store.rows("SELECT id FROM drivers ORDER BY id")]
    megatrends: list[str] = []
    trends: list[str] = []
    rows = []
    for number in range(count):
        trend_id = f"{PREFIX}trend-{seed}-{number:05d}"
        share = number / max(count, 1)
        if share < 0.05 or not megatrends:
            level, parent = "megatrend", None
            megatrends.append(trend_id)
        elif share < 0.65 or not trends:
            level, parent = "trend", rng.choice(megatrends)
            trends.append(trend_id)
        else:
            level, parent = "weak_signal", rng.choice(trends)
        rows.append(
            {
                "id": trend_id,
                "level": level,
                "parent_id": parent,
                "category": rng.choice(CATEGORIES),
                "horizon": rng.randrange(2030, 2071, 5),
                "impact": rng.randint(1, 5),
                "uncertainty": rng.randint(1, 5),
                "title_sv": f"Syntetisk trend {number}",
                "title_en": f"Synthetic trend {number}",
                "description_sv": "Syntetiska data för prestandamätning.",
                "description_en": "Synthetic data for benchmarks.",
                "drivers": rng.sample(driver_ids, min(len(driver_ids), rng.randint(0, 3))),
                "source": SYNTHETIC_SOURCE,
            }
        )
    with store.transaction() as cursor:
        _ensure_source(cursor)
        cursor.stage("synthetic_trends", _TREND_COLUMNS, pd.DataFrame(rows))
        cursor.execute(upsert_sql("trends", _names(_TREND_COLUMNS), "id", "synthetic_trends"))
        cursor.execute("DROP TABLE synthetic_trends")
    return count


def remove_synthetic(store: Store) -> None:
    """Delete every synthetic row, leaving the real data as it was."""
    with store.transaction() as cursor:
        for table in ("activities", "trends", "organisations"):
            cursor.execute(f"DELETE FROM {table} WHERE source = ?", [SYNTHETIC_SOURCE])
        cursor.execute("DELETE FROM sources WHERE id = ?", [SYNTHETIC_SOURCE])
