"""Workshops, the postcard collection round, trend history and "what moved", on a real DuckDB file."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from foresight import trends
from foresight.errors import NotFoundError, PermissionDeniedError
from foresight.plans import backcasting
from foresight.scenarios import axes, moves, scenarios
from foresight.store import Store
from foresight.vote import collection, participant_tokens, voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workshops import comparison, run_sheet, workshops
from tests.support.ballots import cast_all, open_vote

DRIVERS = ["changing-values", "smart-welfare-technology", "climate-change", "technological-change"]


def token(store: Store, code: str, n: int) -> str:
    """The signed token of phone `n` for the vote `code` (the same for the same n)."""
    return participant_tokens.sign_participant(participant_tokens.participant_key(store), code, f"phone-{n:010d}")


def phones(store: Store, code: str):
    """Phone n's signed token for the vote `code`, as phone(n)."""
    return lambda n: token(store, code, n)


def run_vote(store: Store, workshop_id: int, ballots: list[dict[int, int]]) -> str:
    created = open_vote(
        store, "Drivkrafter", [voting.OptionInput(driver_id=d) for d in DRIVERS], dots_per_participant=3
    )
    cast_all(store, created.code, ballots)
    workshops.attach(store, workshop_id, "votes", [created.code])
    return created.code


def test_a_workshop_record_holds_its_own_work_and_nothing_of_another(seeded_store: Store) -> None:
    first = workshops.create_workshop(seeded_store, "Ledningsgrupp Skåne", "2026-03-02", place="Malmö")
    second = workshops.create_workshop(seeded_store, "Ledningsgrupp Jämtland Härjedalen", "2026-03-09")
    code = run_vote(seeded_store, first, [{0: 2, 1: 1}, {0: 1, 2: 2}])
    run_vote(seeded_store, second, [{3: 3}])
    cross = scenarios.create_cross(seeded_store, "Västra Götaland 2040")
    workshops.attach(seeded_store, first, "crosses", [cross])
    trend_id = seeded_store.scalar("SELECT id FROM trends ORDER BY id LIMIT 1")
    trends.add_note(seeded_store, trend_id, 1, "Viktig för oss", workshop_id=first)
    trends.add_note(seeded_store, trend_id, 2, "Annan grupp", workshop_id=second)

    record = workshops.record(seeded_store, first, "sv")

    assert [vote.code for vote in record.votes] == [code]
    assert record.votes[0].options[0][1:] == ("Förändrade värderingar", 3)
    assert [item.cross.id for item in record.crosses] == [cross]
    assert [(note.trend_id, note.comment) for note in record.notes] == [(trend_id, "Viktig för oss")]
    assert record.actions == ()


def test_bad_workshop_fields_change_nothing(seeded_store: Store) -> None:
    with pytest.raises(workshops.WorkshopInputError):
        workshops.create_workshop(seeded_store, "", "2026-01-01")
    with pytest.raises(workshops.WorkshopInputError):
        workshops.create_workshop(seeded_store, "Dag", "not a date")
    with pytest.raises(NotFoundError):
        workshops.get_workshop(seeded_store, "1; DROP TABLE votes")
    with pytest.raises(NotFoundError):
        trends.add_note(seeded_store, seeded_store.scalar("SELECT min(id) FROM trends"), 1, "x", workshop_id=99)
    assert workshops.list_workshops(seeded_store) == []


def test_a_trend_edit_keeps_the_old_scores_in_history(seeded_store: Store) -> None:
    trend_id = seeded_store.scalar("SELECT id FROM trends WHERE level = 'trend' ORDER BY id LIMIT 1")
    values = trends.trend_record(seeded_store, trend_id)
    old_impact = values["impact"]
    new_impact = 1 if old_impact != 1 else 5
    trends.save_trend(seeded_store, {**values, "impact": new_impact}, new=False)
    trends.save_trend(seeded_store, {**values, "impact": new_impact, "description_sv": "Ny text"}, new=False)

    history = trends.trend_history(seeded_store, trend_id)

    assert history[["impact_before", "impact_after"]].values.tolist() == [[old_impact, new_impact]]
    assert seeded_store.scalar("SELECT impact FROM trends WHERE id = ?", [trend_id]) == new_impact


