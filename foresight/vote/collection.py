"""The postcard method: a vote opens a collection round, phones send drivers of change or weak signals
in a few words, the facilitator merges duplicates, accepts or rejects each, and turns the accepted
ones into options of the vote's next round with one action.

Phones only append rows to `submissions` (appends never conflict, so a hall of phones sending at
once is safe); only the facilitator updates a row. A card is short (`MAX_TEXT` characters) and a
phone may send at most the round's `per_phone` cards, so the wall stays readable. Text is stored
as typed (trimmed, without markup or control characters) and shown as text everywhere.

The accepted cards are handed on as drivers of the workspace (`drivers.origin = 'participants'`,
with the vote's workshop): each becomes a driver row when the facilitator makes the next round, so
the same card is an option of this and later votes, an axis candidate of the scenario cross and a
card in the tray of the workshop's crosses, like any driver of the library.

Participants are known by the token in their URL (`p=`): the same signed token as on the ballot
page (`participant_tokens.sign_participant`), so one phone is one participant in both rounds;
`participant_key` is the one place that checks a token and turns it into what is stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from foresight.errors import ForesightError, NotFoundError, StorageError
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.text import TextInputError, clean_text
from foresight.vote import participant_tokens, voting

MAX_TEXT = 80
DEFAULT_PER_PHONE = 3
MAX_PER_PHONE = 10
KINDS = ("driver", "signal")
STATUSES = ("new", "accepted", "rejected", "merged")
PARTICIPANTS = "participants"  # drivers.origin of a driver the room made from a postcard
PARTICIPANT_SOURCE = "framsyn-workshop-postcards"  # drivers.source of those drivers
PARTICIPANT_CATEGORY = "social"  # a postcard has no category; the facilitator may change it later
_RETRIES = 20


class CollectionError(ForesightError):
    """A card or a facilitator's action was refused; nothing was written."""


@dataclass(frozen=True)
class Collection:
    code: str
    status: str  # "open" or "closed"
    per_phone: int

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Submission:
    id: int
    kind: str
    text: str
    status: str
    merged_into: int | None
    duplicates: int  # how many other cards were merged into this one
    submitted_at: datetime


def participant_key(store: Store, code: str, token: object) -> str:
    """What is stored for a participant token (its hash); CollectionError unless the workspace signed it for `code`."""
    canonical = voting.normalise_code(code)
    if canonical is None or not participant_tokens.verify_participant(
        participant_tokens.participant_key(store), canonical, token
    ):
        raise CollectionError("collect.error_token")
    return voting.participant_hash(str(token))


def clean_card(raw: object) -> str:
    """The card's text as stored, or CollectionError: empty, too long, markup or control characters."""
    try:
        return clean_text(raw, max_length=MAX_TEXT, field="card", required=True, plain_only=True)
    except TextInputError as error:
        # The phone's own short wording of the shared policy's refusals.
        if error.key == "text.error_too_long":
            raise CollectionError("collect.error_too_long", max=MAX_TEXT, length=error.params["length"]) from None
        raise CollectionError(
            "collect.error_markup" if error.key == "text.error_markup" else "collect.error_empty"
        ) from None


# -- facilitator ---------------------------------------------------------------------------


def open_collection(store: Store, code: str, secret: str, per_phone: int = DEFAULT_PER_PHONE) -> Collection:
    """Open (or reopen) the vote's collection round; phones may then send cards."""
    vote = voting.verify_secret(store, code, secret)
    if not 1 <= int(per_phone) <= MAX_PER_PHONE:
        raise CollectionError("collect.error_per_phone", max=MAX_PER_PHONE)
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO collections (code, status, per_phone) VALUES (?, 'open', ?)"
            " ON CONFLICT (code) DO UPDATE SET status = 'open', per_phone = excluded.per_phone",
            [vote.code, int(per_phone)],
        )
    return Collection(vote.code, "open", int(per_phone))


def close_collection(store: Store, code: str, secret: str) -> None:
    vote = voting.verify_secret(store, code, secret)
    with store.transaction() as cursor:
        cursor.execute("UPDATE collections SET status = 'closed' WHERE code = ?", [vote.code])
    store.checkpoint()


def get_collection(store: Store, code: object) -> Collection | None:
    """The vote's collection round, or None when it never opened one (or the code is malformed)."""
    canonical = voting.normalise_code(code)
    found = store.rows("SELECT code, status, per_phone FROM collections WHERE code = ?", [canonical])
    return Collection(*found[0]) if found else None


