"""What moved since last time: two workshops (or two dates) side by side, from stored history only.

- Vote rankings: each side's votes (a workshop's own votes, or every vote as of a date) summed per
  option, an option known by its driver id or, for typed-in options, its label; ranks compared.
- Trend scores: `trend_history` rows written between the two moments (each edit keeps the old
  scores), the first "before" and the last "after" per trend.
- Notes: the newest note per trend on each side, where relevance, priority or comment differ.
- Cards: positions replayed from `scenario_moves` (the newest move up to each moment); a card moved
  when its quadrant changed or it travelled more than `MOVE_THRESHOLD` of the cross.
- Plan actions: an action's status in the plans' yearly versions (issue 14), when those tables exist.

Nothing is recomputed from current values: each side reads what was stored up to its moment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from foresight.i18n import enum_label
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.workshops import workshops

MOVE_THRESHOLD = 0.15


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a workshop's own work, or the whole workspace as of a moment."""

    label: str
    until: datetime
    workshop_id: int | None = None


@dataclass(frozen=True)
class RankChange:
    label: str
    rank_before: int | None
    rank_after: int | None
    dots_before: int
    dots_after: int

    @property
    def change(self) -> int | None:
        """Places climbed (positive) or fallen (negative); None when on one side only."""
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after

    @property
    def is_new(self) -> bool:
        """On the later side only: an option added since (e.g. a driver collected from the phones)."""
        return self.rank_before is None and self.rank_after is not None


@dataclass(frozen=True)
class ScoreChange:
    trend_id: str
    title: str
    impact: tuple[int | None, int]
    uncertainty: tuple[int | None, int]
    horizon: tuple[int | None, int]


@dataclass(frozen=True)
class NoteChange:
    trend_id: str
    title: str
    before: tuple[bool, int, str] | None
    after: tuple[bool, int, str] | None


@dataclass(frozen=True)
class CardMove:
    cross_name: str
    label: str
    quadrant_before: str  # "" in the tray
    quadrant_after: str
    distance: float


@dataclass(frozen=True)
class StatusChange:
    title: str
    status_before: str
    status_after: str


@dataclass(frozen=True)
class Comparison:
    before: Side
    after: Side
    rankings: tuple[RankChange, ...]
    scores: tuple[ScoreChange, ...]
    notes: tuple[NoteChange, ...]
    cards: tuple[CardMove, ...]
    actions: tuple[StatusChange, ...]

    @property
    def risers(self) -> tuple[RankChange, ...]:
        return tuple(row for row in self.rankings if (row.change or 0) > 0)

    @property
    def fallers(self) -> tuple[RankChange, ...]:
        return tuple(row for row in self.rankings if (row.change or 0) < 0)


def workshop_side(store: Store, workshop_id: int) -> Side:
    workshop = workshops.get_workshop(store, workshop_id)
    return Side(workshop.title, workshops.activity_until(store, workshop.id), workshop.id)


def date_side(day: date) -> Side:
    """The workspace as it stood at the end of `day`."""
    return Side(day.isoformat(), datetime.combine(day, time.max))


# -- votes ---------------------------------------------------------------------------------


def ranking(store: Store, side: Side, lang: str) -> list[tuple[str, str, int]]:
    """Options of the side's votes as (identity, label, dots), most dots first; each participant's
    latest ballot up to the side's moment in each vote's current round."""
    label = "label_en" if lang == "en" else "label_sv"
    found = store.rows(
        "WITH chosen AS (SELECT code, round FROM votes WHERE (CAST($w AS INTEGER) IS NULL OR workshop_id = $w)),"
        " latest AS (SELECT b.code, b.round, b.participant, max(b.revision) AS revision FROM ballots b"
        "  JOIN chosen c ON c.code = b.code AND c.round = b.round WHERE b.submitted_at <= $until"
        "  GROUP BY b.code, b.round, b.participant),"
        " spent AS (SELECT d.code, d.position, sum(d.dots) AS dots FROM ballot_dots d"
        "  JOIN latest l USING (code, round, participant, revision) GROUP BY d.code, d.position)"
        f" SELECT coalesce(o.driver_id, 'label:' || lower(o.label_sv)) AS identity, min(o.{label}),"
        "  sum(coalesce(s.dots, 0))::INTEGER AS dots"
        " FROM vote_options o JOIN chosen c ON c.code = o.code"
        " LEFT JOIN spent s ON s.code = o.code AND s.position = o.position"
        " GROUP BY identity HAVING sum(coalesce(s.dots, 0)) > 0 ORDER BY dots DESC, identity",
        {"w": side.workshop_id, "until": side.until},
    )
    return [(str(identity), str(name), int(dots)) for identity, name, dots in found]


