"""The ballots as the ballot box writes and reads them: append-only rows, committed in batches.

`foresight.vote.ballot_box` keeps the live votes in memory; this is its storage: one transaction per
batch of ballots (group commit), and the rows it rebuilds its memory from at start.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from foresight.store import Store
from foresight.vote import voting


@dataclass(frozen=True)
class BallotRow:
    """One ballot ready to append: its vote, round, participant hash, revision and {position: dots}."""

    code: str
    round: int
    participant: str
    revision: int
    allocation: dict[int, int]


def append_ballots(store: Store, ballots: Sequence[BallotRow]) -> None:
    """Append a batch of ballots in one transaction (one fdatasync for the lot): all of it, or none."""
    if not ballots:
        return
    now = voting.now()
    dots = [(ballot, position, count) for ballot in ballots for position, count in ballot.allocation.items()]
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO ballots SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]),"
            " unnest(?::INTEGER[]), ?",
            [
                [ballot.code for ballot in ballots],
                [ballot.round for ballot in ballots],
                [ballot.participant for ballot in ballots],
                [ballot.revision for ballot in ballots],
                now,
            ],
        )
        cursor.execute(
            "INSERT INTO ballot_dots SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]),"
            " unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::INTEGER[])",
            [
                [ballot.code for ballot, _, _ in dots],
                [ballot.round for ballot, _, _ in dots],
                [ballot.participant for ballot, _, _ in dots],
                [ballot.revision for ballot, _, _ in dots],
                [position for _, position, _ in dots],
                [count for _, _, count in dots],
            ],
        )


def latest_revision(store: Store, code: str, round_: int, participant: str) -> int:
    """The participant's latest revision in this round (0 if none)."""
    return int(
        store.scalar(
            "SELECT coalesce(max(revision), 0) FROM ballots WHERE code = ? AND round = ? AND participant = ?",
            [code, round_, participant],
        )
    )


def all_votes(store: Store) -> list[voting.Vote]:
    """Every vote with its options (for the ballot box at start)."""
    rows = store.rows(
        "SELECT v.code, v.title, v.dots_per_participant, v.max_per_option, v.status, v.show_results, v.round,"
        " v.created_at, o.position, o.driver_id, o.label_sv, o.label_en FROM votes v"
        " JOIN vote_options o ON o.code = v.code ORDER BY v.code, o.position"
    )
    grouped: dict[str, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return [
        voting.Vote(*group[0][:8], options=tuple(voting.VoteOption(*row[8:]) for row in group))
        for group in grouped.values()
    ]


def current_ballots(store: Store) -> list[BallotRow]:
    """Each participant's latest ballot in each vote's current round (for the ballot box at start)."""
    rows = store.rows(
        "WITH latest AS (SELECT b.code, b.round, b.participant, max(b.revision) AS revision FROM ballots b"
        " JOIN votes v ON v.code = b.code AND v.round = b.round GROUP BY b.code, b.round, b.participant)"
        " SELECT d.code, d.round, d.participant, d.revision, d.position, d.dots FROM ballot_dots d"
        " JOIN latest l USING (code, round, participant, revision) ORDER BY d.code, d.participant, d.position"
    )
    ballots: dict[tuple[str, str], BallotRow] = {}
    for code, round_, participant, revision, position, dots in rows:
        ballot = ballots.setdefault((code, participant), BallotRow(code, round_, participant, revision, {}))
        ballot.allocation[int(position)] = int(dots)
    return list(ballots.values())


def secret_hash(store: Store, code: str) -> str | None:
    """The stored hash of the vote's facilitator secret."""
    return store.scalar("SELECT secret_hash FROM votes WHERE code = ?", [code])


def secret_matches(stored_hash: str | None, secret: object) -> bool:
    """Whether `secret` is the facilitator secret whose hash is `stored_hash` (constant time)."""
    given = secret if isinstance(secret, str) and len(secret) <= 100 else ""
    return stored_hash is not None and hmac.compare_digest(voting.secret_digest(given), stored_hash)
