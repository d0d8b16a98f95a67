"""The live vote in memory: vote definitions and running tallies, and one writer that commits ballots in batches.

Design for a hall of 1,000 phones, on one process and a DuckDB file or on several processes
sharing one PostgreSQL database (server mode):

- Reading costs no database round trip. Each vote, its status and each participant's latest
  ballot of the current round live here; the phones' page, the shared screen and the
  facilitator read the tally from memory.
- Ballots are appended by ONE writer thread per process. It takes whatever is queued, and what
  arrives within `LINGER_SECONDS` (up to `BATCH_MAX`), and commits it in one transaction
  (`ballot_log.commit_batch`: group commit). A phone's future resolves, and the phone hears
  "received", only after the commit of its batch, and after the in-memory tally holds it: the
  screen never lags an acknowledgement.
- "Closed" is a fact in the database: the batch reads each vote's status and round in its own
  transaction, under a shared lock where several processes write (so a close committed by any
  process and a batch cannot interleave). Revision numbers come from the database too. The
  facilitator's changes run on the same writer, in queue order with this process's ballots.
- The other processes hear one notification per committed batch and read that batch to bring
  their tallies up to date (a ballot is applied only if its revision is newer than the one held,
  so hearing a batch twice changes nothing); any other write makes them read the vote
  definitions again and wake their phones' long polls where a vote changed. After a lost
  connection everything is read again (`_resync`): tallies only ever move forward.
- Participant tokens are signed for one vote with the workspace's key (`participant_tokens.sign_participant`),
  and each is admitted first against the vote's expected size (`joins.admit_joins`), on the same
  writer: the joins waiting at a commit are admitted in one transaction, and the count holds
  across processes.

Callers on an event loop await the futures (`asyncio.wrap_future`); the lock here is held for
microseconds (never across database work), so reading from the loop does not block it.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from foresight.errors import ForesightError, NotFoundError, PermissionDeniedError, StorageError
from foresight.store import Notice, Store
from foresight.vote import ballot_log, joins, participant_tokens, voting
from foresight.vote.ballot_log import BallotRow, Pending
from foresight.vote.tallies import LiveTally, LiveVote
from foresight.vote.voting import BallotReceipt, Vote, VoteClosedError, VoteInputError
from foresight.workspace import shared_store

BATCH_MAX = 512  # ballots per commit at most; a burst of 300 is one or two commits
LINGER_SECONDS = 0.002  # a batch waits this long for more (a commit costs the same for 1 ballot as for 50)
JOIN_COUNT_SECONDS = 1.0  # the screen and the facilitator read joined vs expected at most this often
RETRY_SECONDS = 30.0  # a batch waits this long for a database that restarts before its phones hear an error
_LOG = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class _Ballot:
    pending: Pending
    future: Future


@dataclass
class _Join:
    code: str
    future: Future


@dataclass
class _Command:
    action: Callable[[], object]
    future: Future


_STOP = object()


class BallotBox:
    """The votes of one workspace, live. Create one per process (`shared_ballot_box`) and `close()` it at the end."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._key = participant_tokens.participant_key(store)
        self._lock = threading.Lock()
        self._votes: dict[str, LiveVote] = {}
        self._listeners: list[Callable[[str], None]] = []
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._join_counts: dict[str, tuple[float, joins.JoinCount]] = {}
        self._behind = False  # a notice could not be followed: read everything again at the next one
        # Listen first, then read: a batch committed after the read is heard, one before is in it.
        store.listen(self._heard, self._resync)
        store.wait_listening()
        self._refresh_votes()
        self._merge(ballot_log.current_ballots(store))
        self._writer = threading.Thread(target=self._write_loop, name="framsyn-ballot-writer", daemon=True)
        self._writer.start()

    # -- keeping up with the workspace ---------------------------------------------------------

    def _refresh_votes(self, codes: list[str] | None = None) -> list[str]:
        """Read the vote definitions (all, or these) again; the codes whose state changed.

        A state is taken only if its change count is not behind the one held (two threads may
        refresh at once); a new round empties the tally and reads that round's ballots.
        """
        changed: list[str] = []
        new_rounds: list[str] = []
        stored = ballot_log.all_votes(self.store, codes)
        with self._lock:
            for item in stored:
                live = self._votes.get(item.vote.code)
                if live is None:
                    self._votes[item.vote.code] = LiveVote(item.vote, item.secret_hash, item.changes)
                    changed.append(item.vote.code)
                    continue
                if item.changes < live.changes or (item.changes == live.changes and item.vote == live.vote):
                    continue
                if item.vote.round != live.vote.round:
                    live.clear()
                    new_rounds.append(item.vote.code)
                live.vote, live.secret_hash, live.changes = item.vote, item.secret_hash, item.changes
                changed.append(item.vote.code)
        if new_rounds:
            self._merge(ballot_log.current_ballots(self.store, new_rounds))
        return changed

    def _merge(self, rows: list[BallotRow]) -> None:
        """Count stored ballots of each vote's current round (newer revisions only)."""
        with self._lock:
            for row in rows:
                live = self._votes.get(row.code)
                if live is not None and row.round == live.vote.round:
                    live.apply(row.participant, row.revision, row.allocation)

    def _heard(self, notice: Notice) -> None:
        """Another process committed something (called from the store's listener thread).

        If reading what it committed fails, everything is read again with the next notice.
        """
        try:
            if self._behind:
                self._resync()
            self._catch_up(notice)
        except StorageError:
            self._behind = True
            raise

    def _catch_up(self, notice: Notice) -> None:
        if notice.kind == "ballots":
            rows = ballot_log.batch_ballots(self.store, int(notice.data.get("batch", 0)))
            with self._lock:
                behind = sorted(
                    {
                        row.code
                        for row in rows
                        if row.code not in self._votes or row.round > self._votes[row.code].vote.round
                    }
                )
            if behind:
                self._refresh_votes(behind)
            self._merge(rows)
            return
        for code in self._refresh_votes():
            self._notify(code)

    def _resync(self) -> None:
        """Notices may have been missed (a lost connection): read every vote and every current ballot again."""
        changed = self._refresh_votes()
        self._merge(ballot_log.current_ballots(self.store))
        self._behind = False
        for code in changed:
            self._notify(code)

    def _live(self, code: object) -> LiveVote:
        canonical = voting.normalise_code(code)
        live = self._votes.get(canonical) if canonical else None
        if live is None:
            raise NotFoundError("vote.error_unknown_code")
        return live

    # -- reading (memory only) -----------------------------------------------------------------

    def vote(self, code: object) -> Vote:
        """The vote with this join code, or NotFoundError."""
        with self._lock:
            return self._live(code).vote

    def snapshot(self, code: object) -> LiveTally:
        """The vote and its running tally, read together."""
        with self._lock:
            live = self._live(code)
            return LiveTally(live.vote, len(live.ballots), dict(live.dots), dict(live.supporters), live.changes)

    def tally(self, code: object, lang: str) -> pd.DataFrame:
        return self.snapshot(code).frame(lang)

    def participant_count(self, code: object) -> int:
        with self._lock:
            return len(self._live(code).ballots)

    def ballot_of(self, code: object, token: str) -> dict[int, int]:
        """This participant's stored ballot in the current round ({} if none or the token is not ours)."""
        with self._lock:
            live = self._live(code)
            if not participant_tokens.verify_participant(self._key, live.vote.code, token):
                return {}
            stored = live.ballots.get(voting.participant_hash(token))
            return dict(stored[1]) if stored else {}

    def read_ballot_of(self, code: object, token: str) -> dict[int, int]:
        """This participant's ballot as stored, read from the database (blocking: call from a worker thread).

        With several processes (server mode) the ballot may have been taken by another process a
        moment ago, and its notice may not have been heard yet (or was lost while the database
        restarted): a reload reads the database, and the tally here is brought up to date with it.
        """
        if not self.token_is_valid(code, token):
            return {}
        canonical = self.vote(code).code
        self._merge(ballot_log.participant_ballot(self.store, canonical, voting.participant_hash(token)))
        return self.ballot_of(canonical, token)

    # -- participants --------------------------------------------------------------------------

    def join(self, code: object) -> Future:
        """A new participant for this vote: the future gives its signed token, or VoteFullError.

        Admitted against the vote's expected size on the writer (`joins.admit_joins`); the only
        way a participant token is made.
        """
        future: Future = Future()
        self._queue.put(_Join(self.vote(code).code, future))
        return future

    def issue_token(self, code: object) -> str:
        """A new signed participant token for this vote, once admitted (waits; VoteFullError beyond the limit)."""
        return self.join(code).result(timeout=RETRY_SECONDS * 2)

    def token_is_valid(self, code: object, token: object) -> bool:
        return participant_tokens.verify_participant(self._key, self.vote(code).code, token)

    def submit(self, code: object, token: object, allocation: Mapping[int, object]) -> Future:
        """Queue a ballot; the future gives its BallotReceipt after the commit, or the error that refused it.

        Rules are checked here, before queueing (a refused ballot costs no write); the vote's
        status and round are checked again in the batch's transaction, in order with any close.
        """
        vote = self.vote(code)
        if not participant_tokens.verify_participant(self._key, vote.code, token):
            raise VoteInputError("vote.error_token")
        if not vote.is_open:
            raise VoteClosedError("vote.error_closed")
        dots = voting.check_allocation(vote, allocation)
        future: Future = Future()
        self._queue.put(_Ballot(Pending(vote.code, voting.participant_hash(token), dots, vote.round), future))
        return future

    # -- the facilitator -----------------------------------------------------------------------

    def create_vote(self, title: str, options, **rules: object) -> voting.CreatedVote:
        """Create a draft vote (see `voting.create_vote`) and take it into memory."""
        created = voting.create_vote(self.store, title, options, **rules)
        self._refresh_votes([created.code])
        return created

    def verify_secret(self, code: object, secret: object) -> Vote:
        """The vote, if `secret` is its facilitator secret; else PermissionDeniedError."""
        with self._lock:
            live = self._live(code)
            if not ballot_log.secret_matches(live.secret_hash, secret):
                raise PermissionDeniedError("vote.error_forbidden")
            return live.vote

    def set_status(self, code: object, secret: object, status: str) -> Vote:
        """Open, close or reopen, in order with the queued ballots; returns after the change is stored."""
        vote = self.verify_secret(code, secret)
        return self._command(vote.code, lambda: voting.set_status(self.store, vote.code, secret, status))

    def set_show_results(self, code: object, secret: object, show: bool) -> Vote:
        vote = self.verify_secret(code, secret)
        return self._command(vote.code, lambda: voting.set_show_results(self.store, vote.code, secret, show))

    def reset(self, code: object, secret: object) -> Vote:
        """Start a new, empty round (the earlier round's ballots stay in the workspace)."""
        vote = self.verify_secret(code, secret)
        return self._command(vote.code, lambda: voting.reset_vote(self.store, vote.code, secret))

    def set_expected(self, code: object, secret: object, expected: object) -> Vote:
        """The number of participants the vote expects (beyond it, joins come slowly)."""
        vote = self.verify_secret(code, secret)
        changed = self._command(vote.code, lambda: joins.set_expected(self.store, vote.code, str(secret), expected))
        self._join_counts.pop(vote.code, None)
        return changed

    def join_count(self, code: object) -> joins.JoinCount:
        """Joined against expected (read from the workspace at most once a second per vote: every process counts)."""
        canonical = self.vote(code).code
        now = time.monotonic()
        found = self._join_counts.get(canonical)
        if found is None or now - found[0] > JOIN_COUNT_SECONDS:
            found = self._join_counts[canonical] = (now, joins.join_count(self.store, canonical))
        return found[1]

    def change_vote(self, code: object, secret: object, change: Callable[[Store, str, str], Vote]) -> Vote:
        """Run another module's change to a vote (e.g. a collection round's new options) in order with the ballots."""
        vote = self.verify_secret(code, secret)
        return self._command(vote.code, lambda: change(self.store, vote.code, str(secret)))

    def _command(self, code: str, change: Callable[[], Vote]) -> Vote:
        def action() -> Vote:
            change()
            self._refresh_votes([code])
            with self._lock:
                return self._votes[code].vote

        future: Future = Future()
        self._queue.put(_Command(action, future))
        vote = future.result()
        self._notify(code)
        return vote

    def add_listener(self, listener: Callable[[str], None]) -> None:
        """Call `listener(code)` after a vote's status, visibility or round changed (here or in another process)."""
        self._listeners.append(listener)

    def _notify(self, code: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(code)
            except Exception:  # a listener's failure (e.g. a closed event loop) must not fail the change
                _LOG.exception("vote listener failed")

    # -- the writer ----------------------------------------------------------------------------

    def _write_loop(self) -> None:
        while True:
            item = self._queue.get()
            batch = [item]
            linger_until = time.monotonic() + LINGER_SECONDS
            while len(batch) < BATCH_MAX:
                try:
                    batch.append(self._queue.get(timeout=max(0.0, linger_until - time.monotonic())))
                except queue.Empty:
                    break
            self._admit([item for item in batch if isinstance(item, _Join)])
            ballots: list[_Ballot] = []
            for item in batch:
                if isinstance(item, _Join):
                    continue
                if isinstance(item, _Ballot):
                    ballots.append(item)
                    continue
                self._commit(ballots)
                ballots = []
                if item is _STOP:
                    return
                self._run(item)
            self._commit(ballots)

    def _run(self, command: _Command) -> None:
        try:
            command.future.set_result(command.action())
        except BaseException as error:  # noqa: BLE001 - handed to the caller, who shows it
            command.future.set_exception(error)

    def _commit(self, ballots: list[_Ballot]) -> None:
        if not ballots:
            return
        try:
            try:
                result = self._commit_retrying([ballot.pending for ballot in ballots])
            except StorageError:
                self._commit_one_by_one(ballots)  # one bad ballot must not sink the batch
                return
            self._settle(ballots, result)
        except Exception as error:  # the writer must outlive any surprise: no phone may wait forever
            _LOG.exception("ballot batch failed")
            for ballot in ballots:
                if not ballot.future.done():
                    ballot.future.set_exception(StorageError("error.storage_write", detail=repr(error)))

    def _admit(self, waiting: list[_Join]) -> None:
        """Admit the joins of a batch in one transaction; each gets a token or VoteFullError."""
        if not waiting:
            return
        wanted: dict[str, int] = {}
        for item in waiting:
            wanted[item.code] = wanted.get(item.code, 0) + 1
        try:
            admitted = self._retrying(lambda: joins.admit_joins(self.store, wanted))
        except Exception as error:  # the writer must outlive any surprise: no phone may wait forever
            if not isinstance(error, ForesightError):
                _LOG.exception("joins failed")
                error = StorageError("error.storage_write", detail=repr(error))
            for item in waiting:
                item.future.set_exception(error)
            return
        for code in wanted:  # this process's own joins show at once; another's within a second
            self._join_counts.pop(code, None)
        for item in waiting:
            if admitted.get(item.code, 0) > 0:
                admitted[item.code] -= 1
                item.future.set_result(participant_tokens.sign_participant(self._key, item.code))
            else:
                item.future.set_exception(joins.VoteFullError("join.full"))

    def _commit_retrying(self, pending: list[Pending]) -> ballot_log.BatchResult:
        """Commit a batch; again after a lost connection (up to RETRY_SECONDS) or a revision another process took."""
        return self._retrying(lambda: ballot_log.commit_batch(self.store, pending))

    def _retrying(self, write: Callable[[], T]) -> T:
        """Run a write; again after a lost connection (up to RETRY_SECONDS) or a conflict with another process."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay, conflicts = 0.05, 0
        while True:
            try:
                return write()
            except StorageError as error:
                if error.conflict and conflicts < 20:
                    conflicts += 1
                    continue
                if not error.transient or time.monotonic() > deadline:
                    raise
                _LOG.warning("ballot batch waits for the database: %s", error.params.get("detail"))
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def _settle(self, ballots: list[_Ballot], result: ballot_log.BatchResult) -> None:
        """Count the stored ballots, then answer every phone of the batch."""
        self._merge([row for _, row in result.stored])
        if result.refused:  # this process had missed a change: catch up, and tell its phones
            for code in self._refresh_votes(sorted({ballots[place].pending.code for place in result.refused})):
                self._notify(code)
        for place, key in result.refused.items():
            ballots[place].future.set_exception(VoteClosedError(key))
        for place, row in result.stored:
            ballots[place].future.set_result(
                BallotReceipt(row.code, row.revision, sum(row.allocation.values()), dict(row.allocation))
            )

    def _commit_one_by_one(self, ballots: list[_Ballot]) -> None:
        """After a failed batch: each ballot in a batch of its own."""
        for ballot in ballots:
            try:
                result = self._commit_retrying([ballot.pending])
            except ForesightError as error:
                ballot.future.set_exception(error)
                continue
            self._settle([ballot], result)

    def close(self) -> None:
        """Write what is queued, stop the writer (the store stays open: it belongs to the caller)."""
        self._queue.put(_STOP)
        self._writer.join(timeout=30)


_boxes: dict[int, BallotBox] = {}
_boxes_lock = threading.Lock()


def ballot_box_for(store: Store) -> BallotBox:
    """The one ballot box of this open workspace (made on first use: it reads the votes and ballots)."""
    with _boxes_lock:
        box = _boxes.get(id(store))
        if box is None or box.store is not store:
            box = _boxes[id(store)] = BallotBox(store)
        return box


def shared_ballot_box(path: str | os.PathLike[str] | None = None) -> BallotBox:
    """The process's ballot box for the workspace at `path` (default $FRAMSYN_DB), shared by pages and routes."""
    return ballot_box_for(shared_store(path))
