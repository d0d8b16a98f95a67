"""The ballots as the ballot box writes and reads them: append-only rows, committed in batches.

`foresight.vote.ballot_box` keeps the live votes in memory; this is its storage, the same on a
DuckDB file and on a PostgreSQL database shared by several app processes:

- `commit_batch` writes a batch of ballots in one transaction (one fsync for the lot). In that
  transaction it reads each vote's status and round under a shared row lock (PostgreSQL's
  `FOR SHARE`), so a close, an open or a new round committed by any process cannot interleave
  with a batch: a ballot in a batch committed before the close counts, one in a batch after it
  is refused. Revision numbers come from the database (the participant's latest + 1), so a phone
  whose ballots reach two processes still gets one ballot per revision; two processes that take
  the same next revision at once collide on the primary key and the later one tries again.
- Each batch gets a number (`ballot_batch_ids`), stored on its rows and sent in one
  notification at commit; the other processes read that batch (`batch_ballots`) to bring their
  tallies up to date.
- `all_votes` and `current_ballots` are what a box is built, and rebuilt after a lost
  connection, from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from foresight.store import Notice, Store
from foresight.vote import voting

_BALLOT_COLUMNS = ["code", "round", "participant", "revision", "submitted_at", "batch"]
_DOT_COLUMNS = ["code", "round", "participant", "revision", "position", "dots"]
_VOTE_COLUMNS = (
    "SELECT v.code, v.title, v.dots_per_participant, v.max_per_option, v.status, v.show_results, v.round,"
    " v.created_at, o.position, o.driver_id, o.label_sv, o.label_en, v.secret_hash, coalesce(v.changes, 0)"
    " FROM votes v JOIN vote_options o ON o.code = v.code"
)
_BATCH_READ = (
    "WITH states AS (SELECT code, status, round FROM votes WHERE code = ANY(?){share_lock}),"
    " batch AS MATERIALIZED (SELECT nextval('ballot_batch_ids') AS id)"
    " SELECT s.code, s.status, s.round, b.participant, max(b.revision), (SELECT id FROM batch)"
    " FROM states s LEFT JOIN ballots b ON b.code = s.code AND b.round = s.round AND b.participant = ANY(?)"
    " GROUP BY s.code, s.status, s.round, b.participant"
)
_CURRENT = (
    "WITH latest AS (SELECT b.code, b.round, b.participant, max(b.revision) AS revision FROM ballots b"
    " JOIN votes v ON v.code = b.code AND v.round = b.round{where} GROUP BY b.code, b.round, b.participant)"
    " SELECT d.code, d.round, d.participant, d.revision, d.position, d.dots FROM ballot_dots d"
    " JOIN latest l USING (code, round, participant, revision) ORDER BY d.code, d.participant, d.position"
)


@dataclass(frozen=True)
class BallotRow:
    """One stored ballot: its vote, round, participant hash, revision and {position: dots}."""

    code: str
    round: int
    participant: str
    revision: int
    allocation: dict[int, int]


@dataclass(frozen=True)
class Pending:
    """A ballot waiting for its batch: checked against the vote as it stood in `round`."""

    code: str
    participant: str
    allocation: dict[int, int]
    round: int


@dataclass(frozen=True)
class BatchResult:
    """What a batch's commit did: the stored rows (with their place in the batch) and the refusals."""

    stored: list[tuple[int, BallotRow]]
    refused: dict[int, str]  # place in the batch -> the error's i18n key
    batch: int | None


@dataclass(frozen=True)
class StoredVote:
    """A vote as the workspace holds it, with its secret's hash and its change count."""

    vote: voting.Vote
    secret_hash: str
    changes: int