def submissions(store: Store, code: str, *, include_merged: bool = False) -> list[Submission]:
    """The cards sent for this vote, oldest first, each with how many duplicates were merged into it."""
    canonical = voting.normalise_code(code)
    found = store.rows(
        "SELECT s.id, s.kind, s.text, s.status, s.merged_into,"
        " (SELECT count(*) FROM submissions m WHERE m.merged_into = s.id)::INTEGER, s.submitted_at"
        " FROM submissions s WHERE s.code = ? AND (? OR s.status <> 'merged') ORDER BY s.id",
        [canonical, include_merged],
    )
    return [Submission(*row) for row in found]


def set_status(store: Store, code: str, secret: str, submission_id: int, status: str) -> None:
    """Accept, reject or reset one card (`new`)."""
    if status not in ("new", "accepted", "rejected"):
        raise CollectionError("collect.error_status")
    vote = voting.verify_secret(store, code, secret)
    with store.transaction() as cursor:
        _require(cursor, vote.code, submission_id)
        cursor.execute("UPDATE submissions SET status = ? WHERE id = ?", [status, int(submission_id)])


def merge(store: Store, code: str, secret: str, keep_id: int, duplicate_ids: list[int]) -> None:
    """Merge cards that say the same into `keep_id`: they leave the wall and count as its duplicates."""
    vote = voting.verify_secret(store, code, secret)
    others = [int(item) for item in duplicate_ids if int(item) != int(keep_id)]
    if not others:
        raise CollectionError("collect.error_merge_nothing")
    with store.transaction() as cursor:
        for submission_id in [keep_id, *others]:
            _require(cursor, vote.code, submission_id)
        cursor.execute(
            "UPDATE submissions SET status = 'merged', merged_into = ? WHERE id = ANY(?)",
            [int(keep_id), others],
        )
        # Cards merged earlier into a card that is merged now follow it.
        cursor.execute("UPDATE submissions SET merged_into = ? WHERE merged_into = ANY(?)", [int(keep_id), others])


def accept_new(store: Store, code: str, secret: str) -> int:
    """Accept every card still `new` (the room's cards are mostly kept); returns how many."""
    vote = voting.verify_secret(store, code, secret)
    with store.transaction() as cursor:
        count = cursor.execute(
            "SELECT count(*) FROM submissions WHERE code = ? AND status = 'new'", [vote.code]
        ).fetchone()[0]
        cursor.execute("UPDATE submissions SET status = 'accepted' WHERE code = ? AND status = 'new'", [vote.code])
    return int(count)


STEM = 5  # words compared by their first letters: "äldre" and "äldres", "older" and "older"


def _stems(text: str) -> set[str]:
    words = "".join(char if char.isalnum() else " " for char in text.casefold()).split()
    return {word[:STEM] for word in words if len(word) > 2}


def similar_pairs(cards: list[Submission]) -> list[tuple[Submission, Submission]]:
    """Cards that seem to say the same (same text, or at least half of their words alike), as
    (the earlier card to keep, the later one to merge into it), each later card once."""
    pairs, taken = [], set()
    for n, later in enumerate(cards):
        for earlier in cards[:n]:
            if earlier.id in taken or later.id in taken or "rejected" in (earlier.status, later.status):
                continue
            one, other = _stems(earlier.text), _stems(later.text)
            alike = earlier.text.casefold() == later.text.casefold() or (
                one and other and len(one & other) * 2 >= len(one | other)
            )
            if alike:
                pairs.append((earlier, later))
                taken.add(later.id)
                break
    return pairs


def accepted_to_next_round(store: Store, code: str, secret: str) -> voting.Vote:
    """Add the accepted cards not yet used as options of the vote and start its next round."""
    vote = voting.verify_secret(store, code, secret)
    taken = {option.label_sv.casefold() for option in vote.options}
    chosen = [
        submission
        for submission in submissions(store, vote.code)
        if submission.status == "accepted" and submission.text.casefold() not in taken
    ]
    if not chosen:
        raise CollectionError("collect.error_none_accepted")
    if len(vote.options) + len(chosen) > voting.MAX_OPTIONS:
        raise CollectionError("collect.error_too_many_options", max=voting.MAX_OPTIONS)
    next_position = max(option.position for option in vote.options) + 1
    with store.transaction() as cursor:
        current_round, workshop_id = cursor.execute(
            "SELECT round, workshop_id FROM votes WHERE code = ?", [vote.code]
        ).fetchone()
        for offset, submission in enumerate(chosen):
            driver_id = _as_driver(cursor, submission, workshop_id)
            cursor.execute(
                "INSERT INTO vote_options VALUES (?, ?, ?, ?, ?)",
                [vote.code, next_position + offset, driver_id, submission.text, submission.text],
            )
        cursor.execute(
            "UPDATE submissions SET used_in_round = ? WHERE code = ? AND status = 'accepted' AND used_in_round IS NULL",
            [current_round + 1, vote.code],
        )
        cursor.execute(f"UPDATE votes SET round = round + 1, {voting.CHANGED} WHERE code = ?", [vote.code])
        cursor.execute("UPDATE collections SET status = 'closed' WHERE code = ?", [vote.code])
    store.checkpoint()
    return voting.get_vote(store, vote.code)


