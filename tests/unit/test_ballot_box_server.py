"""The live vote across app processes on one PostgreSQL database (server mode).

Each `Store` opened on the database is a process of its own here: its own connection pool, its
own listener, its own ballot box; they share nothing but the database, as two `streamlit run`
processes do. (tests/e2e/test_server_mode.py runs the real processes behind the proxy.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from foresight.errors import NotFoundError, StorageError
from foresight.store import Store
from foresight.vote import ballot_log, joins, voting
from foresight.vote.ballot_box import BallotBox
from foresight.vote.voting import OptionInput, VoteClosedError
from tests.conftest import SEEDED_TEMPLATE
from tests.support import postgres

OPTIONS = [OptionInput(label=f"Drivkraft {n}") for n in range(5)]


def eventually(check: Callable[[], bool], seconds: float = 2.0) -> float:
    """Wait until `check()` holds; how long it took (fails after `seconds`: the acceptance latency)."""
    start = time.monotonic()
    while not _holds(check):
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.01)
    return time.monotonic() - start


def _holds(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except NotFoundError:  # the other process has not heard of the vote yet (a loaded machine)
        return False


@pytest.fixture
def database(postgres_server: postgres.Server) -> Iterator[str]:
    with postgres_server.fresh_database(SEEDED_TEMPLATE) as url:
        yield url


@pytest.fixture
def two(database: str) -> Iterator[tuple[BallotBox, BallotBox]]:
    """Process A and process B: two stores and two ballot boxes on one database."""
    with Store(database) as first, Store(database) as second:
        a, b = BallotBox(first), BallotBox(second)
        try:
            yield a, b
        finally:
            a.close()
            b.close()


def stored_ballots(url: str, code: str) -> dict[str, dict[int, int]]:
    with Store(url) as store:
        return {row.participant: row.allocation for row in ballot_log.current_ballots(store, [code])}


def test_a_ballot_taken_by_one_process_is_on_the_others_screen_within_two_seconds(two) -> None:
    a, b = two
    created = a.create_vote("Vilka drivkrafter?", OPTIONS)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)  # B heard of the vote and its opening
    token = a.issue_token(created.code)
    assert b.token_is_valid(created.code, token)  # one workspace key: a token works on every process
    a.submit(created.code, token, {0: 2, 3: 1}).result(timeout=10)
    waited = eventually(lambda: b.snapshot(created.code).participants == 1)
    assert waited < 2.0
    assert b.ballot_of(created.code, token) == {0: 2, 3: 1}
    assert b.tally(created.code, "sv").equals(a.tally(created.code, "sv"))


def test_a_reload_shows_the_stored_ballot_even_when_its_notice_was_never_heard(two, database: str) -> None:
    """A notice lost while the database restarted must not leave a phone looking at its old ballot."""
    a, b = two
    created = a.create_vote("Omladdning", OPTIONS)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)
    token = a.issue_token(created.code)
    round_ = b.vote(created.code).round
    with psycopg.connect(database, autocommit=True) as raw:  # stored with no NOTIFY: B hears nothing
        participant = voting.participant_hash(token)
        raw.execute(
            "INSERT INTO ballots (code, round, participant, revision, submitted_at, batch)"
            " VALUES (%s, %s, %s, 1, now(), 0)",
            [created.code, round_, participant],
        )
        raw.execute(
            "INSERT INTO ballot_dots (code, round, participant, revision, position, dots) VALUES"
            " (%s, %s, %s, 1, 2, 2), (%s, %s, %s, 1, 4, 1)",
            [created.code, round_, participant] * 2,
        )
    assert b.ballot_of(created.code, token) == {}  # memory alone has not heard of it
    assert b.read_ballot_of(created.code, token) == {2: 2, 4: 1}
    assert b.snapshot(created.code).participants == 1  # and the tally here has caught up with it
    assert b.read_ballot_of(created.code, "not-a-token") == {}


def test_a_close_on_one_process_refuses_the_next_ballot_on_the_other(two, database: str) -> None:
    a, b = two
    created = a.create_vote("Stängs på B", OPTIONS)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)
    token = a.issue_token(created.code)
    a.submit(created.code, token, {1: 1}).result(timeout=10)
    b.set_status(created.code, created.secret, "closed")
    with pytest.raises(VoteClosedError):  # refused at once (A heard) or by its batch (the database says so)
        a.submit(created.code, a.issue_token(created.code), {2: 1}).result(timeout=10)
    assert len(stored_ballots(database, created.code)) == 1
    eventually(lambda: not a.vote(created.code).is_open)


def test_closed_is_a_database_fact_even_for_a_process_that_has_not_heard(database: str) -> None:
    with Store(database) as store:
        created = voting.create_vote(store, "Stängd i databasen", OPTIONS)
        voting.set_status(store, created.code, created.secret, "open")
        round_ = voting.get_vote(store, created.code).round
        voting.set_status(store, created.code, created.secret, "closed")
        # A batch checked against the vote as it stood open: the database refuses it in the same transaction.
        result = ballot_log.commit_batch(store, [ballot_log.Pending(created.code, "p" * 64, {0: 1}, round_)])
        assert result.stored == [] and result.refused == {0: "vote.error_closed"}
        voting.set_status(store, created.code, created.secret, "open")
        voting.reset_vote(store, created.code, created.secret)
        result = ballot_log.commit_batch(store, [ballot_log.Pending(created.code, "p" * 64, {0: 1}, round_)])
        assert result.refused == {0: "vote.error_new_round"}


def test_a_close_and_a_stream_of_ballots_never_interleave(two, database: str) -> None:
    """Ballots pour into A while B closes: every acknowledged ballot is stored, every stored one was
    acknowledged, and no ballot is stored after the close."""
    a, b = two
    created = a.create_vote("Ström", OPTIONS)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)
    acknowledged: list[str] = []
    refused: list[str] = []
    stop = threading.Event()

    def pour() -> None:
        while not stop.is_set():
            token = a.issue_token(created.code)
            try:
                a.submit(created.code, token, {0: 1}).result(timeout=10)
                acknowledged.append(voting.participant_hash(token))
            except VoteClosedError:
                refused.append(token)
                return

    threads = [threading.Thread(target=pour) for _ in range(4)]
    for thread in threads:
        thread.start()
    eventually(lambda: len(acknowledged) >= 40, seconds=30)
    b.set_status(created.code, created.secret, "closed")
    for thread in threads:
        thread.join(timeout=30)
    stop.set()
    assert refused, "some ballots came after the close"
    # Stored exactly when acknowledged: nothing after the close slipped in, nothing before it was lost.
    assert set(stored_ballots(database, created.code)) == set(acknowledged)


def test_one_phone_on_two_processes_gets_one_ballot_per_revision(two, database: str) -> None:
    a, b = two
    created = a.create_vote("Samma telefon", OPTIONS, dots_per_participant=1)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)
    tokens = [a.issue_token(created.code) for _ in range(10)]

    def change(n: int) -> None:
        box = a if n % 2 else b  # a phone's posts go round-robin over the processes
        box.submit(created.code, tokens[n % 10], {n % 5: 1}).result(timeout=30)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(change, range(200)))
    with Store(database) as store:
        revisions = store.rows(
            "SELECT participant, count(*), max(revision) FROM ballots WHERE code = ? GROUP BY participant",
            [created.code],
        )
    assert len(revisions) == 10 and all(count == 20 and latest == 20 for _, count, latest in revisions)
    stored = stored_ballots(database, created.code)
    eventually(lambda: a.snapshot(created.code).dots == b.snapshot(created.code).dots)
    expected: dict[int, int] = {}
    for allocation in stored.values():
        for position, dots in allocation.items():
            expected[position] = expected.get(position, 0) + dots
    assert a.snapshot(created.code).dots == expected == b.snapshot(created.code).dots


def test_a_process_that_lost_its_notices_reads_everything_again(two, database: str) -> None:
    a, b = two
    created = a.create_vote("Tappad förbindelse", OPTIONS)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)
    with psycopg.connect(database, autocommit=True) as admin:  # cut every LISTEN connection, as a network blip would
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE query LIKE 'LISTEN%' AND datname = current_database()"
        )
        for _ in range(5):
            a.submit(created.code, a.issue_token(created.code), {1: 2}).result(timeout=10)
    eventually(lambda: b.snapshot(created.code).participants == 5, seconds=10)
    assert b.snapshot(created.code).dots == {1: 10}


def test_kept_values_are_read_again_after_another_process_writes(database: str) -> None:
    with Store(database) as first, Store(database) as second:
        loads = []

        def load(store: Store) -> int:
            loads.append(1)
            return int(store.scalar("SELECT count(*) FROM sources"))

        def read_from_memory() -> bool:
            count = len(loads)
            first.kept("sources", load)
            return len(loads) == count

        before = first.kept("sources", load)
        # Kept: once the listener is up (its first connection may count as a resync and read
        # again), a second call reads nothing.
        eventually(read_from_memory)
        assert first.kept("sources", load) == before
        with second.transaction() as cursor:
            cursor.execute("INSERT INTO sources (id, title) VALUES ('ny-källa', 'Ny källa')")
        eventually(lambda: first.kept("sources", load) == before + 1)


def test_ballots_keep_coming_through_a_database_restart(postgres_cluster: postgres.Cluster) -> None:
    """A fast restart of PostgreSQL under load: batches wait and retry, nothing acknowledged is lost,
    and both processes' tallies catch up with the database."""
    server = postgres.Server(postgres_cluster.url)
    with server.fresh_database() as url:
        with Store(url) as seed:
            created = voting.create_vote(seed, "Omstart av databasen", OPTIONS)
            voting.set_status(seed, created.code, created.secret, "open")
        with Store(url) as first, Store(url) as second:
            a, b = BallotBox(first), BallotBox(second)
            acknowledged: dict[str, dict[int, int]] = {}
            failed: list[BaseException] = []
            stop = threading.Event()

            def vote(box: BallotBox, n: int) -> None:
                while not stop.is_set():
                    token = box.issue_token(created.code)
                    ballot = {n % 5: 1}
                    try:
                        box.submit(created.code, token, ballot).result(timeout=60)
                    except StorageError as error:
                        failed.append(error)
                        continue
                    acknowledged[voting.participant_hash(token)] = ballot
                    time.sleep(0.01)

            threads = [threading.Thread(target=vote, args=(box, n)) for n, box in enumerate([a, b, a, b])]
            for thread in threads:
                thread.start()
            try:
                eventually(lambda: len(acknowledged) >= 20, seconds=30)
                postgres_cluster.restart()
                count = len(acknowledged)
                eventually(lambda: len(acknowledged) >= count + 20, seconds=60)  # votes go on after the restart
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=90)
            assert failed == []  # the restart took seconds: every batch waited for it
            stored = stored_ballots(url, created.code)
            assert stored == acknowledged
            eventually(lambda: a.snapshot(created.code).participants == len(stored), seconds=15)
            eventually(lambda: b.snapshot(created.code).participants == len(stored), seconds=15)
            a.close()
            b.close()


def test_two_processes_admit_joins_against_one_count(two) -> None:
    """The expected size holds across processes: phones joining through A and B at once share it."""
    a, b = two
    created = a.create_vote("Två processer", OPTIONS, expected_participants=20)
    a.set_status(created.code, created.secret, "open")
    eventually(lambda: b.vote(created.code).is_open)  # B heard of the vote before its phones come

    def join(box: BallotBox) -> bool:
        try:
            box.issue_token(created.code)
        except joins.VoteFullError:
            return False
        return True

    with ThreadPoolExecutor(8) as pool:
        admitted = list(pool.map(join, [a, b] * 30))
    assert sum(admitted) == 20 + joins.SPARE_BURST
    with Store(a.store.location) as store:
        assert joins.join_count(store, created.code).joined == 20 + joins.SPARE_BURST