def commit_batch(store: Store, pending: Sequence[Pending]) -> BatchResult:
    """Append the ballots the votes still take, in one transaction, and announce the batch at commit."""
    codes = sorted({ballot.code for ballot in pending})
    participants = sorted({ballot.participant for ballot in pending})
    with store.transaction(notice=Notice.QUIET) as cursor:
        # One round trip: each vote's status and round (held against a close until commit), each
        # participant's latest revision in that round, and the batch's number.
        found = cursor.execute(_BATCH_READ.format(share_lock=cursor.share_lock), [codes, participants]).fetchall()
        if not found:
            return BatchResult([], {place: "vote.error_closed" for place in range(len(pending))}, None)
        batch = int(found[0][5])
        states = {code: (status, round_) for code, status, round_, _, _, _ in found}
        latest = {(code, participant): int(revision) for code, _, _, participant, revision, _ in found if participant}
        refused: dict[int, str] = {}
        taken: list[tuple[int, Pending]] = []
        for place, ballot in enumerate(pending):
            status, round_ = states.get(ballot.code, ("missing", None))
            if status != "open":
                refused[place] = "vote.error_closed"
            elif round_ != ballot.round:
                refused[place] = "vote.error_new_round"
            else:
                taken.append((place, ballot))
        if not taken:
            return BatchResult([], refused, None)
        stored = []
        for place, ballot in taken:
            revision = latest.get((ballot.code, ballot.participant), 0) + 1
            latest[(ballot.code, ballot.participant)] = revision
            stored.append(
                (place, BallotRow(ballot.code, ballot.round, ballot.participant, revision, ballot.allocation))
            )
        now = voting.now()
        rows = [row for _, row in stored]
        cursor.insert_rows(
            "ballots", _BALLOT_COLUMNS, [(r.code, r.round, r.participant, r.revision, now, batch) for r in rows]
        )
        cursor.insert_rows(
            "ballot_dots",
            _DOT_COLUMNS,
            [(r.code, r.round, r.participant, r.revision, p, d) for r in rows for p, d in r.allocation.items()],
        )
        cursor.notify(Notice("ballots", {"batch": batch}, invalidates_kept=False))
    return BatchResult(stored, refused, batch)


def batch_ballots(store: Store, batch: int) -> list[BallotRow]:
    """The ballots of one committed batch (what another process announced)."""
    return _grouped(
        store.rows(
            "SELECT b.code, b.round, b.participant, b.revision, d.position, d.dots FROM ballots b"
            " JOIN ballot_dots d ON d.code = b.code AND d.round = b.round AND d.participant = b.participant"
            " AND d.revision = b.revision WHERE b.batch = ? ORDER BY b.code, b.participant, b.revision, d.position",
            [int(batch)],
        )
    )


def all_votes(store: Store, codes: Sequence[str] | None = None) -> list[StoredVote]:
    """Every vote (or those with these codes) with its options, secret hash and change count."""
    where, params = (" WHERE v.code = ANY(?)", [list(codes)]) if codes is not None else ("", [])
    grouped: dict[str, list[tuple]] = {}
    for row in store.rows(f"{_VOTE_COLUMNS}{where} ORDER BY v.code, o.position", params):
        grouped.setdefault(row[0], []).append(row)
    return [
        StoredVote(
            voting.Vote(*group[0][:8], options=tuple(voting.VoteOption(*row[8:12]) for row in group)),
            group[0][12],
            int(group[0][13]),
        )
        for group in grouped.values()
    ]


def current_ballots(store: Store, codes: Sequence[str] | None = None) -> list[BallotRow]:
    """Each participant's latest ballot in each vote's current round (every vote, or these)."""
    where, params = (" WHERE v.code = ANY(?)", [list(codes)]) if codes is not None else ("", [])
    return _grouped(store.rows(_CURRENT.format(where=where), params))


def participant_ballot(store: Store, code: str, participant: str) -> list[BallotRow]:
    """One participant's latest ballot in the vote's current round (none or one row)."""
    where = " WHERE v.code = ? AND b.participant = ?"
    return _grouped(store.rows(_CURRENT.format(where=where), [code, participant]))


def _grouped(rows: list[tuple]) -> list[BallotRow]:
    ballots: dict[tuple[str, str, int], BallotRow] = {}
    for code, round_, participant, revision, position, dots in rows:
        key = (code, participant, int(revision))
        ballot = ballots.setdefault(key, BallotRow(code, int(round_), participant, int(revision), {}))
        ballot.allocation[int(position)] = int(dots)
    return list(ballots.values())


def secret_matches(stored_hash: str | None, secret: object) -> bool:
    """Whether `secret` is the facilitator (or owner) secret of the vote whose hash is `stored_hash`."""
    return voting.secret_matches(stored_hash, secret)