def test_comparison_shows_risers_fallers_moved_cards_and_edited_scores(seeded_store: Store) -> None:
    first = workshops.create_workshop(seeded_store, "Första", "2026-03-02")
    cross = scenarios.create_cross(seeded_store, "Region 2040")
    workshops.attach(seeded_store, first, "crosses", [cross])
    run_vote(seeded_store, first, [{0: 3}, {0: 2, 1: 1}, {1: 1, 2: 1}])  # values 5, welfare 2, climate 1
    moves.place_card(seeded_store, cross, moves.Drop("driver:climate-change", 0.5, 0.5))
    moves.place_card(seeded_store, cross, moves.Drop("driver:changing-values", -0.5, 0.5))
    trend_id = seeded_store.scalar("SELECT id FROM trends WHERE level = 'trend' ORDER BY id LIMIT 1")
    trends.add_note(seeded_store, trend_id, 2, "Bevaka", workshop_id=first)

    values = trends.trend_record(seeded_store, trend_id)
    trends.save_trend(seeded_store, {**values, "uncertainty": 1 if values["uncertainty"] != 1 else 5}, new=False)

    second = workshops.create_workshop(seeded_store, "Andra", "2026-09-14")
    again = scenarios.duplicate_cross(seeded_store, cross, "Region 2040")
    workshops.attach(seeded_store, second, "crosses", [again])
    moves.place_card(seeded_store, again, moves.Drop("driver:climate-change", 0.5, -0.6))
    run_vote(seeded_store, second, [{2: 3}, {2: 2, 0: 1}, {1: 1}])  # climate 5, values 1, welfare 1: climate 3rd to 1st
    trends.add_note(seeded_store, trend_id, 1, "Agera nu", workshop_id=second)

    moved = comparison.compare(
        seeded_store,
        comparison.workshop_side(seeded_store, first),
        comparison.workshop_side(seeded_store, second),
        "en",
    )

    assert [row.label for row in moved.risers] == ["Climate change"]
    assert {row.label for row in moved.fallers} == {"Changing values", "Smart welfare technology"}
    assert [(card.label, card.quadrant_before, card.quadrant_after) for card in moved.cards] == [
        ("Climate change", "ne", "se")
    ]
    assert [change.trend_id for change in moved.scores] == [trend_id]
    assert [(note.before[2], note.after[2]) for note in moved.notes] == [("Bevaka", "Agera nu")]


def test_comparison_between_two_dates_reads_the_move_log(seeded_store: Store) -> None:
    cross = scenarios.create_cross(seeded_store, "Kors")
    moves.place_card(seeded_store, cross, moves.Drop("driver:climate-change", 0.5, 0.5))
    middle = seeded_store.scalar("SELECT max(moved_at) FROM scenario_moves")
    moves.place_card(seeded_store, cross, moves.Drop("driver:climate-change", -0.5, 0.5))
    later = seeded_store.scalar("SELECT max(moved_at) FROM scenario_moves")

    moved = comparison.compare(seeded_store, comparison.Side("a", middle), comparison.Side("b", later), "sv")

    assert [(card.quadrant_before, card.quadrant_after) for card in moved.cards] == [("ne", "nw")]


def make_collecting_vote(store: Store, per_phone: int = 3) -> voting.CreatedVote:
    created = voting.create_vote(store, "Insamling", [voting.OptionInput(driver_id=DRIVERS[0])])
    collection.open_collection(store, created.code, created.secret, per_phone=per_phone)
    return created


