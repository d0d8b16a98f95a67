"""Workshops: the day a group met, and everything made for it (votes, crosses, trend notes, actions).

A workshop is a row in `workshops`; votes, scenario crosses and trend notes point at it through a
nullable `workshop_id` (NULL: made outside any workshop), and so do plans' backcasts and actions
when the plans tables exist (issue 14). `record` gathers one workshop's work for its report and
reads only rows carrying that workshop's id, so a report never shows another workshop's work.

The plans tables (`plan_actions`, issue 14) may be missing (an older workspace, or a branch without
plans): `_table_columns` asks the catalogue first and the report simply has no actions then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from foresight.errors import ForesightError, NotFoundError
from foresight.i18n import enum_label
from foresight.plans import backcasting
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.text import TextInputError, clean_text
from foresight.vote import collection, voting

MAX_TITLE = 120
MAX_PLACE = 120
MAX_PURPOSE = 2000
MAX_PARTICIPANTS = 100_000
METHODS = ("future_workshop", "scenario_workshop", "trend_workshop", "backcasting", "other")
ATTACHABLE = {"votes": ("votes", "code"), "crosses": ("scenario_crosses", "id"), "notes": ("trend_notes", "id")}


class WorkshopInputError(ForesightError):
    """A workshop's field was rejected; nothing was written."""


@dataclass(frozen=True)
class Workshop:
    id: int
    title: str
    held_on: date
    place: str
    organisation: str
    purpose: str
    participants: int | None
    method: str


@dataclass(frozen=True)
class VoteResult:
    code: str
    title: str
    round: int
    participants: int
    options: tuple[tuple[int, str, int], ...]  # (rank, label, dots), most dots first


@dataclass(frozen=True)
class CrossRecord:
    cross: scenarios.Cross
    cards: tuple[scenarios.Card, ...]


@dataclass(frozen=True)
class NoteRecord:
    trend_id: str
    title: str
    relevant: bool
    priority: int
    comment: str


@dataclass(frozen=True)
class ActionRecord:
    title: str
    status: str
    responsible: str


@dataclass(frozen=True)
class PostcardRecord:
    """A card the phones sent, as the wall left it, with the texts merged into it."""

    text: str
    kind: str
    status: str
    merged: tuple[str, ...]


