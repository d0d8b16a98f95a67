"""Ballot rules, the facilitator's secret and concurrent ballots, on a real DuckDB workspace.

Ballots go through the ballot box with signed tokens (tests.support.ballots), the one path phones take."""

from __future__ import annotations

import math
import threading

import pytest

from foresight.errors import NotFoundError, PermissionDeniedError
from foresight.text import TextInputError
from foresight.vote import feeds, voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.vote.voting import OptionInput, VoteClosedError, VoteInputError
from tests.support.ballots import cast, open_vote

DRIVERS = ["changing-values", "smart-welfare-technology", "climate-change", "technological-change"]


def make_vote(store, dots: int = 3, cap: int = 2, open_it: bool = True) -> voting.CreatedVote:
    options = [OptionInput(driver_id=driver) for driver in DRIVERS] + [
        OptionInput(label="Flytt till Jämtland Härjedalen")
    ]
    return open_vote(
        store,
        "Vilka drivkrafter?",
        options,
        dots_per_participant=dots,
        max_per_option=cap,
        open_it=open_it,
        expected_participants=300,  # a hall of 300 phones
    )


def submit(store, code: str, token: str, allocation) -> voting.BallotReceipt:
    """One ballot through the box; rule errors are raised at once, the receipt comes after the commit."""
    return ballot_box_for(store).submit(code, token, allocation).result(timeout=30)


def dots_by_label(store, code: str) -> dict[str, int]:
    result = voting.tally(store, code, "sv")
    return dict(zip(result["label"], result["dots"], strict=True))


def test_create_gives_a_code_a_secret_and_labels_in_both_languages(seeded_store) -> None:
    created = make_vote(seeded_store, open_it=False)
    assert voting.normalise_code(created.code) == created.code
    assert len(created.secret) >= 30
    vote = voting.get_vote(seeded_store, created.code.lower())
    assert vote.status == "draft" and vote.dots_per_participant == 3 and vote.max_per_option == 2
    assert [option.label("en") for option in vote.options][:2] == ["Changing values", "Smart welfare technology"]
    assert vote.options[-1].driver_id is None and vote.options[-1].label("en") == "Flytt till Jämtland Härjedalen"
    stored_hash = seeded_store.scalar("SELECT secret_hash FROM votes WHERE code = ?", [created.code])
    assert created.secret not in stored_hash


def test_budget_cap_replace_and_closed_vote(seeded_store) -> None:
    created = make_vote(seeded_store)
    code = created.code
    box = ballot_box_for(seeded_store)
    one, two, three = (box.issue_token(code) for _ in range(3))
    with pytest.raises(VoteInputError) as too_many:
        submit(seeded_store, code, one, {0: 2, 1: 2})
    assert too_many.value.key == "vote.error_budget"
    with pytest.raises(VoteInputError) as over_cap:
        submit(seeded_store, code, one, {0: 3})
    assert over_cap.value.key == "vote.error_cap"
    for bad in ({0: -1}, {0: 1.5}, {0: "1"}, {99: 1}, {}, {0: math.nan}, {0: math.inf}, {0: -math.inf}, {0: 10**30}):
        with pytest.raises(VoteInputError):
            submit(seeded_store, code, one, bad)
    assert voting.participant_count(seeded_store, code) == 0

    receipt = submit(seeded_store, code, one, {0: 2, 4: 1})
    assert receipt.revision == 1 and receipt.dots == 3
    submit(seeded_store, code, two, {0: 1})
    assert dots_by_label(seeded_store, code)["Förändrade värderingar"] == 3

    changed = submit(seeded_store, code, one, {1: 1})
    assert changed.revision == 2
    tally = dots_by_label(seeded_store, code)
    assert tally["Förändrade värderingar"] == 1 and tally["Smart välfärdsteknik"] == 1
    assert tally["Flytt till Jämtland Härjedalen"] == 0
    assert voting.participant_count(seeded_store, code) == 2
    assert box.ballot_of(code, one) == {1: 1}

    box.set_status(code, created.secret, "closed")
    with pytest.raises(VoteClosedError):
        submit(seeded_store, code, three, {0: 1})
    assert voting.participant_count(seeded_store, code) == 2
    box.set_status(code, created.secret, "open")
    submit(seeded_store, code, three, {0: 1})
    assert voting.participant_count(seeded_store, code) == 3


def test_draft_vote_takes_no_ballots_and_reset_starts_an_empty_round(seeded_store) -> None:
    created = make_vote(seeded_store, open_it=False)
    box = ballot_box_for(seeded_store)
    phone = box.issue_token(created.code)
    with pytest.raises(VoteClosedError):
        submit(seeded_store, created.code, phone, {0: 1})
    box.set_status(created.code, created.secret, "open")
    submit(seeded_store, created.code, phone, {0: 1})
    box.reset(created.code, created.secret)
    assert voting.participant_count(seeded_store, created.code) == 0
    assert box.ballot_of(created.code, phone) == {}
    assert seeded_store.scalar("SELECT count(*) FROM ballots") == 1  # the earlier round is kept


@pytest.mark.parametrize("secret", ["", "wrong", "x" * 10_000, None, "' OR 1=1 --"])
def test_no_change_without_the_secret(seeded_store, secret) -> None:
    created = make_vote(seeded_store)
    cast(seeded_store, created.code, {0: 1})
    before = seeded_store.rows("SELECT * FROM votes")
    for action in (
        lambda: voting.set_status(seeded_store, created.code, secret, "closed"),
        lambda: voting.set_show_results(seeded_store, created.code, secret, True),
        lambda: voting.reset_vote(seeded_store, created.code, secret),
    ):
        with pytest.raises(PermissionDeniedError):
            action()
    assert seeded_store.rows("SELECT * FROM votes") == before
    assert voting.participant_count(seeded_store, created.code) == 1