def test_collected_cards_are_merged_judged_and_become_the_next_rounds_options(seeded_store: Store) -> None:
    created = make_collecting_vote(seeded_store)
    phone = phones(seeded_store, created.code)
    first = collection.submit(seeded_store, created.code, phone(1), "Ensamhet bland äldre")
    with pytest.raises(collection.CollectionError):  # nothing accepted yet: no new round
        collection.accepted_to_next_round(seeded_store, created.code, created.secret)
    duplicate = collection.submit(seeded_store, created.code, phone(2), "ensamhet bland äldre")
    rejected = collection.submit(seeded_store, created.code, phone(3), "Solsken", kind="signal")
    collection.merge(seeded_store, created.code, created.secret, first, [duplicate])
    collection.set_status(seeded_store, created.code, created.secret, first, "accepted")
    collection.set_status(seeded_store, created.code, created.secret, rejected, "rejected")

    wall = collection.submissions(seeded_store, created.code)
    assert [(card.text, card.status, card.duplicates) for card in wall] == [
        ("Ensamhet bland äldre", "accepted", 1),
        ("Solsken", "rejected", 0),
    ]

    vote = collection.accepted_to_next_round(seeded_store, created.code, created.secret)

    assert vote.round == 2
    assert [option.label_sv for option in vote.options] == ["Förändrade värderingar", "Ensamhet bland äldre"]
    assert collection.get_collection(seeded_store, created.code).status == "closed"
    with pytest.raises(collection.CollectionError):  # the same cards twice: no second new round
        collection.accepted_to_next_round(seeded_store, created.code, created.secret)
    assert voting.get_vote(seeded_store, created.code).round == 2
    with pytest.raises(collection.CollectionError):
        collection.submit(seeded_store, created.code, phone(4), "För sent")


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "collect.error_empty"), ("x" * 81, "collect.error_too_long"), ("<b>hej</b>", "collect.error_markup")],
)
def test_bad_cards_are_refused(seeded_store: Store, text: str, key: str) -> None:
    created = make_collecting_vote(seeded_store)
    phone = phones(seeded_store, created.code)
    with pytest.raises(collection.CollectionError) as raised:
        collection.submit(seeded_store, created.code, phone(1), text)
    assert raised.value.key == key
    assert collection.submissions(seeded_store, created.code) == []


def test_a_phone_may_send_only_its_share_and_needs_a_token(seeded_store: Store) -> None:
    created = make_collecting_vote(seeded_store, per_phone=2)
    phone = phones(seeded_store, created.code)
    collection.submit(seeded_store, created.code, phone(1), "Ett")
    collection.submit(seeded_store, created.code, phone(1), "Två")
    with pytest.raises(collection.CollectionError) as raised:
        collection.submit(seeded_store, created.code, phone(1), "Tre")
    assert raised.value.key == "collect.error_phone_limit"
    with pytest.raises(collection.CollectionError):
        collection.submit(seeded_store, created.code, "short", "Fyra")
    with pytest.raises(PermissionDeniedError):
        collection.set_status(seeded_store, created.code, "wrong-secret", 1, "accepted")


def test_thirty_phones_sending_at_once_are_all_stored(seeded_store: Store) -> None:
    created = make_collecting_vote(seeded_store)
    phone = phones(seeded_store, created.code)
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda n: collection.submit(seeded_store, created.code, phone(n), f"Drivkraft {n}"),
                range(30),
            )
        )
    assert len(collection.submissions(seeded_store, created.code)) == 30


