"""The ballot box on a real DuckDB workspace: tallies in memory, one batching writer, signed tokens, close order."""

from __future__ import annotations

import math
import secrets
import threading

import pytest

from foresight.errors import NotFoundError, PermissionDeniedError
from foresight.vote import participant_tokens, voting
from foresight.vote.ballot_box import BallotBox
from foresight.vote.voting import OptionInput, VoteClosedError, VoteInputError
from foresight.web.participant import parse_ballot
from foresight.web.rate_limit import RateLimiter


@pytest.fixture
def box(seeded_store):
    opened = BallotBox(seeded_store)
    yield opened
    opened.close()


def new_vote(box: BallotBox, dots: int = 3, cap: int = 3, options: int = 5, open_it: bool = True):
    created = box.create_vote(
        "Vilka drivkrafter?",
        [OptionInput(label=f"Drivkraft {n}") for n in range(options)],
        dots_per_participant=dots,
        max_per_option=cap,
        expected_participants=300,  # a hall of 300 phones
    )
    if open_it:
        box.set_status(created.code, created.secret, "open")
    return created


def by_position(frame) -> dict[int, tuple[int, int]]:
    return {int(row.position): (int(row.dots), int(row.participants)) for row in frame.itertuples()}


def test_memory_tally_matches_the_workspace_and_survives_a_restart(seeded_store, box) -> None:
    created = new_vote(box)
    tokens = [box.issue_token(created.code) for _ in range(6)]
    for n, token in enumerate(tokens):
        box.submit(created.code, token, {n % 5: 2, (n + 1) % 5: 1}).result(timeout=10)
    changed = box.submit(created.code, tokens[0], {4: 3}).result(timeout=10)  # change my ballot
    assert changed.revision == 2
    assert box.ballot_of(created.code, tokens[0]) == {4: 3}
    assert box.participant_count(created.code) == 6

    in_memory = by_position(box.tally(created.code, "sv"))
    assert in_memory == by_position(voting.tally(seeded_store, created.code, "sv"))
    assert sum(dots for dots, _ in in_memory.values()) == 18
    assert list(box.tally(created.code, "en")["rank"]) == [1, 2, 3, 4, 5]

    box.close()
    again = BallotBox(seeded_store)  # a restart: rebuilt from the ballots table
    try:
        assert by_position(again.tally(created.code, "sv")) == in_memory
        assert again.ballot_of(created.code, tokens[0]) == {4: 3}
        assert again.submit(created.code, tokens[0], {0: 1}).result(timeout=10).revision == 3
    finally:
        again.close()


