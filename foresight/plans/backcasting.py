"""Backcasting: from a scenario quadrant or a written future picture back to this year's actions.

A backcast names where it starts (a quadrant of a scenario cross, a vision, or a picture typed in),
says what it looks like "when we have succeeded" at the horizon, and places milestones backwards
from the horizon to today. Each milestone can be turned into actions in the plan's version of
this year (made from the latest when missing), which keep the milestone's id, so the plan shows
where an action came from and the quadrant shows the backcasts built on it. A backcast from a
workshop's cross belongs to that workshop and goes into the workshop's plan (`plan_for_cross`):
one it already worked in, or one of the workshop's own organisation; never another's by default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from foresight.data.loading import upsert_records
from foresight.data.tables import TABLES
from foresight.errors import NotFoundError, Problem, ValidationError
from foresight.i18n import enum_label
from foresight.plans import versions
from foresight.plans.plans import get_plan, new_id, save_action, slug, validated
from foresight.scenarios.scenarios import get_cross
from foresight.store import Store


@dataclass(frozen=True)
class Milestone:
    id: str
    year: int
    title: str
    actions: tuple[tuple[str, str, str], ...]  # (title, responsible, status) of the actions made from it


@dataclass(frozen=True)
class Backcast:
    id: str
    plan_id: str
    title: str
    origin: str  # where it starts, in words: the quadrant's or vision's name, or "" for a typed picture
    future_picture: str
    success: str
    start_year: int
    horizon: int
    cross_id: int | None
    quadrant: str | None
    workshop_id: int | None
    milestones: tuple[Milestone, ...]  # latest first: the order they were placed in, from the horizon back


def create(
    store: Store,
    plan_id: str,
    title: str,
    success: str,
    start_year: int,
    horizon: int,
    *,
    cross_id: int | None = None,
    quadrant: str | None = None,
    vision_id: str | None = None,
    future_picture: str = "",
    workshop_id: int | None = None,
) -> str:
    """A new backcast in `plan_id`; from a quadrant its narrative becomes the picture unless one is typed."""
    if cross_id is not None:
        cross = get_cross(store, int(cross_id))  # raises NotFoundError for an unknown cross
        workshop_id = cross.workshop_id if workshop_id is None else workshop_id  # the cross's workshop
        if quadrant and not future_picture:
            chosen = cross.quadrant(quadrant) if quadrant in {q.key for q in cross.quadrants} else None
            future_picture = chosen.narrative if chosen else ""
    elif quadrant:
        raise ValidationError([Problem(None, "cross_id", "import.required")])
    if vision_id and not future_picture:
        future_picture = store.scalar("SELECT picture FROM visions WHERE id = ?", [vision_id]) or ""
    backcast_id = new_id(store, "backcasts", f"{plan_id[:30]}-{slug(str(title), 30)}")
    record = validated(
        store,
        "backcasts",
        {
            "id": backcast_id,
            "plan_id": plan_id,
            "title": title,
            "cross_id": cross_id,
            "quadrant": quadrant,
            "vision_id": vision_id,
            "future_picture": future_picture,
            "success": success,
            "start_year": start_year,
            "horizon": horizon,
            "workshop_id": workshop_id,
        },
    )
    if record["horizon"] <= record["start_year"]:
        raise ValidationError([Problem(None, "horizon", "plans.error.horizon", {"start": record["start_year"]})])
    upsert_records(store, "backcasts", [record])
    return backcast_id


def add_milestone(store: Store, backcast_id: str, year: int, title: str) -> str:
    """A milestone between today and the horizon."""
    bounds = store.rows("SELECT start_year, horizon FROM backcasts WHERE id = ?", [backcast_id])
    if not bounds:
        raise NotFoundError("plans.error.no_backcast", id=backcast_id)
    milestone_id = new_id(store, "backcast_milestones", f"{backcast_id[:50]}-{int(year)}")
    record = validated(
        store, "backcast_milestones", {"id": milestone_id, "backcast_id": backcast_id, "year": year, "title": title}
    )
    start, horizon = bounds[0]
    if not start <= record["year"] <= horizon:
        raise ValidationError([Problem(None, "year", "plans.error.milestone_year", {"start": start, "end": horizon})])
    upsert_records(store, "backcast_milestones", [record])
    return milestone_id


def to_actions(
    store: Store, milestone_id: str, actions: Sequence[dict[str, object]], year: int | None = None
) -> list[str]:
    """Turn a milestone into actions in the plan's version of `year` (default: this year), made
    from the latest version when the plan has none for that year yet."""
    found = store.rows(
        "SELECT b.plan_id, b.workshop_id FROM backcast_milestones m JOIN backcasts b ON b.id = m.backcast_id"
        " WHERE m.id = ?",
        [milestone_id],
    )
    if not found:
        raise NotFoundError("plans.error.no_milestone", id=milestone_id)
    plan_id, workshop_id = found[0]
    get_plan(store, plan_id)  # raises NotFoundError for a plan that is gone
    version_id = versions.version_of_year(store, plan_id, date.today().year if year is None else int(year))
    return [
        save_action(store, version_id, {**action, "milestone_id": milestone_id, "workshop_id": workshop_id})
        for action in actions
    ]


def backcast_list(store: Store, plan_id: str | None = None) -> list[tuple[str, str]]:
    """Backcasts as (id, title), newest horizon first; of one plan when `plan_id` is given."""
    where, params = ("WHERE plan_id = ?", [plan_id]) if plan_id else ("", [])
    return [(key, title) for key, title in store.rows(f"SELECT id, title FROM backcasts {where} ORDER BY id", params)]


def get(store: Store, backcast_id: str, lang: str) -> Backcast:
    columns = ", ".join(TABLES["backcasts"].column_names)
    frame = store.query(f"SELECT {columns} FROM backcasts WHERE id = ?", [backcast_id])
    if frame.empty:
        raise NotFoundError("plans.error.no_backcast", id=backcast_id)
    row = frame.iloc[0]
    cross_id = None if pd.isna(row["cross_id"]) else int(row["cross_id"])
    milestones = []
    for milestone_id, year, title in store.rows(
        "SELECT id, year, title FROM backcast_milestones WHERE backcast_id = ? ORDER BY year DESC, id", [backcast_id]
    ):
        made = store.rows(
            "SELECT a.title, a.responsible, a.status FROM plan_actions a JOIN plan_versions v ON v.id = a.version_id"
            " WHERE a.milestone_id = ? AND v.year = (SELECT max(year) FROM plan_versions WHERE plan_id = v.plan_id)"
            " ORDER BY a.title",
            [milestone_id],
        )
        made = [(title_, who, enum_label("action_status", status, lang)) for title_, who, status in made]
        milestones.append(Milestone(milestone_id, int(year), title, tuple(made)))
    return Backcast(
        id=row["id"],
        plan_id=row["plan_id"],
        title=row["title"],
        origin=_origin(store, cross_id, row["quadrant"], row["vision_id"]),
        future_picture=row["future_picture"] or "",
        success=row["success"],
        start_year=int(row["start_year"]),
        horizon=int(row["horizon"]),
        cross_id=cross_id,
        quadrant=row["quadrant"] or None,
        workshop_id=None if pd.isna(row["workshop_id"]) else int(row["workshop_id"]),
        milestones=tuple(milestones),
    )


def _origin(store: Store, cross_id: int | None, quadrant: object, vision_id: object) -> str:
    if cross_id is not None:
        found = store.rows(
            "SELECT c.name, q.name FROM scenario_crosses c LEFT JOIN scenario_quadrants q"
            " ON q.cross_id = c.id AND q.quadrant = ? WHERE c.id = ?",
            [quadrant, cross_id],
        )
        if found:  # a deleted cross leaves the backcast, which then just names no origin
            cross, name = found[0]
            return f"{cross}: {name or quadrant}" if quadrant else cross
    if vision_id:
        return store.scalar("SELECT title FROM visions WHERE id = ?", [vision_id]) or str(vision_id)
    return ""


def for_quadrant(store: Store, cross_id: int, quadrant: str) -> list[tuple[str, str, str, str]]:
    """Backcasts built on one quadrant, as (id, title, plan id, plan title)."""
    return [
        tuple(row)
        for row in store.rows(
            "SELECT b.id, b.title, b.plan_id, coalesce(p.title, b.plan_id) FROM backcasts b"
            " LEFT JOIN plans p ON p.id = b.plan_id"
            " WHERE b.cross_id = ? AND b.quadrant = ? ORDER BY b.id",
            [cross_id, quadrant],
        )
    ]


def workshop_plans(store: Store, workshop_id: int) -> list[str]:
    """The plans a workshop works in: those its backcasts or actions went into, then the plans of an
    organisation named as the workshop's organisation."""
    found = store.rows(
        "SELECT plan_id FROM ("
        " SELECT b.plan_id, 0 AS rank FROM backcasts b WHERE b.workshop_id = ?"
        " UNION ALL SELECT v.plan_id, 0 FROM plan_actions a JOIN plan_versions v ON v.id = a.version_id"
        " WHERE a.workshop_id = ?"
        " UNION ALL SELECT p.id, 1 FROM plans p JOIN organisations o ON o.id = p.organisation_id"
        " JOIN workshops w ON lower(w.organisation) = lower(o.name) AND w.organisation <> '' WHERE w.id = ?"
        ") ranked GROUP BY plan_id ORDER BY min(rank), plan_id",
        [int(workshop_id), int(workshop_id), int(workshop_id)],
    )
    return [plan_id for (plan_id,) in found]


def plan_for_cross(store: Store, cross_id: int) -> str | None:
    """The plan a backcast from this cross goes into by default: its workshop's plan, or None."""
    cross = get_cross(store, int(cross_id))
    if cross.workshop_id is None:
        return None
    found = workshop_plans(store, cross.workshop_id)
    return found[0] if found else None