def test_another_votes_secret_does_not_work(seeded_store) -> None:
    first, second = make_vote(seeded_store), make_vote(seeded_store)
    with pytest.raises(PermissionDeniedError):
        ballot_box_for(seeded_store).set_status(first.code, second.secret, "closed")


def test_the_owner_secret_runs_its_own_vote_only(seeded_store) -> None:
    first, second = make_vote(seeded_store), make_vote(seeded_store)
    owner = voting.owner_secret(seeded_store, first.code)
    assert owner != first.secret and len(owner) == 32
    box = ballot_box_for(seeded_store)
    assert box.set_status(first.code, owner, "open").status == "open"
    assert voting.set_status(seeded_store, first.code, owner, "closed").status == "closed"
    with pytest.raises(PermissionDeniedError):
        box.set_status(second.code, owner, "open")
    with pytest.raises(PermissionDeniedError):  # the stored hash itself is not a secret that works
        voting.set_status(seeded_store, second.code, voting.secret_digest(second.secret), "open")


@pytest.mark.parametrize(
    "label, key",
    [
        ("x" * 10_000, "text.error_too_long"),
        ("<script>alert(1)</script>", "text.error_markup"),
        ("ok\x00", "text.error_markup"),
        ("   ", "text.error_required"),
    ],
)
def test_bad_driver_names_are_refused_and_nothing_is_written(seeded_store, label: str, key: str) -> None:
    with pytest.raises(TextInputError) as refused:
        voting.create_vote(seeded_store, "Rubrik", [OptionInput(label=label)])
    assert refused.value.key == key
    assert seeded_store.scalar("SELECT count(*) FROM votes") == 0


def test_unknown_codes_and_tokens(seeded_store) -> None:
    created = make_vote(seeded_store)
    for code in ("ABCDEF", "<b>x</b>", "' OR 1=1", "", None, "A" * 10_000):
        with pytest.raises(NotFoundError):
            voting.get_vote(seeded_store, code)
    for forged in ("short", "participant-token-000001", "x" * 40, None):
        with pytest.raises(VoteInputError):
            ballot_box_for(seeded_store).submit(created.code, forged, {0: 1})
    with pytest.raises(VoteInputError):
        voting.create_vote(seeded_store, "Rubrik", [OptionInput(driver_id="no-such-driver")])


@pytest.mark.slow  # hundreds of threads at once: a load test, in the full suite
def test_300_concurrent_ballots_are_all_stored_with_exact_tallies(seeded_store) -> None:
    created = make_vote(seeded_store, dots=3, cap=3)
    tokens = [ballot_box_for(seeded_store).issue_token(created.code) for _ in range(300)]
    errors: list[BaseException] = []
    start = threading.Barrier(30)

    def vote_many(worker: int) -> None:
        start.wait()
        for n in range(worker * 10, worker * 10 + 10):
            try:
                submit(seeded_store, created.code, tokens[n], {n % 5: 1, (n + 1) % 5: 2})
            except BaseException as error:  # noqa: BLE001 - every failure is a finding
                errors.append(error)

    threads = [threading.Thread(target=vote_many, args=(worker,)) for worker in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert voting.participant_count(seeded_store, created.code) == 300
    tally = voting.tally(seeded_store, created.code, "sv").set_index("position")["dots"].to_dict()
    expected = {position: 0 for position in range(5)}
    for n in range(300):
        expected[n % 5] += 1
        expected[(n + 1) % 5] += 2
    assert tally == expected
    assert sum(tally.values()) == 900


def test_one_participant_in_two_tabs_keeps_one_ballot(seeded_store) -> None:
    created = make_vote(seeded_store)
    phone = ballot_box_for(seeded_store).issue_token(created.code)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def resubmit(n: int) -> None:
        start.wait()
        try:
            submit(seeded_store, created.code, phone, {n % 5: 1})
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=resubmit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert voting.participant_count(seeded_store, created.code) == 1
    assert sum(voting.tally(seeded_store, created.code, "sv")["dots"]) == 1


def test_results_feed_the_other_pages(seeded_store) -> None:
    assert feeds.top_voted_drivers(seeded_store) == []
    created = make_vote(seeded_store)
    cast(seeded_store, created.code, {2: 2, 4: 1})
    cast(seeded_store, created.code, {2: 1, 0: 1})
    top = feeds.top_voted_drivers(seeded_store, limit=2)
    assert top == [
        feeds.VotedDriver("climate-change", "Klimatförändringar", 3),
        feeds.VotedDriver("changing-values", "Förändrade värderingar", 1),
    ]
    assert feeds.top_voted_drivers(seeded_store, limit=5)[-1].driver_id is None
    totals = feeds.driver_vote_totals(seeded_store)
    assert dict(zip(totals["driver_id"], totals["dots"], strict=True)) == {"climate-change": 3, "changing-values": 1}


def test_export_neutralises_formulas_in_typed_driver_names(seeded_store) -> None:
    from foresight.data import export

    created = open_vote(seeded_store, "Export", [OptionInput(label="=HYPERLINK(1)"), OptionInput(label="@SUM")])
    cast(seeded_store, created.code, {0: 2})
    result = ballot_box_for(seeded_store).tally(created.code, "en")  # what the facilitator downloads
    assert list(result["dots"]) == [2, 0]
    text = export.csv_bytes(result).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@SUM" in text