@dataclass(frozen=True)
class WorkshopRecord:
    """What one workshop produced, read for its report."""

    workshop: Workshop
    votes: tuple[VoteResult, ...] = ()
    crosses: tuple[CrossRecord, ...] = ()
    notes: tuple[NoteRecord, ...] = ()
    actions: tuple[ActionRecord, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
    postcards: tuple[PostcardRecord, ...] = ()
    backcasts: tuple[backcasting.Backcast, ...] = ()


def _clean(value: object, limit: int, field_name: str, *, required: bool = False) -> str:
    return clean_text(value if isinstance(value, str) else "", max_length=limit, required=required, field=field_name)


def _check(
    title: object, held_on: object, place: object, organisation: object, purpose: object, participants, method
) -> list:
    try:
        clean = [
            _clean(title, MAX_TITLE, "title", required=True),
            held_on if isinstance(held_on, date) else date.fromisoformat(str(held_on)),
            _clean(place, MAX_PLACE, "place"),
            _clean(organisation, MAX_PLACE, "organisation"),
            _clean(purpose, MAX_PURPOSE, "purpose"),
        ]
    except TextInputError as error:
        raise WorkshopInputError("workshops.error_field", field=error.params.get("field", "")) from None
    except ValueError:
        raise WorkshopInputError("workshops.error_date") from None
    if participants is not None and (isinstance(participants, bool) or not 0 <= int(participants) <= MAX_PARTICIPANTS):
        raise WorkshopInputError("workshops.error_participants", max=MAX_PARTICIPANTS)
    if method not in METHODS:
        raise WorkshopInputError("workshops.error_method")
    return [*clean, None if participants is None else int(participants), method]


def create_workshop(
    store: Store,
    title: str,
    held_on: date | str,
    *,
    place: str = "",
    organisation: str = "",
    purpose: str = "",
    participants: int | None = None,
    method: str = "future_workshop",
) -> int:
    """A new workshop; returns its id."""
    values = _check(title, held_on, place, organisation, purpose, participants, method)
    with store.transaction() as cursor:
        workshop_id = int(cursor.execute("SELECT nextval('workshop_ids')").fetchone()[0])
        cursor.execute(
            "INSERT INTO workshops (id, title, held_on, place, organisation, purpose, participants, method)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [workshop_id, *values],
        )
    return workshop_id


def update_workshop(store: Store, workshop_id: int, **fields: object) -> None:
    """Change a workshop's fields (those not given keep their value)."""
    current = get_workshop(store, workshop_id)
    merged = {
        "title": current.title,
        "held_on": current.held_on,
        "place": current.place,
        "organisation": current.organisation,
        "purpose": current.purpose,
        "participants": current.participants,
        "method": current.method,
    } | fields
    values = _check(*merged.values())
    with store.transaction() as cursor:
        cursor.execute(
            "UPDATE workshops SET title = ?, held_on = ?, place = ?, organisation = ?, purpose = ?, participants = ?,"
            " method = ? WHERE id = ?",
            [*values, workshop_id],
        )


def list_workshops(store: Store) -> list[Workshop]:
    """Every workshop, most recent first."""
    return [
        Workshop(*row)
        for row in store.rows(
            "SELECT id, title, held_on, place, organisation, purpose, participants, method FROM workshops"
            " ORDER BY held_on DESC, id DESC"
        )
    ]


def last_held_before(listed: Sequence[Workshop], day: date) -> Workshop | None:
    """The latest workshop held before `day`: where "what moved since last time" starts by default."""
    earlier = [workshop for workshop in listed if workshop.held_on < day]
    return max(earlier, key=lambda workshop: (workshop.held_on, workshop.id)) if earlier else None


def get_workshop(store: Store, workshop_id: object) -> Workshop:
    """One workshop, or NotFoundError (also for an id that is not a number)."""
    try:
        wanted = int(workshop_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotFoundError("workshops.error_unknown", id=str(workshop_id)[:20]) from None
    found = store.rows(
        "SELECT id, title, held_on, place, organisation, purpose, participants, method FROM workshops WHERE id = ?",
        [wanted],
    )
    if not found:
        raise NotFoundError("workshops.error_unknown", id=wanted)
    return Workshop(*found[0])


def attach(store: Store, workshop_id: int, kind: str, keys: list[object]) -> None:
    """Make the given votes (codes), crosses (ids) or notes (ids) part of the workshop."""
    if kind not in ATTACHABLE:
        raise WorkshopInputError("workshops.error_kind")
    table, key = ATTACHABLE[kind]
    get_workshop(store, workshop_id)
    with store.transaction() as cursor:
        cursor.execute(
            f"UPDATE {table} SET workshop_id = ? WHERE CAST({key} AS VARCHAR) = ANY(?)",
            [int(workshop_id), [str(item) for item in keys]],
        )


def detach(store: Store, kind: str, keys: list[object]) -> None:
    """Take the given votes, crosses or notes out of whatever workshop holds them."""
    if kind not in ATTACHABLE:
        raise WorkshopInputError("workshops.error_kind")
    table, key = ATTACHABLE[kind]
    with store.transaction() as cursor:
        cursor.execute(
            f"UPDATE {table} SET workshop_id = NULL WHERE CAST({key} AS VARCHAR) = ANY(?)", [[str(k) for k in keys]]
        )


def set_attached(store: Store, workshop_id: int, kind: str, keys: list[object], removed: list[object]) -> None:
    """Make exactly `keys` (of those offered) the workshop's votes, crosses or notes: `removed` leave it."""
    detach(store, kind, removed)
    attach(store, workshop_id, kind, keys)


def attachable(store: Store, lang: str) -> dict[str, list[tuple[str, str, int | None]]]:
    """Votes, crosses and notes as (key, label, workshop id or None), for the page's pickers."""
    title = "t.title_en" if lang == "en" else "t.title_sv"
    return {
        "votes": [
            (code, f"{name} ({code})", workshop)
            for code, name, workshop in store.rows(
                "SELECT code, title, workshop_id FROM votes ORDER BY created_at DESC"
            )
        ],
        "crosses": [
            (str(cross_id), name, workshop)
            for cross_id, name, workshop in store.rows(
                "SELECT id, name, workshop_id FROM scenario_crosses ORDER BY created_at DESC, id DESC"
            )
        ],
        "notes": [
            (note_id, f"{label}: {comment[:60]}", workshop)
            for note_id, label, comment, workshop in store.rows(
                f"SELECT n.id, coalesce({title}, n.trend_id), n.comment, n.workshop_id FROM trend_notes n"
                " LEFT JOIN trends t ON t.id = n.trend_id ORDER BY n.created_at DESC"
            )
        ],
    }


def workshop_ids_of(store: Store, kind: str, workshop_id: int | None) -> list[str]:
    """The keys of the votes, crosses or notes of one workshop (for pages that filter by workshop)."""
    table, key = ATTACHABLE[kind]
    return [str(row[0]) for row in store.rows(f"SELECT {key} FROM {table} WHERE workshop_id = ?", [workshop_id])]


# -- one workshop's record -----------------------------------------------------------------


def vote_results(store: Store, workshop_id: int, lang: str) -> tuple[VoteResult, ...]:
    """Each vote of the workshop, one result per round: every earlier round that had ballots (a
    second round of the same vote is a round of the day too) and the current round."""
    found = []
    for (code,) in store.rows(
        "SELECT code FROM votes WHERE workshop_id = ? ORDER BY created_at, code", [int(workshop_id)]
    ):
        vote = voting.get_vote(store, code)
        voted = {int(r) for (r,) in store.rows("SELECT DISTINCT round FROM ballots WHERE code = ?", [vote.code])}
        for number in sorted({*(r for r in voted if r < vote.round), vote.round}):
            result = voting.tally(store, vote, lang, round=number)
            found.append(
                VoteResult(
                    vote.code,
                    vote.title,
                    number,
                    voting.participant_count(store, vote, round=number),
                    tuple((int(row.rank), str(row.label), int(row.dots)) for row in result.itertuples()),
                )
            )
    return tuple(found)


def cross_records(store: Store, workshop_id: int, lang: str) -> tuple[CrossRecord, ...]:
    return tuple(
        CrossRecord(scenarios.get_cross(store, int(cross_id)), tuple(scenarios.cross_cards(store, int(cross_id), lang)))
        for (cross_id,) in store.rows(
            "SELECT id FROM scenario_crosses WHERE workshop_id = ? ORDER BY created_at, id", [int(workshop_id)]
        )
    )


def relevant_notes(store: Store, workshop_id: int, lang: str) -> tuple[NoteRecord, ...]:
    """The workshop's newest note per trend, for trends it marked relevant, highest priority first."""
    title = "title_en" if lang == "en" else "title_sv"
    found = store.rows(
        f"SELECT trend_id, title, relevant, priority, comment FROM (SELECT n.trend_id,"
        f" coalesce(t.{title}, n.trend_id) AS title, n.relevant, n.priority, n.comment,"
        " row_number() OVER (PARTITION BY n.trend_id ORDER BY n.created_at DESC, n.id DESC) AS newest"
        " FROM trend_notes n LEFT JOIN trends t ON t.id = n.trend_id WHERE n.workshop_id = ?) AS notes"
        " WHERE newest = 1 ORDER BY priority, title",
        [int(workshop_id)],
    )
    return tuple(NoteRecord(*row) for row in found if row[2])


def _table_columns(store: Store, table: str) -> set[str]:
    return {
        row[0]
        for row in store.rows(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?",
            [table],
        )
    }


def _first(columns: set[str], *names: str) -> str | None:
    return next((name for name in names if name in columns), None)


def agreed_actions(store: Store, workshop_id: int, lang: str) -> tuple[ActionRecord, ...]:
    """The plan actions made at the workshop, when the plans tables exist (issue 14); else none."""
    table = next((name for name in ("plan_actions", "actions") if "workshop_id" in _table_columns(store, name)), None)
    if table is None:
        return ()
    columns = _table_columns(store, table)
    title = _first(columns, f"title_{lang}", "title", "title_sv", "name", "description")
    if title is None:
        return ()
    status = _first(columns, "status") or "''"
    responsible = _first(columns, "responsible", "responsible_role", "owner", "owner_role") or "''"
    # A plan revised the next year copies the action (same lineage): show it once, as last stored.
    newest = "row_number() OVER (PARTITION BY lineage ORDER BY id DESC)" if "lineage" in columns else "1"
    found = store.rows(
        f"SELECT title, status, responsible FROM (SELECT {title} AS title,"
        f" coalesce(CAST({status} AS VARCHAR), '') AS status, coalesce(CAST({responsible} AS VARCHAR), '')"
        f" AS responsible, {newest} AS newest FROM {table} WHERE workshop_id = ?) AS actions"
        " WHERE newest = 1 ORDER BY 1",
        [int(workshop_id)],
    )
    return tuple(
        ActionRecord(str(row[0]), enum_label("action_status", str(row[1]), lang), str(row[2])) for row in found
    )


def record(store: Store, workshop_id: int, lang: str) -> WorkshopRecord:
    """Everything one workshop produced, and nothing of another's."""
    workshop = get_workshop(store, workshop_id)
    return WorkshopRecord(
        workshop,
        votes=vote_results(store, workshop.id, lang),
        crosses=cross_records(store, workshop.id, lang),
        notes=relevant_notes(store, workshop.id, lang),
        actions=agreed_actions(store, workshop.id, lang),
        postcards=postcards(store, workshop.id),
        backcasts=tuple(
            backcasting.get(store, backcast_id, lang)
            for (backcast_id,) in store.rows(
                "SELECT id FROM backcasts WHERE workshop_id = ? ORDER BY id", [workshop.id]
            )
        ),
    )


def postcards(store: Store, workshop_id: int) -> tuple[PostcardRecord, ...]:
    """The cards sent in the workshop's collection rounds, oldest first, duplicates under the card kept."""
    found: list[PostcardRecord] = []
    for (code,) in store.rows("SELECT code FROM votes WHERE workshop_id = ? ORDER BY created_at, code", [workshop_id]):
        cards = collection.submissions(store, code, include_merged=True)
        merged: dict[int, list[str]] = {}
        for card in cards:
            if card.merged_into is not None:
                merged.setdefault(card.merged_into, []).append(card.text)
        found += [
            PostcardRecord(card.text, card.kind, card.status, tuple(merged.get(card.id, ())))
            for card in cards
            if card.merged_into is None
        ]
    return tuple(found)


def activity_until(store: Store, workshop_id: int) -> datetime:
    """When the workshop's stored work ends: its last ballot, move or note, else the end of its day."""
    workshop = get_workshop(store, workshop_id)
    latest = store.scalar(
        "SELECT max(moment) FROM ("
        " SELECT b.submitted_at AS moment FROM ballots b JOIN votes v ON v.code = b.code WHERE v.workshop_id = $w"
        " UNION ALL SELECT m.moved_at FROM scenario_moves m JOIN scenario_crosses c ON c.id = m.cross_id"
        "  WHERE c.workshop_id = $w"
        " UNION ALL SELECT created_at FROM trend_notes WHERE workshop_id = $w) AS stored",
        {"w": workshop.id},
    )
    return latest or datetime.combine(workshop.held_on, datetime.max.time())