def test_actions_agreed_and_their_status_changes_come_from_the_plans_tables(seeded_store: Store) -> None:
    assert workshops.agreed_actions(seeded_store, 1, "sv") == ()
    first = workshops.create_workshop(seeded_store, "Plan 2026", "2026-03-02")
    second = workshops.create_workshop(seeded_store, "Plan 2027", "2027-03-01")
    with seeded_store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO plan_versions (id, plan_id, year) VALUES ('p-2026', 'p', 2026), ('p-2027', 'p', 2027)"
        )
        cursor.execute(
            "INSERT INTO plan_actions (id, version_id, lineage, title, responsible, status, workshop_id,"
            " goals, trends, drivers, activities) SELECT *, CAST(ARRAY[] AS VARCHAR[]), CAST(ARRAY[] AS VARCHAR[]),"
            " CAST(ARRAY[] AS VARCHAR[]), CAST(ARRAY[] AS VARCHAR[]) FROM (VALUES"
            " ('a-2026', 'p-2026', 'a', 'Omvärldsbevakning på APT', 'Utvecklingsstrateg', 'planned', ?),"
            " ('a-2027', 'p-2027', 'a', 'Omvärldsbevakning på APT', 'Utvecklingsstrateg', 'under_way', ?),"
            " ('b-2026', 'p-2026', 'b', 'Trendkort i VP', 'Processledare', 'planned', NULL),"
            " ('b-2027', 'p-2027', 'b', 'Trendkort i VP', 'Processledare', 'planned', NULL)) AS v",
            [first, first],
        )

    agreed = workshops.agreed_actions(seeded_store, first, "en")
    moved = comparison.compare(
        seeded_store,
        comparison.workshop_side(seeded_store, first),
        comparison.workshop_side(seeded_store, second),
        "en",
    )

    assert [(action.title, action.responsible) for action in agreed] == [
        ("Omvärldsbevakning på APT", "Utvecklingsstrateg")
    ]
    assert workshops.agreed_actions(seeded_store, second, "en") == ()
    assert [(change.title, change.status_before, change.status_after) for change in moved.actions] == [
        ("Omvärldsbevakning på APT", "Planned", "Under way")  # shown in the chosen language
    ]


def test_accepted_cards_become_the_workshops_own_drivers_in_the_vote_the_axes_and_the_tray(
    seeded_store: Store,
) -> None:
    workshop = workshops.create_workshop(seeded_store, "Jämtland Härjedalen", "2026-09-14")
    cross = scenarios.create_cross(seeded_store, "Länet 2040", card_ids=[])
    workshops.attach(seeded_store, workshop, "crosses", [cross])
    other_cross = scenarios.create_cross(seeded_store, "Annat kors", card_ids=[])
    created = make_collecting_vote(seeded_store)
    workshops.attach(seeded_store, workshop, "votes", [created.code])
    phone = phones(seeded_store, created.code)
    kept = collection.submit(seeded_store, created.code, phone(1), "Ensamhet bland äldre")
    duplicate = collection.submit(seeded_store, created.code, phone(2), "Ensamhet hos äldre")
    skipped = collection.submit(seeded_store, created.code, phone(3), "Solsken")
    collection.merge(seeded_store, created.code, created.secret, kept, [duplicate])
    collection.set_status(seeded_store, created.code, created.secret, kept, "accepted")
    collection.set_status(seeded_store, created.code, created.secret, skipped, "rejected")

    vote = collection.accepted_to_next_round(seeded_store, created.code, created.secret)

    driver_id = collection.driver_id_of(kept)
    assert [(option.driver_id, option.label_sv) for option in vote.options][-1] == (driver_id, "Ensamhet bland äldre")
    assert collection.participant_drivers(seeded_store, workshop) == [(driver_id, "Ensamhet bland äldre")]
    assert collection.participant_drivers(seeded_store, workshop + 1) == []
    assert driver_id in voting.driver_choices(seeded_store, "sv")  # an option of the next vote
    assert f"driver:{driver_id}" in scenarios.card_choices(seeded_store, "sv")
    assert [card.id for card in scenarios.cross_cards(seeded_store, cross, "sv")] == [f"driver:{driver_id}"]
    assert scenarios.cross_cards(seeded_store, other_cross, "sv") == []  # another workshop's cross is left alone

    # The room votes the card to the top: it is the first axis the workshop's cross suggests.
    voting.set_status(seeded_store, created.code, created.secret, "open")
    cast_all(seeded_store, created.code, [{1: 3}, {1: 2, 0: 1}])
    suggested = axes.suggested_axes(seeded_store, workshop_id=workshop)
    assert [(axis.driver_id, axis.source) for axis in suggested[:2]] == [
        (driver_id, "vote"),
        ("changing-values", "vote"),
    ]
    scenarios.set_axis(seeded_store, cross, "x", scenarios.Axis(driver_id, "Ensamhet", "Låg", "Hög"))
    assert scenarios.get_cross(seeded_store, cross).x.driver_id == driver_id
    assert scenarios.get_cross(seeded_store, cross).workshop_id == workshop


