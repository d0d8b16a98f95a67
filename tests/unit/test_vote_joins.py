"""One browser, one voice: a vote admits participants up to its expected size, and beyond it only slowly."""

from __future__ import annotations

import pytest

from foresight.errors import PermissionDeniedError
from foresight.vote import joins
from foresight.vote.ballot_box import ballot_box_for
from foresight.vote.joins import Bucket, VoteFullError, admit
from foresight.vote.voting import OptionInput, VoteInputError
from tests.support.ballots import open_vote

OPTIONS = [OptionInput(label="Klimat"), OptionInput(label="Åldrande befolkning")]


def test_up_to_the_expected_size_every_join_is_admitted_at_once() -> None:
    admitted, after = admit(Bucket(0, joins.SPARE_BURST, 0.0), expected=1000, wanted=1000, at=0.0)
    assert admitted == 1000 and after.joined == 1000


def test_beyond_the_expected_size_only_the_burst_then_a_few_a_minute() -> None:
    full = Bucket(30, joins.SPARE_BURST, 0.0)
    admitted, after = admit(full, expected=30, wanted=50, at=0.0)
    assert admitted == joins.SPARE_BURST and after.joined == 30 + joins.SPARE_BURST
    admitted, after = admit(after, expected=30, wanted=50, at=1.0)
    assert admitted == 0  # one second later: nothing yet
    admitted, after = admit(after, expected=30, wanted=50, at=31.0)
    assert admitted == joins.SPARE_PER_MINUTE / 2  # half a minute later: half a minute's worth
    admitted, _ = admit(after, expected=30, wanted=50, at=3600.0)
    assert admitted == joins.SPARE_BURST  # an hour later: the bucket is full, not an hour's worth


def test_the_box_issues_tokens_up_to_the_expected_size_and_a_few_more(seeded_store) -> None:
    created = open_vote(seeded_store, "Drivkrafter", OPTIONS, expected_participants=10)
    box = ballot_box_for(seeded_store)
    tokens = [box.issue_token(created.code) for _ in range(10 + int(joins.SPARE_BURST))]
    assert len(set(tokens)) == len(tokens) and all(box.token_is_valid(created.code, t) for t in tokens)
    with pytest.raises(VoteFullError):
        box.issue_token(created.code)
    count = joins.join_count(seeded_store, created.code)
    assert (count.joined, count.expected, count.refused, count.over) == (15, 10, 1, True)


def test_the_facilitator_raises_the_expected_size_and_phones_join_again(seeded_store) -> None:
    created = open_vote(seeded_store, "Drivkrafter", OPTIONS, expected_participants=2)
    box = ballot_box_for(seeded_store)
    for _ in range(2 + int(joins.SPARE_BURST)):
        box.issue_token(created.code)
    with pytest.raises(VoteFullError):
        box.issue_token(created.code)
    box.set_expected(created.code, created.secret, 50)
    assert box.token_is_valid(created.code, box.issue_token(created.code))
    assert joins.join_count(seeded_store, created.code).expected == 50
    assert not joins.join_count(seeded_store, created.code).over


def test_the_expected_size_is_a_whole_number_in_range_and_needs_the_secret(seeded_store) -> None:
    created = open_vote(seeded_store, "Drivkrafter", OPTIONS)
    box = ballot_box_for(seeded_store)
    assert box.join_count(created.code).expected == joins.DEFAULT_EXPECTED
    for wrong in (0, -5, joins.MAX_EXPECTED + 1, "tio", "1e3"):
        with pytest.raises(VoteInputError):
            box.set_expected(created.code, created.secret, wrong)
    with pytest.raises(VoteInputError):
        open_vote(seeded_store, "Drivkrafter", OPTIONS, expected_participants=0)
    with pytest.raises(PermissionDeniedError):
        box.set_expected(created.code, "not-the-secret", 20)


def test_a_hall_of_a_thousand_joins_at_once_when_it_expects_a_thousand(seeded_store) -> None:
    """Limits are by the vote's size, not by address: a thousand phones behind one router all get in."""
    created = open_vote(seeded_store, "Drivkrafter", OPTIONS, expected_participants=1000)
    box = ballot_box_for(seeded_store)
    waiting = [box.join(created.code) for _ in range(1000)]
    tokens = {future.result(timeout=60) for future in waiting}
    assert len(tokens) == 1000
    count = joins.join_count(seeded_store, created.code)
    assert (count.joined, count.refused, count.over) == (1000, 0, False)
