"""Suggested axes for a scenario cross: the top of the latest workshop vote, then drivers by their trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from foresight.store import Store
from foresight.vote import feeds


@dataclass(frozen=True)
class AxisCandidate:
    """A suggested axis: a driver scored by its trends' impact × uncertainty, or by the vote."""

    driver_id: str | None
    label_sv: str
    label_en: str
    score: float
    source: str  # "vote" or "trends"


# -- axis suggestions --------------------------------------------------------------------


def suggested_axes(store: Store, limit: int = 8, workshop_id: int | None = None) -> list[AxisCandidate]:
    """Axis candidates with the top of the latest vote first (see `axis_candidates`): the latest vote
    of the cross's workshop when it has one, else the workspace's latest vote."""
    voted = feeds.top_voted_drivers(store, limit=5, workshop_id=workshop_id) if workshop_id is not None else []
    voted = voted or feeds.top_voted_drivers(store, limit=5)
    top_voted = [(row.driver_id, row.label, row.dots) for row in voted]
    return axis_candidates(store, top_voted, limit)


def axis_candidates(
    store: Store, top_voted: Sequence[tuple[str | None, str, int]] = (), limit: int = 8
) -> list[AxisCandidate]:
    """Suggested axes: the top of the latest vote first, then drivers by impact × uncertainty.

    `top_voted` is the vote result as (driver_id or None, label, dots), highest first. A driver
    has no impact or uncertainty of its own, so it is scored by the highest impact × uncertainty
    among the trends linked to it (trends.drivers).
    """
    names = {driver_id: (sv, en) for driver_id, sv, en in store.rows("SELECT id, name_sv, name_en FROM drivers")}
    found: list[AxisCandidate] = []
    seen: set[str] = set()
    for driver_id, label, dots in top_voted:
        if driver_id is not None and driver_id not in names:
            continue
        sv, en = names.get(driver_id, (label, label)) if driver_id else (label, label)
        key = driver_id or f"text:{label}"
        if key in seen or not str(label or sv).strip():
            continue
        seen.add(key)
        found.append(AxisCandidate(driver_id, sv, en, float(dots), "vote"))
    scored = store.rows(
        """
        SELECT d.id, d.name_sv, d.name_en, max(t.impact * t.uncertainty) AS score
        FROM drivers d JOIN (SELECT unnest(drivers) AS driver_id, impact, uncertainty FROM trends) t
          ON t.driver_id = d.id
        GROUP BY d.id, d.name_sv, d.name_en
        ORDER BY score DESC, d.id
        """
    )
    for driver_id, sv, en, score in scored:
        if driver_id not in seen:
            seen.add(driver_id)
            found.append(AxisCandidate(driver_id, sv, en, float(score), "trends"))
    return found[:limit]
