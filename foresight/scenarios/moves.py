"""Moving cards on a scenario cross: every move from the browser component is checked, then appended.

Placements are appended to `scenario_moves` and the newest row per card wins: appends never
conflict between the facilitator's session and a projector's, and a crash loses at most the
move being committed. Everything that arrives from the browser component passes `parse_drop`
first: unknown cards, non-finite numbers and crafted payloads are rejected, positions outside
the cross are clamped to its edge, so nothing is stored as it came.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from foresight.scenarios.scenarios import CARD_ID, ScenarioInputError, require_cross
from foresight.store import Store

MAX_PAYLOAD_CHARS = 500


@dataclass(frozen=True)
class Drop:
    """A validated move from the component: a card to a position, or back to the tray."""

    card_id: str
    x: float | None
    y: float | None


# -- placements --------------------------------------------------------------------------


def _coordinate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioInputError("scenarios.error_bad_drop")
    number = float(value)
    if not math.isfinite(number):
        raise ScenarioInputError("scenarios.error_bad_drop")
    return min(1.0, max(-1.0, number))


def parse_drop(payload: object, known_cards: Iterable[str]) -> Drop:
    """Validate a move sent by the component: {"card", "x", "y"} or {"card", "tray": true}.

    Unknown cards, non-dicts, extra keys, oversized payloads and non-finite numbers raise;
    positions outside the cross are clamped to its edge.
    """
    if not isinstance(payload, dict) or not set(payload) <= {"card", "x", "y", "tray"}:
        raise ScenarioInputError("scenarios.error_bad_drop")
    try:
        size = len(json.dumps(payload))
    except (TypeError, ValueError):
        raise ScenarioInputError("scenarios.error_bad_drop") from None
    if size > MAX_PAYLOAD_CHARS:
        raise ScenarioInputError("scenarios.error_bad_drop")
    card_id = payload.get("card")
    if not isinstance(card_id, str) or not CARD_ID.match(card_id) or card_id not in set(known_cards):
        raise ScenarioInputError("scenarios.error_unknown_card", id=str(card_id)[:80])
    if payload.get("tray") is True and "x" not in payload and "y" not in payload:
        return Drop(card_id, None, None)
    if "tray" in payload:
        raise ScenarioInputError("scenarios.error_bad_drop")
    return Drop(card_id, _coordinate(payload.get("x")), _coordinate(payload.get("y")))


def place_card(store: Store, cross_id: int, drop: Drop) -> None:
    """Store one validated move in one transaction (the card must belong to the cross)."""
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        if not cursor.execute(
            "SELECT 1 FROM scenario_cards WHERE cross_id = ? AND card_id = ?", [cross_id, drop.card_id]
        ).fetchone():
            raise ScenarioInputError("scenarios.error_unknown_card", id=drop.card_id)
        cursor.execute(
            "INSERT INTO scenario_moves (cross_id, card_id, x, y) VALUES (?, ?, ?, ?)",
            [cross_id, drop.card_id, drop.x, drop.y],
        )


def apply_drop(store: Store, cross_id: int, payload: object) -> Drop:
    """Validate a payload from the component against the cross's cards and store it."""
    known = [row[0] for row in store.rows("SELECT card_id FROM scenario_cards WHERE cross_id = ?", [cross_id])]
    drop = parse_drop(payload, known)
    place_card(store, cross_id, drop)
    return drop


def revision(store: Store, cross_id: int) -> str:
    """What is on the cross and where, as one short token that changes with every move or card.

    Every move appends a row with a higher id (one sequence for all crosses); adding a card
    changes the newest `added_at`, removing one the count. An open view compares this token with
    the one it drew and redraws only when they differ. One small read: cheap enough every second.
    """
    moved, count, added = store.rows(
        "SELECT (SELECT coalesce(max(id), 0) FROM scenario_moves WHERE cross_id = ?),"
        " (SELECT count(*) FROM scenario_cards WHERE cross_id = ?),"
        " (SELECT max(added_at) FROM scenario_cards WHERE cross_id = ?)",
        [cross_id, cross_id, cross_id],
    )[0]
    return f"{int(moved)}.{int(count)}.{added.isoformat() if added is not None else ''}"
