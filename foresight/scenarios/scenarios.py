"""Scenario crosses (scenariekors): two axes, four named quadrants, and cards placed on the cross.

A cross has two axes (each a driver of change or free text, with a label for each pole), four
quadrants named after the scenarios they hold, and a set of cards: drivers (`driver:<id>`),
trends (`trend:<id>`) and free notes (`note:<n>`). A card is either in the tray or placed at a
position normalised to -1…1 on both axes (x grows to the right, y grows upwards).

Moves of cards live in foresight.scenarios.moves, suggested axes in foresight.scenarios.axes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from foresight.errors import ForesightError, NotFoundError
from foresight.store import Store
from foresight.text import clean_text

QUADRANTS = ("nw", "ne", "sw", "se")  # north = high on the y axis, east = high on the x axis
AXES = ("x", "y")
CARD_KINDS = ("driver", "trend", "note")
CARD_ID = re.compile(r"^(driver|trend|note):([a-z0-9][a-z0-9_-]{0,79})$")
MAX_NAME = 120
MAX_LABEL = 120
MAX_NARRATIVE = 2000
MAX_NOTE = 200
MAX_CARDS = 200


class ScenarioInputError(ForesightError):
    """A value for a cross (name, label, placement) was rejected; nothing was written."""


@dataclass(frozen=True)
class Axis:
    driver_id: str | None = None
    label: str = ""
    low: str = ""
    high: str = ""


@dataclass(frozen=True)
class Quadrant:
    key: str
    name: str = ""
    narrative: str = ""


@dataclass(frozen=True)
class Cross:
    id: int
    name: str
    x: Axis
    y: Axis
    quadrants: tuple[Quadrant, ...]
    workshop_id: int | None = None  # the workshop the cross was made for (None: outside one)

    def quadrant(self, key: str) -> Quadrant:
        return next(quadrant for quadrant in self.quadrants if quadrant.key == key)


@dataclass(frozen=True)
class Card:
    id: str
    kind: str
    label: str
    x: float | None = None
    y: float | None = None

    @property
    def placed(self) -> bool:
        return self.x is not None and self.y is not None


# -- crosses -----------------------------------------------------------------------------


def list_crosses(store: Store) -> list[tuple[int, str]]:
    """Every cross as (id, name), newest first."""
    return [
        (int(cross_id), name)
        for cross_id, name in store.rows("SELECT id, name FROM scenario_crosses ORDER BY created_at DESC, id DESC")
    ]


def require_cross(cursor, cross_id: int) -> None:
    if not cursor.execute("SELECT 1 FROM scenario_crosses WHERE id = ?", [cross_id]).fetchone():
        raise NotFoundError("scenarios.error_no_cross", id=cross_id)


def create_cross(store: Store, name: str, card_ids: Iterable[str] | None = None, workshop_id: int | None = None) -> int:
    """A new cross (of a workshop, if given) with empty quadrants; its cards are every driver unless
    `card_ids` says otherwise."""
    clean_name = clean_text(name, max_length=MAX_NAME, field="name", required=True)
    if card_ids is None:
        card_ids = [f"driver:{driver_id}" for (driver_id,) in store.rows("SELECT id FROM drivers ORDER BY id")]
    wanted = _known_reference_cards(store, card_ids)
    if workshop_id is not None and not store.scalar("SELECT count(*) FROM workshops WHERE id = ?", [int(workshop_id)]):
        raise NotFoundError("workshops.error_unknown", id=str(workshop_id)[:20])
    with store.transaction() as cursor:
        cross_id = int(cursor.execute("SELECT nextval('scenario_cross_ids')").fetchone()[0])
        cursor.execute(
            "INSERT INTO scenario_crosses (id, name, workshop_id) VALUES (?, ?, ?)", [cross_id, clean_name, workshop_id]
        )
        for key in QUADRANTS:
            cursor.execute("INSERT INTO scenario_quadrants (cross_id, quadrant) VALUES (?, ?)", [cross_id, key])
        for card_id in wanted:
            cursor.execute("INSERT INTO scenario_cards (cross_id, card_id) VALUES (?, ?)", [cross_id, card_id])
    return cross_id


def rename_cross(store: Store, cross_id: int, name: str) -> None:
    clean_name = clean_text(name, max_length=MAX_NAME, field="name", required=True)
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        cursor.execute("UPDATE scenario_crosses SET name = ? WHERE id = ?", [clean_name, cross_id])


def duplicate_cross(store: Store, cross_id: int, name: str) -> int:
    """A copy with the same axes, quadrants, cards and current placements, under a new name."""
    clean_name = clean_text(name, max_length=MAX_NAME, field="name", required=True)
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        copy_id = int(cursor.execute("SELECT nextval('scenario_cross_ids')").fetchone()[0])
        cursor.execute(
            "INSERT INTO scenario_crosses (id, name, x_driver_id, x_label, x_low, x_high,"
            " y_driver_id, y_label, y_low, y_high) SELECT ?, ?, x_driver_id, x_label, x_low, x_high,"
            " y_driver_id, y_label, y_low, y_high FROM scenario_crosses WHERE id = ?",
            [copy_id, clean_name, cross_id],
        )
        cursor.execute(
            "INSERT INTO scenario_quadrants SELECT ?, quadrant, name, narrative FROM scenario_quadrants"
            " WHERE cross_id = ?",
            [copy_id, cross_id],
        )
        cursor.execute(
            "INSERT INTO scenario_cards (cross_id, card_id, note) SELECT ?, card_id, note FROM scenario_cards"
            " WHERE cross_id = ?",
            [copy_id, cross_id],
        )
        cursor.execute(
            "INSERT INTO scenario_moves (cross_id, card_id, x, y) SELECT ?, card_id, x, y FROM ("
            + _LATEST_MOVES
            + ") AS latest WHERE x IS NOT NULL",
            [copy_id, cross_id],
        )
    return copy_id


def delete_cross(store: Store, cross_id: int) -> None:
    """Remove the cross with its quadrants, cards and move log."""
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        for table in ("scenario_moves", "scenario_cards", "scenario_quadrants"):
            cursor.execute(f"DELETE FROM {table} WHERE cross_id = ?", [cross_id])
        cursor.execute("DELETE FROM scenario_crosses WHERE id = ?", [cross_id])


def get_cross(store: Store, cross_id: int) -> Cross:
    found = store.rows(
        "SELECT id, name, x_driver_id, x_label, x_low, x_high, y_driver_id, y_label, y_low, y_high, workshop_id"
        " FROM scenario_crosses WHERE id = ?",
        [cross_id],
    )
    if not found:
        raise NotFoundError("scenarios.error_no_cross", id=cross_id)
    row = found[0]
    quadrants = {key: Quadrant(key) for key in QUADRANTS}
    for key, name, narrative in store.rows(
        "SELECT quadrant, name, narrative FROM scenario_quadrants WHERE cross_id = ?", [cross_id]
    ):
        if key in quadrants:
            quadrants[key] = Quadrant(key, name, narrative)
    return Cross(
        id=int(row[0]),
        name=row[1],
        x=Axis(row[2], row[3], row[4], row[5]),
        y=Axis(row[6], row[7], row[8], row[9]),
        quadrants=tuple(quadrants[key] for key in QUADRANTS),
        workshop_id=None if row[10] is None else int(row[10]),
    )


def set_axis(store: Store, cross_id: int, which: str, axis: Axis) -> None:
    """Save one axis: a driver (checked to exist) or free text, and its two pole labels."""
    set_axes(store, cross_id, {which: axis})


def set_axes(store: Store, cross_id: int, axes: dict[str, Axis]) -> None:
    """Save the axes given ({"x": Axis, "y": Axis}) in one transaction: both are checked before either is written."""
    checked = []
    for which, axis in axes.items():
        if which not in AXES:
            raise ScenarioInputError("scenarios.error_text", field="axis")
        driver_id = axis.driver_id or None
        if driver_id is not None and not store.scalar("SELECT count(*) FROM drivers WHERE id = ?", [driver_id]):
            raise ScenarioInputError("scenarios.error_unknown_driver", id=str(driver_id)[:80])
        values = [
            driver_id,
            clean_text(axis.label, max_length=MAX_LABEL, field="label"),
            clean_text(axis.low, max_length=MAX_LABEL, field="low"),
            clean_text(axis.high, max_length=MAX_LABEL, field="high"),
        ]
        checked.append((which, values))
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        for which, values in checked:
            cursor.execute(
                f"UPDATE scenario_crosses SET {which}_driver_id = ?, {which}_label = ?, {which}_low = ?,"
                f" {which}_high = ? WHERE id = ?",
                [*values, cross_id],
            )


def set_quadrant(store: Store, cross_id: int, key: str, name: str, narrative: str) -> None:
    set_quadrants(store, cross_id, {key: (name, narrative)})


def set_quadrants(store: Store, cross_id: int, named: dict[str, tuple[str, str]]) -> None:
    """Name the scenarios given ({quadrant: (name, narrative)}) in one transaction, all checked first."""
    checked = []
    for key, (name, narrative) in named.items():
        if key not in QUADRANTS:
            raise ScenarioInputError("scenarios.error_text", field="quadrant")
        clean_name = clean_text(name, max_length=MAX_LABEL, field="name")
        clean_narrative = clean_text(narrative, max_length=MAX_NARRATIVE, field="narrative", multiline=True)
        checked.append([clean_name, clean_narrative, cross_id, key])
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        for values in checked:
            cursor.execute(
                "UPDATE scenario_quadrants SET name = ?, narrative = ? WHERE cross_id = ? AND quadrant = ?", values
            )


# -- cards -------------------------------------------------------------------------------


def _known_reference_cards(store: Store, card_ids: Iterable[str]) -> list[str]:
    """The driver and trend card ids that exist in the workspace; anything else raises."""
    drivers = {row[0] for row in store.rows("SELECT id FROM drivers")}
    trends = {row[0] for row in store.rows("SELECT id FROM trends")}
    wanted = list(dict.fromkeys(card_ids))
    if len(wanted) > MAX_CARDS:
        raise ScenarioInputError("scenarios.error_too_many_cards", limit=MAX_CARDS)
    for card_id in wanted:
        match = CARD_ID.match(card_id) if isinstance(card_id, str) else None
        known = match and (
            (match.group(1) == "driver" and match.group(2) in drivers)
            or (match.group(1) == "trend" and match.group(2) in trends)
        )
        if not known:
            raise ScenarioInputError("scenarios.error_unknown_card", id=str(card_id)[:80])
    return wanted


def card_choices(store: Store, lang: str) -> dict[str, str]:
    """Every driver and trend that can become a card, as card id -> label in `lang`."""
    name = "name_en" if lang == "en" else "name_sv"
    title = "title_en" if lang == "en" else "title_sv"
    choices = {
        f"driver:{driver_id}": label
        for driver_id, label in store.rows(f"SELECT id, {name} FROM drivers ORDER BY {name}")
    }
    choices.update(
        {
            f"trend:{trend_id}": label
            for trend_id, label in store.rows(f"SELECT id, {title} FROM trends ORDER BY level, {title}")
        }
    )
    return choices


def set_reference_cards(store: Store, cross_id: int, card_ids: Iterable[str]) -> None:
    """Make the cross's driver and trend cards exactly `card_ids` (notes are left alone)."""
    wanted = set(_known_reference_cards(store, card_ids))
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        current = {
            row[0]
            for row in cursor.execute(
                "SELECT card_id FROM scenario_cards WHERE cross_id = ? AND note IS NULL", [cross_id]
            ).fetchall()
        }
        for card_id in sorted(wanted - current):
            cursor.execute("INSERT INTO scenario_cards (cross_id, card_id) VALUES (?, ?)", [cross_id, card_id])
        for card_id in sorted(current - wanted):
            _remove(cursor, cross_id, card_id)