def driver_id_of(submission_id: int) -> str:
    """The id of the driver a postcard becomes (a slug, like the library's ids)."""
    return f"card-{int(submission_id)}"


def _as_driver(cursor, submission: Submission, workshop_id: int | None) -> str:
    """Make the accepted card a driver of the workspace (the participants' own, of their workshop)
    and a card of that workshop's crosses; returns the driver's id."""
    driver_id = driver_id_of(submission.id)
    cursor.execute(
        "INSERT INTO sources (id, title, publisher) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
        [PARTICIPANT_SOURCE, "Deltagarnas vykort i workshoppar / Participants' postcards in workshops", "Framsyn"],
    )
    cursor.execute(
        "INSERT INTO drivers (id, name_sv, name_en, category, source, origin, workshop_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name_sv = excluded.name_sv,"
        " name_en = excluded.name_en, workshop_id = excluded.workshop_id",
        [
            driver_id,
            submission.text,
            submission.text,
            PARTICIPANT_CATEGORY,
            PARTICIPANT_SOURCE,
            PARTICIPANTS,
            workshop_id,
        ],
    )
    cursor.execute("UPDATE submissions SET driver_id = ? WHERE id = ?", [driver_id, submission.id])
    if workshop_id is not None:
        cursor.execute(
            "INSERT INTO scenario_cards (cross_id, card_id) SELECT c.id, ? FROM scenario_crosses c"
            " WHERE c.workshop_id = ? AND (SELECT count(*) FROM scenario_cards k WHERE k.cross_id = c.id) < ?"
            " ON CONFLICT (cross_id, card_id) DO NOTHING",
            [f"driver:{driver_id}", workshop_id, scenarios.MAX_CARDS],
        )
    return driver_id


def participant_drivers(store: Store, workshop_id: int | None = None) -> list[tuple[str, str]]:
    """The participants' own drivers (id, name), of one workshop or of all, oldest first."""
    return [
        (driver_id, name)
        for driver_id, name in store.rows(
            "SELECT id, name_sv FROM drivers WHERE origin = ? AND (CAST(? AS INTEGER) IS NULL OR workshop_id = ?)"
            " ORDER BY length(id), id",
            [PARTICIPANTS, workshop_id, workshop_id],
        )
    ]


def _require(cursor, code: str, submission_id: int) -> None:
    if not cursor.execute("SELECT 1 FROM submissions WHERE id = ? AND code = ?", [int(submission_id), code]).fetchone():
        raise NotFoundError("collect.error_unknown_card")


# -- phones --------------------------------------------------------------------------------


def submit(store: Store, code: str, token: str, text: str, kind: str = "driver") -> int:
    """Store one card from a phone and return its id after the commit; refuses past the phone's limit."""
    participant = participant_key(store, code, token)
    if kind not in KINDS:
        raise CollectionError("collect.error_kind")
    clean = clean_card(text)
    canonical = voting.normalise_code(code)
    for attempt in range(_RETRIES):
        try:
            with store.transaction() as cursor:
                found = cursor.execute(
                    "SELECT status, per_phone, (SELECT count(*) FROM submissions s WHERE s.code = c.code"
                    " AND s.participant = ?) FROM collections c WHERE c.code = ?",
                    [participant, canonical],
                ).fetchone()
                if found is None or found[0] != "open":
                    raise CollectionError("collect.error_closed")
                # Two posts of one phone in the same instant may both pass this count (snapshot
                # isolation): the limit keeps the wall readable, it is not a security bound.
                if found[2] >= found[1]:
                    raise CollectionError("collect.error_phone_limit", max=found[1])
                return int(
                    cursor.execute(
                        "INSERT INTO submissions (code, participant, kind, text) VALUES (?, ?, ?, ?) RETURNING id",
                        [canonical, participant, kind, clean],
                    ).fetchone()[0]
                )
        except StorageError as error:
            if not voting._is_conflict(error) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.002 * (attempt + 1))
    raise AssertionError("unreachable")


def sent_by(store: Store, code: str, token: str) -> list[str]:
    """The texts this phone has sent for this vote, oldest first (shown back on the phone)."""
    participant = participant_key(store, code, token)
    return [
        row[0]
        for row in store.rows(
            "SELECT text FROM submissions WHERE code = ? AND participant = ? ORDER BY id",
            [voting.normalise_code(code), participant],
        )
    ]