def test_the_axes_come_from_the_crosss_own_workshops_vote(seeded_store: Store) -> None:
    ours = workshops.create_workshop(seeded_store, "Vår workshop", "2026-03-02")
    theirs = workshops.create_workshop(seeded_store, "Deras workshop", "2026-09-14")
    run_vote(seeded_store, ours, [{2: 3}, {2: 2, 3: 1}])  # climate-change wins ours
    run_vote(seeded_store, theirs, [{0: 3}, {1: 3}])  # a later vote of another workshop
    assert axes.suggested_axes(seeded_store, workshop_id=ours)[0].driver_id == "climate-change"
    assert axes.suggested_axes(seeded_store)[0].driver_id in ("changing-values", "smart-welfare-technology")
    lonely = workshops.create_workshop(seeded_store, "Utan omröstning", "2026-10-01")
    assert axes.suggested_axes(seeded_store, workshop_id=lonely)[0].source == "vote"  # the latest vote, not none


def test_the_run_sheet_follows_the_workshops_own_work(seeded_store: Store) -> None:
    workshop = workshops.create_workshop(seeded_store, "Halvdag", "2026-09-14", organisation="Region Kronoberg")

    def states() -> dict[str, str]:
        return {step.key: step.state for step in run_sheet.run_sheet(seeded_store, workshop)}

    assert states() == {
        "collect": "next",
        "vote": "later",
        "cross": "later",
        "backcast": "later",
        "actions": "later",
        "report": "later",
    }
    created = voting.create_vote(
        seeded_store, "Kort", [voting.OptionInput(driver_id=DRIVERS[0])], workshop_id=workshop
    )  # started from the workshop: its own, with no attaching
    collection.open_collection(seeded_store, created.code, created.secret)
    assert states()["collect"] == "live" and states()["vote"] == "next"
    card = collection.submit(seeded_store, created.code, token(seeded_store, created.code, 1), "Ensamhet")
    collection.set_status(seeded_store, created.code, created.secret, card, "accepted")
    collection.accepted_to_next_round(seeded_store, created.code, created.secret)
    assert states()["collect"] == "done" and states()["vote"] == "next"
    voting.set_status(seeded_store, created.code, created.secret, "open")
    assert states()["vote"] == "live"
    cast_all(seeded_store, created.code, [{1: 3}])
    voting.set_status(seeded_store, created.code, created.secret, "closed")
    assert states()["vote"] == "done" and states()["cross"] == "next"

    cross = scenarios.create_cross(seeded_store, "Halvdagens kors", workshop_id=workshop)
    assert workshops.record(seeded_store, workshop, "sv").crosses[0].cross.name == "Halvdagens kors"
    steps = {step.key: step for step in run_sheet.run_sheet(seeded_store, workshop)}
    assert (steps["cross"].state, steps["cross"].ref) == ("live", str(cross))
    backcast = backcasting.create(
        seeded_store, "kronoberg-framsyn", "B", "S", 2026, 2040, cross_id=cross, quadrant="ne"
    )
    milestone = backcasting.add_milestone(seeded_store, backcast, 2030, "Halvvägs")
    steps = {step.key: step for step in run_sheet.run_sheet(seeded_store, workshop)}
    assert (steps["backcast"].state, steps["backcast"].ref) == ("done", backcast)
    assert (steps["actions"].state, steps["actions"].ref) == ("next", "kronoberg-framsyn")
    backcasting.to_actions(seeded_store, milestone, [{"title": "Starta", "responsible": "Strateg"}], 2026)
    assert states()["actions"] == "done" and states()["report"] == "next"
    with pytest.raises(NotFoundError):
        scenarios.create_cross(seeded_store, "Fel", workshop_id=workshop + 99)