def add_note(store: Store, cross_id: int, text: str) -> str:
    """A free note card (starts in the tray); returns its card id."""
    clean_note = clean_text(text, max_length=MAX_NOTE, field="note", required=True, multiline=True)
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        count = cursor.execute("SELECT count(*) FROM scenario_cards WHERE cross_id = ?", [cross_id]).fetchone()[0]
        if count >= MAX_CARDS:
            raise ScenarioInputError("scenarios.error_too_many_cards", limit=MAX_CARDS)
        numbers = [
            int(row[0].split(":", 1)[1])
            for row in cursor.execute(
                "SELECT card_id FROM scenario_cards WHERE cross_id = ? AND card_id LIKE 'note:%'", [cross_id]
            ).fetchall()
        ]
        card_id = f"note:{max(numbers, default=0) + 1}"
        cursor.execute(
            "INSERT INTO scenario_cards (cross_id, card_id, note) VALUES (?, ?, ?)", [cross_id, card_id, clean_note]
        )
    return card_id


def remove_card(store: Store, cross_id: int, card_id: str) -> None:
    with store.transaction() as cursor:
        require_cross(cursor, cross_id)
        _remove(cursor, cross_id, card_id)


def _remove(cursor, cross_id: int, card_id: str) -> None:
    # A tray move first, so that a card added again later starts in the tray.
    cursor.execute("INSERT INTO scenario_moves (cross_id, card_id) VALUES (?, ?)", [cross_id, card_id])
    cursor.execute("DELETE FROM scenario_cards WHERE cross_id = ? AND card_id = ?", [cross_id, card_id])


