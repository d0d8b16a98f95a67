"""The room: one code per workshop that takes a phone to whatever is live now, and says when that changes.

A workshop's room code is derived, not stored: an HMAC of the workshop's id under the workspace's
participant-token key, written in the votes' alphabet and length (`voting.CODE_ALPHABET`). So every
workshop has its code from the moment it exists (no migration, no write when a page shows it), it
is the same in every process of a server, and it cannot be guessed from the workshop's number.

`live_step` reads the workshop's votes (and their collection rounds) and says what a phone should
show: the postcard round while a vote's collection is open, the vote while one is open, else
"wait" (nothing started yet, or the last vote closed: "thanks, wait for the next step"). Its
`signature` changes exactly when a phone should move on (a round opened or closed, a new vote, a
new round of the same vote), and not on anything a phone does not show (results on the screen).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from foresight.store import Store
from foresight.vote import participant_tokens, voting

COLLECT, VOTE, WAIT = "collect", "vote", "wait"


@dataclass(frozen=True)
class LiveStep:
    """What a phone in the room should show now."""

    workshop_id: int
    kind: str  # COLLECT, VOTE or WAIT
    code: str | None = None  # the vote whose round is live (for WAIT: the workshop's latest vote, if any)
    round: int | None = None
    status: str | None = None  # that vote's status (draft, open, closed)

    @property
    def signature(self) -> str:
        """Changes exactly when a phone in the room should move on (a vote opened during its
        postcard round changes nothing yet; a closed vote's reset waits for its opening)."""
        if self.kind == COLLECT:
            return f"{COLLECT}.{self.code}"
        if self.kind == VOTE:
            return f"{VOTE}.{self.code}.{self.round}"
        return f"{WAIT}.{self.code or '-'}.{self.status or '-'}"

    @property
    def after_vote(self) -> bool:
        """Waiting after a closed vote (the phone says thanks) rather than before the first step."""
        return self.kind == WAIT and self.status == "closed"


def room_code(store: Store, workshop_id: int) -> str:
    """The workshop's room code (six characters of the votes' alphabet, the same in every process)."""
    return _code(participant_tokens.participant_key(store), int(workshop_id))


def _code(key: bytes, workshop_id: int) -> str:
    digest = hmac.new(key, f"room:{workshop_id}".encode(), hashlib.sha256).digest()
    alphabet = voting.CODE_ALPHABET
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(voting.CODE_LENGTH):
        number, at = divmod(number, len(alphabet))
        letters.append(alphabet[at])
    return "".join(letters)


def workshop_of_room(store: Store, code: object) -> int | None:
    """The workshop whose room code is `code` (any case, dashes and spaces ignored), or None."""
    canonical = voting.normalise_code(code)
    if canonical is None:
        return None
    key = participant_tokens.participant_key(store)
    for (workshop_id,) in store.rows("SELECT id FROM workshops ORDER BY id"):
        if hmac.compare_digest(_code(key, int(workshop_id)), canonical):
            return int(workshop_id)
    return None


def live_step(store: Store, workshop_id: int) -> LiveStep:
    """What is live in the workshop now: its newest open collection round, else its newest open vote, else WAIT.

    A vote that is open while its own collection round is still open is not live yet: its options
    are still being written (the run sheet says the same).
    """
    rows = store.rows(
        "SELECT v.code, v.status, v.round, c.status FROM votes v LEFT JOIN collections c ON c.code = v.code"
        " WHERE v.workshop_id = ? ORDER BY v.created_at DESC, v.code DESC",
        [int(workshop_id)],
    )
    for code, status, round_, collecting in rows:
        if collecting == "open":
            return LiveStep(int(workshop_id), COLLECT, code, int(round_), status)
    for code, status, round_, _ in rows:
        if status == "open":
            return LiveStep(int(workshop_id), VOTE, code, int(round_), status)
    if rows:
        code, status, round_, _ = rows[0]
        return LiveStep(int(workshop_id), WAIT, code, int(round_), status)
    return LiveStep(int(workshop_id), WAIT)


@dataclass(frozen=True)
class Room:
    """The room a vote's phones are in: its code and what is live there now."""

    code: str
    step: LiveStep


def room_of_vote(store: Store, code: object) -> Room | None:
    """The room of the workshop the vote `code` belongs to (None: a vote outside any workshop)."""
    canonical = voting.normalise_code(code)
    workshop_id = store.scalar("SELECT workshop_id FROM votes WHERE code = ?", [canonical]) if canonical else None
    if workshop_id is None:
        return None
    return Room(room_code(store, workshop_id), live_step(store, workshop_id))