@pytest.mark.slow  # hundreds of threads at once: a load test, in the full suite
def test_concurrent_ballots_are_committed_in_batches_and_all_counted(seeded_store, box) -> None:
    created = new_vote(box)
    tokens = [box.issue_token(created.code) for _ in range(300)]
    gate = threading.Barrier(30)
    errors: list[BaseException] = []

    def phones(worker: int) -> None:
        gate.wait()
        futures = [box.submit(created.code, token, {worker % 5: 1, 4: 2}) for token in tokens[worker::30]]
        for future in futures:
            try:
                future.result(timeout=30)
            except BaseException as error:  # noqa: BLE001 - asserted below
                errors.append(error)

    threads = [threading.Thread(target=phones, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert voting.participant_count(seeded_store, created.code) == 300
    assert box.participant_count(created.code) == 300
    assert by_position(box.tally(created.code, "sv"))[4] == (600, 300)
    commits = seeded_store.scalar("SELECT count(DISTINCT submitted_at) FROM ballots WHERE code = ?", [created.code])
    assert commits < 300  # a batch shares one commit (and one timestamp): group commit happened


@pytest.mark.slow  # hundreds of threads at once: a load test, in the full suite
def test_no_ballot_is_acknowledged_after_the_close(seeded_store, box) -> None:
    created = new_vote(box)
    tokens = [box.issue_token(created.code) for _ in range(200)]
    before = [box.submit(created.code, token, {0: 1}) for token in tokens[:100]]
    closing = threading.Thread(target=box.set_status, args=(created.code, created.secret, "closed"))
    closing.start()
    after = []
    for token in tokens[100:]:
        try:
            after.append(box.submit(created.code, token, {1: 1}))
        except VoteClosedError:
            pass  # refused before queueing: the close was already in memory
    closing.join()
    settled_by_close = {id(future) for future in after if future.done()}
    late = [future for future in after if id(future) not in settled_by_close]
    assert all(isinstance(future.exception(timeout=10), VoteClosedError) for future in late)  # none acknowledged
    assert all(future.result(timeout=10).dots == 1 for future in before)  # queued before the close: stored
    acknowledged = sum(1 for future in after if future.exception(timeout=10) is None)
    refused = [future.exception() for future in after if future.exception() is not None]
    assert all(isinstance(error, VoteClosedError) for error in refused)
    # Whatever was acknowledged is in the workspace, and nothing was stored after the close.
    stored = voting.participant_count(seeded_store, created.code)
    assert stored == 100 + acknowledged == box.participant_count(created.code)
    with pytest.raises(VoteClosedError):
        box.submit(created.code, tokens[150], {0: 1})
    assert voting.get_vote(seeded_store, created.code).status == "closed"


def test_draft_refuses_and_reset_empties_the_round(seeded_store, box) -> None:
    created = new_vote(box, open_it=False)
    token = box.issue_token(created.code)
    with pytest.raises(VoteClosedError):
        box.submit(created.code, token, {0: 1})
    before = box.snapshot(created.code).changes
    box.set_status(created.code, created.secret, "open")
    assert box.snapshot(created.code).changes == before + 1
    box.submit(created.code, token, {0: 1}).result(timeout=10)
    box.reset(created.code, created.secret)
    assert box.participant_count(created.code) == 0 and box.ballot_of(created.code, token) == {}
    assert box.vote(created.code).round == 2
    assert seeded_store.scalar("SELECT count(*) FROM ballots WHERE code = ?", [created.code]) == 1


def test_listeners_hear_every_facilitator_change(box) -> None:
    created = new_vote(box, open_it=False)
    heard: list[str] = []
    box.add_listener(heard.append)
    box.set_status(created.code, created.secret, "open")
    box.set_show_results(created.code, created.secret, True)
    box.set_status(created.code, created.secret, "closed")
    assert heard == [created.code] * 3


def test_forged_and_foreign_tokens_are_refused(seeded_store, box) -> None:
    first, second = new_vote(box), new_vote(box)
    genuine = box.issue_token(first.code)
    forged = [
        "A" * 40,
        genuine[:16] + "B" * 24,  # a real id with an invented signature
        genuine[:-1] + ("A" if genuine[-1] != "A" else "B"),
        box.issue_token(second.code),  # signed, but for another vote
        secrets.token_urlsafe(16),  # the old unsigned kind
        "",
        None,
        "x" * 10_000,
    ]
    for token in forged:
        assert not box.token_is_valid(first.code, token)
        with pytest.raises(VoteInputError) as refused:
            box.submit(first.code, token, {0: 1})
        assert refused.value.key == "vote.error_token"
    assert box.token_is_valid(first.code, genuine)
    other_workspace_key = b"\x00" * 32
    assert not participant_tokens.verify_participant(other_workspace_key, first.code, genuine)
    assert voting.participant_count(seeded_store, first.code) == 0
    # The workspace keeps its key: a token survives a restart.
    assert participant_tokens.participant_key(seeded_store) == participant_tokens.participant_key(seeded_store)


@pytest.mark.parametrize(
    "allocation",
    [
        {0: 2, 1: 2},
        {},
        {0: math.nan},
        {0: math.inf},
        {0: -math.inf},
        {0: 10**30},
        {0: 1.5},
        {0: -1},
        {0: True},
        {0: "1"},
        {99: 1},
    ],
)
def test_absurd_numbers_are_refused_with_a_message(box, allocation) -> None:
    created = new_vote(box)
    with pytest.raises(VoteInputError) as refused:
        box.submit(created.code, box.issue_token(created.code), allocation)
    assert refused.value.key.startswith("vote.error_")


@pytest.mark.parametrize(
    "form, key",
    [
        ({"o0": ["nan"]}, "vote.error_dots_whole"),
        ({"o0": ["inf"]}, "vote.error_dots_whole"),
        ({"o0": ["1e309"]}, "vote.error_dots_whole"),
        ({"o0": ["99999999999999999999"]}, "vote.error_dots_whole"),
        ({"o0": ["-1"]}, "vote.error_dots_whole"),
        ({"o0": [" 1"]}, "vote.error_dots_whole"),
        ({"o0": ["1\n"]}, "vote.error_dots_whole"),
        ({"oNaN": ["1"]}, "vote.error_unknown_option"),
    ],
)
def test_posted_forms_with_absurd_values_are_refused(box, form, key) -> None:
    vote = box.vote(new_vote(box).code)
    with pytest.raises(VoteInputError) as refused:
        parse_ballot(vote, form)
    assert refused.value.key == key


def test_posted_forms_parse_dots_and_single_choice(box) -> None:
    dots = box.vote(new_vote(box).code)
    assert parse_ballot(dots, {"o0": ["2"], "o3": ["1"], "p": ["x"], "form": ["ballot"]}) == {0: 2, 3: 1}
    single = box.vote(new_vote(box, dots=1, cap=1).code)
    assert parse_ballot(single, {"choice": ["4"]}) == {4: 1}
    with pytest.raises(VoteInputError):
        parse_ballot(single, {})


def test_facilitator_changes_need_the_secret(box) -> None:
    created = new_vote(box)
    for secret in ("", "wrong", None, "x" * 10_000):
        with pytest.raises(PermissionDeniedError):
            box.set_status(created.code, secret, "closed")
    assert box.vote(created.code).is_open
    with pytest.raises(NotFoundError):
        box.vote("ZZZZZZ")


def test_join_rate_limit_admits_a_hall_behind_one_router_and_stops_a_flood() -> None:
    now = [0.0]
    limiter = RateLimiter(capacity=1200, per_second=20.0, clock=lambda: now[0])
    assert sum(limiter.allow("192.168.1.1") for _ in range(2000)) == 1200  # a hall of 1,200 at once, no more
    now[0] = 30.0
    assert sum(limiter.allow("192.168.1.1") for _ in range(2000)) == 600  # then 20 a second: 1,200 a minute
    assert limiter.allow("10.0.0.7")  # another address is not affected