_LATEST_MOVES = (
    "SELECT card_id, x, y FROM (SELECT card_id, x, y, row_number() OVER (PARTITION BY card_id ORDER BY id DESC)"
    " AS newest FROM scenario_moves WHERE cross_id = ?) AS moves WHERE newest = 1"
)


def cross_cards(store: Store, cross_id: int, lang: str) -> list[Card]:
    """Every card of the cross with its label in `lang` and its current position (None: tray)."""
    name = "name_en" if lang == "en" else "name_sv"
    title = "title_en" if lang == "en" else "title_sv"
    found = store.rows(
        f"""
        SELECT c.card_id, split_part(c.card_id, ':', 1) AS kind,
               coalesce(c.note, d.{name}, t.{title}, c.card_id) AS label, m.x, m.y
        FROM scenario_cards c
        LEFT JOIN drivers d ON c.card_id = 'driver:' || d.id
        LEFT JOIN trends t ON c.card_id = 'trend:' || t.id
        LEFT JOIN ({_LATEST_MOVES}) m ON m.card_id = c.card_id
        WHERE c.cross_id = ?
        ORDER BY kind, label
        """,
        [cross_id, cross_id],
    )
    return [Card(card_id, kind, label, x, y) for card_id, kind, label, x, y in found]


def quadrant_of(x: float, y: float) -> str:
    """The quadrant a position falls in (a card exactly on an axis counts as east / north)."""
    return ("n" if y >= 0 else "s") + ("e" if x >= 0 else "w")


def cards_frame(cards: Sequence[Card]) -> pd.DataFrame:
    """Cards (`cross_cards`) as the placements table: card, kind, label, x, y, quadrant (empty in the tray)."""
    return pd.DataFrame(
        {
            "card": [card.id for card in cards],
            "kind": [card.kind for card in cards],
            "label": [card.label for card in cards],
            "x": [round(card.x, 3) if card.placed else None for card in cards],
            "y": [round(card.y, 3) if card.placed else None for card in cards],
            "quadrant": [quadrant_of(card.x, card.y) if card.placed else "" for card in cards],
        }
    )