def compare_rankings(before: list[tuple[str, str, int]], after: list[tuple[str, str, int]]) -> list[RankChange]:
    """Ranks on both sides per option, the after side's order first, then options that dropped out."""
    rank_before = {identity: (rank, name, dots) for rank, (identity, name, dots) in enumerate(before, 1)}
    rank_after = {identity: (rank, name, dots) for rank, (identity, name, dots) in enumerate(after, 1)}
    rows = []
    for identity in [*rank_after, *(key for key in rank_before if key not in rank_after)]:
        old = rank_before.get(identity)
        new = rank_after.get(identity)
        rows.append(
            RankChange(
                (new or old)[1],
                old[0] if old else None,
                new[0] if new else None,
                old[2] if old else 0,
                new[2] if new else 0,
            )
        )
    return rows


# -- trends --------------------------------------------------------------------------------


def score_changes(store: Store, start: datetime, end: datetime, lang: str) -> list[ScoreChange]:
    """Trends whose scores were edited between the two moments: first 'before', last 'after'."""
    title = "title_en" if lang == "en" else "title_sv"
    edits = store.rows(
        f"SELECT trend_id, {title}, impact_before, impact_after, uncertainty_before, uncertainty_after,"
        " horizon_before, horizon_after FROM trend_history WHERE changed_at > ? AND changed_at <= ?"
        " ORDER BY trend_id, id",
        [start, end],
    )
    # Per trend: the first value each 'before' had and the last each 'after' (and title) had, NULLs skipped.
    folded: dict[str, list[object]] = {}
    for trend_id, *values in edits:
        kept = folded.setdefault(trend_id, [None] * 7)
        for index, value in enumerate(values):
            is_before = index in (1, 3, 5)
            if value is not None and (kept[index] is None or not is_before):
                kept[index] = value
    changes = []
    for trend_id, (name, ib, ia, ub, ua, hb, ha) in sorted(folded.items()):
        if (ib, ub, hb) != (ia, ua, ha):
            changes.append(ScoreChange(trend_id, name, (ib, ia), (ub, ua), (hb, ha)))
    return changes


def _marks(store: Store, side: Side, lang: str) -> dict[str, tuple[str, tuple[bool, int, str]]]:
    title = "title_en" if lang == "en" else "title_sv"
    found = store.rows(
        f"SELECT DISTINCT ON (n.trend_id) n.trend_id, coalesce(t.{title}, n.trend_id), n.relevant, n.priority,"
        " n.comment FROM trend_notes n LEFT JOIN trends t ON t.id = n.trend_id"
        " WHERE n.created_at <= $until AND (CAST($w AS INTEGER) IS NULL OR n.workshop_id = $w)"
        " ORDER BY n.trend_id, n.created_at DESC, n.id DESC",
        {"w": side.workshop_id, "until": side.until},
    )
    return {row[0]: (row[1], (bool(row[2]), int(row[3]), str(row[4]))) for row in found}


def note_changes(store: Store, before: Side, after: Side, lang: str) -> list[NoteChange]:
    old, new = _marks(store, before, lang), _marks(store, after, lang)
    changes = []
    for trend_id in sorted(old.keys() | new.keys()):
        mark_before = old.get(trend_id, (None, None))[1]
        mark_after = new.get(trend_id, (None, None))[1]
        if mark_before != mark_after:
            changes.append(NoteChange(trend_id, (new.get(trend_id) or old[trend_id])[0], mark_before, mark_after))
    return changes


# -- crosses -------------------------------------------------------------------------------


def positions(store: Store, cross_id: int, until: datetime) -> dict[str, tuple[float, float] | None]:
    """Where each card of the cross stood at `until`, replayed from the move log (None: tray)."""
    found = store.rows(
        "SELECT DISTINCT ON (card_id) card_id, x, y FROM scenario_moves WHERE cross_id = ? AND moved_at <= ?"
        " ORDER BY card_id, id DESC",
        [cross_id, until],
    )
    return {card: None if x is None or y is None else (float(x), float(y)) for card, x, y in found}