def test_the_wall_proposes_cards_that_say_the_same_once_each() -> None:
    from datetime import datetime

    from foresight.vote.collection import Submission, similar_pairs

    def card(n: int, text: str, status: str = "new") -> Submission:
        return Submission(n, "driver", text, status, None, 0, datetime(2026, 1, 1))

    cards = [
        card(1, "Ensamhet bland äldre"),
        card(2, "Kompetensbrist i vården"),
        card(3, "Ensamhet hos äldre"),
        card(4, "kompetensbrist i vården"),
        card(5, "Fler distansarbetare"),
        card(6, "Fler elbilar på landet"),
        card(7, "Ensamhet bland äldre", "rejected"),
    ]
    assert [(keep.id, duplicate.id) for keep, duplicate in similar_pairs(cards)] == [(1, 3), (2, 4)]


def test_accept_all_new_cards_then_the_workshops_cross_takes_its_own_votes_top_two(seeded_store: Store) -> None:
    workshop = workshops.create_workshop(seeded_store, "Kompetensdag", "2026-09-14")
    other = workshops.create_workshop(seeded_store, "Annan dag", "2026-09-15")
    created = make_collecting_vote(seeded_store)  # before the ballot box of the store exists
    workshops.attach(seeded_store, workshop, "votes", [created.code])
    run_vote(seeded_store, other, [{2: 3}, {3: 3}])  # another workshop's vote: never this one's axes
    assert run_sheet.start_cross(seeded_store, workshop, "sv") and True
    bare = scenarios.get_cross(seeded_store, max(c for c, _ in scenarios.list_crosses(seeded_store)))
    assert (bare.x.label, bare.y.label) == ("", "")  # no vote of its own yet: no axes

    phone = phones(seeded_store, created.code)
    first = collection.submit(seeded_store, created.code, phone(1), "Ensamhet bland äldre")
    collection.submit(seeded_store, created.code, phone(2), "Kompetensbrist i vården")
    rejected = collection.submit(seeded_store, created.code, phone(3), "Solsken")
    collection.set_status(seeded_store, created.code, created.secret, rejected, "rejected")
    assert collection.accept_new(seeded_store, created.code, created.secret) == 2
    assert [card.status for card in collection.submissions(seeded_store, created.code)] == [
        "accepted",
        "accepted",
        "rejected",
    ]
    box = ballot_box_for(seeded_store)  # as the pages do: the box orders the change with the ballots
    box.change_vote(created.code, created.secret, collection.accepted_to_next_round)
    box.set_status(created.code, created.secret, "open")
    cast_all(seeded_store, created.code, [{2: 3}, {1: 2, 2: 1}, {1: 1}])  # the two cards: 4 and 3 dots

    cross = scenarios.get_cross(seeded_store, run_sheet.start_cross(seeded_store, workshop, "sv"))
    assert (cross.x.driver_id, cross.x.label) == (collection.driver_id_of(first + 1), "Kompetensbrist i vården")
    assert (cross.y.driver_id, cross.y.label) == (collection.driver_id_of(first), "Ensamhet bland äldre")
    assert cross.workshop_id == workshop
    assert f"driver:{collection.driver_id_of(first)}" in {
        card.id for card in scenarios.cross_cards(seeded_store, cross.id, "sv")
    }
