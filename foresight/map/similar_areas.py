"""Regions (or municipalities) like mine: the areas whose foresight activity looks most alike.

Each area gets three profiles from the activities that match the filter: methods, audiences and
activity types, each made a unit vector so that a county with 3 activities can match one with
300; the similarity is the mean of the three cosines. No other tool in the field has this view.
"""

from __future__ import annotations

import pandas as pd

from foresight.data.tables import ACTIVITY_TYPES, AUDIENCES, METHODS
from foresight.map import activities
from foresight.map.activities import ActivityFilter
from foresight.store import Store

SIMILAR_COUNT = 5
SIMILAR_COLUMNS = ["code", "name", "similarity", "count", "shared_methods"]


def _unit(vector: list[float]) -> list[float]:
    length = sum(value * value for value in vector) ** 0.5
    return [value / length for value in vector] if length else vector


def similar_areas(
    store: Store, chosen: ActivityFilter, level: str, code: str, count: int = SIMILAR_COUNT
) -> pd.DataFrame:
    """The `count` areas of `level` whose activity profile is closest to area `code`'s.

    A profile is three blocks of counts under the current filter: methods, audiences and activity
    types (the data's themes of work). Each block is scaled to unit length and the three are
    joined, and areas are compared by cosine similarity: so a county with 300 activities and one
    with 3 are alike when they use the same mix, and no block outweighs the others. Columns:
    code, name, similarity (0–1), count, shared_methods (methods both use).
    """

    where, params = activities.where_clause(chosen, with_region=False)
    area_sql = "a.municipality_code" if level == "municipality" else activities.AREA_REGION
    rows = store.rows(
        f"SELECT {area_sql} AS code, a.method_mask, a.audience, a.activity_type, count(*){activities.BASE_AO}{where}"
        " GROUP BY 1, 2, 3, 4",
        params,
    )
    raw: dict[str, list[list[float]]] = {}
    totals: dict[str, int] = {}
    for area, mask, audience, kind, number in rows:
        if area is None:
            continue
        blocks = raw.setdefault(area, [[0.0] * len(METHODS), [0.0] * len(AUDIENCES), [0.0] * len(ACTIVITY_TYPES)])
        totals[area] = totals.get(area, 0) + int(number)
        for index in range(len(METHODS)):
            if (mask or 0) >> index & 1:
                blocks[0][index] += number
        if audience in AUDIENCES:
            blocks[1][AUDIENCES.index(audience)] += number
        if kind in ACTIVITY_TYPES:
            blocks[2][ACTIVITY_TYPES.index(kind)] += number
    profiles = {area: [v for block in blocks for v in _unit(block)] for area, blocks in raw.items()}
    table = "municipalities" if level == "municipality" else "regions"
    names = dict(store.rows(f"SELECT code, name FROM {table}"))
    mine = profiles.get(code)
    if mine is None:
        return pd.DataFrame([], columns=SIMILAR_COLUMNS)
    norm_mine = sum(v * v for v in mine) ** 0.5
    scored = []
    for area, profile in profiles.items():
        if area == code or area not in names:
            continue
        norm = sum(v * v for v in profile) ** 0.5
        similarity = sum(x * y for x, y in zip(mine, profile, strict=True)) / (norm_mine * norm) if norm else 0.0
        shared = [METHODS[i] for i in range(len(METHODS)) if raw[code][0][i] > 0 and raw[area][0][i] > 0]
        scored.append((area, names[area], round(similarity, 3), totals[area], shared))
    scored.sort(key=lambda row: (-row[2], -row[3], row[1]))
    return pd.DataFrame(scored[:count], columns=SIMILAR_COLUMNS)
