"""Workshop benchmarks: a phone's card, the report, and the comparison, against a one-row read."""

from __future__ import annotations

from bench.context import BenchContext, Result
from foresight.scenarios import moves, scenarios
from foresight.vote import collection, participant_tokens, voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workshops import comparison, report, workshops
from foresight.workspace import open_workspace

BENCH_CASES = ("workshop_select1", "collect_card", "workshop_report", "workshop_compare")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    """`python -m foresight bench`: what a card, a report and a comparison cost, in one-row reads."""
    store = open_workspace(context.workspace)
    try:
        drivers = [row[0] for row in store.rows("SELECT id FROM drivers ORDER BY id LIMIT 12")]
        sides = []
        for day in ("2026-03-02", "2026-09-14"):
            workshop_id = workshops.create_workshop(store, f"Bench {day}", day)
            box = ballot_box_for(store)
            created = box.create_vote("Bench", [voting.OptionInput(driver_id=d) for d in drivers])
            box.set_status(created.code, created.secret, "open")
            sent = [
                box.submit(created.code, box.issue_token(created.code), {n % 12: 2, (n * 5) % 12: 1}) for n in range(60)
            ]
            for receipt in sent:
                receipt.result(timeout=30)
            cross = scenarios.create_cross(store, "Bench")
            for n, card_id in enumerate(placed.id for placed in scenarios.cross_cards(store, cross, "sv")):
                moves.place_card(store, cross, moves.Drop(card_id, (n % 9) / 4.5 - 1, (n % 7) / 3.5 - 1))
            workshops.attach(store, workshop_id, "votes", [created.code])
            workshops.attach(store, workshop_id, "crosses", [cross])
            sides.append(workshop_id)
        collection.open_collection(store, created.code, created.secret, per_phone=collection.MAX_PER_PHONE)
        key = participant_tokens.participant_key(store)

        def card() -> None:
            collection.submit(
                store, created.code, participant_tokens.sign_participant(key, created.code), "Ensamhet bland äldre"
            )

        baseline = context.median_ms(lambda: store.rows("SELECT 1"))
        results = {"workshop_select1": Result(ms=baseline)}
        for name, action in (
            ("collect_card", card),
            ("workshop_report", lambda: report.workshop_report(store, sides[1], "sv")),
            (
                "workshop_compare",
                lambda: comparison.compare(
                    store, comparison.workshop_side(store, sides[0]), comparison.workshop_side(store, sides[1]), "sv"
                ),
            ),
        ):
            ms = context.median_ms(action)
            results[name] = Result(ms=ms, ratio=ms / baseline, baseline="workshop_select1")
        return results
    finally:
        store.close()
