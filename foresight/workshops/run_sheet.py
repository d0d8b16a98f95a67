"""A workshop's run sheet: the steps of the day in order, each done, live or next, with what it made.

The steps are the workshop's own work, read from what carries its id (votes, collections,
crosses, backcasts, plan actions), so nothing is attached by hand. A step is `live` while the room
is in it (a collection or vote open), `done` once it left something behind, and the first step
after the last done one that is neither is `next`; the others are `later` (a step may be skipped,
repeated or done out of order: the sheet only says where the day stands).
"""

from __future__ import annotations

from dataclasses import dataclass

from foresight.scenarios import axes, scenarios
from foresight.store import Store
from foresight.vote import feeds
from foresight.workshops.workshops import get_workshop

STEPS = ("collect", "vote", "cross", "backcast", "actions", "report")


@dataclass(frozen=True)
class Step:
    key: str  # one of STEPS
    state: str  # done, live, next or later
    ref: str | None = None  # what the step's action opens: a vote code, cross id, backcast id, plan id


def run_sheet(store: Store, workshop_id: int) -> list[Step]:
    """The workshop's steps in order, each with its state and the latest thing it made."""
    workshop = get_workshop(store, workshop_id)
    vote = store.rows(
        "SELECT v.code, v.status, c.status AS collecting,"
        " (SELECT count(*) FROM submissions s WHERE s.code = v.code) AS cards,"
        " (SELECT count(*) FROM ballots b WHERE b.code = v.code AND b.round = v.round) AS ballots"
        " FROM votes v LEFT JOIN collections c ON c.code = v.code WHERE v.workshop_id = ?"
        " ORDER BY v.created_at DESC LIMIT 1",
        [workshop.id],
    )
    cross = store.rows(
        "SELECT c.id, (c.x_label IS NOT NULL AND c.x_label <> '' AND c.y_label IS NOT NULL AND c.y_label <> ''),"
        " (SELECT count(*) FROM scenario_moves m WHERE m.cross_id = c.id)"
        " FROM scenario_crosses c WHERE c.workshop_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT 1",
        [workshop.id],
    )
    backcast = store.rows(
        "SELECT b.id, b.plan_id FROM backcasts b WHERE b.workshop_id = ? ORDER BY b.id DESC LIMIT 1", [workshop.id]
    )
    actions = store.scalar("SELECT count(*) FROM plan_actions WHERE workshop_id = ?", [workshop.id])
    found: dict[str, tuple[str, str | None]] = {}
    if vote:
        code, status, collecting, cards, ballots = vote[0]
        if collecting is not None:
            found["collect"] = ("live" if collecting == "open" else "done" if cards else "later", code)
        if collecting != "open":
            found["vote"] = ("live" if status == "open" else "done" if ballots else "later", code)
        else:
            found["vote"] = ("later", code)
    if cross:
        cross_id, axes_set, moves = cross[0]
        found["cross"] = ("done" if axes_set and moves else "live", str(cross_id))
    if backcast:
        found["backcast"] = ("done", backcast[0][0])
        found["actions"] = ("done" if actions else "later", backcast[0][1])
    steps = [Step(key, *found.get(key, ("later", None))) for key in STEPS]
    last_done = max((n for n, step in enumerate(steps) if step.state in ("done", "live")), default=-1)
    for n, step in enumerate(steps):
        if n > last_done and step.state == "later":
            steps[n] = Step(step.key, "next", step.ref)
            break
    return steps


def start_cross(store: Store, workshop_id: int, lang: str) -> int:
    """The workshop's scenario cross, named after it, with the top two of the workshop's latest vote
    as its axes when that vote has two (the room's choice; the axes editor changes them). Its tray
    holds every driver, the room's own postcards among them."""
    workshop = get_workshop(store, workshop_id)
    cross_id = scenarios.create_cross(store, workshop.title[: scenarios.MAX_NAME], workshop_id=workshop.id)
    top = feeds.top_voted_drivers(store, limit=5, workshop_id=workshop.id)  # this workshop's, no other's
    voted = [
        found
        for found in axes.axis_candidates(store, [(row.driver_id, row.label, row.dots) for row in top])
        if found.source == "vote"
    ]
    if len(voted) >= 2:
        chosen = {
            which: scenarios.Axis(found.driver_id, found.label_en if lang == "en" else found.label_sv)
            for which, found in zip(scenarios.AXES, voted, strict=False)
        }
        scenarios.set_axes(store, cross_id, chosen)
    return cross_id