def _cross_pairs(store: Store, before: Side, after: Side) -> list[tuple[int, int]]:
    """Which cross of the earlier side each cross of the later side continues (same name, else the latest)."""
    if before.workshop_id is None or after.workshop_id is None:
        return [(cross_id, cross_id) for cross_id, _ in scenarios.list_crosses(store)]

    def crosses(workshop_id: int) -> list[tuple[int, str]]:
        return [
            (int(row[0]), str(row[1]))
            for row in store.rows(
                "SELECT id, name FROM scenario_crosses WHERE workshop_id = ? ORDER BY created_at DESC, id DESC",
                [workshop_id],
            )
        ]

    old, new = crosses(before.workshop_id), crosses(after.workshop_id)
    if not old:
        return []
    by_name = {name.casefold(): cross_id for cross_id, name in old}
    return [(by_name.get(name.casefold(), old[0][0]), cross_id) for cross_id, name in new]


def card_moves(store: Store, before: Side, after: Side, lang: str) -> list[CardMove]:
    moves = []
    for old_cross, new_cross in _cross_pairs(store, before, after):
        labels = {card.id: card.label for card in scenarios.cross_cards(store, new_cross, lang)}
        name = scenarios.get_cross(store, new_cross).name
        old_positions = positions(store, old_cross, before.until)
        new_positions = positions(store, new_cross, after.until)
        for card_id in sorted(old_positions.keys() | new_positions.keys()):
            old_at, new_at = old_positions.get(card_id), new_positions.get(card_id)
            quadrant_before = scenarios.quadrant_of(*old_at) if old_at else ""
            quadrant_after = scenarios.quadrant_of(*new_at) if new_at else ""
            distance = math.dist(old_at, new_at) if old_at and new_at else 0.0
            if quadrant_before != quadrant_after or distance > MOVE_THRESHOLD:
                moves.append(
                    CardMove(name, labels.get(card_id, card_id), quadrant_before, quadrant_after, round(distance, 2))
                )
    return moves


# -- plan actions --------------------------------------------------------------------------


def action_status_changes(store: Store, before: Side, after: Side, lang: str) -> list[StatusChange]:
    """Plan actions whose status differs between the two moments, from the plans' stored versions.

    The plans (issue 14) keep one version per year and follow an action across versions by its
    `lineage`; an action's status at a moment is the one in the latest version of that year or
    before. Without the plans tables there is no stored history, and nothing is guessed.
    """
    actions = workshops._table_columns(store, "plan_actions")
    if not {"lineage", "status", "title", "version_id"} <= actions or not workshops._table_columns(
        store, "plan_versions"
    ):
        return []
    found = store.rows(
        "WITH dated AS (SELECT a.lineage, a.title, CAST(a.status AS VARCHAR) AS status, v.year FROM plan_actions a"
        "  JOIN plan_versions v ON v.id = a.version_id),"
        " earlier AS (SELECT DISTINCT ON (lineage) lineage, status FROM dated WHERE year <= $y0"
        "  ORDER BY lineage, year DESC),"
        " later AS (SELECT DISTINCT ON (lineage) lineage, title, status FROM dated WHERE year <= $y1"
        "  ORDER BY lineage, year DESC)"
        " SELECT l.title, e.status, l.status FROM later l JOIN earlier e USING (lineage)"
        " WHERE e.status <> l.status ORDER BY l.title",
        {"y0": before.until.year, "y1": after.until.year},
    )
    return [
        StatusChange(str(title), enum_label("action_status", old, lang), enum_label("action_status", new, lang))
        for title, old, new in found
    ]


# -- all of it -----------------------------------------------------------------------------


def compare(store: Store, before: Side, after: Side, lang: str) -> Comparison:
    """What moved from `before` to `after` (an earlier and a later side)."""
    return Comparison(
        before,
        after,
        rankings=tuple(compare_rankings(ranking(store, before, lang), ranking(store, after, lang))),
        scores=tuple(score_changes(store, before.until, after.until, lang)),
        notes=tuple(note_changes(store, before, after, lang)),
        cards=tuple(card_moves(store, before, after, lang)),
        actions=tuple(action_status_changes(store, before, after, lang)),
    )
