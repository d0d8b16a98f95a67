"""A workshop's room: its one code, and which step is live (postcards, vote, wait) as the day moves on."""

from __future__ import annotations

from foresight.store import Store
from foresight.vote import collection, voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workshops import room, workshops
from tests.support.ballots import open_vote


def a_vote(store: Store, workshop_id: int | None, title: str = "Drivkrafter") -> voting.CreatedVote:
    return open_vote(store, title, [voting.OptionInput(label="Klimat")], open_it=False, workshop_id=workshop_id)


def test_each_workshop_has_one_stable_code_that_leads_back_to_it(empty_store: Store) -> None:
    first = workshops.create_workshop(empty_store, "Ledningsgrupp", "2026-03-02")
    second = workshops.create_workshop(empty_store, "Kommunens workshop", "2026-03-09")
    code = room.room_code(empty_store, first)
    assert voting.normalise_code(code) == code  # six characters of the votes' alphabet
    assert room.room_code(empty_store, first) == code != room.room_code(empty_store, second)
    assert room.workshop_of_room(empty_store, code) == first
    assert room.workshop_of_room(empty_store, f"{code[:3].lower()}-{code[3:]}") == first
    assert room.workshop_of_room(empty_store, room.room_code(empty_store, second)) == second
    assert room.workshop_of_room(empty_store, "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY") is None
    assert room.workshop_of_room(empty_store, "<script>") is None


def test_the_live_step_follows_collection_vote_closed_and_next_round(empty_store: Store) -> None:
    store = empty_store
    workshop = workshops.create_workshop(store, "Ledningsgrupp", "2026-03-02")
    box = ballot_box_for(store)
    seen: list[str] = []

    def step() -> room.LiveStep:
        found = room.live_step(store, workshop)
        seen.append(found.signature)
        return found

    before = step()
    assert (before.kind, before.code, before.after_vote) == (room.WAIT, None, False)

    outside = a_vote(store, None, "Utanför workshoppen")  # a vote of no workshop never counts
    box.set_status(outside.code, outside.secret, "open")
    assert step().signature == before.signature

    created = a_vote(store, workshop)
    drafted = step()
    assert (drafted.kind, drafted.code, drafted.status) == (room.WAIT, created.code, "draft")

    collection.open_collection(store, created.code, created.secret)
    collecting = step()
    assert (collecting.kind, collecting.code) == (room.COLLECT, created.code)
    box.set_status(created.code, created.secret, "open")  # options still being written: postcards stay live
    assert step().signature == collecting.signature

    collection.close_collection(store, created.code, created.secret)
    voting_now = step()
    assert (voting_now.kind, voting_now.code, voting_now.round) == (room.VOTE, created.code, 1)
    box.set_show_results(created.code, created.secret, True)  # the screen shows results: nothing for phones
    assert step().signature == voting_now.signature

    box.set_status(created.code, created.secret, "closed")
    closed = step()
    assert (closed.kind, closed.after_vote) == (room.WAIT, True)

    box.reset(created.code, created.secret)
    box.set_status(created.code, created.secret, "open")
    second_round = step()
    assert (second_round.kind, second_round.round) == (room.VOTE, 2)

    box.set_status(created.code, created.secret, "closed")
    later = a_vote(store, workshop, "Omröstning två")
    box.set_status(later.code, later.secret, "open")
    assert (step().kind, step().code) == (room.VOTE, later.code)

    # every switch a phone must follow changed the signature; the steps it must not follow did not
    assert len(set(seen)) == 7


def test_a_vote_knows_its_room_and_a_vote_outside_a_workshop_has_none(empty_store: Store) -> None:
    workshop = workshops.create_workshop(empty_store, "Ledningsgrupp", "2026-03-02")
    inside = a_vote(empty_store, workshop)
    outside = a_vote(empty_store, None)
    found = room.room_of_vote(empty_store, inside.code.lower())
    assert found is not None and found.code == room.room_code(empty_store, workshop)
    assert found.step == room.live_step(empty_store, workshop)
    assert room.room_of_vote(empty_store, outside.code) is None
    assert room.room_of_vote(empty_store, "nonsense") is None
